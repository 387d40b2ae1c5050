package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/xuri/excelize/v2"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/ent/action"
	"github.com/handlingsplan/handlingsplan/plans/planstest"
	"github.com/handlingsplan/handlingsplan/progress"
	"github.com/handlingsplan/handlingsplan/rule"
	"github.com/handlingsplan/handlingsplan/server"
)

func TestTheBoardReportFillsTheCheckColumnFromSignOffs(t *testing.T) {
	db := dbtest.Open(t, dialect.SQLite, nil)
	ctx := rule.SystemContext(context.Background(), "test")
	res := planstest.ImportBollebygd(t, db.Client, planstest.BollebygdSlug)
	ulla := authtest.User(t, db.Client, "bollebygd-socialforvaltningen", "Utvecklingschef")
	db.Client.User.UpdateOneID(ulla.UserID).SetName("Ulla Utvecklingschef").ExecX(ctx)
	target := db.Client.Action.Query().Where(action.TextHasPrefix("Förvaltningen ska ta fram en gemensam hantering")).OnlyX(ctx)
	db.Client.SignOff.Create().SetActionID(target.ID).SetDepartmentID(target.DepartmentID).SetSlot("once").
		SetDoneOn("2024-11-02").SetSignerID(ulla.UserID).SetIdempotencyKey("k").ExecX(ctx)
	// A duty of each unit counts its units: one of two has signed.
	elin, hemsjukvarden := authtest.UnitManager(t, db.Client, "bollebygd-socialforvaltningen", "Hemsjukvården", "Enhetschef")
	authtest.UnitManager(t, db.Client, "bollebygd-socialforvaltningen", "Ekhagen", "Enhetschef")
	routines := db.Client.Action.Query().Where(action.TextHasPrefix("Säkerställ att alla enhetens rutiner")).OnlyX(ctx)
	db.Client.SignOff.Create().SetActionID(routines.ID).SetDepartmentID(routines.DepartmentID).SetSlot("once").
		SetShare(progress.UnitShare(hemsjukvarden)).SetUnitID(hemsjukvarden).
		SetDoneOn("2024-11-03").SetSignerID(elin.UserID).SetIdempotencyKey("k").ExecX(ctx)

	get := func(who, file string) (int, []byte) {
		v := authtest.User(t, db.Client, who, "Förvaltningschef")
		srv := httptest.NewServer(server.New(db, signedIn{viewer: v}, slog.New(slog.DiscardHandler), server.Options{}))
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/plans/" + itoa(res.PlanID) + "/report/" + file)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	own := "bollebygd-socialforvaltningen"

	status, csv := get(own, "2024-12-31.csv")
	text := string(csv)
	for _, want := range []string{"Kontroll utfört/datum", "2 november 2024 (Ulla Utvecklingschef)", "Försenad", "Handlingsplan tillitsfull dialog Socialförvaltning",
		"Säkerställ att alla enhetens rutiner är nedskrivna och tillgängliga för berörda medarbetare.;Enhetschef;December 2024;1 av 2 enheter;Snart dags"} {
		if status != http.StatusOK || !strings.Contains(text, want) {
			t.Errorf("CSV (%d) lacks %q", status, want)
		}
	}
	if _, before := get(own, "2024-11-01.csv"); strings.Contains(string(before), "2 november 2024 (Ulla") {
		t.Error("a report as of 1 November shows a sign-off of 2 November")
	}

	status, xlsx := get(own, "2024-12-31.xlsx")
	book, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if status != http.StatusOK || err != nil {
		t.Fatalf("XLSX = %d, %v", status, err)
	}
	rows, _ := book.GetRows(book.GetSheetList()[0])
	var found bool
	for _, row := range rows {
		found = found || strings.Contains(strings.Join(row, "|"), "2 november 2024 (Ulla Utvecklingschef)")
	}
	if !found {
		t.Error("the XLSX has no filled check column")
	}

	if status, pdf := get(own, "2024-12-31.pdf"); status != http.StatusOK || !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Errorf("PDF = %d, %.8q", status, pdf)
	}
	if status, _ := get(own, "31-12-2024.pdf"); status != http.StatusBadRequest {
		t.Errorf("a malformed date = %d, want 400", status)
	}
	planstest.ImportBollebygd(t, db.Client, "annan-forvaltning")
	if status, _ := get("annan-forvaltning", "2024-12-31.csv"); status != http.StatusNotFound {
		t.Errorf("another department's report = %d, want 404", status)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
