// Package unguarded defines an Analyzer that reports writes to state
// shared between goroutines without synchronisation.
//
// # Analyzer unguarded
//
// unguarded: report writes to shared state without synchronisation
//
// The analyzer looks for five kinds of unsynchronised access:
//
//  1. A variable captured by a goroutine (a go func(){…}() literal, an
//     errgroup or WaitGroup.Go closure, or a pointer passed to a goroutine
//     function, followed into same-package callees and, through facts,
//     into other packages), or a package variable, that the goroutine
//     writes while other instances of the same goroutine (started in a
//     loop) or another goroutine write it too, or while the spawning
//     function accesses it after the go statement with nothing ordering
//     the two. Fields of an object the goroutines reach through a captured
//     pointer (the receiver, a parameter, a fresh &T{}) written by every
//     goroutine started in a loop, or by two goroutines of an errgroup,
//     count too; each goroutine writing its own element or its own object
//     does not.
//  2. Writes and deletes on a map, and append to a slice, shared in the same
//     way: concurrent map writes crash the process.
//  3. A struct field accessed with a lock of its own struct held in most
//     places (at least 3 accesses, at least 75 % of them under the lock, in
//     at least two functions) and written without it elsewhere, or written
//     holding only the read lock of an RWMutex. Map assignment and delete
//     through the field are writes.
//  4. A field documented as guarded by a mutex — "// guarded by mu",
//     "// protected by mu", gVisor's "// +checklocks:mu", fields grouped
//     after a mutex commented "mu guards the following fields", or named by
//     "mu protects the peer map" — that is written without the mutex (or
//     under its read lock). For +checklocks annotations (a contract meant
//     for tools) reads without the mutex are reported too while other code
//     writes the field; prose comments are looser (code often reads on the
//     one goroutine that also writes), so their reads are not.
//  5. A variable or field accessed both with sync/atomic functions and with
//     plain loads or stores.
//
// # The models it stands on
//
// Ordering (internal/ordering, shared with missingjoin): an access of the
// spawner is ordered after a goroutine by Wait of the WaitGroup the
// goroutine calls Done on (also through a struct field or a same-package
// method), errgroup Wait, a receive from a channel the goroutine sends on or
// closes, a select whose taken case is such a receive (a timer, ctx.Done()
// or another channel orders nothing), an atomic flag the goroutine stores
// after its writes and the spawner observes (a loop on done.Load(), or a
// polling helper such as testify's Eventually or a hand-written wait loop),
// sync.Once, or a Lock of a mutex the goroutine unlocks.
//
// Publication (internal/publish): an object is private to its goroutine
// until it is published — captured by a go statement or errgroup/WaitGroup
// Go closure, sent on a channel, stored where another goroutine can reach
// it, handed to a function whose summary (a fact) says it publishes that
// parameter. Accesses before publication are setup, not races: a helper
// called only from the constructor on the fresh value, registration or
// provisioning methods that run before the object is handed out, writes
// before the function's own go statements, before the object's lock is
// even created. A publication reaches only the fields it can select: a
// goroutine or a stored callback that reads the object's configuration
// does not publish its tables. Formatting an object (fmt's variadic
// arguments) does not publish it; appending it to a shared list does. A
// constructor's named result holds the object it allocated, also when an
// error path sets it to nil. The decision comes from where the object is
// published, never from method names.
//
// Guards: a declared scope beats inference. "mu guards the fields below"
// does not cover the fields above it, "protects the peer map" covers the
// named field only, "not protected by mu" says so; an inferred guard never
// contradicts a declaration. A guard belongs to its object: only a lock of
// the field's own struct (promoted from an embedded field, or inside a
// named lock wrapper) guards it — not the lock of an object the struct
// points to (cd.level.mu), nor the lock of a mu struct{ sync.Mutex; … }
// group, which guards the group's members.
//
// Locks held by the caller: lockfacts' …Locked names and "must be called
// with mu held" contracts; Unsafe…/…Unsafe/…NoLock names and "caller must
// hold" comments on functions that take no lock of their own (the lock is
// then unknown, not absent); and call-site evidence: a function only the
// package can call (an unexported name, or a method of an unexported type
// that never leaves the package) whose every static call site holds L (or
// passes an object still private there) runs with L held. Call sites in
// _test.go files count only when there are no others, and an interface
// call may run a method only when its receiver implements that interface.
// A call site inside a closure that is not only started as a goroutine (a
// request closure run by a retry helper) has an unknown lock state. A function only ever run as a
// value whose invocation context is unknown (a method value handed to a
// part its owner uses under a lock) is judged neither guarded nor
// unguarded, unless it is started on a goroutine, by time.AfterFunc or as
// an HTTP handler, or published. Goroutine closures, and closures deferred
// where no lock is held by a function that itself runs unlocked, are
// judged by their own lock state; other closures (callbacks, deferred
// cleanups of a function whose caller holds the lock) only when they lock.
//
// # Division of labour with missingjoin
//
// One site, one finding. A read by the spawner of a local variable a
// goroutine writes, made before a join or with no join at all, is
// missingjoin's report ("read here before any Wait or receive orders the
// two"); unguarded stays silent there. unguarded reports writes of the
// spawner racing with the goroutine's writes, writes of goroutines racing
// with each other, map use racing with a goroutine's map writes, and reads
// of package variables a goroutine writes.
//
// # Why it is a bug
//
// A data race is undefined behaviour in Go's memory model: the reader may
// see a torn or stale value, increments are lost, and unsynchronised map
// writes make the runtime abort with "concurrent map writes". The race
// detector only finds a race when a test happens to run the bad
// interleaving; the code patterns above are visible statically.
//
// # Example
//
// Wrong:
//
//	var total int
//	for _, n := range nums {
//		go func() {
//			total += n // every goroutine writes total
//		}()
//	}
//
// Right:
//
//	var (
//		mu    sync.Mutex
//		total int
//	)
//	var wg sync.WaitGroup
//	for _, n := range nums {
//		wg.Go(func() {
//			mu.Lock()
//			total += n
//			mu.Unlock()
//		})
//	}
//	wg.Wait()
//
// Silent by design: writes before the go statement and reads after the join;
// each goroutine writing its own element results[i] or its own object;
// per-iteration loop variables (Go 1.22); values handed over through a
// channel; writes inside sync.Once.Do; sync/atomic types and sync.Map;
// objects not yet published; fields never written outside construction;
// a plain read by the goroutine that makes every write of an atomically
// loaded variable (single writer); tests (_test.go files, and helpers
// documented as test-only or not thread safe that only tests call) for the
// field rules.
//
// Precision over recall: the analyzer says nothing about functions whose
// lock state it cannot follow (too many paths, a caller it cannot follow, a
// doc comment saying a lock is held on entry), callbacks whose accesses
// take no lock of their own (they may run under their caller's lock),
// objects returned by calls (sync.Pool.Get), interface calls, and, for a
// goroutine that calls a function value it was handed, accesses that any
// channel operation, select, Lock or Wait may order. A lock is
// inferred as a guard only when accesses in at least two functions hold it.
// Plain reads of a variable updated atomically are reported only when some
// atomic access writes it, outside the function doing that write, and not
// after a wg.Wait; accesses holding a lock that excludes every atomic
// access are silent — also when the atomic writes hold that lock only
// through their callers (every call site holds a lock of the same type,
// taken through whatever pointer leads to it). Findings of one kind on one
// line are one finding naming every variable.
//
// Flags: -unguarded.inferred=false turns off class 3, -unguarded.atomic=false
// class 5.
//
// # Silencing
//
// A finding that is intended (a benign race on a statistic, a value only
// ever touched by one goroutine in practice) is silenced with
// //nolint:unguarded on its line, or //lint:ignore unguarded reason.
package unguarded
