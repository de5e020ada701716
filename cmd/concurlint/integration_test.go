package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The integration tests build the concurlint binary and run it the ways
// users do: under go vet -vettool, and standalone with each output format,
// on the multi-package module in testdata/fixture. Expected findings are
// marked in the fixture with `// expect:NAME[,NAME]` on their line; every
// other line must stay silent (which is what checks //nolint).

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	binDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// concurlintBin builds the binary once per test run.
func concurlintBin(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped with -short")
	}
	buildOnce.Do(func() {
		binDir, buildErr = os.MkdirTemp("", "concurlint-bin-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "concurlint")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// fixture copies testdata/fixture into a temporary directory.
func fixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir("testdata/fixture", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/fixture", path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

type cmdResult struct {
	stdout, stderr string
	code           int
}

func runIn(t *testing.T, dir, name string, args ...string) cmdResult {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := cmdResult{stdout.String(), stderr.String(), 0}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return res
}

// A site is one finding: file relative to the fixture root, line, analyzer
// ("" when the output does not say, as under go vet).
type site struct {
	file     string
	line     int
	analyzer string
}

func (s site) String() string { return fmt.Sprintf("%s:%d: %s", s.file, s.line, s.analyzer) }

var expectRE = regexp.MustCompile(`// expect:([a-z0-9,]+)`)

// expectations reads the // expect: markers of the fixture, keeping only
// analyzers the binary has; it returns the rest as skipped.
func expectations(t *testing.T, dir string) (want []site, skipped []site) {
	t.Helper()
	registered := registeredNames()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, _ := os.ReadFile(path)
		for i, line := range strings.Split(string(data), "\n") {
			m := expectRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, name := range strings.Split(m[1], ",") {
				s := site{filepath.ToSlash(rel), i + 1, name}
				if registered[name] {
					want = append(want, s)
				} else {
					skipped = append(skipped, s)
				}
			}
		}
		return nil
	})
	sortSites(want)
	return want, skipped
}

func registeredNames() map[string]bool {
	names := make(map[string]bool)
	for _, a := range analyzers() {
		names[a.Name] = true
	}
	return names
}

func sortSites(s []site) {
	sort.Slice(s, func(i, j int) bool { return s[i].String() < s[j].String() })
}

// lockwrapFuncs returns the line ranges of the functions in use/lockwrap.go:
// the unlock analyzer's findings there are checked by function, because the
// fixture cannot know whether unlock reports at the Acquire or the return.
func lockwrapFuncs(t *testing.T, dir string) map[string][2]int {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filepath.Join(dir, "use", "lockwrap.go"), nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	funcs := make(map[string][2]int)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			funcs[fd.Name.Name] = [2]int{fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line}
		}
	}
	return funcs
}

// compare checks got against the markers. Findings of "unlock" in
// use/lockwrap.go are set aside and checked by checkUnlock.
func compare(t *testing.T, dir string, got []site, withNames bool) {
	t.Helper()
	want, skipped := expectations(t, dir)
	if !withNames {
		for i := range want {
			want[i].analyzer = ""
		}
		want = slices.Compact(want)
	}
	var lockwrap []site
	var rest []site
	for _, s := range got {
		if s.file == "use/lockwrap.go" {
			lockwrap = append(lockwrap, s)
		} else {
			rest = append(rest, s)
		}
	}
	sortSites(rest)
	rest = slices.Compact(rest)
	if !slices.Equal(rest, want) {
		t.Errorf("findings differ from the fixture's // expect: markers\n got: %v\nwant: %v\n"+
			"(a new analyzer that rightly reports a fixture line needs `// expect:NAME` there; a missing one means a route lost findings)",
			rest, want)
	}
	for _, s := range skipped {
		t.Logf("not checked: %s (no analyzer named %q is registered)", s, s.analyzer)
	}
	t.Run("unlock", func(t *testing.T) { checkUnlock(t, dir, lockwrap, withNames) })
}

// checkUnlock checks the cross-package lock-wrapper case once an analyzer
// named "unlock" exists: at least one finding inside LeakViaWrapper, none in
// DeferredRelease (correct idiom) or SilencedLeak (//nolint:unlock).
func checkUnlock(t *testing.T, dir string, lockwrap []site, withNames bool) {
	if !registeredNames()["unlock"] {
		if len(lockwrap) > 0 {
			t.Errorf("findings in use/lockwrap.go but no unlock analyzer: %v", lockwrap)
		}
		t.Skip("no analyzer named unlock is registered in concurlint.Analyzers() yet: the cross-package lock-wrapper fixture (use/lockwrap.go) waits for it")
	}
	funcs := lockwrapFuncs(t, dir)
	in := func(fn string) (n int) {
		r := funcs[fn]
		for _, s := range lockwrap {
			if s.line >= r[0] && s.line <= r[1] && (!withNames || s.analyzer == "unlock") {
				n++
			}
		}
		return n
	}
	if in("LeakViaWrapper") == 0 {
		t.Errorf("no unlock finding in LeakViaWrapper (needs the cross-package fact on dep.(*C).Acquire); lockwrap.go findings: %v", lockwrap)
	}
	for _, fn := range []string{"DeferredRelease", "SilencedLeak"} {
		if n := in(fn); n > 0 {
			t.Errorf("%d finding(s) in %s, want none; lockwrap.go findings: %v", n, fn, lockwrap)
		}
	}
	for _, s := range lockwrap {
		if withNames && s.analyzer != "unlock" {
			t.Errorf("unexpected %s finding in lockwrap.go: %v", s.analyzer, s)
		}
	}
}

var textLineRE = regexp.MustCompile(`^(\S+\.go):(\d+):(\d+): (.*)$`)

// parseText reads "file:line:col: message" lines; with names, the message
// ends in "(analyzer)". Indented lines (related information) are skipped.
func parseText(t *testing.T, dir, out string, withNames bool) []site {
	t.Helper()
	var sites []site
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		m := textLineRE.FindStringSubmatch(line)
		if m == nil || strings.HasPrefix(m[4], "\t") {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		s := site{file: relTo(dir, m[1]), line: n}
		if withNames {
			i := strings.LastIndex(m[4], " (")
			if i < 0 || !strings.HasSuffix(m[4], ")") {
				t.Errorf("text line lacks the analyzer name: %q", line)
				continue
			}
			s.analyzer = m[4][i+2 : len(m[4])-1]
		}
		sites = append(sites, s)
	}
	return sites
}

func relTo(dir, file string) string {
	if filepath.IsAbs(file) {
		if r, err := filepath.Rel(dir, file); err == nil {
			file = r
		}
		// go vet may print paths under a symlink-resolved temp dir.
		if real, err := filepath.EvalSymlinks(dir); err == nil && strings.HasPrefix(file, "..") {
			if r, err := filepath.Rel(real, file); err == nil {
				file = r
			}
		}
	}
	return filepath.ToSlash(file)
}

// parseVetJSON reads go vet's JSON tree (a stream of them under go vet).
func parseVetJSON(t *testing.T, dir, out string) []site {
	t.Helper()
	var sites []site
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("JSON output: %v\n%s", err, out)
			}
			break
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var diags []struct {
					Posn, End, Message string
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s/%s: not a diagnostic list: %s", pkg, name, raw)
					continue
				}
				for _, d := range diags {
					m := regexp.MustCompile(`^(.*):(\d+):(\d+)$`).FindStringSubmatch(d.Posn)
					if m == nil {
						t.Errorf("bad posn %q", d.Posn)
						continue
					}
					n, _ := strconv.Atoi(m[2])
					sites = append(sites, site{relTo(dir, m[1]), n, name})
				}
			}
		}
	}
	return sites
}

func TestVetTool(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := fixture(t)

	// Go 1.26 go vet always passes -json to the tool and prints the
	// findings itself, on stderr, as file:line:col: message (without the
	// analyzer name), exiting 1 when there are any.
	res := runIn(t, dir, "go", "vet", "-vettool="+bin, "./...")
	if res.code != 1 {
		t.Errorf("go vet exit status = %d, want 1 (findings)\nstderr:\n%s", res.code, res.stderr)
	}
	compare(t, dir, parseText(t, dir, res.stderr, false), false)

	// go vet -json passes the tool's JSON through (on stdout) and exits 0.
	res = runIn(t, dir, "go", "vet", "-vettool="+bin, "-json", "./...")
	if res.code != 0 {
		t.Errorf("go vet -json exit status = %d, want 0\nstderr:\n%s", res.code, res.stderr)
	}
	compare(t, dir, parseVetJSON(t, dir, res.stdout+res.stderr), true)

	// A clean package: exit 0, nothing printed.
	res = runIn(t, dir, "go", "vet", "-vettool="+bin, "./dep")
	if res.code != 0 || strings.TrimSpace(res.stderr) != "" {
		t.Errorf("go vet ./dep: exit %d, stderr %q; want 0 and nothing", res.code, res.stderr)
	}

	// Per-analyzer flags pass through go vet (-flags handshake).
	res = runIn(t, dir, "go", "vet", "-vettool="+bin, "-copylocks=false", "./...")
	if strings.Contains(res.stderr, "passes lock by value") || !strings.Contains(res.stderr, "wg.Add called inside the goroutine") {
		t.Errorf("go vet -copylocks=false: want missingjoin but no copylocks findings, got:\n%s", res.stderr)
	}
}

func TestStandaloneText(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := fixture(t)
	res := runIn(t, dir, bin, "./...")
	if res.code != exitFindings {
		t.Errorf("exit status = %d, want %d\nstderr:\n%s", res.code, exitFindings, res.stderr)
	}
	if res.stdout != "" {
		t.Errorf("text mode wrote to stdout: %q", res.stdout)
	}
	compare(t, dir, parseText(t, dir, res.stderr, true), true)
	if !strings.Contains(res.stderr, "use/use.go:") || strings.Contains(res.stderr, dir) {
		t.Errorf("text output should use paths relative to the working directory:\n%s", res.stderr)
	}

	// Analyzer selection as in multichecker.
	only := runIn(t, dir, bin, "-copylocks", "./...")
	for _, s := range parseText(t, dir, only.stderr, true) {
		if s.analyzer != "copylocks" {
			t.Errorf("-copylocks: unexpected %v", s)
		}
	}
	if !strings.Contains(only.stderr, "(copylocks)") {
		t.Errorf("-copylocks: no copylocks finding:\n%s", only.stderr)
	}
	but := runIn(t, dir, bin, "-copylocks=false", "./...")
	if strings.Contains(but.stderr, "(copylocks)") || !strings.Contains(but.stderr, "(missingjoin)") {
		t.Errorf("-copylocks=false: want all but copylocks:\n%s", but.stderr)
	}

	// -test=false leaves out the test file's finding.
	noTests := runIn(t, dir, bin, "-test=false", "./...")
	if strings.Contains(noTests.stderr, "use_test.go") || !strings.Contains(noTests.stderr, "use.go:") {
		t.Errorf("-test=false: want findings without use_test.go:\n%s", noTests.stderr)
	}

	// Clean package and -c context lines.
	if res := runIn(t, dir, bin, "./dep"); res.code != exitClean || res.stderr != "" {
		t.Errorf("./dep: exit %d stderr %q, want 0 and nothing", res.code, res.stderr)
	}
	ctx := runIn(t, dir, bin, "-c=0", "-waitgroup", "./use")
	if !strings.Contains(ctx.stderr, "\t\twg.Add(1)") {
		t.Errorf("-c=0 should print the offending line:\n%s", ctx.stderr)
	}
}

func TestStandaloneJSON(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := fixture(t)
	res := runIn(t, dir, bin, "-json", "./...")
	if res.code != exitFindings {
		t.Errorf("exit status = %d, want %d (same as text)\nstderr:\n%s", res.code, exitFindings, res.stderr)
	}
	compare(t, dir, parseVetJSON(t, dir, res.stdout), true)
	if res := runIn(t, dir, bin, "-json", "./dep"); res.code != exitClean || strings.TrimSpace(res.stdout) != "{}" {
		t.Errorf("-json ./dep: exit %d stdout %q, want 0 and {}", res.code, res.stdout)
	}
}

func TestStandaloneSARIF(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := fixture(t)
	for _, flag := range []string{"-sarif", "-format=sarif"} {
		res := runIn(t, dir, bin, flag, "./...")
		if res.code != exitFindings {
			t.Errorf("%s: exit status = %d, want %d\nstderr:\n%s", flag, res.code, exitFindings, res.stderr)
		}
		log := validateSARIF(t, []byte(res.stdout))
		run := log["runs"].([]any)[0].(map[string]any)
		driver := run["tool"].(map[string]any)["driver"].(map[string]any)
		if driver["name"] != "concurlint" {
			t.Errorf("driver name = %v", driver["name"])
		}
		rules := make(map[string]map[string]any)
		for _, r := range driver["rules"].([]any) {
			rule := r.(map[string]any)
			rules[rule["id"].(string)] = rule
		}
		for _, a := range analyzers() {
			rule := rules[a.Name]
			if rule == nil {
				t.Errorf("%s: no rule for analyzer %s", flag, a.Name)
				continue
			}
			summary, _ := summaryAndBody(a)
			if rule["shortDescription"].(map[string]any)["text"] != summary || rule["helpUri"] != a.URL {
				t.Errorf("%s: rule %s = %v", flag, a.Name, rule)
			}
		}
		var got []site
		for _, r := range run["results"].([]any) {
			res := r.(map[string]any)
			loc := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
			al := loc["artifactLocation"].(map[string]any)
			if al["uriBaseId"] != srcRoot {
				t.Errorf("%s: result location %v is not relative to %s", flag, al, srcRoot)
			}
			line := int(loc["region"].(map[string]any)["startLine"].(float64))
			got = append(got, site{al["uri"].(string), line, res["ruleId"].(string)})
		}
		compare(t, dir, got, true)
		if registeredNames()["unlock"] {
			// unlock names the leaking return as related information.
			found := false
			for _, r := range run["results"].([]any) {
				res := r.(map[string]any)
				if rel, ok := res["relatedLocations"].([]any); ok && res["ruleId"] == "unlock" && len(rel) > 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no unlock result with relatedLocations", flag)
			}
		}
		if registeredNames()["goroutineleak"] && !strings.Contains(res.stdout, `"insertedContent": {`) {
			t.Errorf("%s: goroutineleak's suggested fix is not in the SARIF fixes", flag)
		}
	}
	res := runIn(t, dir, bin, "-sarif", "./dep")
	if res.code != exitClean {
		t.Errorf("-sarif ./dep: exit %d, want 0", res.code)
	}
	log := validateSARIF(t, []byte(res.stdout))
	if n := len(log["runs"].([]any)[0].(map[string]any)["results"].([]any)); n != 0 {
		t.Errorf("-sarif ./dep: %d results, want 0", n)
	}
}

// TestExitCodes covers the error paths, which must win over findings in
// every format.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := fixture(t)
	os.MkdirAll(filepath.Join(dir, "bad"), 0o755)
	os.WriteFile(filepath.Join(dir, "bad", "bad.go"), []byte("package bad\n\nvar X int = \"s\"\n"), 0o644)
	for _, args := range [][]string{{"./..."}, {"-json", "./..."}, {"-sarif", "./..."}, {"./bad"}} {
		res := runIn(t, dir, bin, args...)
		if res.code != exitError {
			t.Errorf("%v with a type error: exit %d, want %d\nstderr:\n%s", args, res.code, exitError, res.stderr)
		}
		if !strings.Contains(res.stderr, "cannot use") {
			t.Errorf("%v: the type error is not on stderr:\n%s", args, res.stderr)
		}
		if args[0] == "-sarif" {
			log := validateSARIF(t, []byte(res.stdout))
			inv := log["runs"].([]any)[0].(map[string]any)["invocations"].([]any)[0].(map[string]any)
			if inv["executionSuccessful"] != false {
				t.Errorf("-sarif with a load error: executionSuccessful = %v", inv["executionSuccessful"])
			}
		}
	}
	for _, args := range [][]string{{"-nosuchflag", "./..."}, {"-format=xml", "./..."}, {"-json", "-sarif", "./..."}, {}, {"-diff", "./..."}, {"-fix", "-sarif", "./..."}} {
		if res := runIn(t, dir, bin, args...); res.code != exitUsage {
			t.Errorf("%v: exit %d, want %d\nstderr:\n%s", args, res.code, exitUsage, res.stderr)
		}
	}
	if res := runIn(t, dir, bin, "./nosuchdir"); res.code != exitError {
		t.Errorf("./nosuchdir: exit %d, want %d\nstderr:\n%s", res.code, exitError, res.stderr)
	}
}

// TestFix runs -fix -diff and -fix. The fixture's fix-bearing finding is
// goroutineleak's buffer fix in use.LocalProducer; without that analyzer
// no finding carries a fix, and both must leave the code alone.
func TestFix(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := fixture(t)
	file := filepath.Join(dir, "use", "chanleak.go")
	before, _ := os.ReadFile(file)
	withFix := registeredNames()["goroutineleak"]

	res := runIn(t, dir, bin, "-fix", "-diff", "./...")
	if res.code != 0 {
		t.Errorf("-fix -diff: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", res.code, res.stdout, res.stderr)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Errorf("-fix -diff changed %s", file)
	}
	if withFix != strings.Contains(res.stdout, "+\tch := make(chan int, 1)") {
		t.Errorf("-fix -diff (goroutineleak registered: %v): unexpected diff:\n%s", withFix, res.stdout)
	}

	// Through go vet: -fix -diff prints the same diff and exits 1 when
	// there is one (Go 1.26, like gofmt -d).
	vet := runIn(t, dir, "go", "vet", "-vettool="+bin, "-fix", "-diff", "./...")
	if withFix != strings.Contains(vet.stdout, "+\tch := make(chan int, 1)") || (vet.code == 1) != withFix {
		t.Errorf("go vet -fix -diff (goroutineleak registered: %v): exit %d, diff:\n%s\nstderr:\n%s", withFix, vet.code, vet.stdout, vet.stderr)
	}

	res = runIn(t, dir, bin, "-fix", "./...")
	if res.code != 0 {
		t.Errorf("-fix: exit %d, want 0\nstderr:\n%s", res.code, res.stderr)
	}
	after, _ := os.ReadFile(file)
	if changed := !bytes.Equal(before, after); changed != withFix {
		t.Errorf("-fix changed %s: %v, want %v (goroutineleak registered)\n%s", file, changed, withFix, after)
	}
	if !withFix {
		t.Skip("no analyzer named goroutineleak is registered yet: its buffer fix is the fixture's only fix-bearing case")
	}
	if !bytes.Contains(after, []byte("ch := make(chan int, 1)\n\tgo func() { ch <- 42 }()")) {
		t.Errorf("-fix did not buffer LocalProducer's channel:\n%s", after)
	}
	// After the fix, LocalProducer is silent.
	res = runIn(t, dir, bin, "-goroutineleak", "./use")
	if strings.Contains(res.stderr, "chanleak.go:40:") {
		t.Errorf("finding remains after -fix:\n%s", res.stderr)
	}
}

func TestHelp(t *testing.T) {
	t.Parallel()
	bin := concurlintBin(t)
	dir := t.TempDir()
	res := runIn(t, dir, bin, "help")
	if res.code != 0 {
		t.Errorf("help: exit %d", res.code)
	}
	for _, a := range analyzers() {
		summary, _ := summaryAndBody(a)
		if !strings.Contains(res.stdout, a.Name) || !strings.Contains(res.stdout, summary) {
			t.Errorf("help does not list %s: %s", a.Name, summary)
		}
	}
	for _, want := range []string{"Exit status", "-sarif", "//nolint:", "go vet -vettool"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	for _, a := range analyzers() {
		res := runIn(t, dir, bin, "help", a.Name)
		_, body := summaryAndBody(a)
		if res.code != 0 || !strings.Contains(res.stdout, body) || (a.URL != "" && !strings.Contains(res.stdout, a.URL)) {
			t.Errorf("help %s: exit %d, does not print the full doc and URL:\n%s", a.Name, res.code, res.stdout)
		}
	}
	if res := runIn(t, dir, bin, "help", "nosuch"); res.code != exitUsage {
		t.Errorf("help nosuch: exit %d, want %d", res.code, exitUsage)
	}
}
