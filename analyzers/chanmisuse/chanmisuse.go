package chanmisuse

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/chanfacts"
	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Analyzer reports channel protocol errors: double closes, closes racing
// with senders, and check-then-close without mutual exclusion.
var Analyzer = &analysis.Analyzer{
	Name:     "chanmisuse",
	Doc:      docutil.MustExtract(doc, "chanmisuse"),
	URL:      "https://github.com/concurlint/concurlint#chanmisuse",
	Run:      run,
	Requires: []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer, chanfacts.Analyzer, suppress.Analyzer},
}

// passContext carries what the checks share.
type passContext struct {
	pass  *analysis.Pass
	facts *chanfacts.Result
	// closeArgs renders the channel arguments of calls (close(ch),
	// helper(ch)) by the call's '(' position and the argument index.
	closeArgs map[argPos]string
	// reassigned holds the field classes (chanmodel.FieldClass) and
	// globals that some function stores to after construction: which
	// channel such a field holds at a given close is not known.
	reassigned map[string]bool
	keys       map[*ssa.Function]*lockmodel.Keys
	fns        []*ssa.Function
	starts     map[*ssa.Function]spawnCount // built on first need
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	srcFuncs := pass.ResultOf[suppress.Analyzer].(*suppress.Result).HandWritten(ssainfo.SrcFuncs)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	pc := &passContext{
		pass:       pass,
		facts:      pass.ResultOf[chanfacts.Analyzer].(*chanfacts.Result),
		closeArgs:  make(map[argPos]string),
		reassigned: chanmodel.Reassigned(ssainfo.SrcFuncs),
		keys:       make(map[*ssa.Function]*lockmodel.Keys),
		fns:        srcFuncs,
	}
	// Fast path: a package with no close call has nothing to report.
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		for i, a := range call.Args {
			if t := pass.TypesInfo.TypeOf(a); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					pc.closeArgs[argPos{call.Lparen, i}] = types.ExprString(a)
				}
			}
		}
	}
	if len(pc.closeArgs) == 0 {
		return nil, nil // no channel passed to any call: nothing is closed
	}
	for _, fn := range contain.Each(pass, srcFuncs) {
		closes := pc.closes(fn)
		if len(closes) == 0 {
			continue
		}
		pc.checkDoubleClose(closes)
		pc.checkSendersRunning(fn, closes)
		pc.checkThenClose(fn, closes)
	}
	pc.checkReceiverCloses(withInit(srcFuncs, ssainfo.Pkg))
	return nil, nil
}

// argPos is argument i of the call whose '(' is at pos.
type argPos struct {
	pos token.Pos
	i   int
}

// closeSite is one close(ch) or defer close(ch) of a function.
type closeSite struct {
	instr    ssa.Instruction
	ch       ssa.Value
	key      *lockmodel.Key
	deferred bool
	// summary: a callee of another package closes it (chanfacts).
	summary bool
}

func (c *closeSite) pos() token.Pos { return c.instr.Pos() }

func (pc *passContext) keysOf(fn *ssa.Function) *lockmodel.Keys {
	ks := pc.keys[fn]
	if ks == nil {
		ks = lockmodel.NewKeys(fn)
		pc.keys[fn] = ks
	}
	return ks
}

// closes returns fn's close calls with a channel identity.
func (pc *passContext) closes(fn *ssa.Function) []*closeSite {
	var out []*closeSite
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			var c *ssa.CallCommon
			deferred := false
			switch instr := instr.(type) {
			case *ssa.Call:
				c = instr.Common()
			case *ssa.Defer:
				c, deferred = instr.Common(), true
			default:
				continue
			}
			if bi, ok := c.Value.(*ssa.Builtin); !ok || bi.Name() != "close" || len(c.Args) != 1 {
				for _, a := range pc.summaryCloses(c) {
					if k := chanmodel.Key(pc.keysOf(fn), a); k != nil {
						out = append(out, &closeSite{instr: instr, ch: a, key: k, deferred: deferred, summary: true})
					}
				}
				continue
			}
			k := chanmodel.Key(pc.keysOf(fn), c.Args[0])
			if k == nil {
				continue
			}
			out = append(out, &closeSite{instr: instr, ch: c.Args[0], key: k, deferred: deferred})
		}
	}
	return out
}

// name renders the closed channel as the source writes it.
func (pc *passContext) name(c *closeSite) string {
	i := 0
	if c.summary {
		cc := c.instr.(ssa.CallInstruction).Common()
		for j, a := range cc.Args {
			if a == c.ch {
				i = j
			}
		}
		if callee := cc.StaticCallee(); callee != nil && callee.Signature.Recv() != nil {
			i-- // Args[0] is the receiver
		}
	}
	if s, ok := pc.closeArgs[argPos{c.pos(), i}]; ok {
		return s
	}
	return c.key.Display
}

// summaryCloses returns the channel arguments of c that a callee of another
// package closes, by its chanfacts summary.
func (pc *passContext) summaryCloses(c *ssa.CallCommon) []ssa.Value {
	if c.IsInvoke() {
		return nil
	}
	callee := c.StaticCallee()
	if callee == nil || callee.Pkg != nil && callee.Pkg.Pkg == pc.pass.Pkg {
		return nil
	}
	return pc.summaryArgs(callee, c, chanfacts.Close)
}

// summaryArgs returns the channel arguments of call c on which callee's
// chanfacts summary records one of ops.
func (pc *passContext) summaryArgs(callee *ssa.Function, c *ssa.CallCommon, ops chanfacts.Ops) []ssa.Value {
	obj, _ := callee.Object().(*types.Func)
	if obj == nil && callee.Origin() != nil {
		obj, _ = callee.Origin().Object().(*types.Func)
	}
	off := 0
	if callee.Signature.Recv() != nil {
		off = 1
	}
	var out []ssa.Value
	for i, a := range c.Args {
		if _, ok := a.Type().Underlying().(*types.Chan); !ok {
			continue
		}
		if got, ok := pc.facts.Param(obj, i-off); ok && got&ops != 0 {
			out = append(out, a)
		}
	}
	return out
}

func (pc *passContext) line(pos token.Pos) int { return pc.pass.Fset.Position(pos).Line }

// stable reports whether k names the same channel wherever it is used in
// its function: no element selection (a different channel per index), no
// field or global that other code reassigns.
func (pc *passContext) stable(k *lockmodel.Key) bool {
	if len(k.Elems()) > 0 {
		return false
	}
	return !pc.reassigned[chanmodel.KeyClass(k)]
}

func (pc *passContext) report(d analysis.Diagnostic) { suppress.Report(pc.pass, d) }

// withInit adds the package initializer, where package variables get their
// channels, to fns.
func withInit(fns []*ssa.Function, pkg *ssa.Package) []*ssa.Function {
	if pkg == nil {
		return fns
	}
	if init := pkg.Func("init"); init != nil {
		return append(append([]*ssa.Function(nil), fns...), init)
	}
	return fns
}
