package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/xuri/excelize/v2"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/ent/department"
	"github.com/handlingsplan/handlingsplan/ent/operationarea"
	"github.com/handlingsplan/handlingsplan/ent/role"
	"github.com/handlingsplan/handlingsplan/ent/workshopregistration"
	"github.com/handlingsplan/handlingsplan/followup"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

// boardReading fills a department with what its board reads in HT 2024
// besides the plan's table, n of each: sign-offs with a comment and
// evidence (a file and a link), board meetings (every other visit held,
// every fourth reported back), study visit times of three seats (each
// with one booking held and reported back) and workshops (allocated, two
// seated and one waiting). It returns the first file's id.
func boardReading(t *testing.T, client *ent.Client, slug string, n int) int {
	t.Helper()
	ctx := rule.SystemContext(context.Background(), "test")
	dept := client.Department.Query().Where(department.Slug(slug)).OnlyIDX(ctx)
	elin, unitID := authtest.UnitManager(t, client, slug, "Hemsjukvården", "Enhetschef")
	client.User.UpdateOneID(elin.UserID).SetName("Elin Enhetschef").ExecX(ctx)
	member := authtest.User(t, client, slug, "Ledamot")
	op := client.Unit.GetX(ctx, unitID).OperationID
	area := client.OperationArea.Query().Where(operationarea.DepartmentID(dept)).FirstIDX(ctx)
	ledamot := client.Role.Query().Where(role.DepartmentID(dept), role.Name("Ledamot")).OnlyX(ctx)
	marked := client.Action.Query().Where(action.DepartmentID(dept), action.RuleEQ(action.RuleBoardVisitReportBack)).FirstX(ctx)
	reportBack := func(day string, done bool) int {
		rb := client.Action.Create().SetAreaID(marked.AreaID).SetDepartmentID(dept).SetReportBackOfID(marked.ID).SetPosition(0).
			SetText("Återrapportering").SetResponsibleID(ledamot.ID).SetDeadlineKind(action.DeadlineKindDate).SetDueDate(day).SaveX(ctx)
		if done {
			client.SignOff.Create().SetActionID(rb.ID).SetDepartmentID(dept).SetSlot("once").SetDoneOn(day).
				SetSignerID(member.UserID).SetIdempotencyKey(fmt.Sprint("rb-", rb.ID)).ExecX(ctx)
		}
		return rb.ID
	}

	// Sign-offs of the APT duty (each unit), with a comment, a file and a link.
	apt := client.Action.Query().Where(action.DepartmentID(dept), action.TextHasPrefix("Enhetschefer ska lyfta protokoll")).Order(ent.Asc(action.FieldID)).FirstX(ctx)
	continuous := client.Action.Query().Where(action.DepartmentID(dept), action.DeadlineKindEQ(action.DeadlineKindContinuous), action.ScopeEQ(action.ScopeOnce)).FirstX(ctx)
	firstFile := 0
	for i := range n {
		file := client.Evidence.Create().SetDepartmentID(dept).SetName(fmt.Sprintf("protokoll-%d.pdf", i+1)).SetContentType("application/pdf").
			SetSize(4).SetSha256("00").SetContent([]byte("%PDF")).SetUploaderID(elin.UserID).SaveX(ctx)
		if i == 0 {
			firstFile = file.ID
			client.SignOff.Create().SetActionID(apt.ID).SetDepartmentID(dept).SetSlot("2024-HT").SetPeriod("2024-HT").
				SetShare(fmt.Sprint("unit:", unitID)).SetUnitID(unitID).SetDoneOn("2024-09-24").SetSignerID(elin.UserID).
				SetComment("Lyft på APT 24 september, se protokollet.").SetEvidenceID(file.ID).SetEvidenceLink("https://intranat.example/apt").
				SetIdempotencyKey("apt").ExecX(ctx)
			continue
		}
		client.SignOff.Create().SetActionID(continuous.ID).SetDepartmentID(dept).SetSlot(fmt.Sprint("occasion-", i)).
			SetDoneOn("2024-10-01").SetSignerID(elin.UserID).SetComment(fmt.Sprintf("Gjort, gång %d.", i)).SetEvidenceID(file.ID).
			SetIdempotencyKey(fmt.Sprint("c-", i)).ExecX(ctx)
	}
	// A sign-off done after the report's day, and one withdrawn: neither is read.
	client.SignOff.Create().SetActionID(continuous.ID).SetDepartmentID(dept).SetSlot("later").SetDoneOn("2024-11-20").
		SetSignerID(elin.UserID).SetComment("Efter rapportens dag.").SetIdempotencyKey("later").ExecX(ctx)
	client.SignOff.Create().SetActionID(continuous.ID).SetDepartmentID(dept).SetSlot("withdrawn").SetDoneOn("2024-10-02").
		SetSignerID(elin.UserID).SetComment("Återkallad.").SetWithdrawnAt(time.Now()).SetWithdrawnByID(elin.UserID).
		SetIdempotencyKey("withdrawn").ExecX(ctx)

	start := time.Date(2024, 8, 1, 0, 0, 0, 0, followup.Location())
	for i := range n {
		day := start.AddDate(0, 0, i).Format(time.DateOnly)
		m := client.BoardMeeting.Create().SetDepartmentID(dept).SetDate(day).SaveX(ctx)
		v := client.BoardVisit.Create().SetDepartmentID(dept).SetMeetingID(m.ID).SetOperationID(op).SetUnitID(unitID)
		if i%2 == 0 {
			v.SetHeldOn(day).SetReportBackID(reportBack(day, i%4 == 0))
		}
		v.ExecX(ctx)

		slot := client.StudyVisitSlot.Create().SetDepartmentID(dept).SetOperationID(op).SetStartsAt(start.AddDate(0, 0, i).Add(13 * time.Hour)).
			SetSize(3).SaveX(ctx)
		client.StudyVisitBooking.Create().SetDepartmentID(dept).SetSlotID(slot.ID).SetUserID(member.UserID).SetSeat(1).
			SetHeldOn(day).SetReportBackID(reportBack(day, true)).ExecX(ctx)

		w := client.Workshop.Create().SetDepartmentID(dept).SetTopic(fmt.Sprintf("Tillit %d", i+1)).SetDate(day).SetPlace("Kommunhuset").
			SetCapacity(2).SetMinimums(map[string]int{}).SetRegistrationOpensAt(start.AddDate(0, -1, 0)).SetRegistrationClosesAt(start).SetAllocatedAt(start).SaveX(ctx)
		for k, state := range []workshopregistration.State{workshopregistration.StateSeated, workshopregistration.StateSeated, workshopregistration.StateWaitlisted, workshopregistration.StateCancelled} {
			u := authtest.User(t, client, slug, "Medarbetare")
			client.WorkshopRegistration.Create().SetDepartmentID(dept).SetWorkshopID(w.ID).SetUserID(u.UserID).
				SetOperationAreaID(area).SetState(state).SetWaitlistPosition(k).ExecX(ctx)
		}
	}
	// Outside the period (VT 2024): not in the report's summary.
	client.BoardMeeting.Create().SetDepartmentID(dept).SetDate("2024-06-18").ExecX(ctx)
	return firstFile
}

// reader returns how a board member of the department gets a report.
func reader(t *testing.T, db *database.DB, slug string) func(planID int, file string) (int, []byte) {
	t.Helper()
	v := authtest.User(t, db.Client, slug, "Ledamot")
	srv := httptest.NewServer(server.New(db, signedIn{viewer: v}, slog.New(slog.DiscardHandler), server.Options{SiteURL: "https://handlingsplan.bollebygd.se"}))
	t.Cleanup(srv.Close)
	return func(planID int, file string) (int, []byte) {
		t.Helper()
		path := "/plans/" + itoa(planID) + "/report/" + file
		if planID == 0 {
			path = file // another address of the site
		}
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
}

func TestTheBoardReportCarriesWhatTheBoardReads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) { boardReads(t, db) })
}

func boardReads(t *testing.T, db *database.DB) {
	res := planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	file := boardReading(t, db.Client, planstest.BollebygdSlug, 4)
	get := reader(t, db, planstest.BollebygdSlug)

	status, body := get(res.PlanID, "2024-10-15.xlsx")
	book, err := excelize.OpenReader(bytes.NewReader(body))
	if status != http.StatusOK || err != nil {
		t.Fatalf("XLSX = %d, %v", status, err)
	}
	// The plan's head, from the plan: adopted by the board, approved by and owned by Förvaltningschef.
	if got, want := mustCell(t, book, "Handlingsplan", "A3"), "Fastställd: Socialnämnden 20 februari 2024 § xx · Fastställd av: Förvaltningschef · Dokumentansvarig: Förvaltningschef · Planens datum: 24 januari 2024"; got != want {
		t.Errorf("head = %q, want %q", got, want)
	}
	if got := mustCell(t, book, "Handlingsplan", "A2"); !strings.HasPrefix(got, "Dnr SN2024/10") {
		t.Errorf("A2 = %q, want the Dnr first", got)
	}

	// Each sign-off's comment and evidence, the file's address absolute on the site.
	notes, _ := book.GetRows("Kommentarer och underlag")
	url := fmt.Sprintf("https://handlingsplan.bollebygd.se/evidence/%d", file)
	want := []string{"Enhetschef", "2024-09-24 (HT 2024)", "Elin Enhetschef för Hemsjukvården", "Lyft på APT 24 september, se protokollet.",
		"protokoll-1.pdf (" + url + ")\nhttps://intranat.example/apt"}
	var apt []string
	var comments []string
	for _, row := range notes[3:] {
		if len(row) == 6 {
			comments = append(comments, row[4])
			if strings.Contains(row[1], "Enhetschefer ska lyfta protokoll") {
				apt = row
			}
		}
	}
	if apt == nil || !slices.Equal(apt[2:], want[1:]) {
		t.Errorf("the APT sign-off's note = %q, want %q", apt, want[1:])
	}
	if ok, target, err := book.GetCellHyperLink("Kommentarer och underlag", "F4"); err != nil || !ok || !strings.HasPrefix(target, "https://handlingsplan.bollebygd.se/evidence/") {
		t.Errorf("F4 links to %q (%v, %v)", target, ok, err)
	}
	if len(comments) != 4 || slices.Contains(comments, "Efter rapportens dag.") || slices.Contains(comments, "Återkallad.") {
		t.Errorf("comments = %q, want the 4 live ones done by 15 October", comments)
	}

	// The period's visits and workshops, counted.
	acts, _ := book.GetRows("Besök och workshops")
	var text []string
	for _, row := range acts {
		text = append(text, strings.Join(row, "|"))
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		"Besök och workshops, HT 2024 (1 juli–31 december 2024)",
		"Nämndbesök\nSammanträden: 4 · Med besök: 4 · Genomförda: 2 · Återrapporterade: 1",
		"2024-08-01|Hemsjukvården (Hemsjukvården)|Genomfört, återrapporterat",
		"2024-08-02|Hemsjukvården (Hemsjukvården)|Inte registrerat som genomfört",
		"2024-08-03|Hemsjukvården (Hemsjukvården)|Genomfört, inte återrapporterat",
		"Studiebesök\nTider: 4 · Platser: 12 · Bokade: 4 · Genomförda: 4 · Återrapporterade: 4",
		"2024-08-01 13:00|Hemsjukvården|Bokade platser: 1 av 3 · Genomförda: 1 · Återrapporterade: 1",
		"Workshops\nWorkshops: 4 · Anmälda: 12 · Fick plats: 8",
		"2024-08-01|Tillit 1, Kommunhuset|Platser: 2 · Anmälda: 3 · Fick plats: 2",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the visits and workshops lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "2024-06-18") {
		t.Error("a meeting of the spring term is in the autumn's summary")
	}

	// The CSV and the PDF carry the same.
	_, csv := get(res.PlanID, "2024-10-15.csv")
	for _, want := range []string{"Fastställd;Socialnämnden 2024-02-20 § xx", "Dokumentansvarig;Förvaltningschef", "Lyft på APT 24 september, se protokollet.", url, "Återrapporterade;1"} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
	// The board member who reads the report may open the file it links to.
	if status, body := get(0, fmt.Sprintf("/evidence/%d", file)); status != http.StatusOK || string(body) != "%PDF" {
		t.Errorf("a board member opening %s: %d %q", url, status, body)
	}
	status, pdf := get(res.PlanID, "2024-10-15.pdf")
	if status != http.StatusOK || !bytes.Contains(pdf, []byte(url)) {
		t.Errorf("PDF (%d) does not link to %s", status, url)
	}
	// Its year wheel: the board's meetings of 2024 and the plan's deadlines, each opening its page in the app.
	for _, link := range []string{"(https://handlingsplan.bollebygd.se/besok#namndbesok)", "(https://handlingsplan.bollebygd.se/atgard/",
		fmt.Sprintf("(https://handlingsplan.bollebygd.se/uppfoljning?plan=%d)", res.PlanID)} {
		if !bytes.Contains(pdf, []byte(link)) {
			t.Errorf("the PDF's year wheel has no link %s", link)
		}
	}
}

func TestTheBoardReportCostsAConstantNumberOfStatements(t *testing.T) {
	wrap, counter := database.CountStatements()
	db := dbtest.Open(t, dialect.SQLite, wrap)
	small := planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	boardReading(t, db.Client, planstest.BollebygdSlug, 2)
	// A department with a plan five times the size, and ten times the sign-offs, visits and workshops.
	f := planstest.Bollebygd(t)
	f.Department.Slug = "stor"
	for i := range 32 {
		a := f.Plan.Areas[i%len(f.Plan.Areas)]
		a.Title = fmt.Sprintf("Område %d. %s", i+9, a.Title)
		f.Plan.Areas = append(f.Plan.Areas, cloneArea(a))
	}
	big := planstest.Import(t, db.Client, f)
	boardReading(t, db.Client, "stor", 20)

	smallReader, bigReader := reader(t, db, planstest.BollebygdSlug), reader(t, db, "stor")
	cost := func(get func(int, string) (int, []byte), planID int) int64 {
		counter.Reset()
		if status, body := get(planID, "2024-10-15.csv"); status != http.StatusOK {
			t.Fatalf("report = %d: %s", status, body)
		}
		return counter.Count()
	}
	s, b := cost(smallReader, small.PlanID), cost(bigReader, big.PlanID)
	if s != b {
		t.Errorf("the board report costs %d statements for the Bollebygd plan and %d for one five times its size", s, b)
	}
	t.Logf("board report: %d statements", s)
}

// cloneArea copies an area of a plan file without its rules: a rule is
// stated once per department.
func cloneArea(a planfile.Area) planfile.Area {
	out := a
	out.Actions = nil
	for _, act := range a.Actions {
		act.Rule = ""
		var subs []planfile.Action
		for _, s := range act.SubActions {
			s.Rule = ""
			subs = append(subs, s)
		}
		act.SubActions = subs
		out.Actions = append(out.Actions, act)
	}
	return out
}

func mustCell(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
