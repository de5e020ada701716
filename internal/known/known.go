// Package known is concurlint's one table of concurrency APIs from the
// standard library and well-known modules, keyed by qualified name as
// types.Func.FullName prints it ("(*sync.Mutex).Lock"). Checks ask this table
// instead of hard-coding API names; analysis facts are never relied on for the
// standard library (some drivers skip it).
package known

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// API classifies a known function or method.
type API int

const (
	None API = iota

	// Locks.
	Lock
	Unlock
	RLock
	RUnlock
	TryLock
	TryRLock

	// WaitGroup and errgroup.
	WGAdd
	WGDone
	WGWait
	// SynctestWait: testing/synctest.Wait, which orders everything the
	// bubble's goroutines did before it returns.
	SynctestWait
	WGGo
	GroupGo
	GroupTryGo
	GroupWait
	GroupSetLimit

	// sync.Cond.
	CondWait
	CondSignal
	CondBroadcast
	CondNew // sync.NewCond(l): the Cond's L is l

	// Functions that never return to their caller (defers still run for Goexit).
	NoReturn

	// Once.
	OnceDo

	// Test failures that let the test continue (t.Error, t.Errorf, t.Fail):
	// what happens after them only matters to a test that already failed.
	TestFail

	// Time.
	TimeTick
	TimeNewTicker
	TickerStop
	TimeAfter

	// sync/atomic functions on an address (&x): the plain-access
	// counterpart matters to unguarded.
	AtomicAccess

	// Polling helpers that return once a condition function reports true
	// (testify's Eventually): what the condition observed happened before
	// the call returns.
	PollUntil

	// Functions that run a function argument later on another goroutine
	// (time.AfterFunc, HTTP handler registration).
	AsyncCall

	// Limiters: calls that bound how many goroutines run at once (a
	// weighted semaphore's Acquire, a rate limiter's Wait). fanout treats
	// one on the spawn path as a limit.
	SemAcquire
	SemTryAcquire
	SemRelease
	RateWait

	// Inputs whose size the program does not control (fanout): the
	// entries of a directory listing, the bytes of a reader or file, the
	// pieces of a split text, the lines of a scanner.
	Listing
	ReadAll
	SplitText
	ScannerScan
	// Decode fills its pointer argument from encoded input (a request
	// body, a file): the size of a decoded slice or map is the input's.
	Decode
	// ReadRecord reads the next line or record of a stream (in a for
	// loop: one iteration per record).
	ReadRecord
	// CmdArgs returns the program's command-line arguments (see also
	// IsOSArgs for the variable os.Args).
	CmdArgs
)

var table = map[string]API{
	"(*sync.Mutex).Lock":       Lock,
	"(*sync.Mutex).Unlock":     Unlock,
	"(*sync.Mutex).TryLock":    TryLock,
	"(*sync.RWMutex).Lock":     Lock,
	"(*sync.RWMutex).Unlock":   Unlock,
	"(*sync.RWMutex).RLock":    RLock,
	"(*sync.RWMutex).RUnlock":  RUnlock,
	"(*sync.RWMutex).TryLock":  TryLock,
	"(*sync.RWMutex).TryRLock": TryRLock,
	"(sync.Locker).Lock":       Lock,
	"(sync.Locker).Unlock":     Unlock,

	"(*sync.WaitGroup).Add":  WGAdd,
	"(*sync.WaitGroup).Done": WGDone,
	"(*sync.WaitGroup).Wait": WGWait,
	"testing/synctest.Wait":  SynctestWait,
	"(*sync.WaitGroup).Go":   WGGo,

	"(*golang.org/x/sync/errgroup.Group).Go":       GroupGo,
	"(*golang.org/x/sync/errgroup.Group).TryGo":    GroupTryGo,
	"(*golang.org/x/sync/errgroup.Group).Wait":     GroupWait,
	"(*golang.org/x/sync/errgroup.Group).SetLimit": GroupSetLimit,

	"(*sync.Cond).Wait":      CondWait,
	"(*sync.Cond).Signal":    CondSignal,
	"(*sync.Cond).Broadcast": CondBroadcast,
	"sync.NewCond":           CondNew,

	"(*golang.org/x/sync/semaphore.Weighted).Acquire":    SemAcquire,
	"(*golang.org/x/sync/semaphore.Weighted).TryAcquire": SemTryAcquire,
	"(*golang.org/x/sync/semaphore.Weighted).Release":    SemRelease,
	"(*golang.org/x/time/rate.Limiter).Wait":             RateWait,
	"(*golang.org/x/time/rate.Limiter).WaitN":            RateWait,

	"os.ReadDir":                      Listing,
	"io/ioutil.ReadDir":               Listing,
	"io/fs.ReadDir":                   Listing,
	"(*os.File).ReadDir":              Listing,
	"(*os.File).Readdir":              Listing,
	"(*os.File).Readdirnames":         Listing,
	"path/filepath.Glob":              Listing,
	"io.ReadAll":                      ReadAll,
	"io/ioutil.ReadAll":               ReadAll,
	"os.ReadFile":                     ReadAll,
	"io/ioutil.ReadFile":              ReadAll,
	"strings.Split":                   SplitText,
	"strings.SplitN":                  SplitText,
	"strings.Fields":                  SplitText,
	"bytes.Split":                     SplitText,
	"bytes.SplitN":                    SplitText,
	"bytes.Fields":                    SplitText,
	"(*bufio.Scanner).Scan":           ScannerScan,
	"flag.Args":                       CmdArgs,
	"(*flag.FlagSet).Args":            CmdArgs,
	"encoding/json.Unmarshal":         Decode,
	"(*encoding/json.Decoder).Decode": Decode,
	"encoding/xml.Unmarshal":          Decode,
	"(*encoding/xml.Decoder).Decode":  Decode,
	"(*bufio.Reader).ReadString":      ReadRecord,
	"(*bufio.Reader).ReadBytes":       ReadRecord,
	"(*bufio.Reader).ReadLine":        ReadRecord,
	"(*encoding/csv.Reader).Read":     ReadRecord,

	"(*sync.Once).Do": OnceDo,

	"os.Exit":                   NoReturn,
	"log.Fatal":                 NoReturn,
	"log.Fatalf":                NoReturn,
	"log.Fatalln":               NoReturn,
	"log.Panic":                 NoReturn,
	"log.Panicf":                NoReturn,
	"log.Panicln":               NoReturn,
	"(*log.Logger).Fatal":       NoReturn,
	"(*log.Logger).Fatalf":      NoReturn,
	"(*log.Logger).Fatalln":     NoReturn,
	"(*log.Logger).Panic":       NoReturn,
	"(*log.Logger).Panicf":      NoReturn,
	"(*log.Logger).Panicln":     NoReturn,
	"runtime.Goexit":            NoReturn,
	"(*testing.common).Fatal":   NoReturn,
	"(*testing.common).Fatalf":  NoReturn,
	"(*testing.common).FailNow": NoReturn,
	"(*testing.common).Skip":    NoReturn,
	"(*testing.common).Skipf":   NoReturn,
	"(*testing.common).SkipNow": NoReturn,
	"(testing.TB).Fatal":        NoReturn,
	"(testing.TB).Fatalf":       NoReturn,
	"(testing.TB).FailNow":      NoReturn,
	"(testing.TB).Skip":         NoReturn,
	"(testing.TB).Skipf":        NoReturn,
	"(testing.TB).SkipNow":      NoReturn,

	"(*testing.common).Error":  TestFail,
	"(*testing.common).Errorf": TestFail,
	"(*testing.common).Fail":   TestFail,
	"(testing.TB).Error":       TestFail,
	"(testing.TB).Errorf":      TestFail,
	"(testing.TB).Fail":        TestFail,

	"time.Tick":           TimeTick,
	"time.NewTicker":      TimeNewTicker,
	"(*time.Ticker).Stop": TickerStop,
	"time.After":          TimeAfter,

	"time.AfterFunc":                  AsyncCall,
	"context.AfterFunc":               AsyncCall,
	"net/http.HandleFunc":             AsyncCall,
	"net/http.Handle":                 AsyncCall,
	"(*net/http.ServeMux).HandleFunc": AsyncCall,
	"(*net/http.ServeMux).Handle":     AsyncCall,

	"github.com/stretchr/testify/assert.Eventually":                PollUntil,
	"github.com/stretchr/testify/require.Eventually":               PollUntil,
	"(*github.com/stretchr/testify/assert.Assertions).Eventually":  PollUntil,
	"(*github.com/stretchr/testify/require.Assertions).Eventually": PollUntil,
}

func init() {
	for _, op := range []string{"Add", "Load", "Store", "Swap", "CompareAndSwap", "And", "Or"} {
		for _, t := range []string{"Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer"} {
			table["sync/atomic."+op+t] = AtomicAccess
		}
	}
}

// Func classifies fn by its qualified name. Methods of instantiated generic
// types are looked up through their origin.
func Func(fn *types.Func) API {
	if fn == nil {
		return None
	}
	return table[fn.Origin().FullName()]
}

// Callee returns the *types.Func a call resolves to statically — a function,
// a concrete method, or (in invoke mode) the interface method — or nil.
func Callee(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method
	}
	switch v := c.Value.(type) {
	case *ssa.Function:
		if f, ok := v.Object().(*types.Func); ok {
			return f
		}
		if v.Origin() != nil {
			if f, ok := v.Origin().Object().(*types.Func); ok {
				return f
			}
		}
	case *ssa.MakeClosure:
		return nil
	}
	return nil
}

// Call classifies an SSA call. Interface calls of Lock/Unlock on any
// interface that has both methods (sync.Locker and its look-alikes, type
// parameters constrained by them) count as lock operations.
func Call(c *ssa.CallCommon) API {
	fn := Callee(c)
	if fn == nil {
		return None
	}
	if api := Func(fn); api != None {
		return api
	}
	if c.IsInvoke() && isLockerLike(c.Value.Type()) {
		return lockerMethod(fn.Name())
	}
	return None
}

// LockMethod classifies fn like Func, and also as a lock operation when fn
// is the Lock/Unlock/RLock/RUnlock method of a Locker-like interface.
func LockMethod(fn *types.Func) API {
	if api := Func(fn); api != None {
		return api
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) || !isLockerLike(sig.Recv().Type()) {
		return None
	}
	return lockerMethod(fn.Name())
}

// lockerMethod classifies a method of a Locker-like interface by name.
func lockerMethod(name string) API {
	switch name {
	case "Lock":
		return Lock
	case "Unlock":
		return Unlock
	case "RLock":
		return RLock
	case "RUnlock":
		return RUnlock
	}
	return None
}

// isLockerLike reports whether t's method set has Lock() and Unlock() with no
// parameters or results, as sync.Locker does.
func isLockerLike(t types.Type) bool {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		t = tp.Underlying() // the constraint interface
	}
	ms := types.NewMethodSet(t)
	return hasNullary(ms, "Lock") && hasNullary(ms, "Unlock")
}

func hasNullary(ms *types.MethodSet, name string) bool {
	for i := range ms.Len() {
		f := ms.At(i).Obj()
		if f.Name() != name {
			continue
		}
		sig, ok := f.Type().(*types.Signature)
		return ok && sig.Params().Len() == 0 && sig.Results().Len() == 0
	}
	return false
}

// IsLockType reports whether values of type t (or pointers to them) are
// locks: sync.Mutex, sync.RWMutex, and anything whose method set (or its
// pointer's) has Lock and Unlock, embedded locks included.
func IsLockType(t types.Type) bool {
	if t == nil {
		return false
	}
	if isLockerLike(t) {
		return true
	}
	if _, ok := t.Underlying().(*types.Pointer); !ok {
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			return isLockerLike(types.NewPointer(t))
		}
	}
	return false
}

// IsRWMutex reports whether t is sync.RWMutex or a pointer to it.
func IsRWMutex(t types.Type) bool {
	return isNamed(t, "sync", "RWMutex")
}

func isNamed(t types.Type, pkg, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	o := n.Obj()
	return o.Pkg() != nil && o.Pkg().Path() == pkg && o.Name() == name
}

// IsNamed reports whether t, or what it points to, is the named type pkg.name.
func IsNamed(t types.Type, pkg, name string) bool { return isNamed(t, pkg, name) }

// StopCond is the condition on one argument under which a call does not
// return to its caller (it stops the test, exits or panics).
type StopCond uint8

const (
	StopNever  StopCond = iota // returns (as far as the table knows)
	StopAlways                 // never returns
	StopNonNil                 // does not return when the argument is not nil
	StopNil                    // ... when it is nil
	StopTrue                   // ... when it is true
	StopFalse                  // ... when it is false
)

func (c StopCond) String() string {
	return [...]string{"never", "always", "nonnil", "nil", "true", "false"}[c]
}

// stopTable: assertion functions of well-known test libraries that stop the
// test (FailNow) when an argument fails a check. The parameter index counts
// a method's receiver as 0, as SSA does, so a package-level
// require.NoError(t, err) and a method (*require.Assertions).NoError(err)
// both name err as parameter 1.
var stopTable = map[string]stopEntry{}

type stopEntry struct {
	param int
	cond  StopCond
}

func init() {
	type entry struct {
		name  string
		param int
		cond  StopCond
	}
	for _, e := range []entry{
		{"NoError", 1, StopNonNil},
		{"Error", 1, StopNil},
		{"Nil", 1, StopNonNil},
		{"NotNil", 1, StopNil},
		{"True", 1, StopFalse},
		{"False", 1, StopTrue},
		{"NotEmpty", 1, StopNil},      // nil is empty
		{"EqualError", 1, StopNil},    // no error to compare
		{"ErrorContains", 1, StopNil}, // no error to search
		{"Fail", 0, StopAlways},
		{"FailNow", 0, StopAlways},
	} {
		for _, suffix := range []string{"", "f"} {
			name := e.name + suffix
			stopTable["github.com/stretchr/testify/require."+name] = stopEntry{e.param, e.cond}
			stopTable["(*github.com/stretchr/testify/require.Assertions)."+name] = stopEntry{e.param, e.cond}
		}
	}
}

// stopIfaceMethods: methods that stop the calling goroutine when called
// through an interface (testing.TB and testify's TestingT/require.TestingT
// look-alikes: whatever implements FailNow stops the test).
var stopIfaceMethods = map[string]bool{
	"FailNow": true, "Fatal": true, "Fatalf": true, "Fatalln": true,
	"SkipNow": true, "Skip": true, "Skipf": true,
}

// Stops returns the condition under which a call of fn does not return and
// the parameter it is about (receiver = 0). It knows the NoReturn entries of
// the table (always), testify's require assertions (conditional), and the
// stopping methods of any interface (FailNow, Fatal*, Skip*) — testify's
// TestingT is such an interface, implemented by *testing.T.
func Stops(fn *types.Func) (param int, cond StopCond) {
	if fn == nil {
		return 0, StopNever
	}
	if Func(fn) == NoReturn {
		return 0, StopAlways
	}
	if e, ok := stopTable[fn.Origin().FullName()]; ok {
		return e.param, e.cond
	}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) && stopIfaceMethods[fn.Name()] {
		return 0, StopAlways
	}
	return 0, StopNever
}

// AtomicKind says whether a sync/atomic operation reads or writes.
type AtomicKind int

const (
	NotAtomic   AtomicKind = iota
	AtomicLoad             // Load
	AtomicWrite            // Store, Add, Swap, CompareAndSwap, And, Or
)

// Atomic classifies a call of a sync/atomic function (atomic.LoadInt64(&x))
// or of a method of a sync/atomic type (flag.Load(), n.Add(1)), and returns
// the address or receiver operated on.
func Atomic(c *ssa.CallCommon) (AtomicKind, ssa.Value) {
	fn := Callee(c)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "sync/atomic" || len(c.Args) == 0 {
		return NotAtomic, nil
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil {
		return NotAtomic, nil
	}
	if sig.Recv() == nil && Func(fn) != AtomicAccess {
		return NotAtomic, nil
	}
	if strings.HasPrefix(fn.Name(), "Load") {
		return AtomicLoad, c.Args[0]
	}
	return AtomicWrite, c.Args[0]
}

// AtomicDecrement recognises an atomic decrement whose result is the new
// count — atomic.AddInt64(&n, -1), n.Add(-1), atomic.AddUint32(&n,
// ^uint32(0)) — and returns the address or receiver decremented.
func AtomicDecrement(c *ssa.CallCommon) (ssa.Value, bool) {
	k, addr := Atomic(c)
	if k != AtomicWrite || len(c.Args) != 2 {
		return nil, false
	}
	if fn := Callee(c); fn == nil || !strings.HasPrefix(fn.Name(), "Add") {
		return nil, false
	}
	d, ok := c.Args[1].(*ssa.Const)
	if !ok || d.Value == nil || d.Value.Kind() != constant.Int {
		return nil, false
	}
	if constant.Sign(d.Value) < 0 {
		return addr, true
	}
	// ^uint32(0) and ^uint64(0): all ones, the unsigned -1.
	if b, ok := d.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsUnsigned != 0 {
		bits := 64
		if b.Kind() == types.Uint32 {
			bits = 32
		}
		max := constant.BinaryOp(constant.Shift(constant.MakeInt64(1), token.SHL, uint(bits)), token.SUB, constant.MakeInt64(1))
		return addr, constant.Compare(d.Value, token.EQL, max)
	}
	return nil, false
}

// IsOSArgs reports whether obj is the variable os.Args: the command line,
// whose length the user decides.
func IsOSArgs(obj types.Object) bool {
	v, ok := obj.(*types.Var)
	return ok && v.Pkg() != nil && v.Pkg().Path() == "os" && v.Name() == "Args" && v.Parent() == v.Pkg().Scope()
}

// IsAssertion reports whether c calls one of testify's assert functions or
// *assert.Assertions methods: it returns false after recording a test
// failure, so the branch taken on false runs in a test that has failed.
func IsAssertion(c *ssa.CallCommon) bool {
	fn := c.StaticCallee()
	if fn == nil || fn.Pkg == nil || fn.Pkg.Pkg.Path() != "github.com/stretchr/testify/assert" {
		return false
	}
	res := fn.Signature.Results()
	if res.Len() != 1 {
		return false
	}
	b, ok := res.At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.Bool
}
