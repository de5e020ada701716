package chanmodel_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// classDump reports each channel class at its first make site, and the key
// of every close argument at the close.
var classDump = &analysis.Analyzer{
	Name:     "chanclassdump",
	Doc:      "print channel classes and keys (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		fns := append([]*ssa.Function(nil), ssainfo.SrcFuncs...)
		if init := ssainfo.Pkg.Func("init"); init != nil {
			fns = append(fns, init)
		}
		classes := chanmodel.Classes(fns)
		reassigned := chanmodel.Reassigned(fns)
		for _, c := range classes {
			var ops []string
			for _, o := range c.Ops {
				ops = append(ops, fmt.Sprintf("%s@%d", o.Kind, pass.Fset.Position(o.Pos).Line))
			}
			sort.Strings(ops)
			msg := fmt.Sprintf("%s caps=%v %s", c.Describe(), c.Caps, strings.Join(ops, " "))
			if c.Escapes {
				msg = c.Describe() + " escapes"
			}
			if len(c.Makes) > 0 {
				pass.Reportf(c.Makes[0].Pos(), "%s", msg)
			} else if len(c.Ops) > 0 {
				pass.Reportf(c.Ops[0].Pos, "%s", msg)
			}
		}
		for _, fn := range ssainfo.SrcFuncs {
			ks := lockmodel.NewKeys(fn)
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					call, ok := in.(*ssa.Call)
					if !ok {
						continue
					}
					if bi, ok := call.Call.Value.(*ssa.Builtin); !ok || bi.Name() != "close" {
						continue
					}
					k := chanmodel.Key(ks, call.Call.Args[0])
					if k == nil {
						pass.Reportf(call.Pos(), "key: none")
						continue
					}
					pass.Reportf(call.Pos(), "key: %s reassigned=%v", k.ID, reassigned[chanmodel.KeyClass(k)])
				}
			}
		}
		return nil, nil
	},
}

func TestClasses(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), classDump, "classes")
}
