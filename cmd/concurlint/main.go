// Command concurlint runs concurlint's analyzers and the bundled vet passes
// (atomic, copylocks, lostcancel, testinggoroutine, waitgroup).
//
// Standalone:
//
//	concurlint [flags] ./...                  text on stderr
//	concurlint -json ./...                    go vet -json tree on stdout
//	concurlint -sarif ./... > out.sarif       SARIF 2.1.0 on stdout (also -format=sarif)
//	concurlint -fix [-diff] ./...             apply (or show) the suggested fixes
//	concurlint help [analyzer]                documentation
//	concurlint lockgraph [packages]           the lock-order graph in DOT
//	concurlint lsp [-NAME...]                 a language server on stdin/stdout
//
// As a vet tool (the unitchecker protocol: -V=full, -flags, unit.cfg):
//
//	go vet -vettool=$(command -v concurlint) ./...
//
// Exit status (standalone, every output format): 0 no findings, 3 findings,
// 1 packages failed to load or an analyzer failed, 2 bad flags. Under go vet,
// go vet decides: 1 when there are findings or errors, 0 otherwise.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/concurlint/concurlint"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// Exit codes of the standalone driver.
const (
	exitClean    = 0
	exitError    = 1 // load error, type error with no analysis possible, analyzer failure, fix conflict
	exitUsage    = 2 // bad flags (the flag package's code)
	exitFindings = 3 // at least one diagnostic (same as multichecker)
)

// covers lists, for a bundled vet pass, the concurlint analyzers that
// report the same bug at the same site (SPEC.md: missingjoin flags wg.Add
// inside the counted goroutine, like waitgroup, and a WaitGroup passed by
// value, like copylocks). Where one of them reported on a line, the vet
// pass's diagnostic on that line is dropped, so each site is reported once.
// Entries naming unregistered analyzers are ignored.
var covers = map[string][]string{
	"waitgroup": {"missingjoin"},
	"copylocks": {"missingjoin"},
}

// analyzers is what the binary runs: concurlint.All, with the bundled vet
// passes wrapped so that //nolint and //lint:ignore silence them too and
// so that they defer to the concurlint analyzers in covers.
func analyzers() []*analysis.Analyzer {
	own := concurlint.Analyzers()
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range own {
		byName[a.Name] = a
	}
	var all []*analysis.Analyzer
	all = append(all, own...)
	for _, a := range concurlint.Bundled() {
		var coveredBy []*analysis.Analyzer
		for _, name := range covers[a.Name] {
			if c := byName[name]; c != nil {
				coveredBy = append(coveredBy, c)
			}
		}
		all = append(all, suppress.WrapCovered(a, coveredBy, shown))
	}
	return all
}

// selected is the set of analyzers whose findings the standalone driver
// prints (after the -NAME flags); nil under go vet.
var selected map[string]bool

// shown reports whether analyzer name's findings are printed in this run.
// A covering analyzer disabled with -name=false still runs (the wrapped vet
// pass requires it) but is not shown, and then must not hide the vet
// pass's findings.
func shown(name string) bool {
	if selected != nil {
		return selected[name]
	}
	// Under go vet, unitchecker has parsed the -NAME flags into
	// flag.CommandLine by the time analyzers run; same rule as multichecker:
	// any -NAME=true selects only those, else -NAME=false deselects.
	names := make(map[string]bool)
	for _, a := range concurlint.All() {
		names[a.Name] = true
	}
	var anyTrue, set, val bool
	flag.CommandLine.Visit(func(f *flag.Flag) {
		if !names[f.Name] {
			return
		}
		v := f.Value.String() == "true"
		anyTrue = anyTrue || v
		if f.Name == name {
			set, val = true, v
		}
	})
	if anyTrue {
		return set && val
	}
	return !set || val
}

func main() {
	progname := filepath.Base(os.Args[0])
	log.SetFlags(0)
	log.SetPrefix(progname + ": ")

	as := analyzers()
	if err := analysis.Validate(as); err != nil {
		log.Fatal(err)
	}

	args := os.Args[1:]
	switch {
	case isVetInvocation(args):
		// go vet -vettool: -V=full, -flags, or [flags] unit.cfg.
		// unitchecker parses the flags itself (per-analyzer -NAME and
		// -NAME.flag, -json, -fix, -diff, -c) and exits.
		if vetxOnly(args) {
			as = factsOnly(as)
		}
		logVetUnit(args)
		flag.Bool(standaloneFlag, false, "set by the standalone driver, whose go vet runs keep their own cache entries (see docs/driver.md)")
		unitchecker.Main(as...)
		panic("unreachable")
	case len(args) > 0 && args[0] == "help":
		os.Exit(help(os.Stdout, progname, as, args[1:]))
	case len(args) > 0 && args[0] == "lockgraph":
		os.Exit(lockgraph(os.Stdout, args[1:]))
	case len(args) > 0 && args[0] == "lsp":
		os.Exit(lspMain(progname, as, args[1:]))
	}

	opts, err := parseFlags(progname, as, args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", progname, err)
		os.Exit(exitUsage)
	}
	if opts.help {
		os.Exit(help(os.Stdout, progname, as, nil))
	}
	selected = make(map[string]bool)
	for _, a := range opts.analyzers {
		selected[a.Name] = true
	}
	if opts.fix {
		// Applying fixes (conflict detection, gofmt, unified diffs) is
		// multichecker's job; it accepts the same flags we accept here
		// minus -format/-sarif, which parseFlags rejected with -fix.
		multichecker.Main(as...)
		panic("unreachable")
	}
	os.Exit(run(opts))
}

// isVetInvocation reports whether the arguments follow the go vet -vettool
// protocol rather than a standalone command line.
func isVetInvocation(args []string) bool {
	for _, a := range args {
		switch a {
		case "-V=full", "--V=full", "-V", "--V", "-flags", "--flags":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg") && !strings.HasPrefix(args[len(args)-1], "-")
}
