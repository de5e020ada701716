package publish

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
)

// TestDump prints, for the function FN of the package in DIR, every
// allocation and its publications (a debugging aid: skipped unless FN is
// set).
func TestDump(t *testing.T) {
	if os.Getenv("FN") == "" {
		t.Skip()
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: os.Getenv("DIR")}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		t.Fatal(err)
	}
	g, err := checker.Analyze([]*analysis.Analyzer{Analyzer}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := g.Roots[0].Result.(*Result)
	for fn := range r.local {
		if fn.Name() != os.Getenv("FN") {
			continue
		}
		fn.WriteTo(os.Stdout)
		for i, p := range fn.Params {
			fmt.Println("param", i, p.Name(), "private on entry:", r.privateOnEntry(fn, i, os.Getenv("FIELD")))
			for _, q := range r.publications(p) {
				fmt.Println("   published by", q, pkgs[0].Fset.Position(q.Pos()))
			}
		}
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				if st, ok := in.(*ssa.Store); ok {
					if fa, ok := st.Addr.(*ssa.FieldAddr); ok {
						fmt.Println(st, "private here:", r.PrivateFieldAt(fa.X, "", st))
					}
				}
				v, ok := in.(ssa.Value)
				if !ok {
					continue
				}
				switch v.(type) {
				case *ssa.Alloc, *ssa.Call:
					fmt.Println(v.Name(), "=", v, "fresh:", r.freshRoot(v))
					for _, p := range r.publications(v) {
						fmt.Println("   published by", p, pkgs[0].Fset.Position(p.Pos()))
						if f := os.Getenv("FIELD"); f != "" {
							fmt.Println("      spawn misses", f, r.publishMisses(p, v, f))
							for _, b := range fn.Blocks {
								for _, at := range b.Instrs {
									if c, ok := at.(*ssa.Call); ok && c.Call.StaticCallee() != nil && c.Call.StaticCallee().Name() == os.Getenv("AT") {
										def, _ := v.(ssa.Instruction)
										fmt.Println("      reaches", os.Getenv("AT"), reachesAvoiding(p, at, def))
									}
								}
							}
						}
					}
				}
			}
		}
	}
}
