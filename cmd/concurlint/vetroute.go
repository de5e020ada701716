package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The standalone driver's default route runs the analysis through the go
// command's vet protocol, with this binary as the vet tool:
//
//	go vet -json -vettool=<this binary> [analyzer flags] <patterns>
//
// and prints go vet's JSON (one tree per package) in the chosen format
// itself. The go command then does what a driver of our own would have to:
// one process per package in dependency order (peak memory is that of the
// largest package, not of the whole module), only the fact producers on
// dependencies (vetx.go), and a persistent cache. Go 1.26 caches each vet
// action — the facts (vetx) and the tool's stdout, which with -json holds
// the findings — under a key made of the tool's -V=full output (a hash of
// this executable: a different build of concurlint never replays another
// build's results), the tool flags, the package's sources and build
// configuration, and the vetx files of its dependencies. A warm run replays
// the findings from GOCACHE; after an edit, the edited package and the
// packages whose inputs changed through it are analysed again, nothing else.
// See docs/driver.md.
//
// The in-process checker (run.go's analyze) remains for -cache=false,
// -test=false (go vet always analyses a package with its test files) and
// -fix (multichecker), and produces the output whenever go vet fails (a
// package that does not load or type-check, an analyzer error), so that
// error reporting stays what it was.

// cacheEnv is the environment variable that overrides the cache directory
// of the standalone run ("off" is -cache=false). Unset: the go command's
// GOCACHE (go env GOCACHE; by default under the user cache directory).
const cacheEnv = "CONCURLINT_CACHE"

// useVetRoute reports whether the standalone run goes through go vet.
func useVetRoute(o *options) bool {
	if !o.cache || !o.tests || os.Getenv(cacheEnv) == "off" {
		return false
	}
	if o.debug.budget {
		return false // budget hits are recorded in this process only
	}
	return true
}

// standaloneFlag is the tool flag the vet route adds to go vet's command
// line. It changes nothing in the analysis, but go vet's cache key includes
// the tool flags, so the standalone driver's entries stay apart from those
// of go vet -vettool=concurlint runs (see vetOnlyCollision).
const standaloneFlag = "standalone"

// vetOnlyCollision: the go command (1.26) keys a vet action on the tool,
// its flags, the package and its dependencies' facts, but not on whether
// the package is analysed for its findings or only for facts (VetxOnly, as
// a dependency). After `go vet ./b`, where b imports a, `go vet ./...`
// replays a's facts-only run — empty output — for a, and a's findings are
// lost; the other way round, a dependency replays a root run's findings.
// Plain go vet has the same defect. The vet route avoids both: it always
// asks go vet for every package of the main modules it touches (so a
// package of those modules is never analysed for facts only under the
// route's flags), and prints only the packages the patterns name.

// vetPlan is what the vet route runs and what it prints.
type vetPlan struct {
	patterns []string        // go vet's patterns
	roots    map[string]bool // import paths the user's patterns match
	// broken: roots that do not load (the package or one of its test
	// variants has errors). go vet refuses them, and with them every
	// package of the same go vet run; they are analysed in process
	// instead, and go vet gets the others by import path.
	broken []string
}

// planVet lists the packages the patterns match. ok is false when go list
// fails or matches nothing (the in-process run reports why).
func planVet(o *options) (plan vetPlan, ok bool) {
	args := append([]string{"list", "-e", "-f", "{{.ImportPath}}\t{{with .Module}}{{.Main}}\t{{.Dir}}{{end}}"}, o.patterns...)
	cmd := exec.Command("go", args...)
	cmd.Env = vetEnv()
	out, err := cmd.Output()
	if err != nil {
		return plan, false
	}
	plan.roots = make(map[string]bool)
	mods := make(map[string]bool) // main modules' directories
	// Files named on the command line form a package of their own
	// (command-line-arguments) that no module pattern matches.
	widen := !slices.ContainsFunc(o.patterns, func(p string) bool { return strings.HasSuffix(p, ".go") })
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if f[0] == "" {
			continue
		}
		plan.roots[f[0]] = true
		if len(f) == 3 && f[1] == "true" {
			mods[f[2]] = true
		} else {
			widen = false // a package of the standard library or of a dependency
		}
	}
	if len(plan.roots) == 0 {
		return plan, false
	}
	plan.broken = brokenRoots(o.patterns, plan.roots)
	if len(plan.broken) > 0 {
		bad := make(map[string]bool)
		for _, b := range plan.broken {
			bad[b] = true
		}
		plan.patterns = nil
		for r := range plan.roots {
			if !bad[r] {
				plan.patterns = append(plan.patterns, r)
			}
		}
		slices.Sort(plan.patterns)
		return plan, true
	}
	if !widen {
		plan.patterns = o.patterns
		return plan, true
	}
	// The module's directory tree, not "path/...": in module mode that
	// pattern also matches packages of other modules in the build list
	// whose paths lie below the main module's (grpc/examples below grpc),
	// which would then be loaded, and perhaps downloaded.
	for dir := range mods {
		plan.patterns = append(plan.patterns, filepath.Join(dir, "..."))
	}
	slices.Sort(plan.patterns)
	return plan, true
}

// failedRoots returns the roots named by the "# pkg" headers go vet
// writes before a package's errors; nil if a header names anything else.
func failedRoots(stderr string, roots map[string]bool) []string {
	seen := make(map[string]bool)
	var out []string
	for _, line := range strings.Split(stderr, "\n") {
		if !strings.HasPrefix(line, "# ") || strings.HasPrefix(line, "# [") {
			continue
		}
		id := rootOf(strings.TrimPrefix(line, "# "))
		if !roots[id] {
			return nil
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// rootOf maps a package ID of go list or go vet ("p", "p [p.test]",
// "p_test [p.test]", "p.test") to its import path p.
func rootOf(id string) string {
	if i := strings.Index(id, " ["); i >= 0 && strings.HasSuffix(id, "]") {
		id = id[i+2 : len(id)-1]
	}
	return strings.TrimSuffix(id, ".test")
}

// exclude moves the roots ids to the broken set: go vet is then given the
// remaining roots by import path. It reports false when none would remain.
func (p *vetPlan) exclude(ids []string) bool {
	bad := make(map[string]bool)
	for _, b := range p.broken {
		bad[b] = true
	}
	for _, id := range ids {
		bad[id] = true
	}
	var rest []string
	for r := range p.roots {
		if !bad[r] {
			rest = append(rest, r)
		}
	}
	if len(rest) == 0 {
		return false
	}
	slices.Sort(rest)
	p.patterns = rest
	p.broken = p.broken[:0]
	for b := range bad {
		p.broken = append(p.broken, b)
	}
	slices.Sort(p.broken)
	return true
}

// brokenRoots lists the roots whose package or test variants have load
// errors (go list -e -test).
func brokenRoots(patterns []string, roots map[string]bool) []string {
	args := append([]string{"list", "-e", "-test", "-f", "{{.ImportPath}}\t{{if or .Error .DepsErrors}}broken{{end}}"}, patterns...)
	cmd := exec.Command("go", args...)
	cmd.Env = vetEnv()
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	seen := make(map[string]bool)
	var broken []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 2 || f[1] != "broken" {
			continue
		}
		id := rootOf(f[0])
		if roots[id] && !seen[id] {
			seen[id] = true
			broken = append(broken, id)
		}
	}
	slices.Sort(broken)
	return broken
}

// vetEnv is the environment of the go commands the vet route runs.
func vetEnv() []string {
	env := os.Environ()
	if dir := os.Getenv(cacheEnv); dir != "" {
		env = append(env, "GOCACHE="+dir)
	}
	return env
}

// vetCommand returns the go vet command line of the vet route.
func vetCommand(o *options, plan vetPlan, tool string) []string {
	args := []string{"go", "vet", "-json", "-vettool=" + tool, "-" + standaloneFlag}
	args = append(args, o.vetFlags...)
	return append(args, plan.patterns...)
}

// analyzeVet runs the analysis through go vet. ok is false when go vet
// failed or an analyzer reported an error: the caller then runs the
// in-process path, which reports errors as the standalone driver always has.
func analyzeVet(o *options) (res *result, ok bool, err error) {
	tool, err := os.Executable()
	if err != nil {
		return nil, false, nil
	}
	plan, ok := planVet(o)
	if !ok {
		return nil, false, nil
	}
	if len(plan.broken) > 0 && len(plan.patterns) == 0 {
		return nil, false, nil // nothing loads: the in-process run reports why
	}
	var stdout, stderr bytes.Buffer
	for attempt := 0; ; attempt++ {
		argv := vetCommand(o, plan, tool)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = vetEnv()
		stdout.Reset()
		stderr.Reset()
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err == nil {
			break
		}
		// go vet -json exits 0 unless something failed. A package that
		// does not type-check (a test file using generated mocks the
		// module lacks) is named in a "# pkg" header: once, leave such
		// packages to the in-process run and give go vet the others.
		failed := failedRoots(stderr.String(), plan.roots)
		if attempt > 0 || len(failed) == 0 || !plan.exclude(failed) {
			return nil, false, nil
		}
	}
	wd, _ := os.Getwd()
	res = &result{analyzers: o.analyzers, wd: wd}
	ok, err = readVetJSON(res, o, plan, stdout.Bytes())
	if err != nil || !ok {
		return nil, false, err
	}
	// go vet writes nothing else on success; pass on anything it did
	// write (a warning of the go command).
	os.Stderr.Write(stderr.Bytes())
	if len(plan.broken) > 0 {
		// The packages that do not load, in process: their load errors,
		// and whatever of them can be analysed.
		sub := *o
		sub.patterns = plan.broken
		bres, err := analyze(&sub)
		if err != nil {
			return nil, false, err
		}
		res.findings = append(res.findings, bres.findings...)
		res.errors = append(res.errors, bres.errors...)
	}
	sortFindings(res)
	return res, true, nil
}

// A vetDiagnostic is one diagnostic of go vet -json (driverutil.JSONDiagnostic).
type vetDiagnostic struct {
	Category       string `json:"category"`
	Posn           string `json:"posn"`
	End            string `json:"end"`
	Message        string `json:"message"`
	SuggestedFixes []struct {
		Message string `json:"message"`
		Edits   []struct {
			Filename   string `json:"filename"`
			Start, End int
			New        string `json:"new"`
		} `json:"edits"`
	} `json:"suggested_fixes"`
	Related []struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	} `json:"related"`
}

// readVetJSON adds the findings of go vet's JSON stream (one tree per
// analysed package) to res. It returns false if an analyzer failed.
func readVetJSON(res *result, o *options, plan vetPlan, data []byte) (bool, error) {
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range o.analyzers {
		byName[a.Name] = a
	}
	pos := newPositions()
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			return false, fmt.Errorf("reading go vet -json output: %v", err)
		}
		for id, byAnalyzer := range tree {
			if !plan.roots[id] && !plan.roots[strings.TrimSuffix(id, "_test")] {
				continue // a package the patterns do not name
			}
			for name, raw := range byAnalyzer {
				if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
					return false, nil // {"error": ...}: an analyzer failed
				}
				var diags []vetDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					return false, fmt.Errorf("reading go vet -json output: %s/%s: %v", id, name, err)
				}
				a := byName[name]
				if a == nil {
					continue // not selected (cannot happen: go vet ran only the selected ones)
				}
				for _, d := range diags {
					f := pos.finding(a, d)
					f.pkgID = checkerID(id, f.posn.Filename)
					res.findings = append(res.findings, f)
				}
			}
		}
	}
	return true, nil
}

// checkerID maps go vet's package ID to the one the in-process checker
// reports, so that -json output does not depend on the route. go vet
// analyses a package once, with its test files ("p"), and its external
// test package ("p_test"); the checker analyses p, "p [p.test]" and
// "p_test [p.test]", and a finding in a non-test file is reported under p
// (the first of them).
func checkerID(vetID, filename string) string {
	if !strings.HasSuffix(filename, "_test.go") || strings.Contains(vetID, " ") {
		return vetID
	}
	return vetID + " [" + strings.TrimSuffix(vetID, "_test") + ".test]"
}

// positions rebuilds token positions for go vet's "file:line:col" strings
// and byte offsets, in a file set of its own: each file named is read and
// its lines recorded, so that a position carries the same filename, line,
// column and offset as in the in-process run. A position outside any
// readable file (a //line directive naming a file that is not there) gets
// a one-byte file of its own reporting that filename, line and column.
type positions struct {
	fset  *token.FileSet
	files map[string]*token.File // nil: unreadable
}

func newPositions() *positions {
	return &positions{fset: token.NewFileSet(), files: make(map[string]*token.File)}
}

func (p *positions) file(name string) *token.File {
	f, ok := p.files[name]
	if !ok {
		if data, err := os.ReadFile(name); err == nil {
			f = p.fset.AddFile(name, -1, len(data))
			f.SetLinesForContent(data)
		}
		p.files[name] = f
	}
	return f
}

// synthetic returns a position that reports filename:line:col.
func (p *positions) synthetic(filename string, line, col int) token.Pos {
	f := p.fset.AddFile(filename, -1, 1)
	f.AddLineColumnInfo(0, filename, line, col)
	return f.Pos(0)
}

// at returns the position of a go vet "file:line:col" string ("-" or "":
// no position).
func (p *positions) at(s string) token.Pos {
	filename, line, col, ok := splitPosn(s)
	if !ok {
		return token.NoPos
	}
	if f := p.file(filename); f != nil && line >= 1 && line <= f.LineCount() {
		start := f.LineStart(line)
		off := int(start) - f.Base() + col - 1
		last := f.Size() // the last valid offset on this line (EOF on the last line)
		if line < f.LineCount() {
			last = int(f.LineStart(line+1)) - f.Base() - 1 // its newline
		}
		if col >= 1 && off <= last {
			return f.Pos(off)
		}
	}
	return p.synthetic(filename, line, col)
}

// offset returns the position of a byte offset in a file (a fix's edit).
func (p *positions) offset(filename string, off int) token.Pos {
	if f := p.file(filename); f != nil && off >= 0 && off <= f.Size() {
		return f.Pos(off)
	}
	return p.synthetic(filename, 1, 1)
}

// splitPosn splits "file:line:col" (file may contain colons).
func splitPosn(s string) (filename string, line, col int, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return "", 0, 0, false
	}
	j := strings.LastIndexByte(s[:i], ':')
	if j < 0 {
		return "", 0, 0, false
	}
	line, err1 := strconv.Atoi(s[j+1 : i])
	col, err2 := strconv.Atoi(s[i+1:])
	if err1 != nil || err2 != nil {
		return "", 0, 0, false
	}
	return filepath.Clean(s[:j]), line, col, true
}

// finding converts one go vet diagnostic.
func (p *positions) finding(a *analysis.Analyzer, d vetDiagnostic) finding {
	diag := analysis.Diagnostic{
		Pos:      p.at(d.Posn),
		Category: d.Category,
		Message:  d.Message,
	}
	if d.End != d.Posn {
		diag.End = p.at(d.End)
	}
	for _, fix := range d.SuggestedFixes {
		sf := analysis.SuggestedFix{Message: fix.Message}
		for _, e := range fix.Edits {
			sf.TextEdits = append(sf.TextEdits, analysis.TextEdit{
				Pos:     p.offset(e.Filename, e.Start),
				End:     p.offset(e.Filename, e.End),
				NewText: []byte(e.New),
			})
		}
		diag.SuggestedFixes = append(diag.SuggestedFixes, sf)
	}
	for _, r := range d.Related {
		ri := analysis.RelatedInformation{Pos: p.at(r.Posn), Message: r.Message}
		if r.End != r.Posn {
			ri.End = p.at(r.End)
		}
		diag.Related = append(diag.Related, ri)
	}
	posn := p.fset.Position(diag.Pos)
	end := posn
	if diag.End.IsValid() {
		end = p.fset.Position(diag.End)
	}
	return finding{analyzer: a, fset: p.fset, diag: diag, posn: posn, end: end}
}
