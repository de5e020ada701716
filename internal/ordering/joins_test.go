package ordering_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/ordering"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// joinDump reports, at each call of probe, the goroutines started earlier
// in the function that FirstUnordered reaches it from ("unordered go@L",
// or "none" when no path does), and at each call of written, whether
// SyncBefore holds.
var joinDump = &analysis.Analyzer{
	Name:     "joindump",
	Doc:      "print the read-before-join questions (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			var gs []*ordering.Goroutine
			for _, s := range gomodel.Spawns(fn) {
				gs = append(gs, ordering.Of(s))
			}
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					c, ok := in.(*ssa.Call)
					if !ok || c.Call.StaticCallee() == nil {
						continue
					}
					switch c.Call.StaticCallee().Name() {
					case "probe":
						var parts []string
						for _, g := range gs {
							if g.FirstUnordered(nil, func(x ssa.Instruction) bool { return x == in }) != nil {
								parts = append(parts, fmt.Sprintf("unordered go@%d", pass.Fset.Position(g.Spawn.Pos()).Line))
							}
						}
						if len(parts) == 0 {
							parts = append(parts, "none")
						}
						pass.Reportf(c.Pos(), "%s", strings.Join(parts, "; "))
					case "written":
						pass.Reportf(c.Pos(), "sync before: %v", ordering.SyncBefore(in))
					}
				}
			}
		}
		return nil, nil
	},
}

func TestJoins(t *testing.T) {
	analysistest.Run(t, rootTestdata(t), joinDump, "ordering/j")
}
