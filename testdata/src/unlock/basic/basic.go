package basic

import (
	"errors"
	"log"
	"net/http"
	"os"
	"sync"
)

var errNotFound = errors.New("not found")

type Cache struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
	inner struct{ mu sync.Mutex }
}

// --- lock not released on an early return ---

func (c *Cache) GetBad(k string) (int, error) {
	c.mu.Lock() // want `c.mu is locked here but not unlocked on the return at line 26`
	v, ok := c.items[k]
	if !ok {
		return 0, errNotFound
	}
	c.mu.Unlock()
	return v, nil
}

func (c *Cache) GetGood(k string) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock() // no diagnostic: the intended idiom
	v, ok := c.items[k]
	if !ok {
		return 0, errNotFound
	}
	return v, nil
}

// Unlock in every branch: silent.
func (c *Cache) Branches(k string) int {
	c.mu.Lock()
	if v, ok := c.items[k]; ok {
		c.mu.Unlock()
		return v
	}
	c.mu.Unlock()
	return 0
}

// Unlock in every case of a switch: silent.
func (c *Cache) Switch(k string) int {
	c.mu.Lock()
	switch len(k) {
	case 0:
		c.mu.Unlock()
		return 0
	case 1:
		c.mu.Unlock()
		return 1
	default:
		c.mu.Unlock()
	}
	return 2
}

// Unlock in every select case: silent.
func (c *Cache) Select(ch chan int) int {
	c.mu.Lock()
	select {
	case v := <-ch:
		c.mu.Unlock()
		return v
	default:
		c.mu.Unlock()
		return 0
	}
}

// goto to a common unlock: silent.
func (c *Cache) Goto(k string) int {
	c.mu.Lock()
	v := 0
	if k == "" {
		goto out
	}
	v = c.items[k]
out:
	c.mu.Unlock()
	return v
}

// A nested field path and a read lock.
func (c *Cache) InnerBad(k string) error {
	c.inner.mu.Lock() // want `c.inner.mu is locked here but not unlocked on the return at line 99`
	if k == "" {
		return errNotFound
	}
	c.inner.mu.Unlock()
	return nil
}

func (c *Cache) ReadBad(k string) int {
	c.rw.RLock() // want `c.rw is read-locked here but not unlocked on the return at line 108`
	if k == "" {
		return 0
	}
	v := c.items[k]
	c.rw.RUnlock()
	return v
}

// Unlock inside a deferred closure: silent.
func (c *Cache) DeferredClosure(k string) int {
	c.mu.Lock()
	defer func() {
		c.mu.Unlock()
	}()
	if k == "" {
		return 0
	}
	return c.items[k]
}

// Package-level mutex and a local one.
var globalMu sync.Mutex

func GlobalBad(fail bool) error {
	globalMu.Lock() // want `globalMu is locked here but not unlocked on the return`
	if fail {
		return errNotFound
	}
	globalMu.Unlock()
	return nil
}

func LocalGood() int {
	var mu sync.Mutex
	mu.Lock()
	n := 1
	mu.Unlock()
	return n
}

// --- no-return exits: nothing can recover, so nothing leaks ---

func (c *Cache) Fatal(k string) int {
	c.mu.Lock()
	if k == "" {
		log.Fatal("empty key") // no diagnostic: the process ends
	}
	if k == "exit" {
		os.Exit(1) // no diagnostic: the process ends
	}
	if k == "panic" {
		panic("bad key") // no diagnostic: no caller here recovers
	}
	v := c.items[k]
	c.mu.Unlock()
	return v
}

func fatalf(msg string) {
	log.Fatal(msg)
}

// A same-package no-return wrapper (ctrlflow facts): silent.
func (c *Cache) FatalWrapper(k string) int {
	c.mu.Lock()
	if k == "" {
		fatalf("empty")
	}
	v := c.items[k]
	c.mu.Unlock()
	return v
}

// --- HTTP handlers: net/http recovers panics, the lock stays held ---

func (c *Cache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock() // want `c.mu is locked here but not unlocked on the panic at line 185, which net/http recovers`
	if r.URL.Path == "" {
		panic("no path")
	}
	c.items[r.URL.Path]++
	c.mu.Unlock()
}

func (c *Cache) HandlerGood(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock() // no diagnostic: deferred unlock runs during the panic too
	if r.URL.Path == "" {
		panic("no path")
	}
	c.items[r.URL.Path]++
}

// --- TryLock branches: silent ---

func (c *Cache) Try() bool {
	if !c.mu.TryLock() {
		return false
	}
	defer c.mu.Unlock()
	c.items["x"]++
	return true
}

func (c *Cache) Try2() {
	if c.mu.TryLock() {
		c.items["y"]++
		c.mu.Unlock()
	}
}

// --- correlated conditions: silent ---

func (c *Cache) Conditional(needLock bool) {
	if needLock {
		c.mu.Lock()
	}
	c.items["z"]++
	if needLock {
		c.mu.Unlock()
	}
}

// --- unlock of a lock not held on some path ---

func (c *Cache) UnlockUnheld(k string) {
	if k != "" {
		c.mu.Lock()
	}
	c.items[k]++
	c.mu.Unlock() // want `c.mu is unlocked here on a path where the Lock at line 234 did not run`
}

// Releasing the caller's lock and taking it back (…Locked helper): silent.
func (c *Cache) flushLocked() {
	c.mu.Unlock()
	slowIO()
	c.mu.Lock()
}

func slowIO() {}

// --- double unlock, mismatched RW ---

func (c *Cache) Double() {
	c.mu.Lock()
	c.items["a"]++
	c.mu.Unlock()
	c.mu.Unlock() // want `c.mu is unlocked here but was already unlocked at line 254`
}

func (c *Cache) DeferAndExplicit() {
	c.mu.Lock()
	defer c.mu.Unlock() // want `c.mu is unlocked by this deferred call when the function returns but was already unlocked at line 262`
	c.items["a"]++
	c.mu.Unlock()
}

func (c *Cache) RUnlockOfLock() {
	c.rw.Lock()
	c.items["b"]++
	c.rw.RUnlock() // want `c.rw is released with RUnlock but was acquired with Lock at line 266`
}

func (c *Cache) UnlockOfRLock() int {
	c.rw.RLock()
	v := c.items["b"]
	c.rw.Unlock() // want `c.rw is released with Unlock but was acquired with RLock at line 272`
	return v
}

// --- defer Lock, empty critical section ---

func (c *Cache) DeferLock() {
	c.mu.Lock()
	defer c.mu.Lock() // want `deferring c.mu.Lock right after locking c.mu at line 281; did you mean to defer Unlock\?`
	c.items["c"]++
}

func (c *Cache) Empty() {
	c.mu.Lock() // want `empty critical section: c.mu is unlocked right after it is locked`
	c.mu.Unlock()
}

// A commented barrier: wait for the current holder, deliberately. Silent.
func (c *Cache) Barrier() {
	c.mu.Lock()
	c.mu.Unlock() // handshake with writers, not a critical section
}

// --- loops ---

func (c *Cache) DeferInLoop(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		defer c.mu.Unlock() // want `c.mu is unlocked by a defer inside the loop, which runs only when the function returns, so the next iteration's Lock at line 301 blocks forever`
		c.items[k]++
	}
}

func (c *Cache) ContinueSkipsUnlock(keys []string) {
	for _, k := range keys {
		c.mu.Lock() // want `c.mu is still held when the loop comes back to this Lock`
		if k == "" {
			continue
		}
		c.items[k]++
		c.mu.Unlock()
	}
}

func (c *Cache) LoopGood(keys []string) {
	for _, k := range keys {
		c.mu.Lock()
		if k == "" {
			c.mu.Unlock()
			continue
		}
		c.items[k]++
		c.mu.Unlock()
	}
}

// Per-iteration closure with defer: the idiom, silent.
func (c *Cache) LoopClosure(keys []string) {
	for _, k := range keys {
		func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.items[k]++
		}()
	}
}

// --- hand-offs ---

// The lock is released by the goroutine it is handed to: silent.
func (c *Cache) HandToGoroutine() {
	c.mu.Lock()
	go func() {
		defer c.mu.Unlock()
		c.items["g"]++
	}()
}

// The unlock function is returned to the caller: silent.
func (c *Cache) LockAndGetUnlock() func() {
	c.mu.Lock()
	return c.mu.Unlock
}

// A bool result: TryLock-style contract, silent.
func (c *Cache) lockIfPresent(k string) bool {
	c.mu.Lock()
	if _, ok := c.items[k]; !ok {
		c.mu.Unlock()
		return false
	}
	return true
}

// sync.Locker values and generic code.
func WithLocker(l sync.Locker, fail bool) error {
	l.Lock() // want `l is locked here but not unlocked on the return`
	if fail {
		return errNotFound
	}
	l.Unlock()
	return nil
}

type Guarded[T any] struct {
	mu  sync.Mutex
	val T
}

func (g *Guarded[T]) SetBad(v T, ok bool) error {
	g.mu.Lock() // want `g.mu is locked here but not unlocked on the return`
	if !ok {
		return errNotFound
	}
	g.val = v
	g.mu.Unlock()
	return nil
}

func WithAnyLocker[L sync.Locker](l L, fail bool) error {
	l.Lock() // want `l is locked here but not unlocked on the return`
	if fail {
		return errNotFound
	}
	l.Unlock()
	return nil
}

// Embedded mutex.
type Counter struct {
	sync.Mutex
	n int
}

func (c *Counter) IncBad(limit int) bool {
	c.Lock() // want `c is locked here but not unlocked on the return`
	if c.n >= limit {
		return false
	}
	c.n++
	c.Unlock()
	return true
}
