package dep

import "sync"

func Incr(p *int) { *p++ } // want Incr:"writes\\(0\\)"

func Fill(m map[string]int, k string) { m[k] = 1 } // want Fill:"maps\\(0\\)"

func Drop(m map[string]int, k string) { delete(m, k) } // want Drop:"maps\\(0\\)"

type T struct{ n int }

func (t *T) Set(v int) { t.n = v } // want Set:"writes\\(0\\)"

func (t T) Value() int { return t.n } // no fact: reads only

// Locked writes: no fact.
func SafeIncr(mu *sync.Mutex, p *int) {
	mu.Lock()
	*p++
	mu.Unlock()
}

// A write inside a closure runs who knows when: no fact.
func Later(p *int) func() { return func() { *p = 1 } }

// A value parameter: no fact.
func Local(t T) { t.n = 1 }
