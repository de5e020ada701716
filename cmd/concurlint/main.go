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

// analyzers is what the binary runs: concurlint.All, with the bundled vet
// passes wrapped so that //nolint and //lint:ignore silence them too.
func analyzers() []*analysis.Analyzer {
	own := concurlint.Analyzers()
	var all []*analysis.Analyzer
	all = append(all, own...)
	for _, a := range concurlint.Bundled() {
		all = append(all, suppress.Wrap(a))
	}
	return all
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
		unitchecker.Main(as...)
		panic("unreachable")
	case len(args) > 0 && args[0] == "help":
		os.Exit(help(os.Stdout, progname, as, args[1:]))
	}

	opts, err := parseFlags(progname, as, args)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", progname, err)
		os.Exit(exitUsage)
	}
	if opts.help {
		os.Exit(help(os.Stdout, progname, as, nil))
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
