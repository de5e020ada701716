package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/concurlint/concurlint/internal/contain"
)

// debugFlags is -debug: a comma-separated list of what to print.
type debugFlags struct {
	budget bool // the functions whose path walks hit a budget
}

var debugNames = []string{"budget"}

func (d *debugFlags) String() string {
	if d != nil && d.budget {
		return "budget"
	}
	return ""
}

func (d *debugFlags) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		switch name {
		case "budget":
			d.budget = true
		case "":
		default:
			return fmt.Errorf("unknown -debug value %q (want %s)", name, strings.Join(debugNames, ", "))
		}
	}
	return nil
}

// startDebug turns on what o.debug asks for before the analysis and
// returns what prints it after.
func startDebug(o *options) func() {
	if !o.debug.budget {
		return func() {}
	}
	contain.EnableBudgetLog()
	return func() { writeBudgetHits(os.Stderr) }
}

// writeBudgetHits lists, one per line, the functions whose walks ran out
// of a budget: the analyzer, the package, the function, the budget and how
// many times it was hit. A walk that hits its budget reports nothing.
func writeBudgetHits(w io.Writer) {
	hits, counts := contain.BudgetHits()
	fmt.Fprintf(w, "concurlint: %d budget hit(s) (analyzer, package, function, budget: those walks gave up silently)\n", len(hits))
	for i, h := range hits {
		fn := h.Func
		if fn == "" {
			fn = "(unknown function)"
		}
		fmt.Fprintf(w, "budget: %s %s %s: %s", h.Analyzer, h.Package, fn, h.Budget)
		if counts[i] > 1 {
			fmt.Fprintf(w, " (%d times)", counts[i])
		}
		fmt.Fprintln(w)
	}
}
