package chanmisuse

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/chanmodel"
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
	Requires: []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer, suppress.Analyzer},
}

// passContext carries what the checks share.
type passContext struct {
	pass *analysis.Pass
	// closeArgs renders the argument of each close call by its '(' position.
	closeArgs map[token.Pos]string
	// reassigned holds the field classes (chanmodel.FieldClass) and
	// globals that some function stores to after construction: which
	// channel such a field holds at a given close is not known.
	reassigned map[string]bool
	keys       map[*ssa.Function]*lockmodel.Keys
	fns        []*ssa.Function
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	srcFuncs := pass.ResultOf[suppress.Analyzer].(*suppress.Result).HandWritten(ssainfo.SrcFuncs)
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	pc := &passContext{
		pass:       pass,
		closeArgs:  make(map[token.Pos]string),
		reassigned: chanmodel.Reassigned(ssainfo.SrcFuncs),
		keys:       make(map[*ssa.Function]*lockmodel.Keys),
		fns:        srcFuncs,
	}
	// Fast path: a package with no close call has nothing to report.
	for cur := range insp.Root().Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		if !ok || len(call.Args) != 1 {
			continue
		}
		if b, ok := pass.TypesInfo.Uses[id].(*types.Builtin); ok && b.Name() == "close" {
			pc.closeArgs[call.Lparen] = types.ExprString(call.Args[0])
		}
	}
	if len(pc.closeArgs) == 0 {
		return nil, nil
	}
	for _, fn := range srcFuncs {
		closes := pc.closes(fn)
		if len(closes) == 0 {
			continue
		}
		pc.checkDoubleClose(closes)
		pc.checkSendersRunning(fn, closes)
		pc.checkThenClose(fn, closes)
	}
	return nil, nil
}

// closeSite is one close(ch) or defer close(ch) of a function.
type closeSite struct {
	instr    ssa.Instruction
	ch       ssa.Value
	key      *lockmodel.Key
	deferred bool
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
	if s, ok := pc.closeArgs[c.pos()]; ok {
		return s
	}
	return c.key.Display
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
