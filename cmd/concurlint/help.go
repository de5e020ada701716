package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const usage = `%[1]s finds concurrency bugs in Go code: unreleased locks, leaked
goroutines, missing joins, races on shared state. It also runs the go vet
passes that concern concurrency (atomic, copylocks, lostcancel,
testinggoroutine, waitgroup), so that 'go vet -vettool' loses nothing.

Usage:
  %[1]s [flags] [packages]          analyze, e.g. %[1]s ./...
  %[1]s help                        this text
  %[1]s help <analyzer>...          an analyzer's full documentation
  %[1]s lockgraph [packages]        the lock-order graph in DOT (cycles in red)
  %[1]s lsp [-NAME...]              language server on stdin/stdout, beside gopls
  go vet -vettool=$(command -v %[1]s) [packages]

Output: text on stderr (file:line:col: message (analyzer)); -json prints
go vet's JSON tree on stdout; -sarif (or -format=sarif) prints SARIF 2.1.0
on stdout. -fix applies each diagnostic's first suggested fix; -fix -diff
prints the changes as a unified diff instead.

Exit status: 0 no findings, 3 findings (in every output format), 1 a
package failed to load or an analyzer failed, 2 bad flags. With -fix:
0 fixes applied (or none needed), 1 fixes conflicted. Under go vet, go vet
sets the status: 1 when there are findings or errors, 0 otherwise.

Silencing: //nolint:NAME (or //nolint:concurlint for all of concurlint)
on the reported line or alone on the line before a statement or
declaration; //lint:ignore NAME reason; //lint:file-ignore NAME reason.
`

// help prints the overview, or each named analyzer's full documentation.
// It returns the exit code.
func help(w io.Writer, progname string, as []*analysis.Analyzer, names []string) int {
	if len(names) == 0 {
		fmt.Fprintf(w, usage, progname)
		fmt.Fprintln(w, "\nAnalyzers:")
		sorted := slices.Clone(as)
		slices.SortFunc(sorted, func(a, b *analysis.Analyzer) int { return strings.Compare(a.Name, b.Name) })
		for _, a := range sorted {
			summary, _ := summaryAndBody(a)
			fmt.Fprintf(w, "  %-17s %s\n", a.Name, summary)
		}
		fmt.Fprintln(w, "\nAll analyzers run by default. -NAME runs only the named ones;")
		fmt.Fprintln(w, "-NAME=false runs all but those.")
		fmt.Fprintln(w, "\nFlags:")
		var o options
		fs, _, _ := newFlagSet(progname, nil, &o, nil)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fmt.Fprintf(w, "\nRun '%s help <analyzer>' for an analyzer's documentation and flags.\n", progname)
		return exitClean
	}
	code := exitClean
outer:
	for _, name := range names {
		for _, a := range as {
			if a.Name != name {
				continue
			}
			summary, body := summaryAndBody(a)
			fmt.Fprintf(w, "%s: %s\n", a.Name, summary)
			if a.URL != "" {
				fmt.Fprintf(w, "\n%s\n", a.URL)
			}
			first := true
			a.Flags.VisitAll(func(f *flag.Flag) {
				if first {
					fmt.Fprintln(w, "\nAnalyzer flags:")
					first = false
				}
				fs := flag.NewFlagSet("", flag.ContinueOnError)
				fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
				fs.SetOutput(w)
				fs.PrintDefaults()
			})
			if body != "" {
				fmt.Fprintf(w, "\n%s\n", body)
			}
			continue outer
		}
		fmt.Fprintf(os.Stderr, "%s: no analyzer named %q (run '%s help' for the list)\n", progname, name, progname)
		code = exitUsage
	}
	return code
}
