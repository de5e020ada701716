package a // want package:`edges\(\(lockorder/a\.T\)\.mu->\(lockorder/a\.U\)\.RWMutex\)`

import "sync"

type T struct {
	mu sync.Mutex
	u  *U
}

type U struct {
	sync.RWMutex
	n int
}

var global sync.Mutex

func (t *T) Lock() { // want Lock:`acquires\(0\.mu\)`
	t.mu.Lock()
}

func (t *T) Locked() { t.u.n++ }

func (t *T) Both() { // want Both:`acquires\(0\.mu,0\.u\.RWMutex\)`
	t.mu.Lock()
	defer t.mu.Unlock()
	t.u.Lock()
	t.u.n++
	t.u.Unlock()
}

func (u *U) Read() int { // want Read:`acquires\(0\.RWMutex\(r\)\)`
	u.RLock()
	defer u.RUnlock()
	return u.n
}

func Global() { // want Global:`acquires\(lockorder/a\.global\)`
	global.Lock()
	global.Unlock()
}

func Flag(t *T, locked bool) {
	if !locked {
		t.mu.Lock()
		defer t.mu.Unlock()
	}
}

func (t *T) Retake() { // want Retake:`acquires\(\) drops\(0\.mu\)`
	t.mu.Unlock()
	t.mu.Lock()
}

func (t *T) Spawn() {
	go func() {
		t.mu.Lock()
		t.mu.Unlock()
	}()
}
