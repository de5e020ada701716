// Package nesting: two locks of one type taken in argument order.
package nesting

import "sync"

type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

func Transfer(from, to *Account, n int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `to\.mu is locked while from\.mu is held, two Account\.mu locks taken in argument order`
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// TransferOK orders the two accounts by ID first.
func TransferOK(from, to *Account, n int) {
	first, second := from, to
	if second.id < first.id {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock() // no diagnostic: a fixed order by ID
	defer second.mu.Unlock()
	from.balance -= n
	to.balance += n
}

// Parent and child of one type, held in a tree order the receiver fixes.
func (a *Account) Adopt(child *Account) {
	a.mu.Lock()
	defer a.mu.Unlock()
	child.mu.Lock() // no diagnostic: receiver then argument, not a symmetric pair
	child.balance = a.balance
	child.mu.Unlock()
}
