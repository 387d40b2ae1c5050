package packaging_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// instruction is one line of a Dockerfile, continuations joined.
type instruction struct {
	line      int
	cmd, args string
}

func readDockerfile(t *testing.T) []instruction {
	t.Helper()
	f, err := os.Open("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []instruction
	var cur strings.Builder
	start := 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if strings.HasSuffix(trimmed, `\`) {
			cur.WriteString(strings.TrimSuffix(trimmed, `\`) + " ")
			continue
		}
		cur.WriteString(trimmed)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{line: start, cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)})
		cur.Reset()
	}
	if cur.Len() > 0 {
		t.Fatalf("Dockerfile ends inside a continued line (from line %d)", start)
	}
	return out
}

// knownEnv is every HANDLINGSPLAN_ variable the server reads.
func knownEnv(t *testing.T) map[string]bool {
	t.Helper()
	known := map[string]bool{}
	re := regexp.MustCompile(`"(HANDLINGSPLAN_[A-Z0-9_]+)"`)
	files, _ := filepath.Glob("../cmd/handlingsplan/*.go")
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			known[m[1]] = true
		}
	}
	if len(known) < 5 {
		t.Fatalf("found only %v in cmd/handlingsplan", known)
	}
	return known
}

func goVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no go directive in go.mod")
	}
	return string(m[1])
}

func TestDockerfile(t *testing.T) {
	known := map[string]bool{"FROM": true, "RUN": true, "CMD": true, "LABEL": true, "EXPOSE": true, "ENV": true,
		"ADD": true, "COPY": true, "ENTRYPOINT": true, "VOLUME": true, "USER": true, "WORKDIR": true, "ARG": true,
		"ONBUILD": true, "STOPSIGNAL": true, "HEALTHCHECK": true, "SHELL": true}
	ins := readDockerfile(t)
	var stages []string
	final := 0
	for i, in := range ins {
		if !known[in.cmd] {
			t.Errorf("line %d: unknown instruction %s", in.line, in.cmd)
		}
		if in.cmd == "FROM" {
			final = i
			if _, name, ok := strings.Cut(strings.ToLower(in.args), " as "); ok {
				stages = append(stages, strings.TrimSpace(name))
			}
		}
		if in.cmd == "COPY" && strings.HasPrefix(in.args, "--from=") {
			from, _, _ := strings.Cut(strings.TrimPrefix(in.args, "--from="), " ")
			if !slices.Contains(stages, from) {
				t.Errorf("line %d: COPY --from=%s names no earlier stage (%v)", in.line, from, stages)
			}
		}
	}
	if len(stages) < 2 {
		t.Errorf("stages %v: want a multi-stage build (the web app, the server, then what runs)", stages)
	}
	if !strings.Contains(ins[final].args, "distroless/static") && ins[final].args != "scratch" {
		t.Errorf("the image runs on %q; want a static distroless base or scratch", ins[final].args)
	}

	var arg = map[string]string{}
	var built, user, health, entry, volume bool
	for _, in := range ins {
		switch in.cmd {
		case "ARG":
			k, v, _ := strings.Cut(in.args, "=")
			arg[k] = v
		case "RUN":
			built = built || strings.Contains(in.args, "packaging/build-static.sh")
		}
	}
	if !built {
		t.Error("no RUN builds with packaging/build-static.sh, the build that make test checks")
	}
	if arg["GO_VERSION"] != goVersion(t) {
		t.Errorf("ARG GO_VERSION=%s, go.mod says go %s", arg["GO_VERSION"], goVersion(t))
	}
	binary := ""
	for _, in := range ins[final:] {
		switch in.cmd {
		case "USER":
			u, _, _ := strings.Cut(in.args, ":")
			user = u != "0" && u != "root"
			if !user {
				t.Errorf("line %d: the image runs as root", in.line)
			}
		case "ENTRYPOINT":
			var argv []string
			if err := json.Unmarshal([]byte(in.args), &argv); err != nil || len(argv) == 0 {
				t.Errorf("line %d: ENTRYPOINT %s: want the exec form (no shell in the image)", in.line, in.args)
			} else {
				binary, entry = argv[0], true
			}
		case "VOLUME":
			volume = strings.Contains(in.args, `"/data"`)
		case "ENV":
			if strings.Contains(in.args, "HANDLINGSPLAN_DB=") && !strings.Contains(in.args, "HANDLINGSPLAN_DB=/data/") {
				t.Errorf("line %d: the database is not in the volume /data", in.line)
			}
		}
	}
	for _, in := range ins[final:] {
		if in.cmd != "HEALTHCHECK" {
			continue
		}
		_, cmd, ok := strings.Cut(in.args, "CMD ")
		var argv []string
		if !ok || json.Unmarshal([]byte(cmd), &argv) != nil || len(argv) < 2 || argv[0] != binary || argv[1] != "healthcheck" {
			t.Errorf("line %d: HEALTHCHECK %s: want the exec form [%q, \"healthcheck\"] (no curl in the image)", in.line, in.args, binary)
		}
		health = true
	}
	if !user || !health || !entry || !volume {
		t.Errorf("the running stage lacks USER (%v), HEALTHCHECK (%v), ENTRYPOINT (%v) or VOLUME /data (%v)", user, health, entry, volume)
	}
}

func TestComposeFile(t *testing.T) {
	b, err := os.ReadFile("../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string
			Build       any
			User        string
			ReadOnly    bool     `yaml:"read_only"`
			Tmpfs       []string `yaml:"tmpfs"`
			CapDrop     []string `yaml:"cap_drop"`
			SecurityOpt []string `yaml:"security_opt"`
			Ports       []string
			Environment map[string]string
			DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
			Healthcheck *struct{ Test []string }
		}
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	app, db := c.Services["app"], c.Services["db"]
	if app.Build == nil || !strings.HasPrefix(db.Image, "postgres:") {
		t.Fatalf("want an app built here and a db from the postgres image: %+v", c.Services)
	}
	if !app.ReadOnly || app.User == "" || strings.HasPrefix(app.User, "0") || !slices.Contains(app.CapDrop, "ALL") ||
		!slices.Contains(app.SecurityOpt, "no-new-privileges:true") || len(app.Tmpfs) == 0 {
		t.Errorf("app is not hardened as the image is: %+v", app)
	}
	for _, p := range app.Ports {
		if !strings.HasPrefix(p, "127.0.0.1:") {
			t.Errorf("port %s is published on every address; the TLS proxy in front should be the only way in", p)
		}
	}
	if app.DependsOn["db"].Condition != "service_healthy" || db.Healthcheck == nil {
		t.Error("app does not wait for a healthy db")
	}
	if !strings.HasPrefix(app.Environment["HANDLINGSPLAN_DB"], "postgres://") {
		t.Errorf("HANDLINGSPLAN_DB = %q, want PostgreSQL", app.Environment["HANDLINGSPLAN_DB"])
	}
	known := knownEnv(t)
	docs, err := os.ReadFile("../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	for k := range app.Environment {
		if !known[k] {
			t.Errorf("compose sets %s, which the server does not read", k)
		}
		if !strings.Contains(string(docs), k) {
			t.Errorf("compose sets %s, which docs/operations.md does not explain", k)
		}
	}
}

// unit reads a systemd unit file's Key=Value lines (all values of a key).
func unit(t *testing.T, name string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("systemd", name))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && !strings.HasPrefix(line, "#") {
			out[k] = append(out[k], v)
		}
	}
	return out
}

func TestSystemdUnits(t *testing.T) {
	known := knownEnv(t)
	hardening := map[string]string{
		"DynamicUser": "yes", "User": "handlingsplan", "ProtectSystem": "strict", "ProtectHome": "yes",
		"PrivateTmp": "yes", "PrivateDevices": "yes", "NoNewPrivileges": "yes", "CapabilityBoundingSet": "",
		"RestrictSUIDSGID": "yes", "ReadWritePaths": "/var/lib/handlingsplan",
	}
	for name, exec := range map[string]string{
		"handlingsplan.service":        "/usr/local/bin/handlingsplan serve",
		"handlingsplan-backup.service": "/usr/local/bin/handlingsplan backup -o /var/lib/handlingsplan/backups",
	} {
		u := unit(t, name)
		if !slices.Equal(u["ExecStart"], []string{exec}) {
			t.Errorf("%s: ExecStart = %v, want %s", name, u["ExecStart"], exec)
		}
		for k, v := range hardening {
			if !slices.Contains(u[k], v) {
				t.Errorf("%s: %s = %v, want %q", name, k, u[k], v)
			}
		}
		for _, env := range u["Environment"] {
			k, _, _ := strings.Cut(env, "=")
			if !known[k] {
				t.Errorf("%s sets %s, which the server does not read", name, k)
			}
		}
	}
}
