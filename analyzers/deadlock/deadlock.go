package deadlock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockfacts"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/lockorder"
	"github.com/concurlint/concurlint/internal/noreturn"
	"github.com/concurlint/concurlint/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "deadlock",
	Doc:      docutil.MustExtract(doc, "deadlock"),
	URL:      "https://github.com/concurlint/concurlint#deadlock",
	Run:      run,
	Requires: []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer, ctrlflow.Analyzer, lockfacts.Analyzer, lockorder.Analyzer, noreturn.Analyzer, suppress.Analyzer},
}

// passContext carries the pass and what its functions share.
type passContext struct {
	pass  *analysis.Pass
	cfg   lockmodel.Config
	order *lockorder.Result
	ssa   *buildssa.SSA
	insp  *inspector.Inspector
	seen  map[string]bool
	calls map[token.Pos]ast.Node // call expressions by '(' position
	// writeClasses: lock classes write-locked somewhere in the package
	// (directly or through a summarised callee), built on first need.
	writeClasses map[string]bool
	chans        *chanState
	chanCaps     map[string]int
	pathBudget   int // cycle search steps left
}

func run(pass *analysis.Pass) (any, error) {
	ssainfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	facts := pass.ResultOf[lockfacts.Analyzer].(*lockfacts.Result)
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	pc := &passContext{
		pass: pass,
		cfg: lockmodel.Config{
			Summary:  facts.Summary,
			NoReturn: cfgs.NoReturn,
			Stops:    pass.ResultOf[noreturn.Analyzer].(*noreturn.Result),
		},
		order: pass.ResultOf[lockorder.Analyzer].(*lockorder.Result),
		ssa:   ssainfo,
		insp:  pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		seen:  make(map[string]bool),
		chans: newChanState(),
	}
	// 1. Double locking and same-class nesting, on the paths of each function.
	pc.chans.noteLockers(ssainfo.SrcFuncs)
	for _, fn := range contain.Each(pass, pass.ResultOf[suppress.Analyzer].(*suppress.Result).HandWritten(ssainfo.SrcFuncs)) {
		pc.runFunc(fn)
	}
	// 2. Lock-order cycles between classes, this package's edges against
	// its own and its dependencies'.
	pc.checkCycles()
	// 3. Locks held across a channel operation or wg.Wait whose partner
	// needs the lock.
	pc.checkChanLocks()
	return nil, nil
}

// A finding of the path walk: one acquisition (or call) that blocks on a
// lock this goroutine already holds.
type finding struct {
	pos     token.Pos
	held    lockmodel.LockState
	kind    string // "double", "upgrade", "rread", "callee"
	name    string
	read    bool // the new acquisition is a read lock
	callee  string
	where   string
	calleeP token.Pos
	key     *lockmodel.Key
}

type visitor struct {
	pc       *passContext
	m        *lockmodel.Model
	findings map[token.Pos]*finding
	order    []token.Pos
	nested   map[token.Pos]*nesting
}

// nesting: two locks of one class held together in argument order.
type nesting struct {
	pos, heldPos token.Pos
	a, b         string
	class        string
}

func (v *visitor) add(f *finding) {
	if _, dup := v.findings[f.pos]; dup {
		return
	}
	v.findings[f.pos] = f
	v.order = append(v.order, f.pos)
}

// viaLocker reports whether op locks through an interface (a sync.Locker):
// its mode is the dynamic type's — mu.RLocker().Lock() is a read lock, and
// two of them on one path do not block by themselves.
func viaLocker(op *lockmodel.Op) bool {
	c, ok := op.Instr.(ssa.CallInstruction)
	return ok && !op.Wrapper && c.Common().IsInvoke()
}

func (v *visitor) Op(op *lockmodel.Op, st *lockmodel.State) {
	if !op.Kind.Acquires() || op.Try || op.Deferred || viaLocker(op) {
		return
	}
	ls := st.Get(op.Key.ID)
	if ls.IsHeld() && !ls.Entry && ls.Since != nil && ls.Since != op && ls.Since.Kind.Acquires() && !ls.Since.Try {
		if op.Wrapper && wrapperAgainThroughOnce(ls, op) {
			return
		}
		f := &finding{pos: op.Pos(), held: ls, name: op.Key.Display, read: op.Kind == lockmodel.OpRLock, key: op.Key}
		switch {
		case ls.Status == lockmodel.RHeld && op.Kind == lockmodel.OpRLock:
			f.kind = "rread"
		case ls.Status == lockmodel.RHeld:
			f.kind = "upgrade"
		default:
			f.kind = "double"
		}
		v.add(f)
		return
	}
	if op.Wrapper {
		return
	}
	// Two instances of one class, both parameters, nested: the order
	// depends on the arguments.
	c, ok := op.Instr.(ssa.CallInstruction)
	if !ok {
		return
	}
	class := ssaClass(lockmodel.Receiver(c.Common()))
	if class == "" {
		return
	}
	for _, h := range st.Locks() {
		if !h.IsHeld() || h.Entry || h.Since == nil || h.Since.Wrapper || h.Key.Same(op.Key) {
			continue
		}
		hc, ok := h.Since.Instr.(ssa.CallInstruction)
		if !ok || ssaClass(lockmodel.Receiver(hc.Common())) != class {
			continue
		}
		if v.nested[op.Pos()] == nil && symmetricParams(v.m.Fn, h.Key, op.Key) {
			v.nested[op.Pos()] = &nesting{pos: op.Pos(), heldPos: h.Since.Pos(), a: h.Key.Display, b: op.Key.Display, class: class}
		}
	}
}

func (v *visitor) Defer(*lockmodel.Op, *lockmodel.State) {}

func (v *visitor) Exit(_ lockmodel.Exit, st *lockmodel.State) { v.pc.chans.exit(v.m.Fn, st) }

// Instr checks calls to functions that acquire a lock the path holds.
func (v *visitor) Instr(instr ssa.Instruction, st *lockmodel.State) {
	v.pc.chans.instr(v.m.Fn, instr, st)
	call, ok := instr.(*ssa.Call)
	if !ok || call.Call.IsInvoke() {
		return
	}
	held := false
	for _, ls := range st.Locks() {
		if ls.IsHeld() {
			held = true
			break
		}
	}
	if !held {
		return
	}
	callee := known.Callee(&call.Call)
	if callee == nil || known.Func(callee) != known.None {
		return
	}
	acqs := v.pc.order.Acquires(callee)
	if len(acqs) == 0 {
		return
	}
	args := call.Call.Args
	for _, a := range acqs {
		var ls lockmodel.LockState
		var k *lockmodel.Key
		if a.Param < 0 {
			for _, l := range st.Locks() {
				if _, g := l.Key.Root.(*ssa.Global); g && l.Key.Class == a.Global {
					ls, k = l, l.Key
				}
			}
		} else if a.Param < len(args) {
			k = v.m.Keys.Extend(v.m.Keys.Of(args[a.Param]), a.Path)
			if k != nil {
				ls = st.Get(k.ID)
			}
		}
		if k == nil || !ls.IsHeld() || ls.Entry || ls.Since == nil || !ls.Since.Kind.Acquires() || ls.Since.Try {
			continue
		}
		// The call's own wrapper effect (a lock wrapper from lockfacts) is
		// an Op of this instruction: judged by Op.
		// A callee that releases the lock first (an …AndUnlock helper)
		// takes it again without deadlocking.
		wrapper := false
		for _, d := range v.pc.order.Drops(callee) {
			if d.Param < len(args) && v.m.Keys.Extend(v.m.Keys.Of(args[d.Param]), d.Path).Same(k) {
				wrapper = true
			}
		}
		for _, op := range v.m.Ops(instr) {
			if op.Key.Same(k) && (op.Kind.Acquires() || op.Kind.Releases()) {
				wrapper = true
			}
		}
		if wrapper || v.againThroughOnce(ls, callee, a.Via) {
			continue
		}
		f := &finding{pos: call.Pos(), held: ls, name: k.Display, read: a.Read, kind: "callee", key: k,
			callee: callee.Name(), where: a.Where, calleeP: a.Pos}
		if a.Via != "" {
			f.callee += " → " + a.Via
		}
		if ls.Status == lockmodel.RHeld && a.Read {
			f.kind = "callee-rread"
		}
		v.add(f)
	}
}

// againThroughOnce reports whether the lock is held from a call of a
// once-guarded function (if x.stopped { return }; x.stopped = true; …) and
// the callee reaches that same function again: the second call returns at
// its guard and takes nothing.
func (v *visitor) againThroughOnce(ls lockmodel.LockState, callee *types.Func, via string) bool {
	c, ok := ls.Since.Instr.(ssa.CallInstruction)
	if !ok || !ls.Since.Wrapper {
		return false
	}
	first := c.Common().StaticCallee()
	if first == nil || !onceGuarded(first) {
		return false
	}
	if callee == first.Object() {
		return true
	}
	for _, name := range strings.Split(via, " → ") {
		if name == first.Name() {
			return true
		}
	}
	return false
}

// wrapperAgainThroughOnce is againThroughOnce for a lock wrapper's own
// effect: the wrapper is the once-guarded function, or calls it directly.
func wrapperAgainThroughOnce(ls lockmodel.LockState, op *lockmodel.Op) bool {
	hc, ok := ls.Since.Instr.(ssa.CallInstruction)
	if !ok || !ls.Since.Wrapper {
		return false
	}
	first := hc.Common().StaticCallee()
	if first == nil || !onceGuarded(first) {
		return false
	}
	c, ok := op.Instr.(ssa.CallInstruction)
	if !ok {
		return false
	}
	callee := c.Common().StaticCallee()
	if callee == nil {
		return false
	}
	if callee == first {
		return true
	}
	for _, b := range callee.Blocks {
		for _, in := range b.Instrs {
			if ci, ok := in.(ssa.CallInstruction); ok && ci.Common().StaticCallee() == first {
				return true
			}
		}
	}
	return false
}

// onceGuarded reports whether fn starts with if x.f { return } and sets
// x.f = true: a second call does nothing.
func onceGuarded(fn *ssa.Function) bool {
	fd, ok := fn.Syntax().(*ast.FuncDecl)
	if !ok || fd.Body == nil || len(fd.Body.List) == 0 {
		return false
	}
	ifs, ok := fd.Body.List[0].(*ast.IfStmt)
	if !ok || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 {
		return false
	}
	if _, ok := ifs.Body.List[0].(*ast.ReturnStmt); !ok {
		return false
	}
	flag, ok := ifs.Cond.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	want := types.ExprString(flag)
	set := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if types.ExprString(as.Lhs[0]) == want {
				if id, ok := as.Rhs[0].(*ast.Ident); ok && id.Name == "true" {
					set = true
				}
			}
		}
		return !set
	})
	return set
}

func (pc *passContext) runFunc(fn *ssa.Function) {
	cfg := pc.cfg
	m := lockmodel.NewModel(fn, &cfg)
	if !m.HasOps() {
		return
	}
	v := &visitor{pc: pc, m: m, findings: make(map[token.Pos]*finding), nested: make(map[token.Pos]*nesting)}
	pc.chans.prepare(fn)
	if !m.Walk(v) {
		pc.chans.abandon(fn)
		return // too many paths: stay silent rather than guess
	}
	for _, pos := range v.order {
		pc.reportDouble(v.findings[pos])
	}
	var nests []*nesting
	for _, n := range v.nested {
		nests = append(nests, n)
	}
	sort.Slice(nests, func(i, j int) bool { return nests[i].pos < nests[j].pos })
	for _, n := range nests {
		if ordersOperands(fn) {
			break // an ID or address comparison decides the order
		}
		pc.emit(analysis.Diagnostic{
			Pos: n.pos,
			Message: fmt.Sprintf("%s is locked while %s is held, two %s locks taken in argument order; two calls with the arguments swapped deadlock (lock them in a fixed order, e.g. by ID)",
				n.b, n.a, lockorder.Display(n.class)),
			Related: []analysis.RelatedInformation{{Pos: n.heldPos, Message: n.a + " locked here"}},
		})
	}
}

func (pc *passContext) reportDouble(f *finding) {
	heldAt := f.held.Since.Pos()
	line := pc.line(heldAt)
	related := []analysis.RelatedInformation{{Pos: heldAt, Message: f.name + " acquired here"}}
	var msg string
	switch f.kind {
	case "double":
		verb := "Lock"
		if f.read {
			verb = "RLock"
		}
		msg = fmt.Sprintf("%s is already locked (line %d); this %s blocks forever because Go mutexes are not re-entrant", f.name, line, verb)
	case "upgrade":
		msg = fmt.Sprintf("%s is read-locked (line %d); this Lock waits for every reader to leave, this goroutine included, so it blocks forever", f.name, line)
	case "rread":
		if !pc.writeLocked(f.key) {
			return
		}
		msg = fmt.Sprintf("%s is already read-locked (line %d); this second RLock blocks forever once a writer queues on Lock in between", f.name, line)
	case "callee", "callee-rread":
		if f.kind == "callee-rread" && !pc.writeLocked(f.key) {
			return
		}
		how := "locks it again"
		switch {
		case f.kind == "callee-rread":
			how = "read-locks it again, which blocks once a writer queues"
		case f.held.Status == lockmodel.RHeld && !f.read:
			how = "write-locks it, waiting for this goroutine's own read lock"
		case f.read:
			how = "read-locks it, waiting for this goroutine's own write lock"
		}
		where := ""
		if f.where != "" {
			where = " at " + f.where
		}
		msg = fmt.Sprintf("%s is held (line %d) and %s %s%s, so this call deadlocks", f.name, line, f.callee, how, where)
		if f.calleeP.IsValid() {
			related = append(related, analysis.RelatedInformation{Pos: f.calleeP, Message: "acquired again here"})
		}
	}
	pc.emit(analysis.Diagnostic{Pos: f.pos, Message: msg, Related: related})
}

// writeLocked reports whether anything in the package write-locks the
// lock k names (by class, or within its function for a local).
func (pc *passContext) writeLocked(k *lockmodel.Key) bool {
	if pc.writeClasses == nil {
		pc.writeClasses = make(map[string]bool)
		for _, fn := range pc.ssa.SrcFuncs {
			ks := lockmodel.NewKeys(fn)
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					ci, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					c := ci.Common()
					if known.Call(c) == known.Lock {
						if rk := ks.Of(lockmodel.Receiver(c)); rk != nil {
							pc.writeClasses[rk.Class] = true
							pc.writeClasses[fn.String()+"|"+rk.ID] = true
						}
						continue
					}
					if callee := known.Callee(c); callee != nil && !c.IsInvoke() {
						for _, a := range pc.order.Acquires(callee) {
							if a.Read || a.Param < 0 || a.Param >= len(c.Args) {
								continue
							}
							if rk := ks.Extend(ks.Of(c.Args[a.Param]), a.Path); rk != nil {
								pc.writeClasses[rk.Class] = true
								pc.writeClasses[fn.String()+"|"+rk.ID] = true
							}
						}
					}
				}
			}
		}
		delete(pc.writeClasses, "")
	}
	if k.Class != "" && pc.writeClasses[k.Class] {
		return true
	}
	if fn := rootFunc(k); fn != nil {
		return pc.writeClasses[fn.String()+"|"+k.ID]
	}
	return false
}

func rootFunc(k *lockmodel.Key) *ssa.Function {
	switch r := k.Root.(type) {
	case *ssa.Parameter:
		return r.Parent()
	case *ssa.Alloc:
		return r.Parent()
	case ssa.Instruction:
		return r.Parent()
	}
	return nil
}

// symmetricParams reports whether a and b are rooted at two distinct
// non-receiver parameters of the same type: transfer(from, to *Account),
// whose callers decide the order.
func symmetricParams(fn *ssa.Function, a, b *lockmodel.Key) bool {
	pa, ok1 := a.Root.(*ssa.Parameter)
	pb, ok2 := b.Root.(*ssa.Parameter)
	if !ok1 || !ok2 || pa == pb || !types.Identical(pa.Type(), pb.Type()) {
		return false
	}
	if fn.Signature.Recv() != nil && len(fn.Params) > 0 && (fn.Params[0] == pa || fn.Params[0] == pb) {
		return false
	}
	return true
}

// ordersOperands reports whether fn compares values to order them (an ID
// or address comparison, a == guard against locking one object twice):
// the idiom that makes nested locking of one class safe.
func ordersOperands(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if bin, ok := instr.(*ssa.BinOp); ok {
				switch bin.Op {
				case token.LSS, token.GTR, token.LEQ, token.GEQ:
					return true
				case token.EQL, token.NEQ:
					if _, ok := bin.X.Type().Underlying().(*types.Pointer); ok {
						if c, ok := bin.Y.(*ssa.Const); !ok || !c.IsNil() {
							return true
						}
					}
				}
			}
			if call, ok := instr.(*ssa.Call); ok {
				if callee := known.Callee(&call.Call); callee != nil {
					name := strings.ToLower(callee.Name())
					if strings.Contains(name, "compare") || strings.Contains(name, "less") || name == "sort" {
						return true
					}
				}
			}
		}
	}
	return false
}

// ssaClass returns the lock class of the value a Lock is called on, as
// lockorder names classes on syntax.
func ssaClass(v ssa.Value) string {
	for v != nil {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return ""
			}
			v = x.X
		case *ssa.MakeInterface:
			v = x.X
		case *ssa.ChangeType:
			v = x.X
		case *ssa.Global:
			if x.Pkg == nil {
				return ""
			}
			return x.Pkg.Pkg.Path() + "." + x.Name()
		case *ssa.FieldAddr:
			return fieldClass(x.X, x.Field)
		case *ssa.Field:
			return fieldClass(x.X, x.Field)
		default:
			return ""
		}
	}
	return ""
}

func fieldClass(x ssa.Value, index int) string {
	t := x.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || index >= st.NumFields() {
		return ""
	}
	name := st.Field(index).Name()
	if c := lockorder.ClassOfPath(x.Type(), []string{name}); c != "" {
		return c
	}
	if base := ssaClass(x); base != "" && !strings.HasPrefix(base, "(") {
		return base + "." + name
	}
	return ""
}

func (pc *passContext) emit(d analysis.Diagnostic) {
	// SSA positions a call at its parenthesis; report it from its start.
	if n := pc.callAt(d.Pos); n != nil {
		d.Pos = n.Pos()
	}
	for i, r := range d.Related {
		if n := pc.callAt(r.Pos); n != nil {
			d.Related[i].Pos = n.Pos()
		}
	}
	k := fmt.Sprintf("%d %s", d.Pos, d.Message)
	if pc.seen[k] {
		return
	}
	pc.seen[k] = true
	suppress.Report(pc.pass, d)
}

// callAt returns the call expression whose parenthesis is at pos.
func (pc *passContext) callAt(pos token.Pos) ast.Node {
	if !pos.IsValid() {
		return nil
	}
	if pc.calls == nil {
		pc.calls = make(map[token.Pos]ast.Node)
		for cur := range pc.insp.Root().Preorder((*ast.CallExpr)(nil)) {
			c := cur.Node().(*ast.CallExpr)
			pc.calls[c.Lparen] = c
		}
	}
	return pc.calls[pos]
}

func (pc *passContext) line(pos token.Pos) int { return pc.pass.Fset.Position(pos).Line }
