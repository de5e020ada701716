package publication

import (
	"errors"
	"sync"
)

// A store opened through a constructor with named results: its error
// paths set the result to nil, which never makes the object shared.
type Journal struct {
	mu      sync.Mutex
	entries map[uint64]string
	last    uint64
}

func (j *Journal) Append(e string) uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.last++
	j.entries[j.last] = e
	return j.last
}

func (j *Journal) Get(seq uint64) string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.entries[seq]
}

func (j *Journal) Truncate() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = map[uint64]string{}
	j.last = 0
}

func OpenJournal(path string) (j *Journal, err error) {
	defer func() {
		if err != nil && j != nil {
			j.close()
		}
	}()
	j = &Journal{}
	if path == "" {
		return nil, errors.New("no path")
	}
	if err = j.recover(path); err != nil {
		j.entries = map[uint64]string{} // no diagnostic: still private
		j.last = 0                      // no diagnostic: still private
	}
	return j, nil
}

func (j *Journal) recover(path string) error {
	j.entries = map[uint64]string{1: path} // no diagnostic: called only on the fresh journal
	if len(path) > 64 {
		j.entries = nil
		return errors.New("too long")
	}
	j.last = 1 // no diagnostic: called only on the fresh journal
	return nil
}

func (j *Journal) close() {}

// The result variable holding a journal others use: shared.
var currentJournal *Journal

func ReopenJournal(path string) (j *Journal, err error) {
	defer func() {
		if err != nil {
			j = nil
		}
	}()
	j = currentJournal
	if path == "" {
		return nil, errors.New("no path")
	}
	j.entries = map[uint64]string{} // want `j.entries is written here without j.mu, which guards it in \d+ other accesses`
	return j, nil
}
