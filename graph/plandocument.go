package graph

import (
	"context"
	"encoding/base64"
	"errors"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/fault"
	"github.com/handlingsplan/handlingsplan/metrics"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/planstore"
	"github.com/handlingsplan/handlingsplan/viewer"
)

// MaxPlanDocumentBytes bounds the file importPlanDocument takes: a plan
// in Word is tens of kilobytes; its base64 stays under the request body
// limit (server.MaxBodyBytes).
const MaxPlanDocumentBytes = 700 << 10

// readPlanDocument decodes and reads the file of importPlanDocument for
// the department with id departmentID, which the viewer must see.
func (r *mutationResolver) readPlanDocument(ctx context.Context, departmentID int, fileName, content string, createRoles bool) (*planfile.File, error) {
	if len(content) > base64.StdEncoding.EncodedLen(MaxPlanDocumentBytes) {
		return nil, fault.Invalid("content", "the file is larger than %d KiB", MaxPlanDocumentBytes>>10).
			Sv("Filen är för stor: högst %d kB.", MaxPlanDocumentBytes>>10)
	}
	data, err := base64.StdEncoding.DecodeString(content)
	if err != nil {
		return nil, fault.Invalid("content", "not base64: %v", err).Sv("Filen kom inte fram hel. Välj den igen och försök på nytt.")
	}
	client := ent.FromContext(ctx)
	dept, err := client.Department.Get(ctx, departmentID)
	if ent.IsNotFound(err) {
		return nil, fault.NoSuch("departmentID", "department")
	}
	if err != nil {
		return nil, err
	}
	given := planfile.Department{Slug: dept.Slug, Name: dept.Name, Municipality: dept.Municipality}
	f, _, err := planstore.ReadDocument(ctx, client, fileName, data, given, createRoles)
	if re, ok := errors.AsType[*planstore.ReadError](err); ok {
		say := planfile.Swedish(re.Err)
		if errors.Is(err, planfile.ErrUnknownRole) {
			say += " Är det nya roller, kryssa i ”Lägg till roller som saknas” (det kräver att du administrerar förvaltningen)."
		}
		return nil, fault.Invalid("content", "%v", err).Sv("%s", say)
	}
	if err != nil {
		return nil, err
	}
	if f.Department.Slug != dept.Slug {
		return nil, fault.Invalid("content", "the plan file is for department %q, not %q", f.Department.Slug, dept.Slug).
			Sv("Planfilen hör till förvaltningen %s (%s), inte till %s. Välj den förvaltningen, eller ändra filen.",
				f.Department.Name, f.Department.Slug, dept.Name)
	}
	return f, nil
}

// mayMakePlansIn refuses a viewer who does not edit the plans of the
// department: a new plan, empty or copied, is theirs to make. Another
// department is not found, as everywhere, rather than forbidden.
func mayMakePlansIn(ctx context.Context, departmentID int) error {
	v := viewer.FromContext(ctx)
	if v == nil || !v.Member(departmentID) {
		return fault.NoSuch("departmentID", "department")
	}
	if !v.EditsPlans(departmentID) {
		return fault.ErrForbidden.Sv("Du kan bara göra nya planer i en förvaltning där du redigerar planerna.")
	}
	return nil
}

// importPlan imports f from source ("file", "document") in the mutation's
// transaction, as importPlanFile and importPlanDocument both do, and
// analyses the tables once it has committed.
func (r *mutationResolver) importPlan(ctx context.Context, source string, f *planfile.File) (*PlanImport, error) {
	client := ent.FromContext(ctx)
	res, err := planstore.ImportExisting(ctx, client, f)
	if err != nil {
		metrics.Import(ctx, source, false)
		return nil, err
	}
	r.afterCommit(ctx, r.afterImport)
	r.afterCommit(ctx, func(ctx context.Context) { metrics.Import(ctx, source, true) })
	p, err := client.Plan.Get(ctx, res.PlanID)
	return &PlanImport{Plan: p, Created: res.Created}, err
}
