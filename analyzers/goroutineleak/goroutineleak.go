package goroutineleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"github.com/concurlint/concurlint/internal/chanfacts"
	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutines that can block forever.
var Analyzer = &analysis.Analyzer{
	Name:     "goroutineleak",
	Doc:      docutil.MustExtract(doc, "goroutineleak"),
	URL:      "https://github.com/concurlint/concurlint#goroutineleak",
	Run:      run,
	Requires: []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer, chanfacts.Analyzer, suppress.Analyzer},
}

// passContext carries what the checks share.
type passContext struct {
	pass  *analysis.Pass
	facts *chanfacts.Result
	insp  *inspector.Inspector
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	pc := &passContext{
		pass:  pass,
		facts: pass.ResultOf[chanfacts.Analyzer].(*chanfacts.Result),
		insp:  pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
	}
	// 1. Channels: model each channel a function makes, then decide.
	for _, fn := range ssainfo.SrcFuncs {
		if isProcessLifetime(fn) {
			continue // main and init: their goroutines live as long as the process
		}
		pc.checkNilChans(fn)
		chans := chanmodel.Build(fn, pc.facts)
		for _, c := range chans {
			pc.checkChan(c, chans)
		}
	}
	// 2. Goroutines that block by construction: select {} and for {}.
	pc.checkForever(ssainfo.SrcFuncs)
	// 3. Tickers that are never collected (Go < 1.23).
	pc.checkTickers()
	return nil, nil
}

// isProcessLifetime reports whether fn (or the function whose closure it
// is) is main.main or an init function.
func isProcessLifetime(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent()
	}
	if fn.Pkg == nil || fn.Signature.Recv() != nil {
		return false
	}
	name := fn.Name()
	if name == "init" || len(name) > 4 && name[:4] == "init" && isDigits(name[5:]) {
		return true
	}
	return name == "main" && fn.Pkg.Pkg.Name() == "main"
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkChan decides, for one fully visible channel, whether a goroutine
// started by its owner can block forever on it.
func (pc *passContext) checkChan(c *chanmodel.Chan, siblings []*chanmodel.Chan) {
	if c.Escapes {
		// Some use of the channel is invisible (see Chan.Escapes): the
		// missing partner may be there. Precision first.
		return
	}
	for _, g := range c.Goroutines {
		if g.Parent != nil || g.Spawn.Kind == gomodel.ErrgroupGo {
			// Goroutines started by goroutines pair with partners the
			// path analysis below does not model; errgroup goroutines
			// are joined and usually cancelled through the group's
			// context.
			continue
		}
		if pc.checkSurplus(c) {
			return
		}
		if pc.checkSender(c, g, signals(c, g, siblings)) {
			return
		}
		if pc.checkReceiver(c, g) {
			return
		}
		if pc.checkSemaphore(c, g) {
			return
		}
	}
}

// partners splits c's operations into those of goroutine g, those of the
// owner's goroutine, and reports whether any other goroutine touches c.
func partners(c *chanmodel.Chan, g *chanmodel.Goroutine) (mine, owner []*chanmodel.Op, others bool) {
	for _, o := range c.Ops {
		switch o.G {
		case g:
			mine = append(mine, o)
		case nil:
			owner = append(owner, o)
		default:
			others = true
		}
	}
	return
}

// exitAfter returns an exit of the function that ran spawn g, reachable
// after the spawn without passing any of the matching owner ops, or nil.
// ok is false when the owner's partner ops are out of the path analysis'
// sight (in another function, or deferred), in which case callers stay
// silent.
//
// Ops in also mark covered points when they lie in the spawning function,
// but unlike match they never silence the check.
func exitAfter(g *chanmodel.Goroutine, match []*chanmodel.Op, also ...*chanmodel.Op) (ret *ssa.Return, ok bool) {
	spawn := g.Spawn.Instr
	cov := chanmodel.Covered{}
	for _, o := range match {
		if o.Deferred || o.Fn() != spawn.Parent() {
			return nil, false
		}
		cov.Add(o)
	}
	for _, o := range also {
		if !o.Deferred && o.Fn() == spawn.Parent() {
			cov.Add(o)
		}
	}
	cov.AddLoopHeaders(spawn)
	return chanmodel.ExitAvoiding(spawn, cov), true
}

// blockingSends returns g's plain sends and whether their number is known
// (no loops, no summaries, goroutine not started in a loop).
func blockingOps(ops []*chanmodel.Op, g *chanmodel.Goroutine, pred func(chanmodel.Kind) bool) (out []*chanmodel.Op, counted bool) {
	counted = !chanmodel.InLoop(g.Spawn.Instr.Block())
	for _, o := range ops {
		if !pred(o.Kind) {
			continue
		}
		out = append(out, o)
		if o.Summary || chanmodel.InLoop(o.Instr.Block()) {
			counted = false
		}
	}
	return
}

// checkSender reports a goroutine whose plain send on c may never be
// received because the owner can return first.
func (pc *passContext) checkSender(c *chanmodel.Chan, g *chanmodel.Goroutine, signals []*chanmodel.Op) bool {
	mine, owner, _ := partners(c, g)
	sends, counted := blockingOps(mine, g, func(k chanmodel.Kind) bool { return k == chanmodel.Send })
	if len(sends) == 0 {
		return false
	}
	for _, o := range c.Ops {
		if o.G == nil || o.G == g {
			continue
		}
		if !o.Kind.IsSend() {
			return false // another goroutine receives or closes: a partner we do not model
		}
		// Co-senders: their sends share the buffer, so only an
		// unbuffered channel is decidable.
		counted = false
	}
	var recvs []*chanmodel.Op
	ownerSends := false
	for _, o := range owner {
		switch {
		case o.Kind.IsRecv():
			recvs = append(recvs, o)
		case o.Kind.IsSend():
			ownerSends = true
		}
	}
	for _, o := range mine {
		if o.Kind.IsRecv() {
			return false // the goroutine also receives: a protocol we do not model
		}
	}
	// Does the buffer cover every send? Only decidable when the number of
	// sends is known; with loops or unknown capacity, stay silent unless
	// the channel is unbuffered.
	n := len(sends)
	if counted {
		n = maxSends(sends)
	}
	switch {
	case c.Cap == 0:
	case c.Cap > 0 && counted && !ownerSends && n > c.Cap:
	default:
		return false
	}
	ret, ok := exitAfter(g, recvs, signals...)
	if !ok {
		return false
	}
	if ret == nil {
		if !counted && c.Cap == 0 {
			return pc.checkEarlyStop(c, g, sends, recvs)
		}
		return false
	}
	name := pc.opName(sends[0], c)
	why := fmt.Sprintf("%s is unbuffered", name)
	if c.Cap > 0 {
		why = fmt.Sprintf("%s has room for %d of %d sends", name, c.Cap, n)
	}
	retPos, line := pc.exitPos(ret)
	var msg string
	if len(recvs) == 0 {
		msg = fmt.Sprintf("goroutine sends on %s but nothing receives from it (%s), so the goroutine blocks forever", name, why)
	} else {
		msg = fmt.Sprintf("goroutine sends on %s but the caller may return at line %d without receiving (%s), so the goroutine blocks forever", name, line, why)
	}
	at := sends[0]
	if c.Cap > 0 && c.Cap < len(sends) {
		at = sends[c.Cap] // a send the buffer may not take
	}
	d := analysis.Diagnostic{
		Pos:     at.Pos,
		Message: msg,
		Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the caller returns here without receiving from " + name}},
	}
	if counted && !ownerSends && len(c.Goroutines) == 1 {
		d.SuggestedFixes = pc.bufferFix(c, n)
	}
	suppress.Report(pc.pass, d)
	return true
}

// checkReceiver reports a goroutine that ranges over (or receives once from)
// c while the owner may return without closing (or sending on) it.
func (pc *passContext) checkReceiver(c *chanmodel.Chan, g *chanmodel.Goroutine) bool {
	mine, owner, others := partners(c, g)
	if others {
		return false
	}
	var ranges, recvs []*chanmodel.Op
	for _, o := range mine {
		switch o.Kind {
		case chanmodel.Range:
			ranges = append(ranges, o)
		case chanmodel.Recv:
			recvs = append(recvs, o)
		case chanmodel.Send, chanmodel.SelectSend, chanmodel.Close:
			return false // the goroutine feeds the channel itself
		}
	}
	var closes, feeds []*chanmodel.Op
	for _, o := range owner {
		switch {
		case o.Kind == chanmodel.Close:
			closes = append(closes, o)
			feeds = append(feeds, o)
		case o.Kind.IsSend():
			feeds = append(feeds, o)
		}
	}
	name := ""
	switch {
	case len(ranges) > 0:
		ret, ok := exitAfter(g, closes)
		if !ok || ret == nil {
			return false
		}
		name = pc.opName(ranges[0], c)
		retPos, line := pc.exitPos(ret)
		var msg string
		if len(closes) == 0 {
			msg = fmt.Sprintf("goroutine ranges over %s but nothing closes it, so the goroutine blocks forever once the caller returns", name)
		} else {
			msg = fmt.Sprintf("goroutine ranges over %s but the caller may return at line %d without closing it, so the goroutine blocks forever", name, line)
		}
		suppress.Report(pc.pass, analysis.Diagnostic{
			Pos:     ranges[0].Pos,
			Message: msg,
			Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the caller returns here without closing " + name}},
		})
		return true
	case len(recvs) == 1:
		// A single receive is satisfied by any send or close; more
		// receives would need counting sends against them.
		if recvs[0].Summary || chanmodel.InLoop(recvs[0].Instr.Block()) || chanmodel.InLoop(g.Spawn.Instr.Block()) {
			return false
		}
		ret, ok := exitAfter(g, feeds)
		if !ok || ret == nil {
			return false
		}
		name = pc.opName(recvs[0], c)
		retPos, line := pc.exitPos(ret)
		var msg string
		if len(feeds) == 0 {
			msg = fmt.Sprintf("goroutine receives from %s but nothing sends on it or closes it, so the goroutine blocks forever", name)
		} else {
			msg = fmt.Sprintf("goroutine receives from %s but the caller may return at line %d without sending or closing it, so the goroutine blocks forever", name, line)
		}
		suppress.Report(pc.pass, analysis.Diagnostic{
			Pos:     recvs[0].Pos,
			Message: msg,
			Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the caller returns here without sending on " + name}},
		})
		return true
	}
	return false
}

// exitPos returns where ret is written (the closing brace of its function
// for an implicit return) and its line.
func (pc *passContext) exitPos(ret *ssa.Return) (token.Pos, int) {
	pos := ret.Pos()
	if !pos.IsValid() {
		switch s := ret.Parent().Syntax().(type) {
		case *ast.FuncDecl:
			pos = s.Body.Rbrace
		case *ast.FuncLit:
			pos = s.Body.Rbrace
		}
	}
	return pos, pc.pass.Fset.Position(pos).Line
}

// file returns the syntax file containing pos.
func (pc *passContext) file(pos token.Pos) *ast.File {
	for _, f := range pc.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// opName renders the channel expression of op as written at the op, or the
// variable the channel was made into.
func (pc *passContext) opName(o *chanmodel.Op, c *chanmodel.Chan) string {
	if !o.Summary {
		if f := pc.file(o.Pos); f != nil {
			path, _ := astutil.PathEnclosingInterval(f, o.Pos, o.Pos)
			for _, n := range path {
				var e ast.Expr
				switch n := n.(type) {
				case *ast.SendStmt:
					e = n.Chan
				case *ast.UnaryExpr:
					if n.Op == token.ARROW {
						e = n.X
					}
				case *ast.RangeStmt:
					e = n.X
				}
				if e != nil {
					return types.ExprString(e)
				}
			}
		}
	}
	return pc.makeName(c)
}

// makeName renders the variable a channel was made into, or "the channel".
func (pc *passContext) makeName(c *chanmodel.Chan) string {
	call := pc.makeCall(c)
	if call == nil {
		return "the channel"
	}
	f := pc.file(call.Pos())
	path, _ := astutil.PathEnclosingInterval(f, call.Pos(), call.End())
	for _, n := range path[1:] {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, r := range n.Rhs {
				if ast.Unparen(r) == call && i < len(n.Lhs) {
					return types.ExprString(n.Lhs[i])
				}
			}
			return "the channel"
		case *ast.ValueSpec:
			for i, r := range n.Values {
				if ast.Unparen(r) == call && i < len(n.Names) {
					return n.Names[i].Name
				}
			}
			return "the channel"
		case *ast.ParenExpr:
			continue
		default:
			return "the channel"
		}
	}
	return "the channel"
}

// makeCall finds the make(chan T[, n]) call of c (ssa positions it at the
// Lparen).
func (pc *passContext) makeCall(c *chanmodel.Chan) *ast.CallExpr {
	pos := c.Make.Pos()
	f := pc.file(pos)
	if f == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(f, pos, pos)
	for _, n := range path {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == pos {
			return call
		}
	}
	return nil
}

// bufferFix offers make(chan T) -> make(chan T, n): with a buffer for every
// send, the goroutine completes whether or not anyone receives.
func (pc *passContext) bufferFix(c *chanmodel.Chan, n int) []analysis.SuggestedFix {
	call := pc.makeCall(c)
	if call == nil || len(call.Args) != 1 {
		return nil
	}
	return []analysis.SuggestedFix{{
		Message: fmt.Sprintf("Give the channel a buffer of %d", n),
		TextEdits: []analysis.TextEdit{{
			Pos:     call.Args[0].End(),
			End:     call.Args[0].End(),
			NewText: fmt.Appendf(nil, ", %d", n),
		}},
	}}
}

// maxSends returns how many of sends one run of the goroutine can perform:
// sends on mutually exclusive paths (an error send and a result send, each
// followed by return) count once. Sends spread over several functions are
// simply counted.
func maxSends(sends []*chanmodel.Op) int {
	fn := sends[0].Fn()
	instrs := make([]ssa.Instruction, 0, len(sends))
	for _, o := range sends {
		if o.Fn() != fn {
			return len(sends)
		}
		instrs = append(instrs, o.Instr)
	}
	return chanmodel.MaxOnPath(fn, instrs)
}

// signals returns the owner's receives on sibling channels (made by the
// same function, fully visible) that goroutine g sends on or closes. When
// the owner leaves through such a receive, g has reached its signal, and
// whether it still sends on c is a protocol question the model cannot
// answer (it usually does not: close(done); return), so those receives
// count as synchronising with g.
func signals(c *chanmodel.Chan, g *chanmodel.Goroutine, siblings []*chanmodel.Chan) []*chanmodel.Op {
	var out []*chanmodel.Op
	for _, c2 := range siblings {
		if c2 == c || c2.Escapes {
			continue
		}
		fed := false
		for _, o := range c2.Ops {
			if o.G != nil && o.G.Spawn.Instr == g.Spawn.Instr && (o.Kind.IsSend() || o.Kind == chanmodel.Close) {
				fed = true
			}
		}
		if !fed {
			continue
		}
		for _, o := range c2.Ops {
			if o.G == nil && o.Kind.IsRecv() {
				out = append(out, o)
			}
		}
	}
	return out
}

// checkEarlyStop reports the fan-in bug: several sends (one goroutine per
// item, or a goroutine sending in a loop) on an unbuffered channel, and an
// owner that receives in a loop but may leave the loop early (return or
// break) after a receive, leaving the remaining senders blocked.
func (pc *passContext) checkEarlyStop(c *chanmodel.Chan, g *chanmodel.Goroutine, sends, recvs []*chanmodel.Op) bool {
	for _, r := range recvs {
		if r.Summary || r.Fn() != g.Spawn.Instr.Parent() {
			return false
		}
	}
	for _, r := range recvs {
		headers := chanmodel.LoopHeaders(r.Instr.Block())
		if len(headers) == 0 {
			continue
		}
		// Going back to a loop header continues receiving; any other way
		// to the function's exit stops early.
		cov := chanmodel.Covered{}
		for _, h := range headers {
			cov[h] = 0
		}
		var ret *ssa.Return
		switch {
		case r.Kind == chanmodel.Range:
			// The range loop ends normally when the channel is closed (the
			// header's false branch); early exits leave from its body.
			ret = chanmodel.ExitFromBlock(r.Instr.Block().Succs[0], cov)
		case chanmodel.CaseBlock(r) != nil:
			ret = chanmodel.ExitFromBlock(chanmodel.CaseBlock(r), cov)
		default:
			ret = chanmodel.ExitAvoiding(r.Instr, cov)
		}
		if ret == nil {
			continue
		}
		name := pc.opName(sends[0], c)
		retPos, line := pc.exitPos(ret)
		suppress.Report(pc.pass, analysis.Diagnostic{
			Pos: sends[0].Pos,
			Message: fmt.Sprintf("goroutine sends on %s but the caller may stop receiving and return at line %d while other sends are pending (%s is unbuffered), so they block forever",
				name, line, name),
			Related: []analysis.RelatedInformation{{Pos: retPos, Message: "the caller leaves its receive loop here"}},
		})
		return true
	}
	return false
}

// checkSurplus reports the first-response-wins bug: k goroutines each send
// exactly once on every path, and the owner receives at most r < k - cap
// times, so k - r - cap of them block forever.
//
// Precision: every goroutine must be started outside loops (k is known),
// send once on each of its paths (a goroutine that may skip its send does
// not count as pending), and the owner's receives must be plain receives
// outside loops in the function that starts the goroutines.
func (pc *passContext) checkSurplus(c *chanmodel.Chan) bool {
	if c.Cap < 0 || len(c.Goroutines) < 2 {
		return false
	}
	var spawnFn *ssa.Function
	var recvs []ssa.Instruction
	senders := 0
	for _, g := range c.Goroutines {
		if g.Parent != nil || g.Spawn.Kind != gomodel.GoStmt || g.Spawn.Fn == nil || chanmodel.InLoop(g.Spawn.Instr.Block()) {
			return false
		}
		if spawnFn == nil {
			spawnFn = g.Spawn.Instr.Parent()
		} else if spawnFn != g.Spawn.Instr.Parent() {
			return false
		}
		var sends []*chanmodel.Op
		cov := chanmodel.Covered{}
		for _, o := range c.Ops {
			if o.G != g {
				continue
			}
			if o.Kind != chanmodel.Send || o.Summary || o.Fn() != g.Spawn.Fn || chanmodel.InLoop(o.Instr.Block()) {
				return false
			}
			sends = append(sends, o)
			cov.Add(o)
		}
		if len(sends) == 0 || maxSends(sends) != 1 || chanmodel.ExitFromEntry(g.Spawn.Fn, cov) != nil {
			return false // not exactly one send on every path
		}
		senders++
	}
	for _, o := range c.Ops {
		if o.G != nil {
			continue
		}
		if o.Kind != chanmodel.Recv || o.Summary || o.Deferred || o.Fn() != spawnFn || chanmodel.InLoop(o.Instr.Block()) {
			return false
		}
		recvs = append(recvs, o.Instr)
	}
	r := chanmodel.MaxOnPath(spawnFn, recvs)
	if r+c.Cap >= senders {
		return false
	}
	name := pc.makeName(c)
	last := c.Goroutines[len(c.Goroutines)-1]
	why := fmt.Sprintf("%s is unbuffered", name)
	if c.Cap > 0 {
		why = fmt.Sprintf("%s has room for %d", name, c.Cap)
	}
	d := analysis.Diagnostic{
		Pos: last.Spawn.Pos(),
		Message: fmt.Sprintf("%d goroutines send on %s but the caller receives at most %d time(s) (%s), so %d of them block forever",
			senders, name, r, why, senders-r-c.Cap),
	}
	if c.Cap == 0 {
		d.SuggestedFixes = pc.bufferFix(c, senders)
	}
	suppress.Report(pc.pass, d)
	return true
}
