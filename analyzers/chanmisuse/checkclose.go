package chanmisuse

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/chanmodel"
	"github.com/concurlint/concurlint/internal/gomodel"
	"github.com/concurlint/concurlint/internal/known"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/ssacfg"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// checkThenClose reports a close that runs only after a check that the
// channel is still open — a select with a default case whose receive on the
// channel was not ready, or a test of a flag field of the channel's owner —
// in a function that can run on several goroutines at once, with no lock
// held, no sync.Once and no compare-and-swap: two callers can both pass the
// check and both close.
func (pc *passContext) checkThenClose(fn *ssa.Function, closes []*closeSite) {
	var cands []*closeSite
	for _, c := range closes {
		if !c.deferred && !c.summary && pc.stable(c.key) {
			cands = append(cands, c)
		}
	}
	if len(cands) == 0 || excludes(fn) {
		return
	}
	who := pc.concurrentCallers(fn)
	if who == "" {
		return
	}
	for _, c := range cands {
		check, how := pc.openCheck(fn, c)
		if check == nil {
			continue
		}
		pc.report(analysis.Diagnostic{
			Pos: c.pos(),
			Message: fmt.Sprintf("%s is closed after %s with no lock or sync.Once, and %s: two callers can both pass the check and the second close panics",
				pc.name(c), how, who),
			Related: []analysis.RelatedInformation{{Pos: check.Pos(), Message: "the check that " + pc.name(c) + " is still open"}},
		})
	}
}

// countStarts builds pc.starts once.
func (pc *passContext) countStarts() {
	if pc.starts != nil {
		return
	}
	pc.starts = make(map[*ssa.Function]spawnCount)
	for _, f := range pc.fns {
		for _, s := range gomodel.Spawns(f) {
			if s.Fn != nil {
				n := pc.starts[s.Fn]
				n.starts++
				n.inLoop = n.inLoop || ssacfg.InLoop(s.Instr.Block())
				pc.starts[s.Fn] = n
			}
		}
	}
}

// spawnCount: how many go statements start a function, and whether one
// is in a loop.
type spawnCount struct {
	starts int
	inLoop bool
}

// excludes reports whether fn (or the function it is a closure of) makes
// the check and the close atomic some way: a lock, a TryLock, a sync.Once,
// a compare-and-swap, or a closure run by Once.Do. Precision first: a lock
// anywhere in fn counts, held at the close or not.
func excludes(fn *ssa.Function) bool {
	for f := fn; f != nil; f = f.Parent() {
		for _, b := range f.Blocks {
			for _, in := range b.Instrs {
				ci, ok := in.(ssa.CallInstruction)
				if !ok {
					continue
				}
				switch known.Call(ci.Common()) {
				case known.Lock, known.RLock, known.TryLock, known.TryRLock, known.OnceDo:
					return true
				}
				if k, _ := known.Atomic(ci.Common()); k == known.AtomicWrite {
					return true // flag.CompareAndSwap(false, true) and kin
				}
			}
		}
	}
	return false
}

// concurrentCallers explains why fn can run on several goroutines at once,
// or returns "": fn is the body of a goroutine started in a loop or by more
// than one go statement, or an exported method of a type that declares
// itself shared (a mutex, WaitGroup, Once or atomic field) or whose methods
// run as goroutines.
func (pc *passContext) concurrentCallers(fn *ssa.Function) string {
	pc.countStarts()
	starts, inLoop := pc.starts[fn].starts, pc.starts[fn].inLoop
	switch {
	case inLoop:
		return "the goroutines started in a loop run it concurrently"
	case starts > 1:
		return "several goroutines run it"
	}
	recv := fn.Signature.Recv()
	if recv == nil || fn.Parent() != nil || !token.IsExported(fn.Name()) {
		return ""
	}
	ptr, ok := recv.Type().(*types.Pointer)
	if !ok {
		return ""
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() != pc.pass.Pkg {
		return ""
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok || !sharedType(st) {
		return ""
	}
	// A lock or atomic field alone does not say that this method runs
	// concurrently: many APIs call Close from one goroutine (gRPC's
	// balancers) and check only against a repeated call. Ask for more:
	// the type's doc promises concurrent use, or the package itself calls
	// the method from a goroutine it starts.
	if pc.docSaysConcurrent(named.Obj()) {
		return fmt.Sprintf("%s documents %s as safe for concurrent use", named.Obj().Name(), fn.Name())
	}
	if pc.calledFromGoroutine(fn) {
		return fmt.Sprintf("%s is called from a goroutine the package starts as well as by other callers", fn.Name())
	}
	return ""
}

// docSaysConcurrent reports whether the doc comment of type obj says its
// methods may be called from several goroutines.
func (pc *passContext) docSaysConcurrent(obj *types.TypeName) bool {
	for _, f := range pc.pass.Files {
		if f.FileStart > obj.Pos() || obj.Pos() > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, sp := range gd.Specs {
				ts := sp.(*ast.TypeSpec)
				if ts.Name.Pos() != obj.Pos() {
					continue
				}
				doc := ts.Doc
				if doc == nil {
					doc = gd.Doc
				}
				if doc == nil {
					return false
				}
				text := strings.ToLower(doc.Text())
				for _, w := range []string{"concurrent", "goroutine-safe", "thread-safe", "thread safe", "multiple goroutines", "simultaneous"} {
					if strings.Contains(text, w) {
						return true
					}
				}
				return false
			}
		}
	}
	return false
}

// calledFromGoroutine reports whether a goroutine body the package starts
// calls fn directly.
func (pc *passContext) calledFromGoroutine(fn *ssa.Function) bool {
	pc.countStarts()
	for g := range pc.starts {
		for _, b := range g.Blocks {
			for _, in := range b.Instrs {
				if ci, ok := in.(*ssa.Call); ok && ci.Call.StaticCallee() == fn {
					return true
				}
			}
		}
	}
	return false
}

// sharedType reports whether a struct declares synchronisation state: a
// field of a sync or sync/atomic type.
func sharedType(st *types.Struct) bool {
	for i := 0; i < st.NumFields(); i++ {
		t := st.Field(i).Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
			switch n.Obj().Pkg().Path() {
			case "sync", "sync/atomic":
				return true
			}
		}
	}
	return false
}

// openCheck returns the check that c's channel is still open which c
// depends on, and describes it: a select with a default case whose receive
// on the channel leads away from the close, or an if on a plain (not
// atomic) load of a bool field of the channel's owner that fn also sets.
func (pc *passContext) openCheck(fn *ssa.Function, c *closeSite) (ssa.Instruction, string) {
	ks := pc.keysOf(fn)
	target := c.instr.Block()
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			switch in := in.(type) {
			case *ssa.Select:
				if in.Blocking || !ssacfg.Before(in, c.instr) {
					continue
				}
				for i, st := range in.States {
					if st.Dir != types.RecvOnly || !chanKeySame(ks, st.Chan, c.key) {
						continue
					}
					if _, to := ssacfg.SelectCaseEdge(in, i); to != nil && !reachesAvoiding(to, target, in.Block()) {
						return in, "a select finds it still open"
					}
				}
			case *ssa.If:
				if len(b.Succs) != 2 || !ssacfg.Before(in, c.instr) {
					continue
				}
				if reachesAvoiding(b.Succs[0], target, b) == reachesAvoiding(b.Succs[1], target, b) {
					continue // not deciding the close
				}
				base, _ := ssacfg.CondBase(in.Cond)
				if fk := flagField(ks, base, c.key); fk != nil && setsField(fn, ks, fk) {
					return in, "testing " + fk.Display
				}
			}
		}
	}
	return nil, ""
}

func chanKeySame(ks *lockmodel.Keys, v ssa.Value, k *lockmodel.Key) bool {
	if ck := chanmodel.Key(ks, v); ck != nil {
		return ck.Same(k)
	}
	return false
}

// flagField returns the key of the bool field v loads, when it belongs to
// the struct holding the channel (s.closed beside s.done).
func flagField(ks *lockmodel.Keys, v ssa.Value, ch *lockmodel.Key) *lockmodel.Key {
	u, ok := v.(*ssa.UnOp)
	if !ok || u.Op != token.MUL {
		return nil
	}
	if b, ok := u.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return nil
	}
	fk := ks.Of(u.X)
	if fk == nil || len(fk.Path) == 0 || len(ch.Path) == 0 || fk.Root != ch.Root {
		return nil
	}
	if len(fk.Path) != len(ch.Path) {
		return nil
	}
	for i := 0; i < len(ch.Path)-1; i++ {
		if fk.Path[i] != ch.Path[i] {
			return nil
		}
	}
	return fk
}

// setsField reports whether fn stores to the field named by k.
func setsField(fn *ssa.Function, ks *lockmodel.Keys, k *lockmodel.Key) bool {
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if st, ok := in.(*ssa.Store); ok {
				if sk := ks.Of(st.Addr); sk.Same(k) {
					return true
				}
			}
		}
	}
	return false
}
