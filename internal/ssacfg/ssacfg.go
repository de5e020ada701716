// Package ssacfg answers control-flow questions about one SSA function, for
// every concurlint model and analyzer: there is one implementation of each,
// here (staticcheck's go/ir/irutil is the model).
//
// Reachability and loops (blocks):
//
//	Reaches(a, b)        a path of at least one edge leads from a to b
//	InLoop(b)            b is on a cycle
//	SameLoop(a, b)       a and b are on a common cycle (each reaches the other)
//
// Instructions:
//
//	After(x, y)          y can execute after x on some path (same block: later
//	                     index, or x's block reaches y's through a loop)
//	Before(x, y)         x executes on every path from the entry to y
//	                     (dominance: the block dominates, or same block earlier)
//
// Constant conditions:
//
//	ConstCond(v)         the constant value of a branch condition (if false,
//	                     const debug = false, !true)
//	Succs(b)             b's successors with the branch a constant condition
//	                     rules out removed
//	Live(fn)             the blocks reachable from the entry along Succs
//
// Correlated conditions — the same comparison, field load or len(field)
// computed twice with nothing redefining its operands in between has the
// same outcome both times:
//
//	CondBase(v)          the value branched on with negations stripped, and
//	                     the polarity
//	NewClasses(fn, addr) groups the branch conditions of fn into classes of
//	                     conditions computed the same way, with what
//	                     invalidates each class (an operand redefined, a
//	                     store, map update, delete or clear of a field)
//
// Walkers that track branch outcomes along paths (internal/lockmodel) use a
// class's representative as the key of an assumption and drop the
// assumption when Classes says an instruction invalidates it.
//
// Other analyzers still holding their own copies of these questions
// (unguarded, missingjoin, goroutineleak, chanmodel) migrate by replacing
// them with these functions; the API takes plain *ssa values so it serves
// any of them.
package ssacfg

import (
	"go/constant"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/ssa"
)

// Reaches reports whether a path of at least one edge leads from block
// from to block to (so Reaches(b, b) means b is in a loop).
func Reaches(from, to *ssa.BasicBlock) bool {
	if from == nil || to == nil {
		return false
	}
	seen := make(map[*ssa.BasicBlock]bool)
	work := []*ssa.BasicBlock{from}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range b.Succs {
			if s == to {
				return true
			}
			if !seen[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

// InLoop reports whether b is on a cycle of the CFG.
func InLoop(b *ssa.BasicBlock) bool { return Reaches(b, b) }

// SameLoop reports whether a and b are on a common cycle: each reaches
// the other.
func SameLoop(a, b *ssa.BasicBlock) bool {
	if a == b {
		return InLoop(a)
	}
	return Reaches(a, b) && Reaches(b, a)
}

// After reports whether y can execute after x on some path: later in the
// same block, or in a block x's block reaches (which includes x's own
// block through a loop).
func After(x, y ssa.Instruction) bool {
	bx, by := x.Block(), y.Block()
	if bx == nil || by == nil {
		return false
	}
	if bx == by && index(x) < index(y) {
		return true
	}
	return Reaches(bx, by)
}

// Before reports whether x executes on every path from the function's
// entry to y (x dominates y).
func Before(x, y ssa.Instruction) bool {
	bx, by := x.Block(), y.Block()
	if bx == nil || by == nil {
		return false
	}
	if bx == by {
		return index(x) < index(y)
	}
	return bx.Dominates(by)
}

func index(instr ssa.Instruction) int {
	for i, in := range instr.Block().Instrs {
		if in == instr {
			return i
		}
	}
	return -1
}

// CondBase strips negations: the value branched on and whether the
// branch condition equals it (true) or its negation (false).
func CondBase(v ssa.Value) (ssa.Value, bool) {
	pol := true
	for {
		u, ok := v.(*ssa.UnOp)
		if !ok || u.Op != token.NOT {
			return v, pol
		}
		v, pol = u.X, !pol
	}
}

// ConstCond returns the value of a constant boolean condition (through
// negations).
func ConstCond(v ssa.Value) (val, ok bool) {
	base, pol := CondBase(v)
	c, isConst := base.(*ssa.Const)
	if !isConst || c.Value == nil || c.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(c.Value) == pol, true
}

// Succs returns b's successors, without the one a constant branch
// condition rules out.
func Succs(b *ssa.BasicBlock) []*ssa.BasicBlock {
	if len(b.Succs) == 2 && len(b.Instrs) > 0 {
		if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if val, ok := ConstCond(ifi.Cond); ok {
				if val {
					return b.Succs[:1]
				}
				return b.Succs[1:]
			}
		}
	}
	return b.Succs
}

// Live returns the blocks of fn reachable from its entry when constant
// conditions are taken into account (indexed by block index).
func Live(fn *ssa.Function) []bool {
	live := make([]bool, len(fn.Blocks))
	if len(fn.Blocks) == 0 {
		return live
	}
	work := []*ssa.BasicBlock{fn.Blocks[0]}
	live[0] = true
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, s := range Succs(b) {
			if !live[s.Index] {
				live[s.Index] = true
				work = append(work, s)
			}
		}
	}
	return live
}

// An AddrFunc names the memory an address denotes (x.pending, a package
// variable) with a canonical string, and returns the value the address is
// rooted at; ok is false when it cannot be named. lockmodel passes its lock
// keys' naming; DefaultAddr is a plain field-path naming.
type AddrFunc func(addr ssa.Value) (id string, root ssa.Value, ok bool)

// DefaultAddr names field paths below parameters, free variables, globals
// and allocations (p.a.b, g).
func DefaultAddr(addr ssa.Value) (string, ssa.Value, bool) {
	switch a := addr.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		return a.Name(), a, true
	case *ssa.Global:
		return a.RelString(nil), a, true
	case *ssa.FieldAddr:
		id, root, ok := DefaultAddr(a.X)
		if !ok {
			return "", nil, false
		}
		return id + "." + fieldName(a.X.Type(), a.Field), root, true
	case *ssa.UnOp:
		if a.Op == token.MUL {
			return DefaultAddr(a.X)
		}
	}
	return "", nil, false
}

func fieldName(t types.Type, i int) string {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() {
		return st.Field(i).Name()
	}
	return "?"
}

// Classes groups the branch conditions of one function into classes of
// conditions computed the same way from the same operands.
type Classes struct {
	// Rep maps a branch condition's base (CondBase) to its class's
	// representative (itself for the first of its class).
	Rep map[ssa.Value]ssa.Value
	// DropOn: the representatives whose outcome is no longer known once
	// the value is (re)defined (an operand; a new loop iteration).
	DropOn map[ssa.Value][]ssa.Value
	// DropOnAddr: the representatives whose outcome a store, map update,
	// delete or clear of the named memory invalidates.
	DropOnAddr map[string][]ssa.Value
	// Excl maps a representative of the form x == k (k a constant) to the
	// representatives x == k2 with the same x and another constant: on a
	// path where the first held, the others do not (switch cases, an
	// error code tested against two codes).
	Excl map[ssa.Value][]ssa.Value
	addr AddrFunc
}

// NewClasses computes the condition classes of fn; addr names memory
// (nil: DefaultAddr).
func NewClasses(fn *ssa.Function, addr AddrFunc) *Classes {
	if addr == nil {
		addr = DefaultAddr
	}
	cl := &Classes{
		Rep:        make(map[ssa.Value]ssa.Value),
		DropOn:     make(map[ssa.Value][]ssa.Value),
		DropOnAddr: make(map[string][]ssa.Value),
		Excl:       make(map[ssa.Value][]ssa.Value),
		addr:       addr,
	}
	type eqConst struct {
		rep ssa.Value
		k   string
	}
	bySubject := make(map[string][]eqConst)
	reps := make(map[string]ssa.Value)
	repAddrs := make(map[ssa.Value][]string)
	members := make(map[ssa.Value]int) // evaluations besides the representative
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		base, _ := CondBase(ifi.Cond)
		canon, operands, addrs := cl.Canon(base)
		if canon == "" {
			continue
		}
		rep, ok := reps[canon]
		if !ok {
			rep = base
			reps[canon] = base
			for _, o := range operands {
				cl.DropOn[o] = append(cl.DropOn[o], rep)
			}
			repAddrs[rep] = addrs
		}
		if _, seen := cl.Rep[base]; !seen && base != rep {
			members[rep]++
		}
		cl.Rep[base] = rep
		if !ok {
			if subj, k, isEq := cl.eqConst(base); isEq {
				bySubject[subj] = append(bySubject[subj], eqConst{rep, k})
			}
		}
	}
	for _, eqs := range bySubject {
		for _, a := range eqs {
			for _, b := range eqs {
				if a.k != b.k {
					cl.Excl[a.rep] = append(cl.Excl[a.rep], b.rep)
				}
			}
		}
	}
	// A write to memory a condition reads changes the outcome of a later
	// evaluation, not of the value already computed: one SSA value tested
	// twice (ok := s.m != nil; if ok {…}; s.m[k] = v; if ok {…}) keeps its
	// outcome. So only classes with a second evaluation are invalidated.
	for rep, addrs := range repAddrs {
		if members[rep] == 0 {
			continue
		}
		for _, a := range addrs {
			cl.DropOnAddr[a] = append(cl.DropOnAddr[a], rep)
		}
	}
	for _, reps := range cl.DropOnAddr {
		sort.Slice(reps, func(i, j int) bool { return reps[i].Pos() < reps[j].Pos() })
	}
	return cl
}

// contentPrefix marks, in DropOnAddr, memory read through len or cap:
// updating, deleting from or clearing the map stored there changes such a
// condition, while it does not change a comparison of the field itself.
const contentPrefix = "#"

// Invalidated returns the representatives whose outcome instr makes
// unknown by writing memory they read: a store to the field, an update
// of the map loaded from it, delete or clear of it.
func (cl *Classes) Invalidated(instr ssa.Instruction) []ssa.Value {
	if len(cl.DropOnAddr) == 0 {
		return nil
	}
	var addr ssa.Value
	store := false
	switch instr := instr.(type) {
	case *ssa.Store:
		addr, store = instr.Addr, true
	case *ssa.MapUpdate:
		addr = loadAddr(instr.Map)
	case *ssa.Call:
		if b, ok := instr.Call.Value.(*ssa.Builtin); ok && (b.Name() == "delete" || b.Name() == "clear") && len(instr.Call.Args) > 0 {
			addr = loadAddr(instr.Call.Args[0])
		}
	}
	if addr == nil {
		return nil
	}
	id, _, ok := cl.addr(addr)
	if !ok {
		return nil
	}
	if !store {
		return cl.DropOnAddr[contentPrefix+id]
	}
	return append(cl.DropOnAddr[id][:len(cl.DropOnAddr[id]):len(cl.DropOnAddr[id])], cl.DropOnAddr[contentPrefix+id]...)
}

func loadAddr(v ssa.Value) ssa.Value {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		return u.X
	}
	return nil
}

// Canon returns a canonical text for a condition computed from operands
// (a comparison, a field load, len or cap of a field), the SSA operands
// whose redefinition changes it, and the memory whose writes change it;
// "" when v is not such a condition.
func (cl *Classes) Canon(v ssa.Value) (string, []ssa.Value, []string) {
	var operands []ssa.Value
	var addrs []string
	load := func(x *ssa.UnOp) (string, bool) {
		if x.Op != token.MUL {
			return "", false
		}
		if _, isAlloc := x.X.(*ssa.Alloc); isAlloc {
			return "", false // cells are tracked by their stores
		}
		id, root, ok := cl.addr(x.X)
		if !ok || root == x.X && !isGlobal(root) {
			return "", false
		}
		if _, ok := root.(*ssa.Call); ok {
			return "", false
		}
		addrs = append(addrs, id)
		operands = append(operands, root)
		return "L:" + id, true
	}
	term := func(x ssa.Value) (string, bool) {
		switch x := x.(type) {
		case *ssa.Const:
			if x.Value == nil {
				return "nil", true
			}
			return "c:" + x.Value.ExactString(), true
		case *ssa.UnOp:
			if t, ok := load(x); ok {
				return t, true
			}
			if x.Op == token.MUL {
				if _, isAlloc := x.X.(*ssa.Alloc); isAlloc {
					return "", false
				}
			}
		case *ssa.Call:
			// len(x.pending), cap(x.buf)
			if b, ok := x.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") && len(x.Call.Args) == 1 {
				if u, ok := x.Call.Args[0].(*ssa.UnOp); ok {
					if t, ok := load(u); ok {
						// The length also changes when the map's
						// contents do (update, delete, clear).
						addrs[len(addrs)-1] = contentPrefix + addrs[len(addrs)-1]
						return b.Name() + "(" + t + ")", true
					}
				}
			}
		}
		operands = append(operands, x)
		return "v:" + x.Name(), true
	}
	switch v := v.(type) {
	case *ssa.BinOp:
		x, ok1 := term(v.X)
		y, ok2 := term(v.Y)
		if !ok1 || !ok2 {
			return "", nil, nil
		}
		return v.Op.String() + "(" + x + "," + y + ")", operands, addrs
	case *ssa.UnOp:
		if t, ok := load(v); ok {
			return t, operands, addrs
		}
	}
	return "", nil, nil
}

// eqConst decomposes x == k, with k a non-nil constant, into a canonical
// text for x and the constant's exact text.
func (cl *Classes) eqConst(v ssa.Value) (string, string, bool) {
	bin, ok := v.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL {
		return "", "", false
	}
	x, y := bin.X, bin.Y
	k, isConst := y.(*ssa.Const)
	if !isConst {
		x, y = y, x
		if k, isConst = y.(*ssa.Const); !isConst {
			return "", "", false
		}
	}
	if k.Value == nil {
		return "", "", false
	}
	if _, bothConst := x.(*ssa.Const); bothConst {
		return "", "", false
	}
	subj, _, _ := cl.Canon(x)
	if subj == "" {
		if u, ok := x.(*ssa.UnOp); ok && u.Op == token.MUL {
			return "", "", false // a cell: its stores decide
		}
		subj = "v:" + x.Name()
	}
	return subj, k.Value.ExactString(), true
}

// CellOf returns the local variable (an Alloc not lifted to registers) v
// loads, if v is a load of one.
func CellOf(v ssa.Value) *ssa.Alloc {
	if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
		if a, ok := u.X.(*ssa.Alloc); ok {
			return a
		}
	}
	return nil
}

func isGlobal(v ssa.Value) bool {
	_, ok := v.(*ssa.Global)
	return ok
}
