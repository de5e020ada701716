package gomodel_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/gomodel"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// dump reports, at each spawn site, its kind, target and frame (each free
// variable and parameter with the spawner's value bound to it), the root
// and field path Trace gives every call argument inside the goroutine's
// function, and, at each function that starts goroutines for its caller,
// its Starts summary.
var dump = &analysis.Analyzer{
	Name:     "gomodeldump",
	Doc:      "print the goroutine model (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			for _, s := range gomodel.SpawnsVia(fn) {
				pass.Reportf(s.Pos(), "%s", render(s))
			}
			if st := gomodel.Summarize(fn); len(st.Runs)+len(st.Captures) > 0 && fn.Parent() == nil {
				pass.Reportf(fn.Pos(), "starts runs=%v captures=%v", st.Runs, st.Captures)
			}
		}
		return nil, nil
	},
}

func render(s gomodel.Spawn) string {
	var b strings.Builder
	b.WriteString(s.Kind.String())
	if s.Fn == nil {
		b.WriteString(" dynamic")
		return b.String()
	}
	fmt.Fprintf(&b, " %s", s.Fn.Name())
	fr := s.Frame()
	for _, fv := range s.Fn.FreeVars {
		o, ok := fr.Outer(fv)
		fmt.Fprintf(&b, " fv:%s=%s", fv.Name(), name(o, ok))
		if in := fr.Inner(o); ok && (len(in) == 0 || in[0] != ssa.Value(fv)) {
			b.WriteString("(inner mismatch)")
		}
	}
	for _, p := range s.Fn.Params {
		o, ok := fr.Outer(p)
		fmt.Fprintf(&b, " p:%s=%s", p.Name(), name(o, ok))
	}
	// Trace every argument of a call in the goroutine's own body.
	for _, blk := range s.Fn.Blocks {
		for _, in := range blk.Instrs {
			c, ok := in.(ssa.CallInstruction)
			if _, isGo := in.(*ssa.Go); !ok || isGo || c.Common().StaticCallee() == nil || len(c.Common().Args) == 0 {
				continue
			}
			root, path, inner := gomodel.Trace(c.Common().Args[0], fr)
			where := "outer"
			if inner {
				where = "inner"
			}
			fmt.Fprintf(&b, " trace(%s)=%s:%s", c.Common().StaticCallee().Name(), where, strings.Join(append([]string{name(root, true)}, path...), "."))
			if r2, p2 := gomodel.ThroughFields(root, path); r2 != root {
				fmt.Fprintf(&b, "=%s", strings.Join(append([]string{name(r2, true)}, p2...), "."))
			}
		}
	}
	return b.String()
}

func name(v ssa.Value, ok bool) string {
	if !ok {
		return "none"
	}
	switch v := v.(type) {
	case *ssa.Alloc:
		if v.Comment != "" {
			return v.Comment
		}
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Global, *ssa.Function:
		return v.Name()
	case *ssa.Const:
		return "const"
	case *ssa.MakeChan:
		return "makechan"
	}
	return fmt.Sprintf("%T", v)[len("*ssa."):]
}

func TestModel(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dump, "g")
}

// invokedDump reports each method a dynamic call of the package may run.
var invokedDump = &analysis.Analyzer{
	Name:     "invokeddump",
	Doc:      "print which methods interface calls may run (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		iv := make(gomodel.Invoked)
		funcs := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
		for _, fn := range funcs {
			for _, b := range fn.Blocks {
				for _, in := range b.Instrs {
					if c, ok := in.(ssa.CallInstruction); ok {
						iv.Add(c.Common())
					}
				}
			}
		}
		for _, fn := range funcs {
			if iv.MayInvoke(fn) {
				pass.Reportf(fn.Pos(), "may be invoked")
			}
		}
		return nil, nil
	},
}

func TestInvoked(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), invokedDump, "inv")
}

// exposureDump reports each declared function only its package can call.
var exposureDump = &analysis.Analyzer{
	Name:     "exposuredump",
	Doc:      "print which functions only their package can call (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		funcs := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
		e := gomodel.NewExposure(pass.Pkg, funcs)
		for _, fn := range funcs {
			if fn.Parent() == nil && fn.Name() != "init" && e.Internal(fn) {
				pass.Reportf(fn.Pos(), "internal")
			}
		}
		return nil, nil
	},
}

func TestExposure(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), exposureDump, "expo")
}

// startedDump reports each function a spawn site of the package starts.
var startedDump = &analysis.Analyzer{
	Name:     "starteddump",
	Doc:      "print which functions the package starts as goroutines (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		funcs := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs
		started := gomodel.Started(funcs)
		for _, fn := range funcs {
			if started[fn] && fn.Parent() == nil {
				pass.Reportf(fn.Pos(), "started")
			}
		}
		return nil, nil
	},
}

func TestStarted(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), startedDump, "started")
}
