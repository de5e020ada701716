package callers

import (
	"sort"
	"sync"
)

type ranker struct {
	mu     sync.Mutex
	scores map[string]int
	order  []string
	best   string
}

func (r *ranker) Add(name string, score int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.scores[name] = score
	r.rerank()
}

func (r *ranker) Best() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.best
}

func (r *ranker) Order() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.order
}

// rerank sorts the names by score. Caller must hold r.mu.
//
// The comparison closure captures the receiver: SSA keeps r in a cell,
// which is still the parameter.
func (r *ranker) rerank() {
	r.order = r.order[:0]
	for name := range r.scores {
		r.order = append(r.order, name) // no diagnostic: the caller holds r.mu
	}
	sort.Slice(r.order, func(i, j int) bool { return r.scores[r.order[i]] > r.scores[r.order[j]] })
	if len(r.order) > 0 {
		r.best = r.order[0]
	}
}

// Forget drops the ranking without the lock; it also captures r.
func (r *ranker) Forget() {
	defer func() { r.best = "" }()
	r.order = nil // want `r.order is written here without r.mu, which guards it in \d+ other accesses`
}
