package lockmodel

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/noreturn"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/ssa"
)

// OpKind is what an operation does to a lock.
type OpKind uint8

const (
	OpLock OpKind = iota
	OpRLock
	OpUnlock
	OpRUnlock
	// OpHandOff: the lock is handed to code that will release it later (a
	// goroutine, a returned or stored unlock function); it is no longer
	// this function's to release.
	OpHandOff
)

// Acquires reports whether k takes the lock.
func (k OpKind) Acquires() bool { return k == OpLock || k == OpRLock }

// Releases reports whether k releases the lock.
func (k OpKind) Releases() bool { return k == OpUnlock || k == OpRUnlock }

// Read reports whether k is a read-lock operation.
func (k OpKind) Read() bool { return k == OpRLock || k == OpRUnlock }

func (k OpKind) String() string {
	return [...]string{"Lock", "RLock", "Unlock", "RUnlock", "hand-off"}[k]
}

// An Op is one operation on a lock, found in a function's SSA.
type Op struct {
	Kind OpKind
	Key  *Key
	// Instr is the *ssa.Call (also of a successful TryLock), *ssa.Defer,
	// *ssa.Go or *ssa.MakeClosure that performs the operation.
	Instr    ssa.Instruction
	Deferred bool // registered by a defer statement; runs at function exit
	Wrapper  bool // performed by a callee or closure (through its Summary)
	Try      bool // the success branch of TryLock/TryRLock
	// IfHeld: a release that happens only if the lock is still held
	// (once.Do(mu.Unlock): the first of several such calls unlocks, the
	// rest do nothing).
	IfHeld bool
	id     int
}

// Pos is where the operation is written.
func (o *Op) Pos() token.Pos {
	if c, ok := o.Instr.(ssa.CallInstruction); ok {
		return c.Common().Pos()
	}
	return o.Instr.Pos()
}

// Status is the state of one lock on one path.
type Status uint8

const (
	Unknown   Status = iota // not touched on this path: the caller may hold it
	Held                    // Lock on this path
	RHeld                   // RLock on this path
	Released                // Unlock/RUnlock on this path
	HandedOff               // handed to other code (see OpHandOff)
	// TryFailed: TryLock/TryRLock returned false on this path; the lock
	// is not this function's (Since is the try).
	TryFailed
)

// LockState is one lock's state on a path.
type LockState struct {
	Key    *Key
	Status Status
	// Entry: on this path the function released a lock that its caller
	// held on entry (so a later Lock restores the caller's state).
	Entry bool
	// Reads counts recursive read acquisitions beyond the first.
	Reads int
	Since *Op // the operation that produced Status
}

// IsHeld reports whether the lock is held (read or write) on this path.
func (ls LockState) IsHeld() bool { return ls.Status == Held || ls.Status == RHeld }

// Leaked reports whether the lock is held by this function's own
// acquisition (not a re-acquisition of the caller's lock).
func (ls LockState) Leaked() bool {
	return (ls.Status == Held || ls.Status == RHeld) && !ls.Entry
}

type condAssume struct {
	v   ssa.Value
	val bool
}

// State is the lock state at one point of one path.
type State struct {
	locks  []LockState // sorted by Key.ID
	defers []*Op       // registered deferred operations, in order, each once
	conds  []condAssume
}

// Get returns the state of the lock with the given key ID.
func (s *State) Get(id string) LockState {
	if i, ok := s.find(id); ok {
		return s.locks[i]
	}
	return LockState{}
}

// Locks returns every lock touched on the path so far.
func (s *State) Locks() []LockState { return s.locks }

// Deferred returns the deferred operations registered on the path for the
// lock with key ID.
func (s *State) Deferred(id string) []*Op {
	var out []*Op
	for _, op := range s.defers {
		if op.Key.ID == id {
			out = append(out, op)
		}
	}
	return out
}

func (s *State) find(id string) (int, bool) {
	i := sort.Search(len(s.locks), func(i int) bool { return s.locks[i].Key.ID >= id })
	return i, i < len(s.locks) && s.locks[i].Key.ID == id
}

func (s *State) clone() *State {
	return &State{
		locks:  append([]LockState(nil), s.locks...),
		defers: append([]*Op(nil), s.defers...),
		conds:  append([]condAssume(nil), s.conds...),
	}
}

func (s *State) apply(op *Op) {
	i, ok := s.find(op.Key.ID)
	if !ok {
		s.locks = append(s.locks, LockState{})
		copy(s.locks[i+1:], s.locks[i:])
		s.locks[i] = LockState{Key: op.Key}
	}
	ls := &s.locks[i]
	switch {
	case op.Kind == OpHandOff:
		ls.Status, ls.Since = HandedOff, op
	case ls.Status == HandedOff:
		// no longer ours to judge
	case op.Kind.Acquires():
		if ls.Status == RHeld && op.Kind == OpRLock {
			if ls.Reads < 3 {
				ls.Reads++ // a recursive read lock, released by a second RUnlock
			}
			return
		}
		if ls.Status == Held || ls.Status == RHeld {
			return // double acquisition: reported by whoever looks; state unchanged
		}
		ls.Status, ls.Since = Held, op
		if op.Kind == OpRLock {
			ls.Status = RHeld
		}
	case op.Kind.Releases():
		if op.IfHeld && ls.Status != Held && ls.Status != RHeld {
			return
		}
		if ls.Status == RHeld && ls.Reads > 0 && op.Kind == OpRUnlock {
			ls.Reads--
			return
		}
		switch ls.Status {
		case Held, RHeld, TryFailed:
			ls.Status, ls.Since = Released, op
		case Unknown:
			ls.Status, ls.Entry, ls.Since = Released, true, op
		}
		// Released: a second release; keep Since at the first one.
	}
}

func (s *State) cond(v ssa.Value) (bool, bool) {
	for _, c := range s.conds {
		if c.v == v {
			return c.val, true
		}
	}
	return false, false
}

func (s *State) setCond(v ssa.Value, val bool) {
	s.dropCond(v)
	s.conds = append(s.conds, condAssume{v, val})
	sort.Slice(s.conds, func(i, j int) bool { return s.conds[i].v.Name() < s.conds[j].v.Name() })
}

func (s *State) dropCond(v ssa.Value) {
	for i, c := range s.conds {
		if c.v == v {
			s.conds = append(s.conds[:i], s.conds[i+1:]...)
			return
		}
	}
}

func (s *State) hash(b *ssa.BasicBlock) string {
	var sb strings.Builder
	sb.WriteString(strconv.Itoa(b.Index))
	for _, l := range s.locks {
		sb.WriteByte('|')
		sb.WriteString(l.Key.ID)
		sb.WriteByte(':')
		sb.WriteString(strconv.Itoa(int(l.Status)))
		if l.Entry {
			sb.WriteByte('e')
		}
		if l.Reads > 0 {
			sb.WriteString("r" + strconv.Itoa(l.Reads))
		}
		if l.Since != nil {
			sb.WriteString(strconv.Itoa(l.Since.id))
		}
	}
	sb.WriteString("|d")
	for _, d := range s.defers {
		sb.WriteString(strconv.Itoa(d.id))
		sb.WriteByte(',')
	}
	sb.WriteString("|c")
	for _, c := range s.conds {
		sb.WriteString(c.v.Name())
		if c.val {
			sb.WriteByte('+')
		} else {
			sb.WriteByte('-')
		}
	}
	return sb.String()
}

// ExitKind says how a path leaves the function.
type ExitKind uint8

const (
	ExitReturn ExitKind = iota
	ExitPanic           // only with Config.PanicsRecovered
)

// Exit is a point where a path leaves the function.
type Exit struct {
	Kind  ExitKind
	Instr ssa.Instruction // *ssa.Return or *ssa.Panic
}

// Visitor receives the events of Walk. A state passed to it must not be
// kept: it changes as the walk goes on.
type Visitor interface {
	// Op is called before op applies, with the state it applies to;
	// deferred operations are reported when they run at an exit.
	Op(op *Op, st *State)
	// Defer is called when a defer statement registers op.
	Defer(op *Op, st *State)
	// Exit is called when a path leaves the function, after its deferred
	// operations ran.
	Exit(x Exit, st *State)
}

// InstrVisitor is a Visitor that also wants every instruction with the
// state of the path before it (for lock sets at memory accesses).
type InstrVisitor interface {
	Visitor
	Instr(instr ssa.Instruction, st *State)
}

// Config parameterises Walk.
type Config struct {
	// Summary returns a callee's lock effects, or nil.
	Summary func(*types.Func) *Summary
	// NoReturn reports callees that never return (beyond the known table).
	NoReturn func(*types.Func) bool
	// Stops answers conditional no-return questions (internal/noreturn):
	// a path that reaches requireNoError(t, err) after `if err != nil`
	// ends there. Nil: only NoReturn and the known table are used.
	Stops *noreturn.Result
	// PanicsRecovered: a caller recovers panics (an HTTP handler), so a
	// panic is an exit whose held locks matter.
	PanicsRecovered bool
	// MaxStates bounds the walk; past it Walk gives up and returns false.
	MaxStates int
	// HeldOnEntry: locks the caller holds when the function starts, in
	// parameter terms (a Requires contract, or every call site holding
	// them). The walk starts with them held on the caller's behalf
	// (LockState.Entry), so releasing and re-taking them is not an unlock
	// of an unheld lock, and returning with them held is not a leak.
	HeldOnEntry []Effect
}

// Model is the per-function precomputation behind Walk.
type Model struct {
	Fn    *ssa.Function
	Keys  *Keys
	cfg   *Config
	ops   map[ssa.Instruction][]*Op
	try   map[ssa.Value]*Op
	noret map[ssa.Instruction]bool
	multi map[ssa.Value]bool
	// cells: local variables (not lifted, e.g. captured by a deferred
	// closure) whose loaded value is branched on; their constant stores
	// are tracked like conditions.
	cells map[*ssa.Alloc]bool
	// class maps a branch condition to the representative of its class:
	// conditions computed the same way from the same operands (b == 10
	// evaluated twice, c.closed loaded twice) have the same outcome while
	// the operands are not redefined (dropOn) or the memory they read not
	// written (classes.Invalidated). See ssacfg.Classes.
	class   map[ssa.Value]ssa.Value
	dropOn  map[ssa.Value][]ssa.Value
	classes *ssacfg.Classes
	// condStop: calls that do not return when an argument satisfies a
	// condition; argTest: branch conditions testing such an argument
	// (err != nil, !ok); stopArgs: the arguments, whose nil-ness or truth
	// the walk tracks (and only those, to keep the state space small).
	// flags: phis that feed a tracked flag phi (held after `if !held {
	// …; held = true }` merges true and held): their value is known from
	// the edge the path took, so the flag's value survives the loop's
	// back edge (lock-once flags).
	flags    map[*ssa.Phi]bool
	entry    []LockState // held on entry (Config.HeldOnEntry)
	condStop map[ssa.Instruction][]noreturn.ArgCond
	argTest  map[ssa.Value]argTest
	stopArgs map[ssa.Value]bool
	nops     int
}

// argTest is a branch condition on a tracked argument: arg == nil (nilEq),
// arg != nil, or arg itself (a bool).
type argTest struct {
	arg   ssa.Value
	isNil bool // a nil comparison; else arg is a bool branched on
	eq    bool // the comparison is ==
}

// Ops returns the operations performed by instr (nil for most).
func (m *Model) Ops(instr ssa.Instruction) []*Op { return m.ops[instr] }

// HasOps reports whether the function operates on any lock it can name.
func (m *Model) HasOps() bool { return m.nops > 0 }

// NewModel finds the lock operations of fn.
func NewModel(fn *ssa.Function, cfg *Config) *Model {
	if cfg == nil {
		cfg = &Config{}
	}
	m := &Model{
		Fn:    fn,
		Keys:  NewKeys(fn),
		cfg:   cfg,
		ops:   make(map[ssa.Instruction][]*Op),
		try:   make(map[ssa.Value]*Op),
		noret: make(map[ssa.Instruction]bool),
		multi: make(map[ssa.Value]bool),
	}
	ifs := make(map[ssa.Value]int)
	m.cells = make(map[*ssa.Alloc]bool)
	m.classes = ssacfg.NewClasses(fn, m.addr)
	m.class = m.classes.Rep
	m.dropOn = m.classes.DropOn
	m.findCondStops()
	closureUse := make(map[*ssa.MakeClosure]bool) // consumed by a call, defer or go
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.If:
				base, _ := ssacfg.CondBase(instr.Cond)
				m.addArgTest(base)
				if rep, ok := m.class[base]; ok {
					base = rep
				}
				ifs[base]++
				if a := ssacfg.CellOf(base); a != nil {
					m.cells[a] = true
				}
				if phi, ok := base.(*ssa.Phi); ok {
					ifs[phi]++ // a flag: its value is known from the edge taken
				}
			case ssa.CallInstruction:
				if mc, ok := instr.Common().Value.(*ssa.MakeClosure); ok {
					closureUse[mc] = true
				}
				if api := known.Call(instr.Common()); api == known.GroupGo || api == known.GroupTryGo || api == known.WGGo {
					if mc, ok := instr.Common().Args[len(instr.Common().Args)-1].(*ssa.MakeClosure); ok {
						closureUse[mc] = true
					}
				}
			}
		}
	}
	for v, n := range ifs {
		if n > 1 || len(m.classes.Excl[v]) > 0 {
			m.multi[v] = true
		}
	}
	m.flagPhis()
	for _, e := range cfg.HeldOnEntry {
		if e.Any || e.Param >= len(fn.Params) {
			continue
		}
		if k := m.Keys.Extend(m.Keys.Of(fn.Params[e.Param]), e.Path); k != nil {
			ls := LockState{Key: k, Status: Held, Entry: true}
			if e.Read {
				ls.Status = RHeld
			}
			m.entry = append(m.entry, ls)
		}
	}
	sort.Slice(m.entry, func(i, j int) bool { return m.entry[i].Key.ID < m.entry[j].Key.ID })
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Call:
				m.addCall(instr, instr.Common(), false)
			case *ssa.Defer:
				m.addCall(instr, instr.Common(), true)
			case *ssa.Go:
				m.addSpawn(instr, instr.Common().Value, instr.Common().Args)
			case *ssa.MakeClosure:
				if !closureUse[instr] {
					m.addSpawn(instr, instr, nil)
				}
			}
		}
	}
	// errgroup.Go / WaitGroup.Go closures release like go statements.
	for _, s := range gomodel.Spawns(fn) {
		if s.Kind != gomodel.GoStmt && s.Fn != nil {
			m.addHandOffs(s.Instr, s.Fn, s.Bindings, nil)
		}
	}
	return m
}

func (m *Model) newOp(kind OpKind, key *Key, instr ssa.Instruction) *Op {
	m.nops++
	return &Op{Kind: kind, Key: key, Instr: instr, id: m.nops}
}

// Receiver returns the value a lock method call operates on: the
// interface value of an invoke, the first argument of a static call.
func Receiver(c *ssa.CallCommon) ssa.Value {
	if c.IsInvoke() {
		return c.Value
	}
	if len(c.Args) == 0 {
		return nil
	}
	return c.Args[0]
}

var apiKinds = map[known.API]OpKind{
	known.Lock: OpLock, known.RLock: OpRLock, known.Unlock: OpUnlock, known.RUnlock: OpRUnlock,
	known.TryLock: OpLock, known.TryRLock: OpRLock,
}

func (m *Model) addCall(instr ssa.Instruction, c *ssa.CallCommon, deferred bool) {
	api := known.Call(c)
	switch api {
	case known.Lock, known.RLock, known.Unlock, known.RUnlock:
		if k := m.Keys.Of(Receiver(c)); k != nil {
			op := m.newOp(apiKinds[api], k, instr)
			op.Deferred = deferred
			m.ops[instr] = append(m.ops[instr], op)
		}
		return
	case known.TryLock, known.TryRLock:
		if k := m.Keys.Of(Receiver(c)); k != nil && !deferred {
			op := m.newOp(apiKinds[api], k, instr)
			op.Try = true
			m.try[instr.(ssa.Value)] = op
		}
		return
	case known.NoReturn:
		if !deferred {
			m.noret[instr] = true
		}
		return
	case known.OnceDo:
		// once.Do(mu.Unlock): an unlock that runs at most once however
		// many times the Once is asked (a deferred one as a fallback).
		if len(c.Args) == 2 {
			if kind, recv, ok := boundUnlock(c.Args[1]); ok {
				if k := m.Keys.Of(recv); k != nil {
					op := m.newOp(kind, k, instr)
					op.Deferred, op.IfHeld = deferred, true
					m.ops[instr] = append(m.ops[instr], op)
				}
			}
		}
		return
	}
	if fn := known.Callee(c); fn != nil && !c.IsInvoke() {
		if !deferred && m.cfg.NoReturn != nil && m.cfg.NoReturn(fn) {
			m.noret[instr] = true
			return
		}
		if m.cfg.Summary != nil {
			if s := m.cfg.Summary(fn); s != nil {
				m.addEffects(instr, s.Acquires, c.Args, true, deferred)
				m.addEffects(instr, s.Releases, c.Args, false, deferred)
			}
		}
		return
	}
	// An immediately called or deferred closure: apply its own effects.
	if target, bindings := gomodel.Target(c.Value); target != nil {
		acq, rel := m.closureEffects(target, bindings)
		for _, k := range acq {
			op := m.newOp(OpLock, k, instr)
			op.Wrapper, op.Deferred = true, deferred
			m.ops[instr] = append(m.ops[instr], op)
		}
		for _, k := range rel {
			op := m.newOp(OpUnlock, k, instr)
			op.Wrapper, op.Deferred = true, deferred
			m.ops[instr] = append(m.ops[instr], op)
		}
	}
}

// boundUnlock recognises the method value mu.Unlock (or mu.RUnlock) of a
// sync.Mutex or sync.RWMutex and returns the release and the mutex.
func boundUnlock(v ssa.Value) (OpKind, ssa.Value, bool) {
	mc, ok := v.(*ssa.MakeClosure)
	if !ok || len(mc.Bindings) != 1 {
		return 0, nil, false
	}
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return 0, nil, false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
		return 0, nil, false
	}
	sig, _ := obj.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return 0, nil, false
	}
	switch obj.Name() {
	case "Unlock":
		return OpUnlock, mc.Bindings[0], true
	case "RUnlock":
		return OpRUnlock, mc.Bindings[0], true
	}
	return 0, nil, false
}

func (m *Model) addEffects(instr ssa.Instruction, es []Effect, args []ssa.Value, acquire, deferred bool) {
	// A wrapper that takes (or releases) one lock in both modes chooses
	// the mode by state the caller does not see (if tx.writable {
	// mu.Lock() } else { mu.RLock() }): no op is known for that lock.
	modes := make(map[string]int)
	for _, e := range es {
		key := fmt.Sprint(e.Param, ".", e.Path)
		if e.Read {
			modes[key] |= 1
		} else {
			modes[key] |= 2
		}
	}
	for _, e := range es {
		if e.Param >= len(args) || e.Any || modes[fmt.Sprint(e.Param, ".", e.Path)] == 3 {
			continue
		}
		kind := OpUnlock
		switch {
		case acquire && e.Read:
			kind = OpRLock
		case acquire:
			kind = OpLock
		case e.Read:
			kind = OpRUnlock
		}
		for _, k := range m.Keys.EffectKeys(args[e.Param], e.Path) {
			op := m.newOp(kind, k, instr)
			op.Wrapper, op.Deferred = true, deferred
			m.ops[instr] = append(m.ops[instr], op)
		}
	}
}

// addSpawn records hand-offs for a go statement or an escaping closure.
func (m *Model) addSpawn(instr ssa.Instruction, fnv ssa.Value, args []ssa.Value) {
	target, bindings := gomodel.Target(fnv)
	if target == nil {
		return
	}
	m.addHandOffs(instr, target, bindings, args)
}

func (m *Model) addHandOffs(instr ssa.Instruction, target *ssa.Function, bindings, args []ssa.Value) {
	var rel []*Key
	if len(bindings) > 0 {
		// A goroutine that releases the lock takes it over; one that
		// acquires it may hold it when this function unlocks (a test
		// handing a lock between goroutines). Either way the lock is no
		// longer this function's alone to judge.
		acq, r := m.closureEffects(target, bindings)
		rel = append(r, acq...)
	}
	if m.cfg.Summary != nil && target.Object() != nil && args != nil {
		if fn, ok := target.Object().(*types.Func); ok {
			if s := m.cfg.Summary(fn); s != nil {
				for _, e := range s.Releases {
					if e.Param < len(args) {
						if k := m.Keys.Extend(m.Keys.Of(args[e.Param]), e.Path); k != nil {
							rel = append(rel, k)
						}
					}
				}
			}
		}
	}
	for _, k := range rel {
		m.ops[instr] = append(m.ops[instr], m.newOp(OpHandOff, k, instr))
	}
}

// closureEffects returns the locks, named in this function's terms, that
// the closure body only acquires and only releases. Ops on locks the
// closure reaches through captured variables or package variables count;
// the closure's own locals do not.
func (m *Model) closureEffects(fn *ssa.Function, bindings []ssa.Value) (acq, rel []*Key) {
	ks := NewKeys(fn)
	type count struct {
		key      *Key
		acq, rel int
	}
	counts := make(map[string]*count)
	var order []string
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			add := func(k *Key, acquires bool) {
				if k == nil {
					return
				}
				c := counts[k.ID]
				if c == nil {
					c = &count{key: k}
					counts[k.ID] = c
					order = append(order, k.ID)
				}
				if acquires {
					c.acq++
				} else {
					c.rel++
				}
			}
			common := ci.Common()
			if kind, ok := apiKinds[known.Call(common)]; ok {
				add(ks.Of(Receiver(common)), kind.Acquires())
				continue
			}
			// A call in the closure to a summarised wrapper (a bound
			// method value such as tx.closemuRUnlockRelease).
			if callee := known.Callee(common); callee != nil && !common.IsInvoke() && m.cfg.Summary != nil {
				if s := m.cfg.Summary(callee); s != nil {
					for _, e := range s.Acquires {
						if e.Param < len(common.Args) {
							add(ks.Extend(ks.Of(common.Args[e.Param]), e.Path), true)
						}
					}
					for _, e := range s.Releases {
						if e.Param < len(common.Args) {
							add(ks.Extend(ks.Of(common.Args[e.Param]), e.Path), false)
						}
					}
				}
			}
		}
	}
	for _, id := range order {
		c := counts[id]
		if (c.acq == 0) == (c.rel == 0) {
			continue // balanced inside the closure, or nothing
		}
		if len(c.key.Elems()) > 0 {
			continue // an index value of the closure's: no meaning here
		}
		var outer *Key
		switch r := c.key.Root.(type) {
		case *ssa.FreeVar:
			for i, fv := range fn.FreeVars {
				if fv == r && i < len(bindings) {
					outer = m.Keys.Of(bindings[i]).Extend(c.key.Path...)
				}
			}
		case *ssa.Global:
			outer = m.Keys.Of(r).Extend(c.key.Path...)
		}
		if outer == nil {
			continue
		}
		if c.acq > 0 {
			acq = append(acq, outer)
		} else {
			rel = append(rel, outer)
		}
	}
	return acq, rel
}

// excluded reports whether one of the conditions others (x == k for
// another k) is known to hold on the path.
func excluded(st *State, others []ssa.Value) bool {
	for _, o := range others {
		if a, ok := st.cond(o); ok && a {
			return true
		}
	}
	return false
}

// known returns the value a tracked condition has on this path: a
// constant, or another tracked value's assumption.
func (s *State) known(v ssa.Value) (bool, bool) {
	if c, ok := v.(*ssa.Const); ok && c.Value != nil {
		switch c.Value.String() {
		case "true":
			return true, true
		case "false":
			return false, true
		}
		return false, false
	}
	if a := ssacfg.CellOf(v); a != nil {
		return s.cond(a)
	}
	return s.cond(v)
}

// Walk explores the paths of the function from its entry, reporting every
// lock operation and exit to vis with the state of the path. It tracks the
// outcome of a condition tested more than once on a path (so correlated
// `if locked { Lock } … if locked { Unlock }` is understood) and the
// success branch of TryLock. It returns false when the function has more
// distinct path states than Config.MaxStates; the caller must then stay
// silent about it.
func (m *Model) Walk(vis Visitor) bool {
	fn := m.Fn
	if len(fn.Blocks) == 0 {
		return true
	}
	max := m.cfg.MaxStates
	if max == 0 {
		max = 4000
	}
	type item struct {
		b    *ssa.BasicBlock
		pred *ssa.BasicBlock
		st   *State
	}
	start := &State{}
	for _, ls := range m.entry {
		if _, dup := start.find(ls.Key.ID); !dup {
			start.locks = append(start.locks, ls)
		}
	}
	stack := []item{{fn.Blocks[0], nil, start}}
	seen := make(map[string]bool)
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		h := it.st.hash(it.b)
		if seen[h] {
			continue
		}
		seen[h] = true
		if len(seen) > max {
			contain.Exhausted("lockmodel.Walk states", fn)
			return false
		}
		st := it.st.clone()
		m.enterBlock(it.b, it.pred, st)
		ended := false
		iv, _ := vis.(InstrVisitor)
		for _, instr := range it.b.Instrs {
			if iv != nil {
				iv.Instr(instr, st)
			}
			if v, ok := instr.(ssa.Value); ok {
				if m.multi[v] {
					if _, isPhi := v.(*ssa.Phi); !isPhi {
						st.dropCond(v) // redefined: a new iteration's value
					}
				}
				for _, rep := range m.dropOn[v] {
					st.dropCond(rep) // an operand redefined
				}
				if _, isPhi := v.(*ssa.Phi); m.stopArgs[v] && !isPhi {
					st.dropCond(v) // a new iteration's value (phis: enterBlock)
				}
			}
			for _, rep := range m.classes.Invalidated(instr) {
				st.dropCond(rep) // memory the condition reads is written
			}
			switch instr := instr.(type) {
			case *ssa.Defer:
				for _, op := range m.ops[instr] {
					vis.Defer(op, st)
					if !containsOp(st.defers, op) {
						st.defers = append(st.defers, op)
					}
				}
			case *ssa.Return:
				m.exit(vis, Exit{ExitReturn, instr}, st)
				ended = true
			case *ssa.Panic:
				if m.cfg.PanicsRecovered {
					m.exit(vis, Exit{ExitPanic, instr}, st)
				}
				ended = true
			case *ssa.Store:
				if a, ok := instr.Addr.(*ssa.Alloc); ok && m.cells[a] {
					if val, ok := st.known(instr.Val); ok {
						st.setCond(a, val)
					} else {
						st.dropCond(a)
					}
				}
				for _, op := range m.ops[instr] {
					vis.Op(op, st)
					st.apply(op)
				}
			case *ssa.If:
				base, pol := ssacfg.CondBase(instr.Cond)
				try := m.try[base]
				if rep, ok := m.class[base]; ok {
					base = rep
				}
				var key ssa.Value
				if a := ssacfg.CellOf(base); a != nil && m.cells[a] {
					key = a
				} else if m.multi[base] {
					key = base
				}
				at, isArgTest := m.argTest[base]
				cval, isConst := ssacfg.ConstCond(instr.Cond)
				for i, succ := range it.b.Succs {
					val := (i == 0) == pol
					if isConst && (i == 0) != cval {
						continue // if false { … }: never taken
					}
					st2 := st.clone()
					if isArgTest {
						// What the branch says of the argument: non-nil
						// (or true) when argVal.
						argVal := val
						if at.isNil {
							argVal = val != at.eq
						}
						if a, ok := st.cond(at.arg); ok && a != argVal {
							continue // contradicts what the path knows
						}
						st2.setCond(at.arg, argVal)
					}
					if key != nil {
						if a, ok := st.cond(key); ok && a != val {
							continue
						}
						if val && excluded(st, m.classes.Excl[key]) {
							continue // x == k2 after x == k1 held
						}
						st2.setCond(key, val)
					}
					if try != nil && val {
						vis.Op(try, st2)
						st2.apply(try)
					} else if try != nil {
						st2.tryFailed(try)
					}
					stack = append(stack, item{succ, it.b, st2})
				}
				ended = true
			case *ssa.Jump:
				stack = append(stack, item{it.b.Succs[0], it.b, st})
				ended = true
			default:
				for _, op := range m.ops[instr] {
					vis.Op(op, st)
					st.apply(op)
				}
				if m.noret[instr] || m.stopsHere(instr, st) {
					ended = true
				}
			}
			if ended {
				break
			}
		}
	}
	return true
}

// enterBlock sets the assumptions of tracked phis (flags such as
// locked := true … if locked { … }) from the edge the path came in by.
func (m *Model) enterBlock(b, pred *ssa.BasicBlock, st *State) {
	if pred == nil {
		return
	}
	idx := -1
	for i, p := range b.Preds {
		if p == pred {
			idx = i
			break
		}
	}
	if idx < 0 {
		return
	}
	for _, instr := range b.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		for _, rep := range m.dropOn[phi] {
			st.dropCond(rep)
		}
		if !(m.multi[phi] || m.flags[phi]) || idx >= len(phi.Edges) {
			if m.stopArgs[phi] {
				st.dropCond(phi) // a new value on this edge
			}
			continue
		}
		if val, ok := st.known(phi.Edges[idx]); ok {
			st.setCond(phi, val)
		} else {
			st.dropCond(phi)
		}
	}
}

func containsOp(ops []*Op, op *Op) bool {
	for _, o := range ops {
		if o == op {
			return true
		}
	}
	return false
}

func (m *Model) exit(vis Visitor, x Exit, st *State) {
	st = st.clone()
	for i := len(st.defers) - 1; i >= 0; i-- {
		op := st.defers[i]
		vis.Op(op, st)
		st.apply(op)
	}
	vis.Exit(x, st)
}

// addr names memory for ssacfg's condition classes by lock-key identity.
func (m *Model) addr(v ssa.Value) (string, ssa.Value, bool) {
	k := m.Keys.Of(v)
	if k == nil {
		return "", nil, false
	}
	return k.ID, k.Root, true
}

// findCondStops records the calls that do not return under a condition on
// an argument, and the arguments to track.
func (m *Model) findCondStops() {
	m.condStop = make(map[ssa.Instruction][]noreturn.ArgCond)
	m.argTest = make(map[ssa.Value]argTest)
	m.stopArgs = make(map[ssa.Value]bool)
	if m.cfg.Stops == nil {
		return
	}
	for _, b := range m.Fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			if _, when := m.cfg.Stops.Call(call.Common()); len(when) > 0 {
				m.condStop[instr] = when
				for _, w := range when {
					m.stopArgs[w.Arg] = true
					// check(t, err == nil), require.True(t, !failed):
					// the operand is what the path tests.
					if x, _, ok := boolOf(w.Arg); ok {
						m.stopArgs[x] = true
					}
				}
			}
		}
	}
}

// addArgTest records base if it tests a tracked argument.
func (m *Model) addArgTest(base ssa.Value) {
	if len(m.stopArgs) == 0 {
		return
	}
	if m.stopArgs[base] {
		m.argTest[base] = argTest{arg: base}
		return
	}
	bin, ok := base.(*ssa.BinOp)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return
	}
	x, y := noreturn.StripConv(bin.X), noreturn.StripConv(bin.Y)
	if c, ok := x.(*ssa.Const); ok && c.IsNil() {
		x, y = y, x
	}
	if c, ok := y.(*ssa.Const); ok && c.IsNil() && m.stopArgs[x] {
		m.argTest[base] = argTest{arg: x, isNil: true, eq: bin.Op == token.EQL}
	}
}

// stopsHere reports whether instr is a call that cannot return given what
// the path knows of its arguments.
func (m *Model) stopsHere(instr ssa.Instruction, st *State) bool {
	for _, w := range m.condStop[instr] {
		v, ok := st.cond(w.Arg)
		if !ok {
			v, ok = derivedBool(w.Arg, st)
		}
		if !ok {
			continue
		}
		switch w.Cond {
		case noreturn.NonNil, noreturn.True:
			if v {
				return true
			}
		case noreturn.Nil, noreturn.False:
			if !v {
				return true
			}
		}
	}
	return false
}

// boolOf decomposes a boolean computed from one tracked operand: !x
// (x a bool), x == nil, x != nil. It returns the operand, and a function
// giving the boolean from what the path knows of the operand (its truth,
// or its non-nil-ness).
func boolOf(v ssa.Value) (ssa.Value, func(bool) bool, bool) {
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.NOT {
			return v.X, func(x bool) bool { return !x }, true
		}
	case *ssa.BinOp:
		if v.Op != token.EQL && v.Op != token.NEQ {
			return nil, nil, false
		}
		x, y := noreturn.StripConv(v.X), noreturn.StripConv(v.Y)
		if c, ok := x.(*ssa.Const); ok && c.IsNil() {
			x, y = y, x
		}
		if c, ok := y.(*ssa.Const); !ok || !c.IsNil() {
			return nil, nil, false
		}
		eq := v.Op == token.EQL
		return x, func(nonNil bool) bool { return nonNil != eq }, true
	}
	return nil, nil, false
}

// derivedBool returns the value of a boolean argument computed from an
// operand whose truth or nil-ness the path knows.
func derivedBool(v ssa.Value, st *State) (bool, bool) {
	x, f, ok := boolOf(v)
	if !ok {
		return false, false
	}
	xv, ok := st.cond(x)
	if !ok {
		return false, false
	}
	return f(xv), true
}

// flagPhis marks the boolean phis that flow into a tracked phi.
func (m *Model) flagPhis() {
	m.flags = make(map[*ssa.Phi]bool)
	var work []*ssa.Phi
	for v := range m.multi {
		if phi, ok := v.(*ssa.Phi); ok {
			work = append(work, phi)
		}
	}
	for len(work) > 0 {
		phi := work[len(work)-1]
		work = work[:len(work)-1]
		for _, e := range phi.Edges {
			if p, ok := e.(*ssa.Phi); ok && !m.multi[p] && !m.flags[p] {
				if b, ok := p.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsBoolean != 0 {
					m.flags[p] = true
					work = append(work, p)
				}
			}
		}
	}
}

// tryFailed records that the TryLock op returned false on this path.
func (s *State) tryFailed(op *Op) {
	i, ok := s.find(op.Key.ID)
	if !ok {
		s.locks = append(s.locks, LockState{})
		copy(s.locks[i+1:], s.locks[i:])
		s.locks[i] = LockState{Key: op.Key}
	}
	ls := &s.locks[i]
	if ls.Status == Unknown || ls.Status == Released {
		ls.Status, ls.Since, ls.Entry = TryFailed, op, false
	}
}
