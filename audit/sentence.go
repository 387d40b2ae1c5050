package audit

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/area"
	"github.com/handlingsplan/handlingsplan/ent/auditrecord"
	"github.com/handlingsplan/handlingsplan/ent/evidence"
	"github.com/handlingsplan/handlingsplan/ent/privacy"
	"github.com/handlingsplan/handlingsplan/ent/signoff"
	"github.com/handlingsplan/handlingsplan/entrow"
	"github.com/handlingsplan/handlingsplan/followup"
)

// Sentences says each record the way a person reads the log, in Swedish,
// with names and titles rather than ids and field names: "Sara
// Systemförvaltare gav Elin Enhetschef rollen Ledamot", "Frida
// Förvaltningschef ändrade åtgärd 3.1 ”Förvaltningen ska …”: texten till
// ”…”", "Elin Enhetschef laddade ner underlaget ”protokoll.pdf”".
//
// The names are looked up for all records at once: one statement per type
// of row they refer to, in a few rounds (an action, then its area, then
// the areas of its plan), so a page of the log costs the same number of
// statements whatever its length. A row deleted since is named from the
// record's own values. The lookups read past the viewer's rights: a
// record names only what its reader may already see in it.
func Sentences(ctx context.Context, client *ent.Client, recs []*ent.AuditRecord) (map[int]string, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	l := &lookup{client: client, rows: map[string]map[int]row{}, tried: map[string]map[int]bool{}, want: map[string]map[int]bool{}}
	for _, r := range recs {
		l.wantRow(r.EntityType, r.EntityID)
		l.wantRefs(r.Before)
		l.wantRefs(r.After)
	}
	if err := l.load(ctx); err != nil {
		return nil, err
	}
	out := make(map[int]string, len(recs))
	for _, r := range recs {
		out[r.ID] = l.sentence(r)
	}
	return out, nil
}

// row is a row as its JSON fields, or a record's before or after values:
// the same keys either way.
type row map[string]any

// refs are the fields that name another row, and its type.
var refs = map[string]string{
	"user_id": "User", "signer_id": "User", "manager_id": "User", "assignee_id": "User", "withdrawn_by_id": "User", "uploader_id": "User",
	"role_id": "Role", "responsible_id": "Role", "owner_id": "Role", "approved_by_id": "Role",
	"action_id": "Action", "parent_id": "Action", "area_id": "Area", "plan_id": "Plan",
	"unit_id": "Unit", "operation_id": "Operation", "operation_area_id": "OperationArea",
	"meeting_id": "BoardMeeting", "slot_id": "StudyVisitSlot", "workshop_id": "Workshop", "evidence_id": "Evidence",
}

type lookup struct {
	client     *ent.Client
	rows       map[string]map[int]row
	tried      map[string]map[int]bool
	want       map[string]map[int]bool
	areaNumber map[int]int // area id → its number in its plan, 1-based
	evidenceOf map[int]int // evidence id → the action its sign-off is of
}

func (l *lookup) wantRow(typ string, id int) {
	if id == 0 || l.tried[typ][id] {
		return
	}
	if l.want[typ] == nil {
		l.want[typ] = map[int]bool{}
	}
	l.want[typ][id] = true
}

func (l *lookup) wantRefs(m map[string]any) {
	for k, v := range m {
		if typ, ok := refs[k]; ok {
			if id, ok := number(v); ok {
				l.wantRow(typ, id)
			}
		}
	}
}

// load reads every row wanted, and the rows those name, until nothing new
// is wanted; then the numbers of the areas read.
func (l *lookup) load(ctx context.Context) error {
	for range 6 { // the deepest chain: a sub-action, its action, its area, its plan
		if len(l.want) == 0 {
			break
		}
		want := l.want
		l.want = map[string]map[int]bool{}
		for _, typ := range slices.Sorted(maps.Keys(want)) {
			ids := slices.Sorted(maps.Keys(want[typ]))
			if l.tried[typ] == nil {
				l.tried[typ] = map[int]bool{}
			}
			for _, id := range ids {
				l.tried[typ][id] = true
			}
			rows, err := l.read(ctx, typ, ids)
			if err != nil {
				return err
			}
			if l.rows[typ] == nil {
				l.rows[typ] = map[int]row{}
			}
			for _, r := range rows {
				id, _ := number(r["id"])
				l.rows[typ][id] = r
				l.wantRefs(r)
			}
		}
	}
	return l.loadAreaNumbers(ctx)
}

// read reads rows of a type by id. Evidence files are read without their
// content, with the action each is evidence for.
func (l *lookup) read(ctx context.Context, typ string, ids []int) ([]row, error) {
	if typ == "Evidence" {
		files, err := l.client.Evidence.Query().Where(evidence.IDIn(ids...)).
			Select(evidence.FieldID, evidence.FieldName, evidence.FieldUploaderID).All(ctx)
		if err != nil {
			return nil, err
		}
		signOffs, err := l.client.SignOff.Query().Where(signoff.EvidenceIDIn(ids...)).
			Select(signoff.FieldID, signoff.FieldEvidenceID, signoff.FieldActionID).All(ctx)
		if err != nil {
			return nil, err
		}
		if l.evidenceOf == nil {
			l.evidenceOf = map[int]int{}
		}
		for _, s := range signOffs {
			if s.EvidenceID != nil {
				l.evidenceOf[*s.EvidenceID] = s.ActionID
				l.wantRow("Action", s.ActionID)
			}
		}
		out := make([]row, len(files))
		for i, f := range files {
			out[i] = row{"id": f.ID, "name": f.Name, "uploader_id": f.UploaderID}
		}
		return out, nil
	}
	found, err := entrow.GetMany(ctx, l.client, typ, ids)
	if err != nil {
		return nil, err
	}
	out := make([]row, 0, len(found))
	for _, f := range found {
		data, err := json.Marshal(f)
		if err != nil {
			return nil, err
		}
		var r row
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, err
		}
		delete(r, "edges")
		out = append(out, r)
	}
	return out, nil
}

// loadAreaNumbers numbers the areas read as their plans do: by position,
// from 1. One statement: every area of the plans of the areas read.
func (l *lookup) loadAreaNumbers(ctx context.Context) error {
	l.areaNumber = map[int]int{}
	var plans []int
	for _, a := range l.rows["Area"] {
		if p, ok := number(a["plan_id"]); ok && !slices.Contains(plans, p) {
			plans = append(plans, p)
		}
	}
	if len(plans) == 0 {
		return nil
	}
	areas, err := l.client.Area.Query().Where(area.PlanIDIn(plans...)).
		Select(area.FieldID, area.FieldPlanID, area.FieldPosition).All(ctx)
	if err != nil {
		return err
	}
	slices.SortFunc(areas, func(a, b *ent.Area) int {
		return cmp.Or(cmp.Compare(a.PlanID, b.PlanID), cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
	})
	n, plan := 0, 0
	for _, a := range areas {
		if a.PlanID != plan {
			n, plan = 0, a.PlanID
		}
		n++
		l.areaNumber[a.ID] = n
	}
	return nil
}

// get is the row of a type and id as it is now, or nil.
func (l *lookup) get(typ string, v any) row {
	id, ok := number(v)
	if !ok {
		return nil
	}
	return l.rows[typ][id]
}

// entity is the record's row: as it is now, or, when deleted, as the
// record saw it; the record's own values go over what is read.
func (l *lookup) entity(r *ent.AuditRecord) row {
	out := row{}
	for k, v := range l.rows[r.EntityType][r.EntityID] {
		out[k] = v
	}
	for _, m := range []map[string]any{r.Before, r.After} {
		for k, v := range m {
			if _, ok := out[k]; !ok || r.Operation == auditrecord.OperationDelete {
				out[k] = v
			}
		}
	}
	return out
}

// sentence says one record.
func (l *lookup) sentence(r *ent.AuditRecord) string {
	who := actorText(r)
	e := l.entity(r)
	switch r.EntityType {
	case "RoleAssignment":
		return l.roleAssignment(who, r, e)
	case "SignOff":
		return l.signOff(who, r, e)
	case "Evidence":
		return l.evidence(who, r, e)
	case "User":
		if r.Operation == auditrecord.OperationCreate && r.ActorID != nil && str(e["issuer"]) == "" {
			return who + " lade till " + l.userName(r.EntityID, e) + " före första inloggningen"
		}
		if r.Operation == auditrecord.OperationCreate && r.ActorID == nil {
			return l.userName(r.EntityID, e) + " loggade in för första gången"
		}
		if r.Operation == auditrecord.OperationUpdate && onlyChanged(r, "last_login_at", "updated_at") {
			return l.userName(r.EntityID, e) + " loggade in"
		}
	case "BoardVisit":
		if r.Operation == auditrecord.OperationUpdate && r.After["held_on"] != nil {
			return who + " registrerade " + l.phrase(r.EntityType, e) + " som genomfört"
		}
	case "StudyVisitBooking":
		switch r.Operation {
		case auditrecord.OperationCreate:
			return who + " bokade en plats på " + l.studyVisit(e)
		case auditrecord.OperationDelete:
			return who + " avbokade " + l.phrase(r.EntityType, e)
		}
		if r.After["held_on"] != nil {
			return who + " registrerade " + l.phrase(r.EntityType, e) + " som genomfört"
		}
	case "WorkshopRegistration":
		switch r.Operation {
		case auditrecord.OperationCreate:
			return who + " anmälde intresse för " + l.workshop(e["workshop_id"])
		case auditrecord.OperationUpdate:
			user, ws := l.userName(e["user_id"], nil), l.workshop(e["workshop_id"])
			switch r.After["state"] {
			case "cancelled":
				if user == who {
					return who + " avanmälde sig från " + ws
				}
				return who + " avanmälde " + user + " från " + ws
			case "seated":
				return user + " fick en plats på " + ws
			case "waitlisted":
				return user + " står på väntelistan till " + ws
			}
		}
	case "Workshop":
		if r.Operation == auditrecord.OperationUpdate && r.After["allocated_at"] != nil {
			return who + " fördelade platserna på " + l.phrase(r.EntityType, e)
		}
	}
	s := who + " " + operationVerb[r.Operation] + " " + l.phrase(r.EntityType, e)
	if r.Operation == auditrecord.OperationUpdate {
		s += l.changes(r)
	}
	return s
}

var operationVerb = map[auditrecord.Operation]string{
	auditrecord.OperationCreate:   "lade till",
	auditrecord.OperationUpdate:   "ändrade",
	auditrecord.OperationDelete:   "tog bort",
	auditrecord.OperationDownload: "laddade ner",
}

// actorText names who did it: the person, or what the system did.
func actorText(r *ent.AuditRecord) string {
	if r.ActorID != nil && strings.TrimSpace(r.Actor) != "" {
		return strings.TrimSpace(r.Actor)
	}
	if r.ActorID != nil {
		return "En användare"
	}
	switch strings.TrimPrefix(r.Actor, "system:") {
	case "import":
		return "Import av en planfil"
	case "seed":
		return "Första starten"
	case "login":
		return "Inloggningen"
	case "dev":
		return "Demodata"
	case "export":
		return "Export av en planfil"
	}
	return "Systemet"
}

func (l *lookup) roleAssignment(who string, r *ent.AuditRecord, e row) string {
	user, role := l.userName(e["user_id"], nil), "rollen "+l.name("Role", e["role_id"], "okänd")
	where := ""
	if u := l.get("Unit", e["unit_id"]); u != nil {
		where = " för enheten " + str(u["name"])
	} else if a := l.get("OperationArea", e["operation_area_id"]); a != nil {
		where = " för verksamhetsområdet " + str(a["code"])
	}
	switch r.Operation {
	case auditrecord.OperationCreate:
		return who + " gav " + user + " " + role + where
	case auditrecord.OperationDelete:
		return who + " tog " + role + where + " från " + user
	}
	if l.get("Role", e["role_id"]) == nil {
		return who + " ändrade en rolltilldelning" + l.changes(r)
	}
	return who + " ändrade " + genitive(user) + " " + role + l.changes(r)
}

// genitive is a name's possessive: "Elins", "Lars" (a name ending in s, x
// or z takes none), "en användares".
func genitive(name string) string {
	switch {
	case name == "en användare":
		return "en användares"
	case strings.HasSuffix(name, "s"), strings.HasSuffix(name, "x"), strings.HasSuffix(name, "z"):
		return name
	}
	return name + "s"
}

func (l *lookup) signOff(who string, r *ent.AuditRecord, e row) string {
	act := l.action(e["action_id"])
	day := followup.DayLabel(str(e["done_on"]))
	switch r.Operation {
	case auditrecord.OperationCreate:
		s := who + " markerade " + act + " som utförd"
		if day != "" {
			s += " " + day
		}
		if p := str(e["period"]); p != "" {
			s += " (period " + periodText(p) + ")"
		}
		if u := l.get("Unit", e["unit_id"]); u != nil && strings.HasPrefix(str(e["share"]), "unit:") {
			s += " för enheten " + str(u["name"])
		}
		if e["on_behalf"] == true {
			s += " för den ansvariges räkning"
		}
		return s
	case auditrecord.OperationUpdate:
		if r.After["withdrawn_at"] != nil {
			s := who + " ångrade att " + act + " var utförd"
			if day != "" {
				s += " " + day
			}
			if reason := str(r.After["withdraw_reason"]); reason != "" {
				s += ": " + quote(reason, 80)
			}
			return s
		}
	case auditrecord.OperationDelete:
		return who + " tog bort att " + act + " var utförd " + day
	}
	return who + " ändrade markeringen av " + act + l.changes(r)
}

func (l *lookup) evidence(who string, r *ent.AuditRecord, e row) string {
	name := str(e["name"])
	file := "underlaget"
	if name != "" {
		file += " " + quote(name, 80)
	}
	to := ""
	if a, ok := number(e["action_id"]); ok {
		to = " till " + l.action(a)
	} else if a, ok := l.evidenceOf[r.EntityID]; ok {
		to = " till " + l.action(a)
	}
	switch r.Operation {
	case auditrecord.OperationCreate:
		return who + " laddade upp " + file + to
	case auditrecord.OperationDownload:
		return who + " laddade ner " + file + to
	}
	return who + " " + operationVerb[r.Operation] + " " + file + to
}

// phrase names a row of a type the way the app does, in the form that
// follows a verb: "åtgärd 3.1 ”…”", "rollen Ledamot", "enheten Ekhagen".
func (l *lookup) phrase(typ string, e row) string {
	switch typ {
	case "NotificationPrefs":
		return "sina e-postutskick"
	case "NotificationSettings":
		return "förvaltningens e-postutskick"
	case "Department":
		return "förvaltningen " + str(e["name"])
	case "Plan":
		return "planen " + quote(str(e["title"]), 60)
	case "Area":
		s := "området"
		if id, ok := number(e["id"]); ok && l.areaNumber[id] > 0 {
			s += " " + strconv.Itoa(l.areaNumber[id])
		}
		return s + " " + quote(str(e["title"]), 60)
	case "Action":
		return l.actionRow(e)
	case "Role":
		return "rollen " + str(e["name"])
	case "OperationArea":
		if str(e["code"]) == "" {
			return joinNonEmpty(" ", "verksamhetsområdet", str(e["name"]))
		}
		return "verksamhetsområdet " + joinNonEmpty(" ", str(e["code"]), parenthesised(str(e["name"])))
	case "Operation":
		return "verksamheten " + str(e["name"])
	case "Unit":
		return "enheten " + str(e["name"])
	case "WorkplaceMeeting":
		if str(e["date"]) == "" {
			return "ett APT-datum"
		}
		s := "APT-datumet " + followup.DayLabel(str(e["date"]))
		if unit := l.name("Unit", e["unit_id"], ""); unit != "" {
			s += " för enheten " + unit
		}
		return s
	case "BoardMeeting":
		if str(e["date"]) == "" {
			return "ett av nämndens sammanträden"
		}
		return "nämndens sammanträde " + followup.DayLabel(str(e["date"]))
	case "BoardVisit":
		s := "ett nämndbesök"
		if op := l.name("Operation", e["operation_id"], ""); op != "" {
			s = "besöket av verksamheten " + op
		}
		if m := l.get("BoardMeeting", e["meeting_id"]); m != nil {
			s += " hos nämnden " + followup.DayLabel(str(m["date"]))
		}
		return s
	case "StudyVisitSlot":
		return "studiebesökstiden " + l.slot(e)
	case "StudyVisitBooking":
		return genitive(l.userName(e["user_id"], nil)) + " plats på " + l.studyVisit(e)
	case "Workshop":
		return l.workshopRow(e)
	case "WorkshopRegistration":
		return genitive(l.userName(e["user_id"], nil)) + " anmälan till " + l.workshop(e["workshop_id"])
	case "User":
		return "användaren " + l.userName(e["id"], e)
	case "GroupMapping":
		s := "gruppen " + quote(str(e["value"]), 80)
		if role := l.name("Role", e["role_id"], ""); role != "" {
			s += " för rollen " + role
		}
		return s
	}
	return "en uppgift"
}

// action names an action by id, as phrase does.
func (l *lookup) action(v any) string {
	if a := l.get("Action", v); a != nil {
		return l.actionRow(a)
	}
	return "en åtgärd"
}

// actionRow names an action by its number in the plan: "åtgärd 3.1
// ”Förvaltningen ska …”"; a sub-action by its parent's; a report-back as one.
func (l *lookup) actionRow(a row) string {
	text := quote(str(a["text"]), 50)
	if a["report_back_of_id"] != nil {
		return "återrapporteringen " + text
	}
	if p := l.get("Action", a["parent_id"]); p != nil {
		return "underaktiviteten " + text + " till åtgärd " + l.actionNumber(p)
	}
	if a["parent_id"] != nil {
		return "underaktiviteten " + text
	}
	if n := l.actionNumber(a); n != "" {
		return "åtgärd " + n + " " + text
	}
	return "åtgärden " + text
}

// actionNumber is "3.1": the area's number in its plan and the action's.
func (l *lookup) actionNumber(a row) string {
	n, ok := number(a["number"])
	if !ok {
		return ""
	}
	if areaID, ok := number(a["area_id"]); ok && l.areaNumber[areaID] > 0 {
		return strconv.Itoa(l.areaNumber[areaID]) + "." + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func (l *lookup) slot(e row) string {
	s := "hos " + l.name("Operation", e["operation_id"], "en verksamhet")
	if u := l.get("Unit", e["unit_id"]); u != nil {
		s += " (" + str(u["name"]) + ")"
	}
	if t, err := time.Parse(time.RFC3339Nano, str(e["starts_at"])); err == nil {
		s += " " + followup.TimeLabel(t)
	}
	return s
}

// studyVisit names the study visit a booking is for.
func (l *lookup) studyVisit(booking row) string {
	if s := l.get("StudyVisitSlot", booking["slot_id"]); s != nil {
		return "studiebesöket " + l.slot(s)
	}
	return "ett studiebesök"
}

func (l *lookup) workshop(v any) string {
	if w := l.get("Workshop", v); w != nil {
		return l.workshopRow(w)
	}
	return "en workshop"
}

func (l *lookup) workshopRow(w row) string {
	return joinNonEmpty(" ", "workshoppen "+quote(str(w["topic"]), 60), followup.DayLabel(str(w["date"])))
}

// userName is a person's name, from the row read or the record's values.
func (l *lookup) userName(v any, fallback row) string {
	if u := l.get("User", v); u != nil && str(u["name"]) != "" {
		return str(u["name"])
	}
	if fallback != nil && str(fallback["name"]) != "" {
		return str(fallback["name"])
	}
	return "en användare"
}

func (l *lookup) name(typ string, v any, missing string) string {
	if r := l.get(typ, v); r != nil && str(r["name"]) != "" {
		return str(r["name"])
	}
	return missing
}

// changes says what an update changed: ": texten till ”Ny text.” och
// ansvarig till Enhetschef". Fields the system keeps (times of change,
// the department) are left out.
func (l *lookup) changes(r *ent.AuditRecord) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(r.After)) {
		if base := strings.TrimRight(k, "+-"); base != k {
			if _, ok := r.After[base+"_id"]; ok {
				continue // the edge of a field the record names already
			}
		}
		if k == "deadline_kind" && (r.After["due_month"] != nil || r.After["due_date"] != nil) {
			continue // the month or the day says it
		}
		label, ok := fieldLabels[k]
		if !ok {
			if _, known := silentFields[k]; !known {
				label = "andra uppgifter"
			}
		}
		if label == "" || slices.Contains(parts, label) {
			continue
		}
		if v := l.value(k, r.After[k]); v != "" {
			label += " till " + v
		}
		parts = append(parts, label)
	}
	if len(parts) == 0 {
		return ""
	}
	if len(parts) > 1 {
		return ": " + strings.Join(parts[:len(parts)-1], ", ") + " och " + parts[len(parts)-1]
	}
	return ": " + parts[0]
}

// value says a new value when it is short enough to read in a sentence.
func (l *lookup) value(field string, v any) string {
	if v == nil {
		return ""
	}
	if typ, ok := refs[field]; ok {
		switch typ {
		case "User":
			return l.userName(v, nil)
		case "Role", "Unit", "Operation":
			return l.name(typ, v, "")
		}
		return ""
	}
	if labels, ok := enumLabels[field]; ok {
		s, _ := v.(string)
		return labels[s]
	}
	s, ok := v.(string)
	if !ok {
		if n, ok := number(v); ok && (field == "capacity" || field == "size" || field == "due_soon_days" || field == "number") {
			return strconv.Itoa(n)
		}
		return ""
	}
	switch field {
	case "due_month":
		if t, err := time.Parse("2006-01", s); err == nil {
			return swedishMonth(t)
		}
	case "date", "due_date", "adopted_at", "held_on":
		return followup.DayLabel(s)
	case "name", "code", "adopted_by", "adopted_paragraph", "registry_number", "email", "presenter", "place":
		return s
	}
	if field == "text" || field == "title" || field == "topic" || field == "purpose" || field == "note" {
		return quote(s, 80)
	}
	return ""
}

func swedishMonth(t time.Time) string {
	day := followup.DayLabel(t.Format("2006-01") + "-01") // "1 december 2025"
	_, rest, _ := strings.Cut(day, " ")
	return rest
}

// fieldLabels are the fields people change, as the app names them.
var fieldLabels = map[string]string{
	"text": "texten", "title": "rubriken", "purpose": "syftet", "note": "anteckningen", "responsible_id": "ansvarig",
	"deadline_kind": "klart när", "due_month": "klart när", "due_date": "datumet", "scope": "vem som gör den",
	"position": "ordningen", "number": "numret", "name": "namnet", "registry_number": "diarienumret", "date": "datumet",
	"adopted_by": "fastställd av", "adopted_at": "fastställd den", "adopted_paragraph": "paragrafen",
	"approved_by_id": "fastställd av (roll)", "owner_id": "dokumentansvarig", "background": "bakgrunden",
	"completed_activities": "genomförda aktiviteter", "follow_up_cadence": "uppföljningsperioden",
	"due_soon_days": "dagar före snart dags", "status": "läget", "email": "e-postadressen", "manager_id": "chefen",
	"capacity": "antalet platser", "place": "platsen", "topic": "ämnet", "registration_opens_at": "anmälningstiden",
	"registration_closes_at": "anmälningstiden", "minimums": "minsta antal per område", "allocated_at": "fördelningen",
	"state": "läget", "waitlist_position": "platsen i kön", "held_on": "genomfört den", "presenter": "vem som presenterade",
	"work": "arbetet", "conditions": "förutsättningarna", "needs": "behoven", "unit_id": "enheten",
	"operation_id": "verksamheten", "operation_area_id": "verksamhetsområdet", "size": "antalet platser",
	"starts_at": "tiden", "notes": "anteckningarna", "withdrawn_at": "återkallad", "withdraw_reason": "skälet",
	"edits_plans": "behörigheten att ändra planer", "administers": "behörigheten att administrera",
	"board_member": "nämndledamot", "aliases": "andra namn", "kind": "slaget", "members+": "medlemmarna",
	"members-": "medlemmarna", "code": "koden", "slug": "kortnamnet", "municipality": "kommunen",
	"revisions": "revideringarna", "workshop_minimums": "minsta antal per område",
	"study_visit_report_back_until": "sista dag för återrapportering", "last_login_at": "senaste inloggningen",
	"explanation": "förklaringen", "seed": "lottningen", "report_back_id": "återrapporteringen", "meeting_id": "sammanträdet",
	"value": "gruppen", "municipality_admin": "kommunadministratör", "municipality_admin_by_claim": "kommunadministratör enligt inloggningen",
	"issuer": "identitetstjänsten", "subject": "inloggnings-id:t",
}

// silentFields change with others and say nothing of their own.
var silentFields = map[string]struct{}{
	"updated_at": {}, "created_at": {}, "department_id": {}, "withdrawn_by_id": {}, "in_draw": {}, "attended_this_term": {},
	"seat_reason": {}, "cancelled_at": {},
}

var enumLabels = map[string]map[string]string{
	"deadline_kind":     {"month": "en månad", "continuous": "fortlöpande", "when_needed": "vid behov", "date": "ett datum"},
	"scope":             {"once": "en gång", "each_unit": "varje enhet", "each_person": "varje person"},
	"status":            {"draft": "utkast", "adopted": "fastställd", "archived": "arkiverad"},
	"follow_up_cadence": {"month": "månad", "quarter": "kvartal", "term": "termin", "year": "år"},
	"state":             {"registered": "anmäld", "seated": "fick plats", "waitlisted": "väntelista", "cancelled": "avanmäld"},
}

// onlyChanged reports whether an update changed none but the fields named.
func onlyChanged(r *ent.AuditRecord, fields ...string) bool {
	for k := range r.After {
		if !slices.Contains(fields, k) {
			return false
		}
	}
	return len(r.After) > 0
}

func periodText(key string) string {
	for _, c := range []followup.Cadence{followup.Term, followup.Quarter, followup.Month, followup.Year} {
		if p, err := followup.PeriodByKey(c, key); err == nil {
			return p.Label
		}
	}
	return key
}

// quote sets a text in Swedish quotation marks, cut to at most n letters.
func quote(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	if utf8.RuneCountInString(s) > n {
		cut := string([]rune(s)[:n-1])
		if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
			cut = cut[:i] // at a word's end
		}
		s = strings.TrimRight(cut, " ,.;:") + "…"
	}
	return "”" + s + "”"
}

func parenthesised(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case *string:
		if s != nil {
			return *s
		}
	case fmt.Stringer:
		return s.String()
	}
	return ""
}

// number reads an id or a count from a row: an int from the hook, a
// float64 from JSON.
func number(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case *int:
		if n != nil {
			return *n, true
		}
	case int64:
		return int(n), true
	case float64:
		return int(n), n == float64(int(n))
	case json.Number:
		i, err := n.Int64()
		return int(i), err == nil
	}
	return 0, false
}
