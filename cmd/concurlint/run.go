package main

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A finding is one diagnostic of a root package, with resolved positions.
type finding struct {
	analyzer  *analysis.Analyzer
	pkgID     string
	fset      *token.FileSet
	diag      analysis.Diagnostic
	posn, end token.Position
}

// result is everything an output format needs.
type result struct {
	analyzers []*analysis.Analyzer // the selected analyzers (SARIF rules)
	findings  []finding            // deduplicated, sorted by position
	errors    []failure            // load and analysis errors, already printed to stderr
	wd        string               // working directory: paths are shown relative to it
}

// A failure is a load error (analyzer "load") or an analyzer's error.
type failure struct {
	pkgID, analyzer, msg string
}

// run analyzes the packages, prints the findings in the chosen format and
// returns the exit code.
func run(o *options) int {
	defer startDebug(o)()
	res, err := collect(o)
	if err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
		return exitError
	}
	var werr error
	switch o.format {
	case "json":
		werr = writeJSON(os.Stdout, res)
	case "sarif":
		werr = writeSARIF(os.Stdout, res)
	default:
		werr = writeText(os.Stderr, res, o.context)
	}
	if werr != nil {
		fmt.Fprintf(os.Stderr, "concurlint: writing output: %v\n", werr)
		return exitError
	}
	switch {
	case len(res.errors) > 0:
		return exitError
	case len(res.findings) > 0:
		return exitFindings
	}
	return exitClean
}

// collect returns the findings and errors of the run: through go vet and
// the go command's cache when it can (vetroute.go), else in this process.
// Both routes print the same findings in the same order.
func collect(o *options) (*result, error) {
	if useVetRoute(o) {
		res, ok, err := analyzeVet(o)
		if ok || err != nil {
			return res, err
		}
		// go vet failed: the in-process run reports why.
	}
	return analyze(o)
}

// analyze loads the packages and analyzes them in this process (x/tools
// checker: every package's syntax, types and SSA stay in memory until the
// end), returning the root packages' deduplicated, sorted findings.
func analyze(o *options) (*result, error) {
	return analyzeIn("", os.Stderr, o)
}

// analyzeIn is analyze with the go command run in dir ("" is the working
// directory) and the load and analysis errors also written to errw. The
// language server (lsp.go) analyzes a file's package through it.
func analyzeIn(dir string, errw io.Writer, o *options) (*result, error) {
	wd, _ := os.Getwd()
	mode := packages.LoadSyntax | packages.NeedModule
	if needFacts(o.analyzers) {
		// Facts flow from dependencies, so they must be analyzed from
		// source too (checker.Analyze's contract).
		mode = packages.LoadAllSyntax | packages.NeedModule
	}
	cfg := &packages.Config{Mode: mode, Tests: o.tests, Dir: dir}
	initial, err := packages.Load(cfg, o.patterns...)
	if err != nil {
		return nil, err
	}
	if len(initial) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(o.patterns, " "))
	}
	ids := make([]string, len(initial))
	for i, p := range initial {
		ids[i] = p.ID
	}
	logInProcess(ids)
	res := &result{analyzers: o.analyzers, wd: wd}
	packages.Visit(initial, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			res.errors = append(res.errors, failure{p.ID, "load", e.Error()})
		}
		if p.Module != nil && p.Module.Error != nil {
			res.errors = append(res.errors, failure{p.ID, "load", p.Module.Error.Err})
		}
	})
	loadFailed := len(res.errors) > 0
	for _, e := range res.errors {
		fmt.Fprintln(errw, e.msg)
	}

	graph, err := checker.Analyze(o.analyzers, initial, nil)
	if err != nil {
		return nil, err
	}

	for act := range graph.All() {
		if act.Err != nil {
			msg := act.Err.Error()
			if loadFailed && (strings.Contains(msg, "due to errors in package") || strings.HasPrefix(msg, "failed prerequisites")) {
				continue // a consequence of the load errors printed above
			}
			fmt.Fprintf(errw, "%s: %s\n", act, msg)
			res.errors = append(res.errors, failure{act.Package.ID, act.Analyzer.Name, msg})
			continue
		}
		if !act.IsRoot {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			posn := fset.Position(d.Pos)
			end := fset.Position(cmp.Or(d.End, d.Pos))
			res.findings = append(res.findings, finding{act.Analyzer, act.Package.ID, fset, d, posn, end})
		}
	}
	sortFindings(res)
	return res, nil
}

// sortFindings drops repeated findings (a file belonging to p and to p's
// test variant is analyzed twice; the first report is kept) and sorts them
// by position (file, line, column: the same order as by offset, except in
// files with //line directives, where the line is what the user sees),
// analyzer and message.
func sortFindings(res *result) {
	type key struct {
		posn, end token.Position
		name, msg string
	}
	seen := make(map[key]bool)
	out := res.findings[:0]
	for _, f := range res.findings {
		k := key{f.posn, f.end, f.analyzer.Name, f.diag.Message}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, f)
	}
	res.findings = out
	slices.SortStableFunc(res.findings, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			cmp.Compare(a.posn.Offset, b.posn.Offset),
			cmp.Compare(a.analyzer.Name, b.analyzer.Name),
			cmp.Compare(a.diag.Message, b.diag.Message))
	})
}

// needFacts reports whether any analyzer, or one it requires, uses facts.
func needFacts(as []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer) bool
	visit = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return false
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			return true
		}
		return slices.ContainsFunc(a.Requires, visit)
	}
	return slices.ContainsFunc(as, visit)
}

// relPath returns filename relative to wd when it lies inside wd.
func relPath(wd, filename string) (string, bool) {
	if wd == "" || !filepath.IsAbs(filename) {
		return filename, false
	}
	rel, err := filepath.Rel(wd, filename)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return filename, false
	}
	return rel, true
}
