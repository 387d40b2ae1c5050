package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/handlingsplan/handlingsplan/auth/authtest"
	"github.com/handlingsplan/handlingsplan/database/dbtest"
	"github.com/handlingsplan/handlingsplan/logging/logtest"
	"github.com/handlingsplan/handlingsplan/planfile"
	"github.com/handlingsplan/handlingsplan/plans"
)

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestImportThenExportGivesTheFileBack(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			db := dbtest.URL(t, dia)
			file := filepath.Join("..", "..", "plans", plans.BollebygdFile)
			out, err := runCmd(t, "import", "--db", db, file)
			if err != nil || !strings.Contains(out, "created plan SN2024/10") {
				t.Fatalf("import: %v\n%s", err, out)
			}
			out, err = runCmd(t, "import", "--db", db, file)
			if err != nil || !strings.Contains(out, "updated plan SN2024/10") {
				t.Fatalf("second import: %v\n%s", err, out)
			}
			exported := filepath.Join(t.TempDir(), "export.yaml")
			if out, err := runCmd(t, "export", "--db", db, "--department", "bollebygd-socialforvaltningen",
				"--registry-number", "SN2024/10", "-o", exported); err != nil {
				t.Fatalf("export: %v\n%s", err, out)
			}
			got, _ := os.ReadFile(exported)
			if !bytes.Equal(got, plans.Bollebygd()) {
				t.Error("the exported file differs from the imported one")
			}
		})
	}
}

func TestImportRefusesABrokenFileAndWritesNothing(t *testing.T) {
	db := dbtest.URL(t, dialect.SQLite)
	broken := filepath.Join(t.TempDir(), "broken.yaml")
	data := strings.Replace(string(plans.Bollebygd()), "deadline: 2024-12", "deadline: Snart", 1)
	if data == string(plans.Bollebygd()) {
		t.Fatal("the test's edit did not apply")
	}
	os.WriteFile(broken, []byte(data), 0o600)
	good := filepath.Join("..", "..", "plans", plans.BollebygdFile)

	out, err := runCmd(t, "import", "--db", db, good, broken)
	if err == nil || !strings.Contains(err.Error(), "Snart") || !strings.Contains(err.Error(), "line") {
		t.Fatalf("error = %v, want one naming the line and the bad deadline\n%s", err, out)
	}
	if _, statErr := os.Stat(db); statErr == nil {
		t.Error("the database was created although one file was broken")
	}
}

func TestImportReadsTheSeedMarkdown(t *testing.T) {
	db := dbtest.URL(t, dialect.SQLite)
	seed := filepath.Join("..", "..", "plans", "source", "handlingsplan-tillitsfull-dialog.md")
	out, err := runCmd(t, "import", "--db", db, "--department", "bollebygd-socialforvaltningen",
		"--department-name", "Socialförvaltningen", "--municipality", "Bollebygds kommun", seed)
	if err != nil || !strings.Contains(out, "created plan SN2024/10") {
		t.Fatalf("import markdown: %v\n%s", err, out)
	}
}

// A typo in a role of the markdown must not make a new role in a department
// that has its roles, and move the action out of the real role's list.
func TestMarkdownImportRefusesARoleTheDepartmentLacks(t *testing.T) {
	db := dbtest.URL(t, dialect.SQLite)
	if out, err := runCmd(t, "import", "--db", db, filepath.Join("..", "..", "plans", plans.BollebygdFile)); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	seed, err := os.ReadFile(filepath.Join("..", "..", "plans", "source", "handlingsplan-tillitsfull-dialog.md"))
	if err != nil {
		t.Fatal(err)
	}
	const cell = "<p>Ordförande</p> <p>Förvaltningschef</p>"
	if !bytes.Contains(seed, []byte(cell)) {
		t.Fatal("the seed has no cell to misspell")
	}
	typo := filepath.Join(t.TempDir(), "typo.md")
	os.WriteFile(typo, bytes.Replace(seed, []byte(cell), []byte("<p>Ordförande</p> <p>Förvaltningchef</p>"), 1), 0o600)
	roles := func() []string {
		out, err := runCmd(t, "export", "--db", db, "--department", "bollebygd-socialforvaltningen", "--registry-number", "SN2024/10")
		if err != nil {
			t.Fatalf("export: %v", err)
		}
		var names []string
		for _, l := range strings.Split(out, "\n") {
			if n, ok := strings.CutPrefix(l, "    - name: "); ok {
				names = append(names, n)
			}
		}
		return names
	}
	before := roles()

	out, err := runCmd(t, "import", "--db", db, "--department", "bollebygd-socialforvaltningen", typo)
	for _, want := range []string{
		`line 35: plan.areas[1].actions[0].subActions[0].responsible: unknown role "Förvaltningchef"`,
		`did you mean "Förvaltningschef"?`, "--create-roles",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, want one saying %q\n%s", err, want, out)
		}
	}
	if got := roles(); !slices.Equal(got, before) {
		t.Errorf("roles changed from %q to %q", before, got)
	}

	out, err = runCmd(t, "import", "--db", db, "--department", "bollebygd-socialforvaltningen", "--create-roles", typo)
	if err != nil || !strings.Contains(out, "updated plan SN2024/10") {
		t.Fatalf("import --create-roles: %v\n%s", err, out)
	}
	if got := roles(); !slices.Contains(got, "Förvaltningchef") || len(got) != len(before)+1 {
		t.Errorf("roles = %q, want %q and Förvaltningchef", got, before)
	}
}

// The markdown of a plan cannot state its rules (board visits, study
// visits, workshops) nor its follow-up settings: re-importing it over the
// plan as it came from YAML keeps them, and the department as it was, and
// says so.
func TestMarkdownReimportKeepsWhatMarkdownCannotState(t *testing.T) {
	db := dbtest.URL(t, dialect.SQLite)
	yamlFile := filepath.Join(t.TempDir(), "plan.yaml")
	os.WriteFile(yamlFile, bytes.Replace(plans.Bollebygd(), []byte("  owner: Förvaltningschef\n"),
		[]byte("  owner: Förvaltningschef\n  followUpCadence: quarter\n"), 1), 0o600)
	if out, err := runCmd(t, "import", "--db", db, yamlFile); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	exported := func() *planfile.File {
		out, err := runCmd(t, "export", "--db", db, "--department", "bollebygd-socialforvaltningen", "--registry-number", "SN2024/10")
		if err != nil {
			t.Fatalf("export: %v", err)
		}
		f, err := planfile.ParseYAML([]byte(out))
		if err != nil {
			t.Fatalf("the export does not parse: %v", err)
		}
		return f
	}
	before := exported()
	if before.Plan.FollowUpCadence != "quarter" {
		t.Fatal("the test's edit did not apply")
	}

	seed := filepath.Join("..", "..", "plans", "source", "handlingsplan-tillitsfull-dialog.md")
	out, err := runCmd(t, "import", "--db", db, "--department", "bollebygd-socialforvaltningen", seed)
	if err != nil {
		t.Fatalf("import markdown: %v\n%s", err, out)
	}
	for _, want := range []string{"kept the rule board-visit-report-back of sub-action 1 of action 1.1, which markdown cannot state",
		"kept the follow-up cadence quarter"} {
		if !strings.Contains(out, want) {
			t.Errorf("the import did not say %q:\n%s", want, out)
		}
	}
	after := exported()
	if got, want := rules(after), rules(before); !slices.Equal(got, want) || len(want) != 3 {
		t.Errorf("rules = %q, want %q", got, want)
	}
	if after.Plan.FollowUpCadence != "quarter" {
		t.Errorf("cadence = %q, want quarter", after.Plan.FollowUpCadence)
	}
	if !reflect.DeepEqual(after.Department, before.Department) {
		t.Errorf("the department changed:\n%+v\nwant\n%+v", after.Department, before.Department)
	}
}

// rules lists the rules of a plan with the text of their actions.
func rules(f *planfile.File) []string {
	var out []string
	for _, area := range f.Plan.Areas {
		for _, a := range area.Actions {
			for _, x := range append([]planfile.Action{a}, a.SubActions...) {
				if x.Rule != "" {
					out = append(out, string(x.Rule)+": "+x.Text)
				}
			}
		}
	}
	return out
}

func TestServeInDevModeLoadsTheBollebygdPlanLogsInAndShutsDownCleanly(t *testing.T) {
	addr := freeAddr(t)
	db := filepath.Join(t.TempDir(), "serve.db")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr logtest.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--dev", "--addr", addr, "--db", db}, io.Discard, &stderr)
	}()
	waitReady(t, "http://"+addr+"/readyz", done)
	for _, want := range []string{"DEVELOPMENT MODE", "Elin Enhetschef", "Enhetschef, Socialförvaltningen"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("serve --dev did not print %q", want)
		}
	}

	body := `{"query":"{ plans { totalCount edges { node { registryNumber areas { actions { subActions { id } } } } } } }"}`
	if resp, err := http.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(body)); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous query = %v %v, want 401", resp.StatusCode, err)
	}
	browser := authtest.Browser(t)
	authtest.LoginWithDevProvider(t, browser, "http://"+addr, "/", "Elin Enhetschef").Body.Close()
	resp, err := browser.Post("http://"+addr+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Data struct {
			Plans struct {
				TotalCount int
				Edges      []struct {
					Node struct {
						RegistryNumber string
						Areas          []struct {
							Actions []struct{ SubActions []struct{ ID string } }
						}
					}
				}
			}
		}
	}
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got.Data.Plans.TotalCount != 1 || got.Data.Plans.Edges[0].Node.RegistryNumber != "SN2024/10" {
		t.Fatalf("plans = %+v, want the Bollebygd plan", got.Data.Plans)
	}
	if n := len(got.Data.Plans.Edges[0].Node.Areas); n != 8 {
		t.Errorf("areas = %d, want 8", n)
	}

	cancel() // what SIGTERM does through signal.NotifyContext
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve returned %v on shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not shut down")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitReady(t *testing.T, url string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v", err)
		default:
		}
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server did not become ready")
}

func TestServeRefusesToStartWithoutAnIdentityProvider(t *testing.T) {
	for _, env := range []string{"HANDLINGSPLAN_OIDC_ISSUER", "HANDLINGSPLAN_OIDC_CLIENT_ID", "HANDLINGSPLAN_OIDC_REDIRECT_URL"} {
		t.Setenv(env, "")
	}
	db := filepath.Join(t.TempDir(), "x.db")
	err := run(context.Background(), []string{"serve", "--addr", freeAddr(t), "--db", db}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--dev") {
		t.Errorf("serve without login settings = %v, want an error pointing to the settings or --dev", err)
	}
}

func TestReportWritesTheBoardReport(t *testing.T) {
	db := dbtest.URL(t, dialect.SQLite)
	if out, err := runCmd(t, "import", "--db", db, filepath.Join("..", "..", "plans", plans.BollebygdFile)); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	dir := t.TempDir()
	for _, ext := range []string{"csv", "xlsx", "pdf"} {
		file := filepath.Join(dir, "rapport."+ext)
		out, err := runCmd(t, "report", "--db", db, "--department", "bollebygd-socialforvaltningen",
			"--registry-number", "SN2024/10", "--as-of", "2024-12-31", "-o", file)
		if err != nil {
			t.Fatalf("report %s: %v\n%s", ext, err, out)
		}
		if info, err := os.Stat(file); err != nil || info.Size() < 500 {
			t.Errorf("%s: %v, %d bytes", file, err, info.Size())
		}
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "rapport.csv"))
	if !strings.Contains(string(csv), "Åtgärd/aktivitet") || !strings.Contains(string(csv), "Försenad") {
		t.Error("the CSV is not the board report")
	}
	if _, err := runCmd(t, "report", "--db", db, "--department", "bollebygd-socialforvaltningen",
		"--registry-number", "SN2024/10", "-o", filepath.Join(dir, "rapport.doc")); err == nil {
		t.Error("an unknown format was accepted")
	}
}

func TestImportLeavesThePlannerStatistics(t *testing.T) {
	for _, dia := range dbtest.Dialects {
		t.Run(dia, func(t *testing.T) {
			db := dbtest.URL(t, dia)
			file := filepath.Join("..", "..", "plans", plans.BollebygdFile)
			if out, err := runCmd(t, "import", "--db", db, file); err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			if !dbtest.Analysed(t, openTestDB(t, db), "actions") {
				t.Error("no planner statistics on actions after the import")
			}
		})
	}
}

// A plan in Word imports as the markdown does: into a department named on
// the command line, and over the same plan from YAML, which it leaves as
// it was; a broken document is refused at its table, row and column.
func TestImportReadsWordDocuments(t *testing.T) {
	db := dbtest.URL(t, dialect.SQLite)
	docx := func(name string) string { return filepath.Join("..", "..", "planfile", "testdata", name) }
	out, err := runCmd(t, "import", "--db", db, "--department", "kultur-och-fritid",
		"--department-name", "Kultur- och fritidsförvaltningen", "--municipality", "Bollebygds kommun", docx("bollebygd-libreoffice.docx"))
	if err != nil || !strings.Contains(out, "created plan SN2024/10") || !strings.Contains(out, "in kultur-och-fritid") {
		t.Fatalf("import Word: %v\n%s", err, out)
	}
	if out, err := runCmd(t, "import", "--db", db, filepath.Join("..", "..", "plans", plans.BollebygdFile)); err != nil {
		t.Fatalf("import YAML: %v\n%s", err, out)
	}
	out, err = runCmd(t, "import", "--db", db, "--department", "bollebygd-socialforvaltningen", docx("bollebygd-python-docx.docx"))
	if err != nil || !strings.Contains(out, "updated plan SN2024/10") || !strings.Contains(out, "kept the rule workshops") {
		t.Fatalf("re-import Word: %v\n%s", err, out)
	}
	out, err = runCmd(t, "import", "--db", db, "--department", "bollebygd-socialforvaltningen", docx("broken-deadline.docx"))
	if err == nil || !strings.Contains(err.Error(), `table 2, row 4, column Klart när: plan.areas[2].actions[2].deadline: unknown deadline "Snart"`) {
		t.Fatalf("broken Word: %v\n%s", err, out)
	}
}

func TestWordImportWantsADepartment(t *testing.T) {
	db := dbtest.URL(t, dialect.SQLite)
	_, err := runCmd(t, "import", "--db", db, filepath.Join("..", "..", "planfile", "testdata", "bollebygd-libreoffice.docx"))
	if err == nil || !strings.Contains(err.Error(), "give it with --department SLUG") {
		t.Fatalf("error = %v, want one asking for --department", err)
	}
	if _, statErr := os.Stat(db); statErr == nil {
		t.Error("the database was created for an import that could not start")
	}
}
