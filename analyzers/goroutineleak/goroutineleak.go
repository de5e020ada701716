package goroutineleak

import (
	_ "embed"
	"fmt"

	"github.com/concurlint/concurlint/internal/chanfacts"
	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
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
	// spawnedFns: functions some go statement of the package starts
	// (built on first need).
	spawnedFns map[*ssa.Function]bool
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	srcFuncs := pass.ResultOf[suppress.Analyzer].(*suppress.Result).HandWritten(ssainfo.SrcFuncs)
	pc := &passContext{
		pass:  pass,
		facts: pass.ResultOf[chanfacts.Analyzer].(*chanfacts.Result),
		insp:  pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
	}
	// 1. Channels: model each channel a function makes, then decide.
	for _, fn := range contain.Each(pass, srcFuncs) {
		if isProcessLifetime(fn) {
			continue // main and init: their goroutines live as long as the process
		}
		pc.checkNilChans(fn)
		pc.checkNilCaptured(fn)
		chans := chanmodel.Build(fn, pc.facts)
		for _, c := range chans {
			pc.checkChan(c, chans)
		}
	}
	// 1b. Channel classes (fields, package variables): operations with no
	// partner anywhere in the package.
	pc.checkNoPartner(withInit(srcFuncs, ssainfo.Pkg))
	// 2. Goroutines that block by construction: select {} and for {}.
	pc.checkForever(srcFuncs)
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
	if pc.checkSendFirst(c) {
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
		if pc.checkSender(c, g, siblings, append(signals(c, g, siblings), outcomeSignals(c, g)...)) {
			return
		}
		if pc.checkReceiver(c, g) {
			return
		}
		if pc.checkSemaphore(c, g) {
			return
		}
		if pc.checkQuitOnly(c, g) {
			return
		}
		if pc.checkRecvLoop(c, g) {
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
	return exitAfterEnds(g, match, nil, also...)
}

// exitAfterEnds is exitAfter where leaving a loop through one of ends (see
// countedEnds) is not an exit either.
func exitAfterEnds(g *chanmodel.Goroutine, match []*chanmodel.Op, ends []ssacfg.CountedExit, also ...*chanmodel.Op) (ret *ssa.Return, ok bool) {
	spawn := g.Spawn.Instr
	cov := chanmodel.Covered{}
	for _, e := range ends {
		cov.MarkEdge(e.From, e.To)
	}
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
	counted = g == nil || !ssacfg.InLoop(g.Spawn.Instr.Block())
	for _, o := range ops {
		if !pred(o.Kind) {
			continue
		}
		out = append(out, o)
		if o.Summary || ssacfg.InLoop(o.Instr.Block()) && !leavesLoops(o.Instr) {
			counted = false
		}
	}
	return
}

// constLoopSends reports whether every send of sends that sits in a loop
// sits in exactly one loop with a fixed trip count (and g is not started in
// a loop), and how many sends those loops add beyond one each.
func constLoopSends(sends []*chanmodel.Op, g *chanmodel.Goroutine) (int, bool) {
	if ssacfg.InLoop(g.Spawn.Instr.Block()) {
		return 0, false
	}
	extra := 0
	for _, o := range sends {
		if o.Summary {
			return 0, false
		}
		if !ssacfg.InLoop(o.Instr.Block()) || leavesLoops(o.Instr) {
			continue
		}
		hs := ssacfg.LoopHeaders(o.Instr.Block())
		if len(hs) != 1 {
			return 0, false
		}
		trips, ok := ssacfg.TripCount(hs[0])
		if !ok || trips > 1<<16 {
			return 0, false
		}
		if trips > 0 {
			extra += int(trips) - 1
		}
	}
	return extra, true
}

// perIteration reports whether c is made afresh in the loop iteration that
// starts g: the make and the go statement have the same innermost loop and
// the make comes first on every path.
func perIteration(c *chanmodel.Chan, g *chanmodel.Goroutine) bool {
	if c.Make == nil || c.Make.Parent() != g.Spawn.Instr.Parent() {
		return false
	}
	loops := ssacfg.InnermostLoops(c.Make.Parent())
	mk, sp := c.Make.Block(), g.Spawn.Instr.Block()
	h, ok := loops[mk]
	return ok && loops[sp] == h && ssacfg.Before(c.Make, g.Spawn.Instr)
}

// leavesLoops reports whether no path from instr comes back to a header of
// a loop around it: a send followed by return (or break out of the loop)
// runs once however many times the loop turns before it.
func leavesLoops(instr ssa.Instruction) bool {
	headers := make(map[*ssa.BasicBlock]bool)
	for _, h := range ssacfg.LoopHeaders(instr.Block()) {
		headers[h] = true
	}
	return ssacfg.Reach(instr, nil, func(in ssa.Instruction) bool { return headers[in.Block()] }) == nil
}

// checkSender reports a goroutine whose plain send on c may never be
// received because the owner can return first.
func (pc *passContext) checkSender(c *chanmodel.Chan, g *chanmodel.Goroutine, siblings []*chanmodel.Chan, signals []*chanmodel.Op) bool {
	mine, owner, _ := partners(c, g)
	sends, counted := blockingOps(mine, g, func(k chanmodel.Kind) bool { return k == chanmodel.Send })
	if len(sends) == 0 {
		return false
	}
	if !counted && perIteration(c, g) {
		// A channel made in the loop iteration that starts the goroutine:
		// each channel has one such goroutine, however often the loop runs.
		_, counted = blockingOps(mine, nil, func(k chanmodel.Kind) bool { return k == chanmodel.Send })
	}
	// Sends in a loop that runs a fixed number of times (for range 10):
	// counted, each as many times as the loop runs.
	constExtra := 0
	if !counted {
		constExtra, counted = constLoopSends(sends, g)
	}
	for _, o := range mine {
		if o.Summary && o.Kind == chanmodel.SelectSend {
			// A callee that sends in selects with alternatives
			// (ctx.Done) is cancellation-aware; a plain send on a rare
			// path of it (syncthing's watchLoop overflow event) is out
			// of the path analysis' sight.
			return false
		}
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
		n = maxSends(sends) + constExtra
	}
	// earlyOnly: a constant buffer and sends in a loop, as many as the data
	// has: only a consumer that stops early is decidable.
	earlyOnly := false
	switch {
	case c.Cap == 0:
	case c.Cap > 0 && counted && !ownerSends && n > c.Cap:
	case c.Cap > 0 && !counted && !ownerSends && dataDriven(g, sends) && !selects(g.Spawn.Fn):
		// A producer that also selects (on ctx.Done(), a quit channel)
		// notices the consumer leaving while the buffer takes its sends.
		earlyOnly = true
	default:
		return false
	}
	ends := countedEnds(c, recvs, siblings)
	ret, ok := exitAfterEnds(g, recvs, ends, signals...)
	if !ok {
		return false
	}
	if ret == nil || earlyOnly {
		// An early stop leaves sends pending only when, after the
		// receive it stops at, more sends remain than the buffer holds.
		if !counted || n-1 > c.Cap {
			return pc.checkEarlyStop(c, g, sends, recvs, ends)
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
		for _, o := range closes {
			if o.Kind == chanmodel.Close && chanmodel.Precedes(o, g.Spawn.Instr) {
				// Closed before the goroutine starts (a buffered
				// work queue filled and closed up front): the range
				// drains the buffer and ends.
				return false
			}
		}
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
		if recvs[0].Summary || ssacfg.InLoop(recvs[0].Instr.Block()) || ssacfg.InLoop(g.Spawn.Instr.Block()) {
			return false
		}
		for _, o := range feeds {
			if chanmodel.MayPrecede(o, g.Spawn.Instr) {
				// Sent (into the buffer) or closed before the goroutine
				// starts, on some path: its receive may complete, and on
				// the other paths the variable may not even hold the
				// channel (a nil check in the goroutine). Precision first.
				return false
			}
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

// withInit adds the package initializer, where package variables get their
// channels (var events = make(chan Event)), to fns.
func withInit(fns []*ssa.Function, pkg *ssa.Package) []*ssa.Function {
	if pkg == nil {
		return fns
	}
	if init := pkg.Func("init"); init != nil {
		for _, fn := range fns {
			if fn == init {
				return fns
			}
		}
		return append(append([]*ssa.Function(nil), fns...), init)
	}
	return fns
}
