package unlock

import (
	"go/types"
	"sort"

	"github.com/concurlint/concurlint/internal/lockmodel"
	"golang.org/x/tools/go/ssa"
)

// Locks held by the caller.
//
// A function that runs with a lock its caller holds may release and
// re-take it (wait loops, "flush outside the lock") or release it for good
// (resetAndUnlock). Judged on its own, its first Unlock is "an unlock of
// an unheld lock". Two kinds of evidence say the caller holds it:
//
//   - the function's contract, learned by lockfacts: a …Locked or Unsafe…
//     name, a "caller must hold mu" / "must be called with mu held" comment;
//   - the code: an unexported function whose every call site in the package
//     holds the lock (and that is not used as a value, nor reachable
//     through an interface) runs with it held.
//
// Either is combined with the function's own code: the locks are assumed
// held on entry only when the function releases them on a path where it
// has not acquired them itself.

// callSiteHeld returns, per function, the locks that every call site
// in the package holds (in the callee's parameter terms).
func (pc *passContext) callSiteHeld(funcs []*ssa.Function) map[*ssa.Function][]lockmodel.Effect {
	escaped := make(map[*ssa.Function]bool)
	invoked := make(map[string]bool)
	callers := make(map[*ssa.Function][]*ssa.Function)
	for _, fn := range pc.ssa.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var static *ssa.Value
				if ci, ok := instr.(ssa.CallInstruction); ok {
					c := ci.Common()
					if c.IsInvoke() {
						invoked[c.Method.Name()] = true
					} else if f, ok := c.Value.(*ssa.Function); ok {
						if _, isCall := instr.(*ssa.Call); isCall {
							static = &c.Value
							if len(callers[f]) == 0 || callers[f][len(callers[f])-1] != fn {
								callers[f] = append(callers[f], fn)
							}
						}
					}
				}
				for _, op := range instr.Operands(nil) {
					if op == static || op == nil {
						continue
					}
					if f, ok := (*op).(*ssa.Function); ok {
						escaped[f] = true // a value: called from unseen places
					}
				}
			}
		}
	}
	var cands []*ssa.Function
	isCand := make(map[*ssa.Function]bool)
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Exported() || fn.Pkg == nil || fn.Pkg.Pkg != pc.pass.Pkg || escaped[fn] || len(callers[fn]) == 0 {
			continue
		}
		if fn.Signature.Recv() != nil && invoked[fn.Name()] {
			continue // may implement an interface method called elsewhere
		}
		if !releasesParamLock(fn, &pc.cfg) {
			continue
		}
		cands = append(cands, fn)
		isCand[fn] = true
	}
	if len(cands) == 0 {
		return nil
	}
	held := make(map[*ssa.Function]map[string]lockmodel.Effect)
	killed := make(map[*ssa.Function]bool)
	visited := make(map[ssa.Instruction]bool)
	walked := make(map[*ssa.Function]bool)
	for _, callee := range cands {
		for _, caller := range callers[callee] {
			if walked[caller] {
				continue
			}
			walked[caller] = true
			cfg := pc.cfg
			if s := pc.summary(caller); s != nil {
				cfg.HeldOnEntry = s.Requires
			}
			m := lockmodel.NewModel(caller, &cfg)
			cv := &siteVisitor{m: m, isCand: isCand, held: held, visited: visited}
			if !m.Walk(cv) {
				return nil // the walk gave up: no evidence
			}
		}
	}
	// A call site no walk reached (unreachable code) decides nothing; an
	// empty intersection is no evidence.
	for _, caller := range pc.ssa.SrcFuncs {
		for _, b := range caller.Blocks {
			for _, instr := range b.Instrs {
				if call, ok := instr.(*ssa.Call); ok {
					if f, ok := call.Call.Value.(*ssa.Function); ok && isCand[f] && !visited[instr] {
						killed[f] = true
					}
				}
			}
		}
	}
	out := make(map[*ssa.Function][]lockmodel.Effect)
	for _, fn := range cands {
		if killed[fn] || len(held[fn]) == 0 {
			continue
		}
		var es []lockmodel.Effect
		for _, e := range held[fn] {
			es = append(es, e)
		}
		sort.Slice(es, func(i, j int) bool { return es[i].String() < es[j].String() })
		out[fn] = es
	}
	return out
}

// releasesParamLock reports whether fn releases a lock reached from a
// parameter (the only functions for which the caller's locks matter here).
func releasesParamLock(fn *ssa.Function, cfg *lockmodel.Config) bool {
	m := lockmodel.NewModel(fn, cfg)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, op := range m.Ops(instr) {
				if op.Kind.Releases() {
					if _, ok := op.Key.Param(fn); ok {
						return true
					}
				}
			}
		}
	}
	return false
}

// siteVisitor intersects, at every call of a candidate, the locks held.
type siteVisitor struct {
	m       *lockmodel.Model
	isCand  map[*ssa.Function]bool
	held    map[*ssa.Function]map[string]lockmodel.Effect
	visited map[ssa.Instruction]bool
}

func (*siteVisitor) Op(*lockmodel.Op, *lockmodel.State)    {}
func (*siteVisitor) Defer(*lockmodel.Op, *lockmodel.State) {}
func (*siteVisitor) Exit(lockmodel.Exit, *lockmodel.State) {}

func (sv *siteVisitor) Instr(instr ssa.Instruction, st *lockmodel.State) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return
	}
	f, ok := call.Call.Value.(*ssa.Function)
	if !ok || !sv.isCand[f] {
		return
	}
	here := make(map[string]lockmodel.Effect)
	for _, ls := range st.Locks() {
		if !ls.IsHeld() {
			continue
		}
		for i, arg := range call.Call.Args {
			if path, ok := ls.Key.Under(sv.m.Keys.Of(arg)); ok {
				e := lockmodel.Effect{Param: i, Path: joinPath(path), Read: ls.Status == lockmodel.RHeld}
				here[e.String()] = e
			}
		}
	}
	if cur, ok := sv.held[f]; !ok {
		sv.held[f] = here
	} else {
		for k := range cur {
			if _, ok := here[k]; !ok {
				delete(cur, k)
			}
		}
	}
	sv.visited[instr] = true
}

func joinPath(path []string) string {
	s := ""
	for i, p := range path {
		if i > 0 {
			s += "."
		}
		s += p
	}
	return s
}

// summary returns fn's lock summary from lockfacts.
func (pc *passContext) summary(fn *ssa.Function) *lockmodel.Summary {
	if pc.cfg.Summary == nil {
		return nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return nil
	}
	return pc.cfg.Summary(obj)
}

// entryHeld returns the locks fn may assume held on entry: its Requires
// contract and the call-site evidence, without Any effects.
func (pc *passContext) entryHeld(fn *ssa.Function) []lockmodel.Effect {
	var es []lockmodel.Effect
	if s := pc.summary(fn); s != nil {
		for _, e := range s.Requires {
			if !e.Any {
				es = append(es, e)
			}
		}
	}
	return append(es, pc.sites[fn]...)
}

// withNetReleases completes lockfacts' summaries for this package's
// functions with the releases only a path walk sees: a function that
// drops its caller's lock, re-takes it and releases it for good on every
// path (Unlock; dial; Lock; update; Unlock) releases it, though it also
// locks it — counting Locks against Unlocks cannot tell it from a function
// that locks once and unlocks on each of two branches.
func (pc *passContext) withNetReleases(base func(*types.Func) *lockmodel.Summary) func(*types.Func) *lockmodel.Summary {
	memo := make(map[*types.Func]*lockmodel.Summary)
	busy := make(map[*types.Func]bool)
	var get func(*types.Func) *lockmodel.Summary
	get = func(obj *types.Func) *lockmodel.Summary {
		if obj == nil {
			return nil
		}
		obj = obj.Origin()
		if s, ok := memo[obj]; ok {
			return s
		}
		s := base(obj)
		if busy[obj] || obj.Pkg() != pc.pass.Pkg {
			return s
		}
		fn := pc.ssa.Pkg.Prog.FuncValue(obj)
		if fn == nil || fn.Pkg != pc.ssa.Pkg {
			return s
		}
		busy[obj] = true
		s = pc.netReleases(fn, s, get)
		delete(busy, obj)
		memo[obj] = s
		return s
	}
	return get
}

// netReleases returns s with the parameter locks fn releases on every
// path, having found them held on entry, added to its Releases.
func (pc *passContext) netReleases(fn *ssa.Function, s *lockmodel.Summary, get func(*types.Func) *lockmodel.Summary) *lockmodel.Summary {
	cfg := pc.cfg
	cfg.Summary = get
	m := lockmodel.NewModel(fn, &cfg)
	if !m.HasOps() {
		return s
	}
	type cand struct {
		e   lockmodel.Effect
		key *lockmodel.Key
	}
	acquired := make(map[string]bool)
	var cands []cand
	seen := make(map[string]bool)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, op := range m.Ops(instr) {
				if op.Kind.Acquires() {
					acquired[op.Key.ID] = true
				}
				if !op.Kind.Releases() || seen[op.Key.ID] || len(op.Key.Elems()) > 0 {
					continue
				}
				i, ok := op.Key.Param(fn)
				if !ok {
					continue
				}
				seen[op.Key.ID] = true
				cands = append(cands, cand{lockmodel.Effect{Param: i, Path: op.Key.PathString(), Read: op.Kind == lockmodel.OpRUnlock}, op.Key})
			}
		}
	}
	var add []lockmodel.Effect
	for _, c := range cands {
		if !acquired[c.key.ID] || hasEffect(s, c.e) {
			continue // no Lock: lockfacts already says it releases
		}
		// Without an assumption, the first release must find the lock
		// untouched (the function starts by releasing the caller's)…
		free := &releaseProbe{key: c.key}
		if !m.Walk(free) || !free.unheld {
			continue
		}
		// … and with it held on entry, no path may return holding it.
		cfg2 := cfg
		cfg2.HeldOnEntry = []lockmodel.Effect{c.e}
		m2 := lockmodel.NewModel(fn, &cfg2)
		held := &releaseProbe{key: c.key}
		if !m2.Walk(held) || held.exitHeld || held.exits == 0 {
			continue
		}
		add = append(add, c.e)
	}
	if len(add) == 0 {
		return s
	}
	out := &lockmodel.Summary{}
	if s != nil {
		*out = *s
	}
	out.Releases = append(append([]lockmodel.Effect(nil), out.Releases...), add...)
	out.Sort()
	return out
}

func hasEffect(s *lockmodel.Summary, e lockmodel.Effect) bool {
	if s == nil {
		return false
	}
	for _, x := range s.Releases {
		if x == e {
			return true
		}
	}
	return false
}

// releaseProbe watches one lock: whether a release finds it untouched,
// and whether an exit holds it.
type releaseProbe struct {
	key      *lockmodel.Key
	unheld   bool
	exitHeld bool
	exits    int
}

func (p *releaseProbe) Op(op *lockmodel.Op, st *lockmodel.State) {
	if op.Kind.Releases() && op.Key.Same(p.key) && st.Get(p.key.ID).Status == lockmodel.Unknown {
		p.unheld = true
	}
}

func (p *releaseProbe) Defer(*lockmodel.Op, *lockmodel.State) {}

func (p *releaseProbe) Exit(_ lockmodel.Exit, st *lockmodel.State) {
	p.exits++
	if st.Get(p.key.ID).IsHeld() {
		p.exitHeld = true
	}
}
