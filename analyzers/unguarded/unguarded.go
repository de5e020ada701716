package unguarded

import (
	_ "embed"
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"github.com/concurlint/concurlint/internal/contain"
	"github.com/concurlint/concurlint/internal/docutil"
	"github.com/concurlint/concurlint/internal/lockfacts"
	"github.com/concurlint/concurlint/internal/lockmodel"
	"github.com/concurlint/concurlint/internal/publish"
	"github.com/concurlint/concurlint/internal/suppress"
	"github.com/concurlint/concurlint/internal/writefacts"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"
)

//go:embed doc.go
var doc string

// Analyzer reports writes to shared state without synchronisation.
var Analyzer = &analysis.Analyzer{
	Name:     "unguarded",
	Doc:      docutil.MustExtract(doc, "unguarded"),
	URL:      "https://github.com/concurlint/concurlint#unguarded",
	Run:      run,
	Requires: []*analysis.Analyzer{buildssa.Analyzer, suppress.Analyzer, lockfacts.Analyzer, writefacts.Analyzer, publish.Analyzer},
}

// Flags gating the classes that are less precise on real code.
var (
	flagInferred bool
	flagAtomic   bool
)

func init() {
	Analyzer.Flags.BoolVar(&flagInferred, "inferred", true, "report fields written without the lock that guards most of their accesses")
	Analyzer.Flags.BoolVar(&flagAtomic, "atomic", true, "report plain accesses to variables also accessed with sync/atomic")
}

// passContext carries the pass and the per-function caches.
type passContext struct {
	pass *analysis.Pass
	ssa  *buildssa.SSA
	// srcFuncs: the package's functions outside generated files.
	srcFuncs []*ssa.Function
	facts    *lockfacts.Result
	writes   *writefacts.Result
	cfg      *lockmodel.Config
	locks    map[*ssa.Function]*lockset
	pwrites  map[*ssa.Function][]paramWrite
	keys     map[*ssa.Function]*lockmodel.Keys
	pub      *publish.Result
	// inherited: locks every caller holds (inheritLocks), by key ID in
	// the callee's key space.
	inherited map[*ssa.Function]map[string]bool
	// inheritedClass: lock classes (with their weakest mode) every caller
	// holds, whatever object they belong to; for class-level questions
	// (does a sibling lock exclude the atomic writes?).
	inheritedClass map[*ssa.Function]map[string]lockMode
	// unknownInh: functions some caller of which could not be followed.
	unknownInh map[*ssa.Function]bool
	// sites: static call sites of the package's unexported functions.
	sites      map[*ssa.Function][]callSite
	escapedFns map[*ssa.Function]bool // used other than by static calls
	// noCalls: writesVia does not follow callees (objectWrites).
	noCalls bool
	// unlockedClosures caches runsUnlocked.
	unlockedClosures map[*ssa.Function]bool
	// reported: positions already reported (an access reached through two
	// groupings of a field's accesses is one finding).
	reported map[token.Pos]bool
	// pending: findings in report order, flushed at the end of the pass
	// with those of one statement line and one kind merged.
	pending []pendingReport
	// mainStarts: goroutineStarts of main.main, computed on first need.
	mainStarts []ssa.Instruction
	// deferredAt caches onlyDeferredAt.
	deferredAt map[*ssa.Function]*ssa.Defer
}

// pendingReport is one finding before merging: its kind is the message
// format, its subject the variable named first.
type pendingReport struct {
	diag    analysis.Diagnostic
	format  string
	subject string
}

func run(pass *analysis.Pass) (any, error) {
	pc := &passContext{
		pass:    pass,
		ssa:     pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA),
		facts:   pass.ResultOf[lockfacts.Analyzer].(*lockfacts.Result),
		writes:  pass.ResultOf[writefacts.Analyzer].(*writefacts.Result),
		pub:     pass.ResultOf[publish.Analyzer].(*publish.Result),
		locks:   make(map[*ssa.Function]*lockset),
		pwrites: make(map[*ssa.Function][]paramWrite),
		keys:    make(map[*ssa.Function]*lockmodel.Keys),

		unlockedClosures: make(map[*ssa.Function]bool),
		reported:         make(map[token.Pos]bool),
	}
	pc.cfg = &lockmodel.Config{Summary: pc.facts.Summary}
	// 1-2. Variables and maps shared with goroutines.
	pc.srcFuncs = pass.ResultOf[suppress.Analyzer].(*suppress.Result).HandWritten(pc.ssa.SrcFuncs)
	for _, fn := range contain.Each(pass, pc.srcFuncs) {
		pc.checkSpawns(fn)
	}
	// 3-5. Struct fields (inferred and declared guards) and mixed atomic
	// access, from one collection of the package's field accesses.
	pc.checkFields()
	pc.flush()
	return nil, nil
}

// lockset holds, for every instruction of one function, the locks held on
// every path reaching it (the intersection over paths).
type lockset struct {
	ok    bool // false: the walk gave up; say nothing about this function
	model *lockmodel.Model
	held  map[ssa.Instruction][]*lockmodel.Key
	// read: locks held only for reading on some path to the instruction.
	read  map[ssa.Instruction]map[string]bool
	entry []*lockmodel.Key // locks the function's contract says are held on entry
	// anyHeld: parameters some unnamed lock of which is held on entry.
	anyHeld []ssa.Value
}

type locksetVisitor struct {
	ls   *lockset
	seen map[ssa.Instruction]bool
}

func (v *locksetVisitor) Op(*lockmodel.Op, *lockmodel.State)    {}
func (v *locksetVisitor) Defer(*lockmodel.Op, *lockmodel.State) {}
func (v *locksetVisitor) Exit(lockmodel.Exit, *lockmodel.State) {}

func (v *locksetVisitor) Instr(instr ssa.Instruction, st *lockmodel.State) {
	var held []*lockmodel.Key
	for _, l := range st.Locks() {
		if l.IsHeld() {
			held = append(held, l.Key)
		}
		if l.Status == lockmodel.RHeld {
			if v.ls.read[instr] == nil {
				v.ls.read[instr] = make(map[string]bool)
			}
			v.ls.read[instr][l.Key.ID] = true
		}
	}
	for _, k := range v.ls.entry {
		if s := st.Get(k.ID).Status; s == lockmodel.Unknown || s == lockmodel.Held || s == lockmodel.RHeld {
			held = append(held, k)
		}
	}
	if !v.seen[instr] {
		v.seen[instr] = true
		v.ls.held[instr] = held
		return
	}
	old := v.ls.held[instr]
	var out []*lockmodel.Key
	for _, k := range old {
		for _, h := range held {
			if h.ID == k.ID {
				out = append(out, k)
				break
			}
		}
	}
	v.ls.held[instr] = out
}

// locksOf computes (once) the lock sets of fn.
func (pc *passContext) locksOf(fn *ssa.Function) *lockset {
	if ls, ok := pc.locks[fn]; ok {
		return ls
	}
	ls := &lockset{held: make(map[ssa.Instruction][]*lockmodel.Key), read: make(map[ssa.Instruction]map[string]bool)}
	pc.locks[fn] = ls
	ls.model = lockmodel.NewModel(fn, pc.cfg)
	if obj, ok := fn.Object().(*types.Func); ok {
		if s := pc.facts.Summary(obj); s != nil {
			for _, e := range s.Requires {
				if e.Param >= len(fn.Params) {
					continue
				}
				if e.Any {
					// Some lock of the parameter is held; which one the
					// contract does not say.
					ls.anyHeld = append(ls.anyHeld, fn.Params[e.Param])
					continue
				}
				if k := ls.model.Keys.Extend(ls.model.Keys.Of(fn.Params[e.Param]), e.Path); k != nil {
					ls.entry = append(ls.entry, k)
				}
			}
		}
	}
	ls.ok = ls.model.Walk(&locksetVisitor{ls: ls, seen: make(map[ssa.Instruction]bool)})
	return ls
}

// heldAt returns the locks held at instr, and false when unknown.
func (pc *passContext) heldAt(instr ssa.Instruction) ([]*lockmodel.Key, bool) {
	fn := instr.Parent()
	if fn == nil {
		return nil, false
	}
	ls := pc.locksOf(fn)
	if !ls.ok {
		return nil, false
	}
	held, reached := ls.held[instr]
	if !reached {
		return nil, false // dead code, or after a no-return call
	}
	return held, true
}

// isTestFile reports whether pos lies in a _test.go file: tests poke at
// internals from one goroutine, so field-guard rules do not apply there.
func (pc *passContext) isTestFile(pos token.Pos) bool {
	f := pc.pass.Fset.File(pos)
	return f != nil && strings.HasSuffix(f.Name(), "_test.go")
}

func (pc *passContext) line(pos token.Pos) int {
	return pc.pass.Fset.Position(pos).Line
}

func (pc *passContext) report(pos token.Pos, related []analysis.RelatedInformation, format string, args ...any) {
	if !pos.IsValid() || pc.reported[pos] {
		return
	}
	pc.reported[pos] = true
	subject, _ := args[0].(string)
	pc.pending = append(pc.pending, pendingReport{
		diag:    analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...), Related: related},
		format:  format,
		subject: subject,
	})
}

// flush reports the pending findings. Findings of one kind on one line
// (fmt.Sprintf("%d %d", s.hits, s.misses) reading several counters that
// are updated atomically) are one finding at the first, naming the
// others: one statement, one fix.
func (pc *passContext) flush() {
	type lineKey struct {
		file   string
		line   int
		format string
	}
	first := make(map[lineKey]int)
	var out []*analysis.Diagnostic
	var more [][]string
	for _, r := range pc.pending {
		p := pc.pass.Fset.Position(r.diag.Pos)
		k := lineKey{p.Filename, p.Line, r.format}
		if i, ok := first[k]; ok && r.subject != "" {
			more[i] = append(more[i], r.subject)
			out[i].Related = append(out[i].Related, analysis.RelatedInformation{Pos: r.diag.Pos, Message: r.subject + " here"})
			continue
		}
		d := r.diag
		first[k] = len(out)
		out = append(out, &d)
		more = append(more, nil)
	}
	for i, d := range out {
		if n := len(more[i]); n > 0 {
			list := strings.Join(more[i][:n-1], ", ")
			if n > 1 {
				list += " and " + more[i][n-1]
			} else {
				list = more[i][0]
			}
			d.Message += "; so " + map[bool]string{true: "are", false: "is"}[n > 1] + " " + list + " on this line"
		}
		suppress.Report(pc.pass, *d)
	}
	pc.pending = nil
}
