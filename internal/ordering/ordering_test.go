package ordering_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/ordering"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// dump reports, at each call of a function named probe, how every
// goroutine started earlier in the same function is ordered with it:
// "go@L concurrent" (may still run), "go@L concurrent, joined later"
// (a join can still come: the read-before-join case), or "go@L ordered".
// SingleWriter is probed with calls of single(&x): every write of x that
// is a plain store in the package is compared with the probe.
var dump = &analysis.Analyzer{
	Name:     "orderingdump",
	Doc:      "print the ordering policy (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		funcs := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
		for _, fn := range funcs {
			var gs []*ordering.Goroutine
			var conc []map[ssa.Instruction]bool
			for _, s := range gomodel.Spawns(fn) {
				g := ordering.Of(s)
				gs = append(gs, g)
				conc = append(conc, g.Concurrent(nil))
			}
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					c, ok := in.(*ssa.Call)
					if !ok {
						continue
					}
					callee := c.Call.StaticCallee()
					if callee == nil {
						continue
					}
					switch callee.Name() {
					case "probe":
						var parts []string
						for i, g := range gs {
							line := pass.Fset.Position(g.Spawn.Pos()).Line
							switch {
							case conc[i][in] && g.JoinAfter(in):
								parts = append(parts, fmt.Sprintf("go@%d concurrent, joined later", line))
							case conc[i][in]:
								parts = append(parts, fmt.Sprintf("go@%d concurrent", line))
							case pass.Fset.Position(g.Spawn.Pos()).Offset < pass.Fset.Position(c.Pos()).Offset:
								parts = append(parts, fmt.Sprintf("go@%d ordered", line))
							}
						}
						if ordering.AfterWait(in) {
							parts = append(parts, "after wait")
						}
						pass.Reportf(c.Pos(), "%s", strings.Join(parts, "; "))
					case "single":
						pass.Reportf(c.Pos(), "single writer: %v", ordering.SingleWriter(in, storesTo(funcs, c.Call.Args[0]), nil))
					}
				}
			}
		}
		return nil, nil
	},
}

// storesTo lists the stores (and atomic calls) to the global addressed
// by v in all functions.
func storesTo(funcs []*ssa.Function, v ssa.Value) []ssa.Instruction {
	g, ok := v.(*ssa.Global)
	if !ok {
		return nil
	}
	var out []ssa.Instruction
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				switch in := in.(type) {
				case *ssa.Store:
					if in.Addr == ssa.Value(g) {
						out = append(out, in)
					}
				case *ssa.Call:
					if len(in.Call.Args) > 0 && in.Call.Args[0] == ssa.Value(g) && in.Call.StaticCallee() != nil && in.Call.StaticCallee().Name() != "single" {
						out = append(out, in)
					}
				}
			}
		}
	}
	return out
}

func TestPolicy(t *testing.T) {
	analysistest.Run(t, rootTestdata(t), dump, "ordering/o")
}

// rootTestdata is the repository's testdata, whose stubs of errgroup and
// testify the policy's test packages share with the analyzers' tests.
func rootTestdata(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}
