package check

// The golangci-lint route, end to end: run a golangci-lint binary with the
// concurlint plugin linked in (built by scripts/golangci-check.sh and named
// by CONCURLINT_GCL_BIN) on the fixture module of cmd/concurlint, and check
// findings, //nolint, settings errors and suggested fixes. Skipped unless
// CONCURLINT_GCL_BIN is set: building golangci-lint takes minutes.

import (
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
	"strings"
	"testing"

	"github.com/concurlint/concurlint"
)

const fixtureDir = "../../../../cmd/concurlint/testdata/fixture"

func gclBin(t *testing.T) string {
	bin := os.Getenv("CONCURLINT_GCL_BIN")
	if bin == "" {
		t.Skip("CONCURLINT_GCL_BIN not set: run scripts/golangci-check.sh, which builds golangci-lint with the plugin")
	}
	return bin
}

func copyFixture(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(fixtureDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(fixtureDir, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func registered() map[string]bool {
	m := make(map[string]bool)
	for _, a := range concurlint.All() {
		m[a.Name] = true
	}
	return m
}

// writeConfig enables every concurlint linter (and nothing else), with
// extra YAML appended under the settings of the waitgroup linter.
func writeConfig(t *testing.T, dir, waitgroupSettings string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("version: \"2\"\nlinters:\n  default: none\n  enable:\n")
	var names []string
	for _, a := range concurlint.All() {
		names = append(names, a.Name)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "    - %s\n", n)
	}
	b.WriteString("  settings:\n    custom:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "      %s:\n        type: module\n        description: concurlint %s\n", n, n)
		if n == "waitgroup" && waitgroupSettings != "" {
			fmt.Fprintf(&b, "        settings:\n%s", waitgroupSettings)
		}
	}
	b.WriteString("issues:\n  max-issues-per-linter: 0\n  max-same-issues: 0\n  uniq-by-line: false\n")
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(gclBin(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local")
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
	SuggestedFixes []json.RawMessage
}

type site struct {
	file   string
	line   int
	linter string
}

func (s site) String() string { return fmt.Sprintf("%s:%d: %s", s.file, s.line, s.linter) }

var expectRE = regexp.MustCompile(`// expect:([a-z0-9,]+)`)

func TestGolangciLint(t *testing.T) {
	gclBin(t)
	dir := copyFixture(t)
	writeConfig(t, dir, "")
	stdout, stderr, code := run(t, dir, "run", "--output.json.path=stdout", "--show-stats=false", "./...")
	if code != 1 {
		t.Errorf("exit status %d, want 1 (issues found)\nstderr:\n%s", code, stderr)
	}
	var out struct{ Issues []issue }
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("JSON output: %v\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	t.Logf("%d issues", len(out.Issues))

	reg := registered()
	var want []site
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		data, _ := os.ReadFile(path)
		for i, line := range strings.Split(string(data), "\n") {
			if m := expectRE.FindStringSubmatch(line); m != nil {
				for _, n := range strings.Split(m[1], ",") {
					if reg[n] {
						want = append(want, site{filepath.ToSlash(rel), i + 1, n})
					} else {
						t.Logf("not checked: %s:%d: %s (not registered)", rel, i+1, n)
					}
				}
			}
		}
		return nil
	})
	var got, lockwrap []site
	byLinter := make(map[string][]issue)
	related := 0
	for _, is := range out.Issues {
		if strings.Contains(is.Text, "(related information): ") {
			// golangci-lint turns each Diagnostic.Related into an issue
			// of its own ("NAME(related information): msg").
			related++
			continue
		}
		s := site{filepath.ToSlash(is.Pos.Filename), is.Pos.Line, is.FromLinter}
		byLinter[is.FromLinter] = append(byLinter[is.FromLinter], is)
		if s.file == "use/lockwrap.go" {
			lockwrap = append(lockwrap, s)
		} else {
			got = append(got, s)
		}
	}
	t.Logf("%d of them related information", related)
	got = dropCovered(got, want)
	less := func(a, b site) int { return strings.Compare(a.String(), b.String()) }
	slices.SortFunc(got, less)
	slices.SortFunc(want, less)
	got = slices.Compact(got)
	if !slices.Equal(got, want) {
		t.Errorf("golangci-lint issues differ from the fixture's // expect: markers (//nolint:copylocks must silence use.Silenced)\n got: %v\nwant: %v", got, want)
	}

	t.Run("unlock", func(t *testing.T) {
		if !reg["unlock"] {
			if len(lockwrap) > 0 {
				t.Errorf("findings in lockwrap.go without an unlock analyzer: %v", lockwrap)
			}
			t.Skip("no analyzer named unlock is registered yet: the cross-package lock-wrapper case waits for it")
		}
		funcs := funcRanges(t, filepath.Join(dir, "use", "lockwrap.go"))
		count := func(fn string) (n int) {
			for _, s := range lockwrap {
				if r := funcs[fn]; s.linter == "unlock" && s.line >= r[0] && s.line <= r[1] {
					n++
				}
			}
			return n
		}
		if count("LeakViaWrapper") == 0 {
			t.Errorf("no unlock issue in LeakViaWrapper: %v", lockwrap)
		}
		if n := count("DeferredRelease") + count("SilencedLeak"); n > 0 {
			t.Errorf("unlock issues in DeferredRelease or SilencedLeak (//nolint:unlock): %v", lockwrap)
		}
	})

	t.Run("suggested-fixes", func(t *testing.T) {
		// What editors (VS Code's go.lintTool, golangci-lint-langserver)
		// receive: the JSON issues carry the analyzers' SuggestedFixes.
		if !reg["goroutineleak"] {
			t.Skip("no analyzer named goroutineleak is registered yet: its buffer fix is the fixture's fix-bearing case")
		}
		// use.LocalProducer (chanleak.go:40) gets goroutineleak's buffer fix.
		found := false
		for _, is := range byLinter["goroutineleak"] {
			if filepath.ToSlash(is.Pos.Filename) == "use/chanleak.go" && is.Pos.Line == 40 {
				found = true
				if len(is.SuggestedFixes) == 0 {
					t.Errorf("goroutineleak issue without SuggestedFixes: %+v", is)
				}
			}
		}
		if !found {
			t.Errorf("no goroutineleak issue at use/chanleak.go:40: %+v", byLinter["goroutineleak"])
		}
	})
}

func TestGolangciLintSettings(t *testing.T) {
	gclBin(t)
	dir := copyFixture(t)
	writeConfig(t, dir, "          no-such-key: 1\n")
	stdout, stderr, code := run(t, dir, "run", "--show-stats=false", "./...")
	if code == 0 || code == 1 {
		t.Errorf("bad setting: exit %d, want a configuration error", code)
	}
	if !strings.Contains(stdout+stderr, `unknown setting "no-such-key"`) {
		t.Errorf("bad setting: the error does not name the key:\n%s%s", stdout, stderr)
	}
}

// covers mirrors the table in cmd/concurlint/main.go: bundled vet passes
// and the concurlint analyzers that report the same bug at the same site.
// The concurlint binary drops the vet pass's diagnostic there; golangci-lint
// runs the passes unwrapped (its own govet runs them too) and shows both,
// so the fixture's markers, written for the binary, name only the
// concurlint analyzer.
var covers = map[string][]string{
	"waitgroup": {"missingjoin"},
	"copylocks": {"missingjoin"},
}

// dropCovered removes a bundled pass's issue from a line where the markers
// expect one of the concurlint analyzers covering it.
func dropCovered(got, want []site) []site {
	expected := make(map[site]bool)
	for _, w := range want {
		expected[w] = true
	}
	var out []site
	for _, g := range got {
		covered := false
		for _, c := range covers[g.linter] {
			if expected[site{g.file, g.line, c}] && !expected[g] {
				covered = true
			}
		}
		if !covered {
			out = append(out, g)
		}
	}
	return out
}

func funcRanges(t *testing.T, file string) map[string][2]int {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string][2]int)
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok {
			m[fd.Name.Name] = [2]int{fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line}
		}
	}
	return m
}
