// Package publish is concurlint's publication model: an object is private
// to the goroutine that allocated it until it is published — made
// reachable by another goroutine. Accesses to an object before it is
// published cannot race (setup-phase writes in constructors, in helpers
// only called on fresh values, in start or registration methods that run
// before the object is handed out, before the function's own go
// statements); accesses after it is published may.
//
// An object is published, in the function holding it, by
//
//   - a go statement, errgroup.Go or WaitGroup.Go whose function captures
//     it or receives it as an argument (or a closure capturing it that is
//     passed on, stored or returned rather than called in place);
//   - a send on a channel;
//   - a store into memory other than a local variable: a field or element
//     of another object, a package variable, a map;
//   - a call of a function whose summary says it publishes that
//     parameter (the standard library's spawners and time.AfterFunc or
//     HTTP handler registration from the known-API table); code the
//     analysis cannot see (interface methods, function values) is taken
//     not to publish;
//
// and the summaries, computed bottom-up within the package (they are not
// exported as facts: a fact producer needs SSA of every dependency, the
// standard library included, which tripled the standalone run on small
// modules; functions of other packages are taken not to publish and not to
// return fresh objects, so a cross-package object is never called private):
//
//   - which parameters a function publishes (the receiver is parameter 0);
//   - whether a function returns a fresh object (constructor-like: a newly
//     allocated object it initialises and does not publish), so that
//     x := NewX() is private in its caller until the caller publishes it.
//
// Inside a package, the Result also knows from the call sites when a
// parameter is private on entry: an unexported function whose every call
// site passes an object still private there (a helper called only from the
// constructor on the fresh value) runs before the object is published.
// And an object whose lock a function creates (s.mu = new(sync.Mutex)) is
// being initialised there: nothing could lock it before.
//
// Precision: PrivateAt answers true only for objects it can follow from
// their allocation (or from every call site); parameters of exported
// functions, objects loaded from memory and the like are never private.
package publish

import (
	"fmt"
	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/gomodel"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/known"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

// Analyzer computes publication summaries and exports them as facts.
var Analyzer = &analysis.Analyzer{
	Name:       "publish",
	Doc:        "summarise which parameters functions publish to other goroutines and which return fresh objects (reports nothing)",
	Run:        run,
	Requires:   []*analysis.Analyzer{buildssa.Analyzer},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

// summary is the fact.
type summary struct {
	Publishes []int // parameter indices (receiver 0) the function publishes
	Fresh     bool  // returns a newly allocated object it does not publish
	// Captures: parameters stored into that fresh object (published
	// with it in the caller).
	Captures []int
	// Fields: for a published parameter whose every publication reaches
	// only some of its top-level fields (a callback or goroutine that
	// selects them), those fields.
	Fields map[int][]string
	// Into: for a published parameter whose every publication is a store
	// into a field of another parameter (fs.blks = append(fs.blks, mb)),
	// that parameter: the caller decides, as for a store of its own.
	Into map[int]int
}

func (*summary) AFact() {}

func (s *summary) String() string {
	var parts []string
	if len(s.Publishes) > 0 {
		var xs []string
		for _, i := range s.Publishes {
			xs = append(xs, fmt.Sprint(i))
		}
		parts = append(parts, "publishes("+strings.Join(xs, ",")+")")
	}
	if s.Fresh {
		parts = append(parts, "fresh")
	}
	if len(s.Captures) > 0 {
		var xs []string
		for _, i := range s.Captures {
			xs = append(xs, fmt.Sprint(i))
		}
		parts = append(parts, "captures("+strings.Join(xs, ",")+")")
	}
	var idx []int
	for i := range s.Fields {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		parts = append(parts, fmt.Sprintf("fields%d(%s)", i, strings.Join(s.Fields[i], ",")))
	}
	idx = idx[:0]
	for i := range s.Into {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	for _, i := range idx {
		parts = append(parts, fmt.Sprintf("into%d(%d)", i, s.Into[i]))
	}
	return strings.Join(parts, " ")
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Result answers publication questions for one package.
type Result struct {
	pkg   *ssa.Package
	facts map[*types.Func]*summary
	local map[*ssa.Function]*summary
	// points: the publication instructions of a root value, per function.
	points map[ssa.Value][]ssa.Instruction
	// pubBusy: the values whose publications are being computed, by
	// nesting depth; pubLow: the shallowest of them a computation ran into.
	pubBusy map[ssa.Value]int
	pubLow  int
	// entry: parameters private on entry (by call sites).
	entry map[*ssa.Function]map[string]bool
	busy  map[*ssa.Function]bool
	sites map[*ssa.Function][]ssa.CallInstruction
	// escaped: functions used other than by static calls in the package.
	escaped map[*ssa.Function]bool
	invoked gomodel.Invoked
	// exposure: which functions only this package can call.
	exposure *gomodel.Exposure
	// uses: the instructions using a function as a value (a method value's
	// bound closure, a function passed or stored), by declared function.
	uses map[*ssa.Function][]valueUse
	// fieldMemo: fieldsVia's answer per parameter or free variable (nil
	// while being computed); fieldBudget bounds how many are computed.
	fieldMemo   map[ssa.Value]*fieldSel
	fieldBudget int
	// closureVia: publications of a root value reached only through one
	// closure capturing it.
	closureVia map[pubKey]*ssa.MakeClosure
}

type valueUse struct {
	instr ssa.Instruction
	val   ssa.Value // the *ssa.Function operand, or the bound MakeClosure
}

func run(pass *analysis.Pass) (any, error) {
	ssaRes := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	r := &Result{
		pkg:     ssaRes.Pkg,
		facts:   make(map[*types.Func]*summary),
		local:   make(map[*ssa.Function]*summary),
		points:  make(map[ssa.Value][]ssa.Instruction),
		pubBusy: make(map[ssa.Value]int),
		entry:   make(map[*ssa.Function]map[string]bool),
		busy:    make(map[*ssa.Function]bool),
		sites:   make(map[*ssa.Function][]ssa.CallInstruction),
		escaped: make(map[*ssa.Function]bool),
		invoked: make(gomodel.Invoked),
		uses:    make(map[*ssa.Function][]valueUse),

		fieldMemo:   make(map[ssa.Value]*fieldSel),
		fieldBudget: 20000,
		closureVia:  make(map[pubKey]*ssa.MakeClosure),
	}
	for _, f := range pass.AllObjectFacts() {
		if fn, ok := f.Object.(*types.Func); ok {
			if s, ok := f.Fact.(*summary); ok {
				r.facts[fn] = s
			}
		}
	}
	funcs := ssaRes.SrcFuncs
	r.exposure = gomodel.NewExposure(pass.Pkg, funcs)
	// Bottom-up within the package: iterate to a fixpoint (bounded).
	for round := 0; round < 4; round++ {
		changed := false
		for _, fn := range funcs {
			s := r.summarise(fn)
			if old := r.local[fn]; old == nil || old.String() != s.String() {
				changed = true
			}
			r.local[fn] = s
		}
		r.points = make(map[ssa.Value][]ssa.Instruction) // depends on summaries
		r.closureVia = make(map[pubKey]*ssa.MakeClosure)
		if !changed {
			break
		}
	}
	r.collectSites(funcs)
	return r, nil
}

func (r *Result) summarise(fn *ssa.Function) *summary {
	s := &summary{}
	for i, p := range fn.Params {
		if !mayHoldPointer(p.Type()) {
			continue
		}
		pubs := r.publications(p)
		if len(pubs) == 0 {
			continue
		}
		s.Publishes = append(s.Publishes, i)
		fields := make(map[string]bool)
		limited := true
		for _, q := range pubs {
			fs, ok := r.reachedFields(q, p)
			if !ok {
				limited = false
				break
			}
			for f := range fs {
				fields[f] = true
			}
		}
		if limited {
			if s.Fields == nil {
				s.Fields = make(map[int][]string)
			}
			s.Fields[i] = sortedKeys(fields)
		}
		if j, ok := storedInto(fn, pubs); ok && j != i {
			if s.Into == nil {
				s.Into = make(map[int]int)
			}
			s.Into[i] = j
		}
	}
	s.Fresh = r.returnsFresh(fn)
	if s.Fresh {
		s.Captures = r.captures(fn)
	}
	return s
}

// storedInto reports whether every publication in pubs is a store into a
// field of one parameter of fn, and which.
func storedInto(fn *ssa.Function, pubs []ssa.Instruction) (int, bool) {
	j := -1
	for _, q := range pubs {
		st, ok := q.(*ssa.Store)
		if !ok {
			return 0, false
		}
		p, ok := addrRoot(st.Addr).(*ssa.Parameter)
		if !ok {
			return 0, false
		}
		k := paramIndex(fn, p)
		if k < 0 || j >= 0 && k != j {
			return 0, false
		}
		j = k
	}
	return j, j >= 0
}

func paramIndex(fn *ssa.Function, p *ssa.Parameter) int {
	for i, q := range fn.Params {
		if q == p {
			return i
		}
	}
	return -1
}

// intoTarget returns, when call c stores v (one of its arguments) only
// into a field of another argument (summary Into), that argument's root.
func (r *Result) intoTarget(c *ssa.CallCommon, v ssa.Value) ssa.Value {
	callee := c.StaticCallee()
	if callee == nil || c.IsInvoke() {
		return nil
	}
	s := r.local[callee]
	if s == nil {
		s = r.fact(callee)
	}
	if s == nil || s.Into == nil {
		return nil
	}
	for k, a := range c.Args {
		if a != v && rootOf(a) != v {
			continue
		}
		if j, ok := s.Into[k]; ok && j < len(c.Args) {
			return rootOf(c.Args[j])
		}
	}
	return nil
}

func mayHoldPointer(t types.Type) bool {
	switch t.Underlying().(type) {
	case *types.Basic:
		return false
	}
	return true
}

// returnsFresh: every return gives (as first result) a pointer to an
// object allocated here (or by a fresh constructor) and not published.
func (r *Result) returnsFresh(fn *ssa.Function) bool {
	res := fn.Signature.Results()
	if res.Len() == 0 {
		return false
	}
	if _, ok := res.At(0).Type().Underlying().(*types.Pointer); !ok {
		return false
	}
	n := 0
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		v := ret.Results[0]
		if c, ok := v.(*ssa.Const); ok && c.IsNil() {
			continue // an error path
		}
		root := rootOf(v)
		if !r.freshRoot(root) || len(r.publications(root)) > 0 {
			return false
		}
		n++
	}
	return n > 0
}

// rootOf strips conversions and loads of local variables.
func rootOf(v ssa.Value) ssa.Value {
	for range 8 {
		switch x := v.(type) {
		case *ssa.ChangeType:
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return v
			}
			// A load of a local variable holding the object.
			if a, ok := x.X.(*ssa.Alloc); ok && a.Comment != "" && isPointerVar(a) {
				if st := singleStore(a); st != nil {
					v = st.Val
					continue
				}
			}
			return v
		default:
			return v
		}
	}
	return v
}

func isPointerVar(a *ssa.Alloc) bool {
	p, ok := a.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Pointer)
	return ok
}

// singleStore returns the only store of an object into a local variable
// (stores of nil aside), or nil.
func singleStore(a *ssa.Alloc) *ssa.Store {
	var out *ssa.Store
	for _, ref := range *a.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Addr == ssa.Value(a) {
			if c, ok := st.Val.(*ssa.Const); ok && c.IsNil() {
				continue // return nil, err: the variable holds the object or nothing
			}
			if ld, ok := st.Val.(*ssa.UnOp); ok && ld.Op == token.MUL && ld.X == ssa.Value(a) {
				continue // return j, nil with named results: j = j
			}
			if out != nil {
				return nil
			}
			out = st
		}
	}
	return out
}

// freshRoot reports whether v is a newly allocated object: a heap
// allocation (&T{}, new(T)) or the result of a fresh constructor.
func (r *Result) freshRoot(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return v.Heap || v.Comment != ""
	case *ssa.Call:
		if callee := v.Call.StaticCallee(); callee != nil {
			return r.isFresh(callee)
		}
	}
	return false
}

func (r *Result) isFresh(fn *ssa.Function) bool {
	if s := r.local[fn]; s != nil {
		return s.Fresh
	}
	if s := r.fact(fn); s != nil {
		return s.Fresh
	}
	return false
}

func (r *Result) fact(fn *ssa.Function) *summary {
	obj, _ := fn.Object().(*types.Func)
	if obj == nil && fn.Origin() != nil {
		obj, _ = fn.Origin().Object().(*types.Func)
	}
	if obj == nil {
		return nil
	}
	return r.facts[obj.Origin()]
}

// publishesParam reports whether calling callee publishes its parameter i.
func (r *Result) publishesParam(callee *ssa.Function, i int) bool {
	if s := r.local[callee]; s != nil {
		return contains(s.Publishes, i)
	}
	if s := r.fact(callee); s != nil {
		return contains(s.Publishes, i)
	}
	return false
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// publications returns (once per round) the instructions of v's function
// that publish v.
func (r *Result) publications(v ssa.Value) []ssa.Instruction {
	if ps, ok := r.points[v]; ok {
		if d, busy := r.pubBusy[v]; busy && d < r.pubLow {
			r.pubLow = d // a cycle: the answer is partial
		}
		return ps
	}
	depth := len(r.pubBusy)
	r.pubBusy[v] = depth
	r.points[v] = nil
	savedLow := r.pubLow
	r.pubLow = depth
	out := &collector{seen: make(map[ssa.Value]bool)}
	r.follow(v, out, 0)
	sort.Slice(out.list, func(i, j int) bool { return out.list[i].Pos() < out.list[j].Pos() })
	delete(r.pubBusy, v)
	if r.pubLow < depth {
		// Computed while an enclosing value was still open (t → n.tree →
		// t.nodes → t): partial, so not kept; that value's own answer
		// is complete and will be.
		delete(r.points, v)
	} else {
		r.points[v] = out.list
	}
	r.pubLow = min(savedLow, r.pubLow)
	for p, mc := range out.viaOnly {
		if mc != nil {
			r.closureVia[pubKey{v, p}] = mc
		}
	}
	return out.list
}

// pubKey is one publication p of a root value v.
type pubKey struct {
	v ssa.Value
	p ssa.Instruction
}

// collector gathers publications during follow: via is the closure the
// walk currently passes through (nil: the value itself), viaOnly the
// closure through which each publication was reached, nil when it was
// reached directly too.
type collector struct {
	list    []ssa.Instruction
	seen    map[ssa.Value]bool
	via     *ssa.MakeClosure
	viaOnly map[ssa.Instruction]*ssa.MakeClosure
}

func (c *collector) add(ps ...ssa.Instruction) {
	if c.viaOnly == nil {
		c.viaOnly = make(map[ssa.Instruction]*ssa.MakeClosure)
	}
	for _, p := range ps {
		mc, had := c.viaOnly[p]
		if !had {
			c.list = append(c.list, p)
			c.viaOnly[p] = c.via
		} else if mc != c.via {
			c.viaOnly[p] = nil // reached directly, or through two closures
		}
	}
}

// follow adds the publications of v and of its aliases.
func (r *Result) follow(v ssa.Value, out *collector, depth int) {
	if out.seen[v] || depth > 8 || v.Referrers() == nil {
		return
	}
	out.seen[v] = true
	for _, ref := range *v.Referrers() {
		r.followRef(ref, v, out, depth)
	}
}

// followRef adds the publications of v made by ref, one of its uses.
func (r *Result) followRef(ref ssa.Instruction, v ssa.Value, out *collector, depth int) {
	switch ref := ref.(type) {
	case *ssa.ChangeType, *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.Convert, *ssa.Phi, *ssa.Slice:
		r.follow(ref.(ssa.Value), out, depth+1)
	case *ssa.TypeAssert:
		r.follow(ref, out, depth+1)
	case *ssa.Store:
		if ref.Val != v {
			return // a store into the object: not a publication of it
		}
		// Into a local variable: its loads are aliases, closures
		// capturing it publish it unless called in place.
		if a, ok := ref.Addr.(*ssa.Alloc); ok && a.Comment != "" && isPointerVar(a) {
			r.follow(a, out, depth+1)
			return
		}
		// Into a field of a fresh object of this function: published
		// with that object (a constructor wiring its parts). Into one
		// of its own fields (s.share.owner = s, a back pointer):
		// nobody reaches it that way who did not reach it already.
		c := container(ref.Addr)
		if c == v {
			return
		}
		if c != nil && r.freshRoot(c) {
			for _, p := range r.publications(c) {
				// The container stored back into v's own fields
				// (n.tree = t; t.nodes = append(t.nodes, n)): a
				// cycle through v, reaching nobody new.
				if st, ok := p.(*ssa.Store); ok {
					if back := container(st.Addr); back != nil && out.seen[back] {
						continue
					}
				}
				if ci, ok := p.(ssa.CallInstruction); ok {
					// A callee storing the container into v's own
					// fields (fs.addMsgBlock(mb) with mb.fs = fs).
					if back := r.intoTarget(ci.Common(), c); back != nil && out.seen[back] {
						continue
					}
				}
				out.add(p)
			}
			return
		}
		out.add(ref)
	case *ssa.UnOp:
		// A load of a variable holding the object.
		if a, ok := v.(*ssa.Alloc); ok && ref.Op == token.MUL && isPointerVar(a) {
			r.follow(ref, out, depth+1)
		}
	case *ssa.Send:
		if ref.X == v {
			out.add(ref)
		}
	case *ssa.MapUpdate:
		if ref.Value == v || ref.Key == v {
			out.add(ref)
		}
	case *ssa.MakeClosure:
		// Captured: published when the closure is (started, sent,
		// stored where others reach it, returned), not by being
		// called here or handed to a callee that only calls it.
		prev := out.via
		if prev == nil {
			out.via = ref
		}
		r.follow(ref, out, depth+1)
		out.via = prev
	case *ssa.Go:
		out.add(ref)
	case *ssa.Defer:
		// Runs later on this goroutine: like a call.
		if r.callPublishes(ref.Common(), v) {
			out.add(ref)
		}
	case *ssa.Call:
		if ref.Call.Value == v {
			return // calling the closure
		}
		if b, ok := ref.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" {
			// The result holds v (an element, or the elements of v...):
			// published where the result is.
			r.follow(ref, out, depth+1)
			return
		}
		if r.callPublishes(&ref.Call, v) {
			// Stored by the callee into another argument: as for a
			// store of this function's own (see the Store case).
			if into := r.intoTarget(&ref.Call, v); into != nil {
				switch {
				case into == v || out.seen[into]:
					return
				case r.freshRoot(into):
					out.add(r.publications(into)...)
					return
				}
			}
			out.add(ref)
		} else if r.callCaptures(&ref.Call, v) {
			// Stored into the fresh object the call returns:
			// published with it.
			r.follow(ref, out, depth+1)
		}
	case *ssa.Return:
		// Handed to the caller, who decides (Fresh summaries); a
		// closure returned may run anywhere.
		if _, ok := v.(*ssa.MakeClosure); ok {
			out.add(ref)
		}
	}
}

// container returns the fresh object whose field or array element addr
// is (x.f, x.f.g, a[i] of a local array such as the slice behind a
// variadic call's arguments), or nil.
func container(addr ssa.Value) ssa.Value {
	addr = addrRoot(addr)
	switch addr.(type) {
	case *ssa.Alloc, *ssa.Call:
		return addr
	}
	return nil
}

// addrRoot returns the value whose field or local array element addr is,
// whatever it is (a parameter, a global, a fresh object).
func addrRoot(addr ssa.Value) ssa.Value {
walk:
	for range 8 {
		switch x := addr.(type) {
		case *ssa.FieldAddr:
			addr = x.X
		case *ssa.IndexAddr:
			if _, isArray := deref(x.X.Type()).Underlying().(*types.Array); !isArray {
				break walk
			}
			addr = x.X
		default:
			break walk
		}
	}
	return rootOf(addr) // x.f where x is loaded from the variable holding it
}

// callCaptures reports whether the call stores v, one of its arguments,
// into the fresh object it returns (NewWrapper(cb)).
func (r *Result) callCaptures(c *ssa.CallCommon, v ssa.Value) bool {
	callee := c.StaticCallee()
	if callee == nil {
		return false
	}
	s := r.local[callee]
	if s == nil {
		s = r.fact(callee)
	}
	if s == nil {
		return false
	}
	for i, a := range c.Args {
		if a == v && contains(s.Captures, i) {
			return true
		}
	}
	return false
}

// captures lists the parameters fn stores into the fresh object it
// returns.
func (r *Result) captures(fn *ssa.Function) []int {
	var out []int
	for i, p := range fn.Params {
		if !mayHoldPointer(p.Type()) || p.Referrers() == nil {
			continue
		}
		for _, ref := range *p.Referrers() {
			st, ok := ref.(*ssa.Store)
			if !ok || st.Val != ssa.Value(p) {
				continue
			}
			if c := container(st.Addr); c != nil && returned(fn, c) {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

// returned reports whether v is what fn returns (first result).
func returned(fn *ssa.Function, v ssa.Value) bool {
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) > 0 && rootOf(ret.Results[0]) == v {
			return true
		}
	}
	return false
}

// callPublishes reports whether the call publishes v, one of its operands.
//
// Code the analysis cannot see — an interface method, a function value —
// is taken not to publish: precision over recall, since "published" makes
// later accesses count as shared (functional options applied in a
// constructor, callbacks run in place). The cost is an object handed to
// an interface that starts a goroutine with it.
func (r *Result) callPublishes(c *ssa.CallCommon, v ssa.Value) bool {
	if c.IsInvoke() {
		return false
	}
	if _, ok := c.Value.(*ssa.Builtin); ok {
		return false // append, copy, len: the element question is the caller's
	}
	switch known.Call(c) {
	case known.GroupGo, known.GroupTryGo, known.WGGo, known.AsyncCall:
		return true
	}
	if c.Value == v {
		return false // calling it
	}
	callee := c.StaticCallee()
	if callee == nil {
		return false // a function value: unknown code
	}
	// Same-package summaries, facts for dependencies. The standard
	// library has no facts (some drivers skip it): its functions do not
	// hand objects to other goroutines, except the spawners and channel
	// operations handled above.
	for i, a := range c.Args {
		if a == v && r.publishesParam(callee, i) {
			return true
		}
	}
	return false
}

// collectSites records the static calls of the package's functions, and
// which functions are used otherwise (method values, go, interfaces).
func (r *Result) collectSites(funcs []*ssa.Function) {
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, in := range b.Instrs {
				var callee *ssa.Function
				if c, ok := in.(ssa.CallInstruction); ok {
					if c.Common().IsInvoke() {
						r.invoked.Add(c.Common())
					} else if f := c.Common().StaticCallee(); f != nil {
						if _, isCall := in.(*ssa.Call); isCall {
							callee = f
							r.sites[f] = append(r.sites[f], c)
						} else {
							r.escaped[f] = true
						}
					}
				}
				for _, op := range in.Operands(nil) {
					if op == nil || *op == nil {
						continue
					}
					if f, ok := (*op).(*ssa.Function); ok && f != callee {
						r.escaped[f] = true
						decl := f
						if o := f.Origin(); o != nil {
							decl = o // an instance: its body is the generic origin's
							r.escaped[o] = true
						}
						if obj, ok := f.Object().(*types.Func); ok && f.Synthetic != "" {
							// A bound method value: the method, by its
							// generic origin when it is an instance.
							if d := f.Prog.FuncValue(obj.Origin()); d != nil {
								decl = d
								r.escaped[d] = true
							}
						}
						var val ssa.Value = f
						if mc, ok := in.(*ssa.MakeClosure); ok && mc.Fn == ssa.Value(f) {
							val = mc
						}
						r.uses[decl] = append(r.uses[decl], valueUse{in, val})
					}
				}
			}
		}
	}
}

// ProductionSites returns fn's static call sites in the package, leaving
// out those in _test.go files when there are others: a test pokes at
// internals of objects it owns (a helper called on a connection a parser
// already handed to a callback), outside the protocol the package's own
// code follows.
func (r *Result) ProductionSites(fn *ssa.Function) []ssa.CallInstruction {
	sites := r.sites[fn]
	fset := r.pkg.Prog.Fset
	var prod []ssa.CallInstruction
	for _, c := range sites {
		if f := fset.File(c.Pos()); f == nil || !strings.HasSuffix(f.Name(), "_test.go") {
			prod = append(prod, c)
		}
	}
	if len(prod) == 0 {
		return sites
	}
	return prod
}

// Internal reports whether only code of the package can call fn directly
// (see gomodel.Exposure): its static calls here are all its calls.
func (r *Result) Internal(fn *ssa.Function) bool { return r.exposure.Internal(fn) }

// UnknownEntry reports whether fn, an unexported function or method of
// this package, runs only as a function value whose invocation context is
// unknown: it has no static call site, and no use of the value starts it
// on a goroutine (go, errgroup, time.AfterFunc, an HTTP handler) or
// publishes it (sent, stored where other goroutines reach it, handed to a
// callee that publishes it). A callback handed to an object its owner
// uses under a lock runs under that lock; without positive evidence of
// another goroutine, its accesses are neither guarded nor unguarded.
func (r *Result) UnknownEntry(fn *ssa.Function) bool {
	if fn.Pkg != r.pkg || fn.Parent() != nil || token.IsExported(fn.Name()) || len(r.sites[fn]) > 0 {
		return false
	}
	uses := r.uses[fn]
	if len(uses) == 0 {
		return false
	}
	for _, u := range uses {
		if _, isGo := u.instr.(*ssa.Go); isGo {
			return false
		}
		var out []ssa.Instruction
		if mc, ok := u.val.(*ssa.MakeClosure); ok {
			out = r.publications(mc)
		} else {
			c := &collector{seen: make(map[ssa.Value]bool)}
			r.followRef(u.instr, u.val, c, 0)
			out = c.list
		}
		if len(out) > 0 {
			return false
		}
	}
	return true
}

// PrivateOnEntry reports whether parameter i of fn is private to the
// calling goroutine whenever fn runs: fn is an unexported function or
// method of this package, only called statically, and every call site
// passes an object that is private there.
func (r *Result) PrivateOnEntry(fn *ssa.Function, i int) bool {
	return r.privateFieldOnEntry(fn, i, "")
}

func (r *Result) privateFieldOnEntry(fn *ssa.Function, i int, field string) bool {
	key := fmt.Sprintf("%d/%s", i, field)
	if m, ok := r.entry[fn]; ok {
		if v, ok := m[key]; ok {
			return v
		}
	}
	if r.busy[fn] {
		return false // recursion: cannot show it
	}
	r.busy[fn] = true
	defer delete(r.busy, fn)
	ok := r.privateOnEntry(fn, i, field)
	if r.entry[fn] == nil {
		r.entry[fn] = make(map[string]bool)
	}
	r.entry[fn][key] = ok
	return ok
}

func (r *Result) privateOnEntry(fn *ssa.Function, i int, field string) bool {
	if fn.Pkg != r.pkg || fn.Parent() != nil || fn.Synthetic != "" || !r.exposure.Internal(fn) || r.escaped[fn] || i >= len(fn.Params) {
		return false
	}
	if r.invoked.MayInvoke(fn) {
		return false
	}
	sites := r.ProductionSites(fn)
	if len(sites) == 0 {
		return false
	}
	for _, c := range sites {
		args := c.Common().Args
		if i >= len(args) {
			return false
		}
		if !r.PrivateFieldAt(args[i], field, c) {
			return false
		}
	}
	return true
}

// PrivateAt reports whether the object v (a pointer) is still private to
// the goroutine at instr, an instruction of v's function: v is fresh (a
// new allocation, a fresh constructor's result) or a parameter private on
// entry, and no publication of it reaches instr. Unknown: false.
func (r *Result) PrivateAt(v ssa.Value, instr ssa.Instruction) bool {
	return r.PrivateFieldAt(v, "", instr)
}

// PrivateFieldAt is PrivateAt for one field of the object (its top-level
// field name; "" for the whole object): a goroutine started with the
// object that never reaches that field (neither it nor the same-package
// functions it hands the object to select it) does not publish the field.
// Other publications publish every field.
func (r *Result) PrivateFieldAt(v ssa.Value, field string, instr ssa.Instruction) bool {
	v = rootOf(v)
	if a, ok := v.(*ssa.Alloc); ok && isPointerVar(a) {
		// A variable holding the object: the object stored in it.
		st := singleStore(a)
		if st == nil {
			return false
		}
		v = rootOf(st.Val)
	}
	if fa, ok := v.(*ssa.FieldAddr); ok {
		// &x.f, a value field of x (c.queue.init() on the fresh c): private
		// while that field of x is.
		return r.PrivateFieldAt(fa.X, fieldName(fa.X.Type(), fa.Field), instr)
	}
	switch v := v.(type) {
	case *ssa.Alloc, *ssa.Call:
		if !r.freshRoot(v) {
			return false
		}
	case *ssa.Parameter:
		fn := v.Parent()
		idx := -1
		for i, p := range fn.Params {
			if p == v {
				idx = i
			}
		}
		if idx < 0 || !r.privateFieldOnEntry(fn, idx, field) {
			return false
		}
	default:
		return false
	}
	def, _ := v.(ssa.Instruction)
	for _, p := range r.publications(v) {
		if !reachesAvoiding(p, instr, def) {
			continue
		}
		if field != "" && r.publishMisses(p, v, field) {
			continue
		}
		return false
	}
	return true
}

// publishMisses reports whether p, a publication of v, provably never
// reaches field of it: a go statement (or errgroup/WaitGroup Go) whose
// goroutine never selects the field, a closure capturing v (a callback
// stored, sent or handed on) that never selects it, a call of a function
// that publishes only other fields of its parameter.
func (r *Result) publishMisses(p ssa.Instruction, v ssa.Value, field string) bool {
	fs, ok := r.reachedFields(p, v)
	return ok && !fs[field]
}

// reachedFields returns the top-level fields of v that p, one of its
// publications, hands to other goroutines; false when p may reach any.
func (r *Result) reachedFields(p ssa.Instruction, v ssa.Value) (map[string]bool, bool) {
	if mc := r.closureVia[pubKey{v, p}]; mc != nil {
		return r.closureFields(mc, v)
	}
	out := make(map[string]bool)
	add := func(fs map[string]bool, ok bool) bool {
		for f := range fs {
			out[f] = true
		}
		return ok
	}
	var c *ssa.CallCommon
	switch p := p.(type) {
	case *ssa.Go:
		c = &p.Call
	case *ssa.Call:
		switch known.Call(&p.Call) {
		case known.GroupGo, known.GroupTryGo, known.WGGo:
			if len(p.Call.Args) != 2 {
				return nil, false
			}
			mc, ok := p.Call.Args[1].(*ssa.MakeClosure)
			if !ok {
				return nil, false
			}
			return r.closureFields(mc, v)
		}
		// A same-package function publishing only some fields of the
		// parameter v is passed as.
		callee := p.Call.StaticCallee()
		if callee == nil || p.Call.IsInvoke() {
			return nil, false
		}
		s := r.local[callee]
		if s == nil {
			return nil, false
		}
		matched := false
		for i, a := range p.Call.Args {
			if rootOf(a) != v {
				continue
			}
			fs, limited := s.Fields[i]
			if !limited {
				return nil, false
			}
			matched = true
			for _, f := range fs {
				out[f] = true
			}
		}
		return out, matched
	default:
		return nil, false
	}
	mc, isClosure := c.Value.(*ssa.MakeClosure)
	if isClosure && !add(r.closureFields(mc, v)) {
		return nil, false
	}
	callee := c.StaticCallee()
	if callee == nil {
		return nil, false
	}
	for i, a := range c.Args {
		if rootOf(a) != v {
			continue
		}
		if isClosure || i >= len(callee.Params) {
			return nil, false
		}
		if !add(r.fieldsVia(callee.Params[i], 0, nil)) {
			return nil, false
		}
	}
	return out, true
}

// closureFields returns the top-level fields of v the closure selects
// (v captured directly or through a variable holding it).
func (r *Result) closureFields(mc *ssa.MakeClosure, v ssa.Value) (map[string]bool, bool) {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return nil, false
	}
	out := make(map[string]bool)
	for i, b := range mc.Bindings {
		if i >= len(fn.FreeVars) {
			return nil, false
		}
		if !r.binds(b, v) {
			continue
		}
		fs, ok := r.fieldsVia(fn.FreeVars[i], 0, nil)
		if !ok {
			return nil, false
		}
		for f := range fs {
			out[f] = true
		}
	}
	return out, true
}

// binds reports whether the closure binding b is v or a variable holding
// it (a captured parameter's heap cell).
func (r *Result) binds(b, v ssa.Value) bool {
	if rootOf(b) == v {
		return true
	}
	if a, ok := b.(*ssa.Alloc); ok && isPointerVar(a) {
		if st := singleStore(a); st != nil && rootOf(st.Val) == v {
			return true
		}
	}
	return false
}

// fieldSel is the memoised answer of fieldsVia for a parameter or free
// variable: the fields selected through it, or !ok.
type fieldSel struct {
	fields map[string]bool
	ok     bool
}

// fieldsVia returns the top-level fields selected through x (a pointer to
// the object, or a variable holding one) in its function and in the
// same-package functions and closures x is handed to; false when x reaches
// code it cannot follow (stored, sent, another package, an interface).
// The answer for a parameter or free variable is a summary of its
// function, computed once (a recursive use contributes nothing new: its
// fields are the ones being collected).
func (r *Result) fieldsVia(x ssa.Value, depth int, seen map[ssa.Value]bool) (map[string]bool, bool) {
	switch x.(type) {
	case *ssa.Parameter, *ssa.FreeVar:
		if fs, done := r.fieldMemo[x]; done {
			if fs == nil {
				return map[string]bool{}, true // in progress: recursion
			}
			return fs.fields, fs.ok
		}
		if r.fieldBudget <= 0 {
			if r.fieldBudget == 0 {
				r.fieldBudget-- // record the first hit only
				contain.Exhausted("publish.fieldsVia summaries", x.Parent())
			}
			return nil, false
		}
		r.fieldBudget--
		r.fieldMemo[x] = nil
		fields, ok := r.fieldsOf(x, make(map[ssa.Value]bool))
		r.fieldMemo[x] = &fieldSel{fields, ok}
		return fields, ok
	}
	return r.fieldsOf(x, seen)
}

// fieldsOf is fieldsVia within x's function (aliases of x: loads of a
// variable holding it, conversions, phis, the heap cell of a captured
// parameter).
func (r *Result) fieldsOf(x ssa.Value, seen map[ssa.Value]bool) (map[string]bool, bool) {
	out := make(map[string]bool)
	if seen[x] || x.Referrers() == nil {
		return out, true
	}
	seen[x] = true
	add := func(fs map[string]bool, ok bool) bool {
		for f := range fs {
			out[f] = true
		}
		return ok
	}
	for _, ref := range *x.Referrers() {
		switch ref := ref.(type) {
		case *ssa.FieldAddr:
			if ref.X == x {
				out[fieldName(ref.X.Type(), ref.Field)] = true
			}
		case *ssa.Field:
			if ref.X == x {
				out[fieldName(ref.X.Type(), ref.Field)] = true
			}
		case *ssa.UnOp:
			if ref.Op != token.MUL || !isPointerVarType(x.Type()) {
				return nil, false // a copy of the whole object
			}
			if !add(r.fieldsOf(ref, seen)) {
				return nil, false
			}
		case *ssa.Store:
			// The parameter spilled into the variable a closure
			// captures (SSA's heap cell for it), or the cell itself
			// being initialised.
			if a, ok := ref.Addr.(*ssa.Alloc); ok && ref.Val == x && a.Comment != "" && isPointerVar(a) {
				if !add(r.fieldsOf(a, seen)) {
					return nil, false
				}
				continue
			}
			if ref.Addr == x && isPointerVarType(x.Type()) {
				continue
			}
			return nil, false // stored elsewhere
		case *ssa.ChangeType, *ssa.Phi:
			if !add(r.fieldsOf(ref.(ssa.Value), seen)) {
				return nil, false
			}
		case *ssa.MakeClosure:
			fn, _ := ref.Fn.(*ssa.Function)
			if fn == nil {
				return nil, false
			}
			for i, b := range ref.Bindings {
				if b == x && i < len(fn.FreeVars) {
					if !add(r.fieldsVia(fn.FreeVars[i], 0, nil)) {
						return nil, false
					}
				}
			}
		case ssa.CallInstruction:
			c := ref.Common()
			if _, ok := c.Value.(*ssa.Builtin); ok {
				continue
			}
			callee := c.StaticCallee()
			if c.IsInvoke() || callee == nil || callee.Pkg != r.pkg || len(callee.Blocks) == 0 {
				return nil, false
			}
			if c.Value == x {
				continue
			}
			for i, a := range c.Args {
				if a != x || i >= len(callee.Params) {
					continue
				}
				if !add(r.fieldsVia(callee.Params[i], 0, nil)) {
					return nil, false
				}
			}
		case *ssa.DebugRef:
		default:
			return nil, false // sent, compared, converted
		}
	}
	return out, true
}

func isPointerVarType(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	_, ok = p.Elem().Underlying().(*types.Pointer)
	return ok
}

func fieldName(t types.Type, i int) string {
	st, ok := deref(t).Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return ""
	}
	return st.Field(i).Name()
}

// Reaches reports whether to can run after from in their function.
func Reaches(from, to ssa.Instruction) bool { return reachesAvoiding(from, to, nil) }

// reachesAvoiding is Reaches on paths that do not pass def (the
// allocation of a new object in the next loop iteration).
func reachesAvoiding(from, to, def ssa.Instruction) bool {
	fb, tb := from.Block(), to.Block()
	if fb == nil || tb == nil || fb.Parent() != tb.Parent() {
		return false
	}
	if fb == tb && from != to {
		for _, in := range fb.Instrs {
			if in == from {
				return true
			}
			if in == to {
				break // to comes first: only through a loop
			}
		}
	}
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), fb.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if def != nil && def.Block() == b {
			if b != tb {
				continue
			}
			// to is reached if it comes before def in the block.
			for _, in := range b.Instrs {
				if in == def {
					break
				}
				if in == to {
					return true
				}
			}
			continue
		}
		if b == tb {
			return true
		}
		stack = append(stack, b.Succs...)
	}
	return false
}

// Initialising reports whether instr, an access through root in its
// function, runs before that function creates root's lock (s.mu =
// new(sync.Mutex), s.mu = &sync.RWMutex{}): no goroutine can have locked
// it yet, the object is being initialised.
func Initialising(root ssa.Value, instr ssa.Instruction) bool {
	fn := instr.Parent()
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			st, ok := in.(*ssa.Store)
			if !ok {
				continue
			}
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok || fa.X != root || !known.IsLockType(deref(fa.Type())) {
				continue
			}
			switch val := st.Val.(type) {
			case *ssa.Alloc:
			case *ssa.Const:
				if !val.IsNil() {
					continue
				}
			default:
				continue
			}
			if Reaches(instr, st) && !Reaches(st, instr) {
				return true
			}
		}
	}
	return false
}

func deref(t types.Type) types.Type {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// Summary returns the text of fn's publication summary ("publishes(0)",
// "fresh captures(1)"), "" when it has none; for tests and debugging.
func (r *Result) Summary(fn *ssa.Function) string {
	if s := r.local[fn]; s != nil {
		return s.String()
	}
	return ""
}
