package lockmodel_test

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/lockfacts"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/noreturn"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

// dump walks every function and reports, once per lock operation, the
// states of the lock it was reached with over all paths ("Unlock mu:
// held,unknown"), and once per exit the state of every lock touched
// ("exit: mu=released"), so test data can match the walk with // want.
var dump = &analysis.Analyzer{
	Name:     "lockwalkdump",
	Doc:      "print lockmodel's walk (test only)",
	Requires: []*analysis.Analyzer{buildssa.Analyzer, lockfacts.Analyzer, noreturn.Analyzer, ctrlflow.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		facts := pass.ResultOf[lockfacts.Analyzer].(*lockfacts.Result)
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			cfg := &lockmodel.Config{
				Summary:  facts.Summary,
				NoReturn: pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs).NoReturn,
				Stops:    pass.ResultOf[noreturn.Analyzer].(*noreturn.Result),
			}
			if obj, ok := fn.Object().(*types.Func); ok {
				if s := facts.Summary(obj); s != nil {
					cfg.HeldOnEntry = s.Requires
				}
			}
			m := lockmodel.NewModel(fn, cfg)
			if !m.HasOps() {
				continue
			}
			v := &dumper{ops: map[token.Pos]map[string]bool{}, exits: map[token.Pos]map[string]bool{}, names: map[token.Pos]string{}}
			if !m.Walk(v) {
				pass.Reportf(fn.Pos(), "walk gave up")
				continue
			}
			report := func(byPos map[token.Pos]map[string]bool, prefix func(token.Pos) string) {
				var ps []token.Pos
				for p := range byPos {
					ps = append(ps, p)
				}
				sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
				for _, p := range ps {
					var xs []string
					for x := range byPos[p] {
						xs = append(xs, x)
					}
					sort.Strings(xs)
					pass.Reportf(p, "%s%s", prefix(p), strings.Join(xs, ","))
				}
			}
			report(v.ops, func(p token.Pos) string { return v.names[p] + ": " })
			report(v.exits, func(token.Pos) string { return "exit: " })
		}
		return nil, nil
	},
}

type dumper struct {
	ops, exits map[token.Pos]map[string]bool
	names      map[token.Pos]string
}

var statusNames = map[lockmodel.Status]string{
	lockmodel.Unknown: "unknown", lockmodel.Held: "held", lockmodel.RHeld: "rheld",
	lockmodel.Released: "released", lockmodel.HandedOff: "handedoff", lockmodel.TryFailed: "tryfailed",
}

func render(ls lockmodel.LockState) string {
	s := statusNames[ls.Status]
	if ls.Entry {
		s += "(entry)"
	}
	return s
}

func add(m map[token.Pos]map[string]bool, p token.Pos, s string) {
	if m[p] == nil {
		m[p] = map[string]bool{}
	}
	m[p][s] = true
}

func (d *dumper) Op(op *lockmodel.Op, st *lockmodel.State) {
	p := op.Pos()
	name := op.Kind.String() + " " + op.Key.Display
	if op.Deferred {
		name = "deferred " + name
	}
	d.names[p] = name
	add(d.ops, p, render(st.Get(op.Key.ID)))
}

func (d *dumper) Defer(*lockmodel.Op, *lockmodel.State) {}

func (d *dumper) Exit(x lockmodel.Exit, st *lockmodel.State) {
	var xs []string
	for _, ls := range st.Locks() {
		xs = append(xs, ls.Key.Display+"="+render(ls))
	}
	if len(xs) == 0 {
		xs = []string{"none"}
	}
	p := x.Instr.Pos()
	if r, ok := x.Instr.(*ssa.Return); ok && !p.IsValid() {
		p = r.Parent().Syntax().End() - 1
	}
	add(d.exits, p, fmt.Sprint(strings.Join(xs, " ")))
}

func TestWalk(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), dump, "walk")
}
