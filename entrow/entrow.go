// Package entrow reads one row of any ent type, named by its type, through
// the generated client (client.BoardMeeting.Get for "BoardMeeting"). Hooks
// and privacy rules that see a mutation of any type use it to read the row
// a delete removes: ent keeps old values for updates only, and a hand-kept
// switch over the types would forget the next type added to the schema.
//
// Unlike ent's Noder, it never narrows the columns it reads to a GraphQL
// selection: inside a resolver, Noder would collect the fields of the
// mutation's own selection and return a row without its department.
package entrow

import (
	"context"
	"fmt"
	"reflect"

	"entgo.io/ent/dialect/sql"

	"github.com/handlingsplan/handlingsplan/ent"
)

// Get returns the row of type typ (an ent type name, as Mutation.Type
// says) with the id, read with ctx's rights: a row the viewer may not see
// is an *ent.NotFoundError.
func Get(ctx context.Context, client *ent.Client, typ string, id int) (any, error) {
	c := reflect.ValueOf(client).Elem().FieldByName(typ)
	if !c.IsValid() || c.Kind() != reflect.Pointer || c.IsNil() {
		return nil, fmt.Errorf("entrow: no client for type %q", typ)
	}
	get := c.MethodByName("Get")
	if !get.IsValid() {
		return nil, fmt.Errorf("entrow: the %s client has no Get", typ)
	}
	out := get.Call([]reflect.Value{reflect.ValueOf(ctx), reflect.ValueOf(id)})
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	return out[0].Interface(), nil
}

// DepartmentID returns the department of a tenant-owned row read by Get.
func DepartmentID(row any) (int, bool) {
	v := reflect.ValueOf(row)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return 0, false
	}
	f := v.Elem().FieldByName("DepartmentID")
	if !f.IsValid() || f.Kind() != reflect.Int {
		return 0, false
	}
	return int(f.Int()), true
}

// GetMany returns the rows of type typ with the ids, in one statement,
// read with ctx's rights (rows the viewer may not see are left out), in no
// particular order. Like Get it reaches every type through the generated
// client, so a new type needs nothing here.
func GetMany(ctx context.Context, client *ent.Client, typ string, ids []int) ([]any, error) {
	c := reflect.ValueOf(client).Elem().FieldByName(typ)
	if !c.IsValid() || c.Kind() != reflect.Pointer || c.IsNil() {
		return nil, fmt.Errorf("entrow: no client for type %q", typ)
	}
	query := c.MethodByName("Query")
	if !query.IsValid() {
		return nil, fmt.Errorf("entrow: the %s client has no Query", typ)
	}
	q := query.Call(nil)[0]
	where := q.MethodByName("Where")
	all := q.MethodByName("All")
	if !where.IsValid() || !all.IsValid() || where.Type().NumIn() != 1 {
		return nil, fmt.Errorf("entrow: the %s query has no Where or All", typ)
	}
	// predicate.<Type> is a func(*sql.Selector): the same predicate for every type.
	pred := reflect.ValueOf(func(s *sql.Selector) { s.Where(sql.InInts(s.C("id"), ids...)) })
	pt := where.Type().In(0).Elem()
	if !pred.Type().ConvertibleTo(pt) {
		return nil, fmt.Errorf("entrow: the %s query's predicate is a %s", typ, pt)
	}
	where.Call([]reflect.Value{pred.Convert(pt)})
	out := all.Call([]reflect.Value{reflect.ValueOf(ctx)})
	if err, _ := out[1].Interface().(error); err != nil {
		return nil, err
	}
	rows := make([]any, out[0].Len())
	for i := range rows {
		rows[i] = out[0].Index(i).Interface()
	}
	return rows, nil
}
