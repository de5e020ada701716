package sema

import "context"

// Tokens is a token bucket: filled at construction, a receive takes a
// token and a send gives it back.
type Tokens struct {
	bucket chan struct{}
}

func NewTokens(n int) *Tokens {
	t := &Tokens{bucket: make(chan struct{}, n)}
	for range n {
		t.bucket <- struct{}{}
	}
	return t
}

// Take waits for a token; when the context ends just as one arrives, the
// token goes back.
func (t *Tokens) Take(ctx context.Context) error {
	select {
	case <-t.bucket:
		select {
		case <-ctx.Done():
			t.bucket <- struct{}{} // no diagnostic: gives back the token just taken
			return ctx.Err()
		default:
		}
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

func (t *Tokens) Put() { t.bucket <- struct{}{} }
