package ssacfg

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// Natural loops and paths (blocks and instructions):
//
//	Index(x)             x's position in its block
//	Closure(b, fwd)      the blocks reachable from b by one edge or more,
//	                     forward (successors) or backward (predecessors)
//	LoopHeaders(b)       the headers of the natural loops containing b
//	InLoopOf(b, h)       b belongs to the natural loop headed by h
//	ExitsAtHeader(h)     the loop headed by h can end at h (may run zero times)
//	RangeIntLoop(h)      the guard and latches of a rotated for range n loop
//	InnermostLoops(fn)   every block's innermost loop header, in one pass
//	ConstBounded(h)      the loop headed by h tests its counter against a constant
//	Straight(a, b)       control runs from a to b without a branch
//	MaxOnPath(fn, xs)    the most of xs one loop-free execution runs
//	CountedExits(h)      the exits of h's loop taken once a counter reaches a bound

// Index returns the position of instr in its block, or -1.
func Index(instr ssa.Instruction) int { return index(instr) }

// Closure returns the blocks reachable from b by one edge or more,
// following successors (fwd) or predecessors. b is in it when b is on a
// cycle; the blocks on b's cycles are Closure(b, true) ∩ Closure(b, false).
func Closure(b *ssa.BasicBlock, fwd bool) map[*ssa.BasicBlock]bool {
	next := func(x *ssa.BasicBlock) []*ssa.BasicBlock {
		if fwd {
			return x.Succs
		}
		return x.Preds
	}
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), next(b)...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !seen[x] {
			seen[x] = true
			stack = append(stack, next(x)...)
		}
	}
	return seen
}

// LoopHeaders returns the headers of the natural loops containing b,
// outermost first (in block order).
func LoopHeaders(b *ssa.BasicBlock) []*ssa.BasicBlock {
	var out []*ssa.BasicBlock
	for _, h := range b.Parent().Blocks {
		if InLoopOf(b, h) {
			out = append(out, h)
		}
	}
	return out
}

// InLoopOf reports whether b belongs to the natural loop headed by h: h has
// back edges (predecessors it dominates), and b is h or reaches the source
// of one of them without passing through h. (Reaching h through an
// enclosing loop does not make b part of h's loop.)
func InLoopOf(b, h *ssa.BasicBlock) bool {
	var backs []*ssa.BasicBlock
	for _, p := range h.Preds {
		if h.Dominates(p) {
			backs = append(backs, p)
		}
	}
	if len(backs) == 0 || !h.Dominates(b) {
		return false
	}
	if b == h {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{h: true}
	stack := []*ssa.BasicBlock{b}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		for _, t := range backs {
			if x == t {
				return true
			}
		}
		stack = append(stack, x.Succs...)
	}
	return false
}

// InnermostLoops maps every block of fn that lies in a loop to the header
// of its innermost loop: the last, in block order, of LoopHeaders(b). It
// costs one walk per loop header, where asking LoopHeaders for each block
// costs one per block and header pair (quadratic on long functions).
func InnermostLoops(fn *ssa.Function) map[*ssa.BasicBlock]*ssa.BasicBlock {
	out := make(map[*ssa.BasicBlock]*ssa.BasicBlock)
	for _, h := range fn.Blocks {
		var stack []*ssa.BasicBlock
		for _, p := range h.Preds {
			if h.Dominates(p) {
				stack = append(stack, p) // a back edge's source
			}
		}
		if len(stack) == 0 {
			continue
		}
		// InLoopOf(b, h): h dominates b, and b reaches a back edge's
		// source without passing through h; walk those sources' preds.
		out[h] = h
		seen := map[*ssa.BasicBlock]bool{h: true}
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[x] {
				continue
			}
			seen[x] = true
			if h.Dominates(x) {
				out[x] = h // later (inner) headers overwrite earlier ones
			}
			stack = append(stack, x.Preds...)
		}
	}
	return out
}

// ExitsAtHeader reports whether the loop headed by h can end at h (a loop
// condition, a range): only such loops may run zero times. Endless loops
// (for { select { … } }) always run their body.
func ExitsAtHeader(h *ssa.BasicBlock) bool {
	for _, s := range h.Succs {
		if !InLoopOf(s, h) {
			return true
		}
	}
	return false
}

// RangeIntLoop recognises the header h of a for range n loop, which go/ssa
// builds rotated (see builder.rangeInt):
//
//	if 0 < n goto body else done       (the guard, before the loop)
//	body: ...; jump loop
//	loop: iter++; if iter < n goto body else done   (the latch)
//
// It returns the guard block and the latch blocks, or nil, nil.
func RangeIntLoop(h *ssa.BasicBlock) (guard *ssa.BasicBlock, latches []*ssa.BasicBlock) {
	if h.Comment != "rangeint.body" {
		return nil, nil
	}
	for _, p := range h.Preds {
		if len(p.Instrs) == 0 || len(p.Succs) != 2 {
			return nil, nil
		}
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok || p.Succs[0] != h {
			return nil, nil
		}
		if cmp, ok := iff.Cond.(*ssa.BinOp); !ok || cmp.Op != token.LSS {
			return nil, nil
		}
		if h.Dominates(p) {
			latches = append(latches, p)
		} else if guard == nil {
			guard = p
		} else {
			return nil, nil
		}
	}
	if guard == nil || latches == nil {
		return nil, nil
	}
	return guard, latches
}

// ConstBounded reports whether the loop headed by h tests its counter
// against a constant (i < 3, i < len(array)): its trip count is fixed by
// the program text, not by data.
func ConstBounded(h *ssa.BasicBlock) bool {
	if len(h.Instrs) == 0 {
		return false
	}
	iff, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cmp, ok := iff.Cond.(*ssa.BinOp)
	if !ok {
		return false
	}
	switch cmp.Op {
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
	default:
		return false
	}
	_, xc := cmp.X.(*ssa.Const)
	_, yc := cmp.Y.(*ssa.Const)
	return xc != yc
}

// Straight reports whether control runs from block from to block to
// without a branch (a chain of single-successor blocks, bounded).
func Straight(from, to *ssa.BasicBlock) bool {
	for range 64 {
		if from == to {
			return true
		}
		if len(from.Succs) != 1 {
			return false
		}
		from = from.Succs[0]
	}
	return false
}

// MaxOnPath returns the largest number of the given instructions of fn that
// one execution can run, assuming none of them is in a loop (callers check
// InLoop): instructions on mutually exclusive paths count once.
func MaxOnPath(fn *ssa.Function, instrs []ssa.Instruction) int {
	if len(fn.Blocks) == 0 {
		return 0
	}
	per := map[*ssa.BasicBlock]int{}
	for _, in := range instrs {
		per[in.Block()]++
	}
	memo := map[*ssa.BasicBlock]int{}
	busy := map[*ssa.BasicBlock]bool{}
	var walk func(b *ssa.BasicBlock) int
	walk = func(b *ssa.BasicBlock) int {
		if v, ok := memo[b]; ok {
			return v
		}
		if busy[b] {
			return 0 // a back edge: the loop holds none of the instructions
		}
		busy[b] = true
		best := 0
		for _, s := range b.Succs {
			best = max(best, walk(s))
		}
		busy[b] = false
		memo[b] = per[b] + best
		return memo[b]
	}
	return walk(fn.Blocks[0])
}

// CountedExit is a way out of a loop taken once a counter has reached a
// bound: the loop counts events (receipts, replies) in a variable that
// starts at zero and grows by one, and leaves when the count says so
// (seen++; if seen == len(items) { return }).
type CountedExit struct {
	From, To *ssa.BasicBlock // the exit edge
	Counter  *ssa.Phi        // the counter at the loop header
	// Min is the least value the counter has when the edge is taken
	// (the bound); Known is false when the bound is not a constant.
	Min   int64
	Known bool
	// Incs are the blocks that add one to the counter.
	Incs []*ssa.BasicBlock
}

// CountedExits returns the counted exits of the loop headed by h: edges
// out of the loop taken by a branch on a comparison that holds only once
// the counter has reached its bound (==, >=, > on the exit's side). A
// counter must start at the constant 0 and change only by adding the
// constant 1; anything else is not a count and yields no exit.
func CountedExits(h *ssa.BasicBlock) []CountedExit {
	var out []CountedExit
	counters := make(map[*ssa.Phi][]*ssa.BasicBlock) // header phi -> increment blocks; nil entry: not a counter
	counterOf := func(v ssa.Value) *ssa.Phi {
		p := countBase(v, h, 0)
		if p == nil {
			return nil
		}
		incs, ok := counters[p]
		if !ok {
			incs = counterIncs(p, h)
			counters[p] = incs
		}
		if incs == nil {
			return nil
		}
		return p
	}
	for _, b := range h.Parent().Blocks {
		if len(b.Instrs) == 0 || len(b.Succs) != 2 || !InLoopOf(b, h) {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok {
			continue
		}
		in0, in1 := InLoopOf(b.Succs[0], h), InLoopOf(b.Succs[1], h)
		if in0 == in1 {
			continue
		}
		exitOnTrue := !in0
		op, x, y := cmp.Op, cmp.X, cmp.Y
		p := counterOf(x)
		if p == nil {
			if p = counterOf(y); p == nil {
				continue
			}
			op, x, y = mirror(op), y, x
		}
		if !exitOnTrue {
			op = negate(op)
		}
		// Now the exit is taken when `count op y` holds.
		var delta int64
		switch op {
		case token.EQL, token.GEQ:
		case token.GTR:
			delta = 1
		default:
			continue // the exit can be taken below the bound: not a count
		}
		e := CountedExit{From: b, To: b.Succs[0], Counter: p, Incs: counters[p]}
		if !exitOnTrue {
			e.To = b.Succs[1]
		}
		if k, ok := y.(*ssa.Const); ok && k.Value != nil {
			if n, ok := constant.Int64Val(constant.ToInt(k.Value)); ok {
				e.Min, e.Known = n+delta, true
			}
		}
		out = append(out, e)
	}
	return out
}

// countBase returns the header phi of loop h that v counts from: the phi
// itself, the phi plus one, or a phi inside the loop merging such values.
func countBase(v ssa.Value, h *ssa.BasicBlock, depth int) *ssa.Phi {
	if depth > 8 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.Phi:
		if v.Block() == h {
			return v
		}
		if !InLoopOf(v.Block(), h) {
			return nil
		}
		var base *ssa.Phi
		for _, e := range v.Edges {
			p := countBase(e, h, depth+1)
			if p == nil || base != nil && p != base {
				return nil
			}
			base = p
		}
		return base
	case *ssa.BinOp:
		if v.Op == token.ADD && isOne(v.Y) {
			return countBase(v.X, h, depth+1)
		}
	}
	return nil
}

// counterIncs checks that header phi p is a counter of its loop h — it
// starts at 0 on entry and every value flowing back is p, p + 1 or a merge
// of those — and returns the blocks adding one, or nil.
func counterIncs(p *ssa.Phi, h *ssa.BasicBlock) []*ssa.BasicBlock {
	var incs []*ssa.BasicBlock
	seen := make(map[ssa.Value]bool)
	var back func(v ssa.Value, depth int) bool
	back = func(v ssa.Value, depth int) bool {
		if v == p {
			return true
		}
		if seen[v] {
			return true
		}
		seen[v] = true
		if depth > 8 {
			return false
		}
		switch v := v.(type) {
		case *ssa.Phi:
			if !InLoopOf(v.Block(), h) {
				return false
			}
			for _, e := range v.Edges {
				if !back(e, depth+1) {
					return false
				}
			}
			return true
		case *ssa.BinOp:
			if v.Op == token.ADD && isOne(v.Y) && InLoopOf(v.Block(), h) && back(v.X, depth+1) {
				incs = append(incs, v.Block())
				return true
			}
		}
		return false
	}
	for i, e := range p.Edges {
		from := h.Preds[i]
		if InLoopOf(from, h) {
			if !back(e, 0) {
				return nil
			}
		} else if k, ok := e.(*ssa.Const); !ok || k.Value == nil || k.Value.String() != "0" {
			return nil
		}
	}
	return incs
}

func isOne(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value != nil && k.Value.Kind() == constant.Int && k.Value.String() == "1"
}

// mirror returns the operator for swapped operands (a < b is b > a).
func mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// negate returns the operator of the negated comparison (!(a < b) is a >= b).
func negate(op token.Token) token.Token {
	switch op {
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	case token.LSS:
		return token.GEQ
	case token.GEQ:
		return token.LSS
	case token.GTR:
		return token.LEQ
	case token.LEQ:
		return token.GTR
	}
	return token.ILLEGAL
}

// TripCount returns how many times the loop headed by h runs its body
// when the count is fixed by the program text: for i := c0; i < K; i++
// (tested in the header) and for range K (tested after the increment,
// in the latch), with constant c0 and K.
func TripCount(h *ssa.BasicBlock) (int64, bool) {
	intOf := func(v ssa.Value) (int64, bool) {
		k, ok := v.(*ssa.Const)
		if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
			return 0, false
		}
		return constant.Int64Val(k.Value)
	}
	for _, in := range h.Instrs {
		phi, ok := in.(*ssa.Phi)
		if !ok || len(phi.Edges) != 2 {
			continue
		}
		var start int64
		var inc *ssa.BinOp
		okStart := false
		for i, e := range phi.Edges {
			if Reaches(h, h.Preds[i]) {
				b, ok := e.(*ssa.BinOp)
				if !ok || b.Op != token.ADD || b.X != ssa.Value(phi) {
					break
				}
				if one, ok := intOf(b.Y); !ok || one != 1 {
					break
				}
				inc = b
				continue
			}
			start, okStart = intOf(e)
		}
		if inc == nil || !okStart {
			continue
		}
		// The exit test: phi < K in the header, or inc < K where inc is
		// computed.
		for _, b := range []*ssa.BasicBlock{h, inc.Block()} {
			if len(b.Instrs) == 0 {
				continue
			}
			iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
			if !ok {
				continue
			}
			cmp, ok := iff.Cond.(*ssa.BinOp)
			if !ok || cmp.Op != token.LSS || cmp.X != ssa.Value(phi) && cmp.X != ssa.Value(inc) {
				continue
			}
			limit, ok := intOf(cmp.Y)
			if !ok {
				continue
			}
			if n := limit - start; n > 0 {
				return n, true
			}
			return 0, true
		}
	}
	return 0, false
}
