package ssacfg

import (
	"go/constant"
	"go/token"
	"maps"
	"slices"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/ssa"
)

// Path searches (forward from an instruction):
//
//	NoReturnBlock(b)     b ends its goroutine without returning (a panic,
//	                     os.Exit, log.Fatal, t.Fatal)
//	KnownConds(b)        the branch conditions whose outcome every path
//	                     through b has fixed (a dominating if on the same
//	                     value, or on a load of a flag assigned once)
//	CondKey(v)           the key KnownConds files a condition under
//	Uses(fn, v)          the instructions of fn using v (globals keep no
//	                     referrers)
//	SuccsUnder(b, k)     b's successors, without the branch a known or
//	                     constant condition rules out
//	Search.From(x)       the first instruction a path from x reaches for
//	                     which Hit holds, paths ending where Stop holds
//	Search.FromBlock(b)  the same from the start of block b
//	Reach(x, stop, hit)  Search{Stop: stop, Hit: hit}.From(x)
//	AgreeingPath(b, i, visit)
//	                     a path from b's i-th instruction to an instruction
//	                     visit accepts, on which branches on the same value
//	                     agree

// NoReturnBlock reports whether b ends the goroutine without a return: a
// panic, or a call that never returns (os.Exit, log.Fatal, t.Fatal).
func NoReturnBlock(b *ssa.BasicBlock) bool {
	for _, in := range b.Instrs {
		switch in := in.(type) {
		case *ssa.Panic:
			return true
		case *ssa.Call:
			if known.Call(&in.Call) == known.NoReturn {
				return true
			}
		}
	}
	return false
}

// KnownConds returns the branch conditions whose value is known in block
// b, keyed by CondKey: an if whose true (false) successor dominates b
// fixes its condition to true (false) for every path through b. An SSA
// value never changes, so a later if on the same value (if flag {
// wg.Add(1); go … }; …; if flag { wg.Wait() }) takes the same branch.
// Conditions computed in a loop (a new value each iteration) are left out.
func KnownConds(b *ssa.BasicBlock) map[ssa.Value]bool {
	out := make(map[ssa.Value]bool)
	for _, d := range b.Parent().Blocks {
		if len(d.Succs) != 2 || len(d.Instrs) == 0 || !d.Dominates(b) {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || d.Succs[0] == d.Succs[1] {
			continue
		}
		if in, ok := iff.Cond.(ssa.Instruction); ok && InLoop(in.Block()) {
			continue
		}
		switch {
		case singlePred(d.Succs[0], d) && d.Succs[0].Dominates(b):
			out[CondKey(iff.Cond)] = true
		case singlePred(d.Succs[1], d) && d.Succs[1].Dominates(b):
			out[CondKey(iff.Cond)] = false
		}
	}
	return out
}

func singlePred(b, pred *ssa.BasicBlock) bool { return len(b.Preds) == 1 && b.Preds[0] == pred }

// CondKey names a branch condition for KnownConds: the condition value,
// or, for a load of a package-level flag the function never assigns or of
// a local variable it assigns once (if checkSubscriber { … } … if
// checkSubscriber { … }), the variable: the two loads read the same value
// unless another goroutine changes the flag in between, and assuming they
// do not only ever prunes a path.
func CondKey(v ssa.Value) ssa.Value {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return v
	}
	switch addr := u.X.(type) {
	case *ssa.Global, *ssa.Alloc:
		stores := 0
		refs := addr.Referrers()
		if refs == nil {
			// Globals keep no referrers: look at the function's own uses.
			uses := Uses(u.Parent(), addr)
			refs = &uses
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr == addr && r.Parent() == u.Parent() {
					stores++
				}
			case *ssa.UnOp, *ssa.DebugRef:
			default:
				if r.Parent() == u.Parent() {
					return v // address taken, passed on
				}
			}
		}
		_, global := addr.(*ssa.Global)
		if (global && stores == 0) || (!global && stores == 1) {
			return addr
		}
	}
	return v
}

// Uses returns the instructions of fn that use v as an operand (for
// values such as globals, which keep no referrers).
func Uses(fn *ssa.Function, v ssa.Value) []ssa.Instruction {
	var out []ssa.Instruction
	var ops []*ssa.Value
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			ops = in.Operands(ops[:0])
			for _, op := range ops {
				if op != nil && *op == v {
					out = append(out, in)
					break
				}
			}
		}
	}
	return out
}

// SuccsUnder returns b's successors without the branch that an if on a
// known (KnownConds) or constant condition cannot take.
func SuccsUnder(b *ssa.BasicBlock, conds map[ssa.Value]bool) []*ssa.BasicBlock {
	if len(b.Succs) == 2 && len(b.Instrs) > 0 {
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if v, known := conds[CondKey(iff.Cond)]; known {
				if v {
					return b.Succs[:1]
				}
				return b.Succs[1:]
			}
		}
	}
	return Succs(b)
}

// A Search walks a function's control flow forward from an instruction.
// A path ends at an instruction for which Stop holds, at a block that
// never returns (NoReturnBlock), along an edge Cut says is not taken, and
// at a branch whose condition is known at the start (KnownConds) or
// constant. Of a two-way branch, the successor that bypasses a loop whose
// body stops the walk (a receive loop after the go statements: for range
// n { <-done }) is dropped: whether such a loop runs zero times depends on
// a trip count the analysis does not track, and it is taken to run
// (precision over recall); a loop through the start block is walked, not
// assumed.
type Search struct {
	Stop func(ssa.Instruction) bool
	Hit  func(ssa.Instruction) bool
	// Cut, if set, reports whether the edge from b to its i-th successor
	// ends the path (an edge that synchronises, as a select case does).
	Cut func(b *ssa.BasicBlock, i int) bool
}

// Reach returns Search{Stop: stop, Hit: hit}.From(start).
func Reach(start ssa.Instruction, stop, hit func(ssa.Instruction) bool) ssa.Instruction {
	return Search{Stop: stop, Hit: hit}.From(start)
}

// From returns the first instruction after start, in a depth-first walk,
// for which Hit holds (Hit is asked before Stop), or nil.
func (s Search) From(start ssa.Instruction) ssa.Instruction {
	i := index(start)
	if i < 0 {
		return nil
	}
	return s.from(start.Block(), i+1)
}

// FromBlock returns the first instruction from the start of b on (b's own
// instructions included) for which Hit holds, as From does.
func (s Search) FromBlock(b *ssa.BasicBlock) ssa.Instruction {
	return s.from(b, 0)
}

func (s Search) from(b *ssa.BasicBlock, i int) ssa.Instruction {
	return s.fromPred(b, nil, i)
}

// FromEdge is FromBlock for a path entering to from its predecessor from
// (a select case's edge): a branch on a phi of to that the edge decides
// is taken one way.
func (s Search) FromEdge(from, to *ssa.BasicBlock) ssa.Instruction {
	return s.fromPred(to, from, 0)
}

func (s Search) fromPred(b, entry *ssa.BasicBlock, i int) ssa.Instruction {
	if s.Stop == nil {
		s.Stop = func(ssa.Instruction) bool { return false }
	}
	start := b
	conds := KnownConds(b)
	loops := new(loopInfo)
	seen := make(map[*ssa.BasicBlock]bool)
	routed := make(map[[2]any]bool)
	var scan func(b, pred *ssa.BasicBlock, from int) ssa.Instruction
	scan = func(b, pred *ssa.BasicBlock, from int) ssa.Instruction {
		// A block ending in if p, p a boolean phi of the block whose value
		// on the edge taken is a constant (timedOut = true in one select
		// case, false in the other): that edge decides the branch.
		only := -1
		if from == 0 && pred != nil {
			only = PhiBranch(b, pred)
		}
		if from == 0 {
			if only >= 0 {
				key := [2]any{b, only}
				if routed[key] {
					return nil
				}
				routed[key] = true
			} else {
				if seen[b] {
					return nil
				}
				seen[b] = true
			}
			if NoReturnBlock(b) {
				return nil
			}
		}
		for _, in := range b.Instrs[from:] {
			if s.Hit(in) {
				return in
			}
			if s.Stop(in) {
				return nil
			}
		}
		succs := s.loopSuccs(b, s.succs(b, conds), start, loops)
		if only >= 0 {
			succs = nil
			for _, x := range s.succs(b, conds) {
				if x == b.Succs[only] {
					succs = append(succs, x)
				}
			}
		}
		for _, succ := range succs {
			if r := scan(succ, b, 0); r != nil {
				return r
			}
		}
		return nil
	}
	return scan(b, entry, i)
}

// PhiBranch returns which successor (0 or 1) b takes when entered from
// pred, when b ends in if p (or if !p) with p a boolean phi of b whose
// value from pred is a constant; -1 otherwise.
func PhiBranch(b, pred *ssa.BasicBlock) int {
	if len(b.Instrs) == 0 || len(b.Succs) != 2 {
		return -1
	}
	iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return -1
	}
	cond, neg := iff.Cond, false
	if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
		cond, neg = u.X, true
	}
	phi, ok := cond.(*ssa.Phi)
	if !ok || phi.Block() != b {
		return -1
	}
	idx := -1
	for i, p := range b.Preds {
		if p == pred {
			if idx >= 0 {
				return -1 // two edges from pred
			}
			idx = i
		}
	}
	if idx < 0 || idx >= len(phi.Edges) {
		return -1
	}
	c, ok := phi.Edges[idx].(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.Bool {
		return -1
	}
	if constant.BoolVal(c.Value) != neg {
		return 0
	}
	return 1
}

// succs returns the successors of b a path may take.
func (s Search) succs(b *ssa.BasicBlock, conds map[ssa.Value]bool) []*ssa.BasicBlock {
	succs := SuccsUnder(b, conds)
	if s.Cut == nil {
		return succs
	}
	var out []*ssa.BasicBlock
	for i, x := range b.Succs {
		if s.Cut(b, i) {
			continue
		}
		for _, y := range succs {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// loopSuccs drops, of a two-way branch, the successor that bypasses a
// loop whose body stops the walk.
func (s Search) loopSuccs(b *ssa.BasicBlock, succs []*ssa.BasicBlock, start *ssa.BasicBlock, li *loopInfo) []*ssa.BasicBlock {
	if len(succs) != 2 {
		return succs
	}
	in0, in1 := s.stopLoop(succs[0], start, li), s.stopLoop(succs[1], start, li)
	switch {
	case in0 && !in1:
		return succs[:1]
	case in1 && !in0:
		return succs[1:]
	}
	return succs
}

// loopInfo is what stopLoop computes once per search: the strongly
// connected components of the function's blocks (the cycles), and which
// of them stop the walk.
type loopInfo struct {
	comp    []int // comp[b.Index]: b's component
	members [][]*ssa.BasicBlock
	cyclic  []bool       // the component has a cycle (a self-loop counts)
	stops   map[int]bool // memo: the component holds a Stop instruction or a Cut edge
}

// stopLoop reports whether b lies on a cycle that has an instruction for
// which Stop holds or an edge Cut ends, other than a cycle through start.
// The blocks on b's cycles are its strongly connected component, computed
// once for all blocks (asking Closure per block was quadratic).
func (s Search) stopLoop(b, start *ssa.BasicBlock, li *loopInfo) bool {
	if b == start {
		return false
	}
	if li.comp == nil {
		li.comp, li.members, li.cyclic = blockSCCs(b.Parent())
		li.stops = make(map[int]bool)
	}
	c := li.comp[b.Index]
	if !li.cyclic[c] || li.comp[start.Index] == c {
		return false // b is on no cycle, or start is on b's cycles
	}
	if v, ok := li.stops[c]; ok {
		return v
	}
	res := false
component:
	for _, x := range li.members[c] {
		for _, in := range x.Instrs {
			if s.Stop(in) {
				res = true
				break component
			}
		}
		if s.Cut != nil {
			for i := range x.Succs {
				if s.Cut(x, i) {
					res = true
					break component
				}
			}
		}
	}
	li.stops[c] = res
	return res
}

// blockSCCs returns the strongly connected components of fn's blocks
// along all their edges (Tarjan): comp[b.Index] is b's component, members
// its blocks in block order, cyclic whether it has a cycle.
func blockSCCs(fn *ssa.Function) (comp []int, members [][]*ssa.BasicBlock, cyclic []bool) {
	n := len(fn.Blocks)
	comp = make([]int, n)
	index := make([]int, n) // 0: unvisited; else DFS number + 1
	low := make([]int, n)
	onStack := make([]bool, n)
	var stack []*ssa.BasicBlock
	next := 0
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		next++
		index[b.Index], low[b.Index] = next, next
		stack = append(stack, b)
		onStack[b.Index] = true
		for _, x := range b.Succs {
			switch {
			case index[x.Index] == 0:
				visit(x)
				low[b.Index] = min(low[b.Index], low[x.Index])
			case onStack[x.Index]:
				low[b.Index] = min(low[b.Index], index[x.Index])
			}
		}
		if low[b.Index] != index[b.Index] {
			return
		}
		c := len(members)
		var ms []*ssa.BasicBlock
		for {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[x.Index] = false
			comp[x.Index] = c
			ms = append(ms, x)
			if x == b {
				break
			}
		}
		slices.SortFunc(ms, func(a, b *ssa.BasicBlock) int { return a.Index - b.Index })
		cyc := len(ms) > 1 || slices.Contains(b.Succs, b)
		members = append(members, ms)
		cyclic = append(cyclic, cyc)
	}
	for _, b := range fn.Blocks {
		if index[b.Index] == 0 {
			visit(b)
		}
	}
	return comp, members, cyclic
}

// A Step is what AgreeingPath's visitor says of an instruction.
type Step int

const (
	Continue Step = iota // the path goes on
	Found                // the path is the one sought
	Blocked              // the path ends here, unsuccessful
)

// AgreeingPath reports whether a path from instruction from of block b
// reaches an instruction visit says is Found, passing none it says is
// Blocked, on which two branches on the same condition (through
// negations, CondBase) take the same direction: a path that needs x true
// at one if and false at a later one does not run. Each path visits a
// block once; the search is bounded, and past the bound answers false.
func AgreeingPath(b *ssa.BasicBlock, from int, visit func(ssa.Instruction) Step) bool {
	budget := 2000
	var walk func(b *ssa.BasicBlock, from int, conds map[ssa.Value]bool, onPath map[*ssa.BasicBlock]bool) bool
	walk = func(b *ssa.BasicBlock, from int, conds map[ssa.Value]bool, onPath map[*ssa.BasicBlock]bool) bool {
		if budget--; budget < 0 {
			if budget == -1 {
				contain.Exhausted("ssacfg.AgreeingPath blocks", b.Parent())
			}
			return false
		}
		for _, in := range b.Instrs[from:] {
			switch visit(in) {
			case Found:
				return true
			case Blocked:
				return false
			}
		}
		var iff *ssa.If
		if len(b.Instrs) > 0 {
			iff, _ = b.Instrs[len(b.Instrs)-1].(*ssa.If)
		}
		for i, s := range b.Succs {
			if onPath[s] {
				continue
			}
			c2 := conds
			if iff != nil && len(b.Succs) == 2 {
				base, pol := CondBase(iff.Cond)
				taken := (i == 0) == pol // the value of base on this edge
				if v, known := conds[base]; known && v != taken {
					continue
				}
				c2 = maps.Clone(conds)
				c2[base] = taken
			}
			p2 := maps.Clone(onPath)
			p2[s] = true
			if walk(s, 0, c2, p2) {
				return true
			}
		}
		return false
	}
	return walk(b, from, map[ssa.Value]bool{}, map[*ssa.BasicBlock]bool{b: true})
}

// SelectCaseEdge returns the edge taken when select s takes case k: from the
// block of `if idx == k` to its true successor.
func SelectCaseEdge(s *ssa.Select, k int) (from, to *ssa.BasicBlock) {
	refs := s.Referrers()
	if refs == nil {
		return nil, nil
	}
	for _, r := range *refs {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 0 || ex.Referrers() == nil {
			continue
		}
		for _, r2 := range *ex.Referrers() {
			cmp, ok := r2.(*ssa.BinOp)
			if !ok || cmp.Referrers() == nil {
				continue
			}
			k2, ok := cmp.Y.(*ssa.Const)
			if !ok || k2.Int64() != int64(k) {
				continue
			}
			for _, r3 := range *cmp.Referrers() {
				if iff, ok := r3.(*ssa.If); ok {
					return iff.Block(), iff.Block().Succs[0]
				}
			}
		}
	}
	return nil, nil
}
