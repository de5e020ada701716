package count

import (
	"context"
	"errors"
	"sync"
)

type session struct{ id int }

func (s *session) next(ctx context.Context) (string, error) { return "", nil }

var errHandshake = errors.New("handshake")

func handshake(id int) (*session, error) {
	if id < 0 {
		return nil, errHandshake
	}
	return &session{id: id}, nil
}

// Hub serves sessions, each in its own goroutine. A session goroutine
// counts itself into the hub's group only once its handshake succeeded:
// the early return before that Add owes no Done.
type Hub struct {
	mu       sync.Mutex
	sessions map[int]*session
	wg       sync.WaitGroup
	inbox    chan string
}

func (h *Hub) Serve(ctx context.Context, id int) error {
	s, err := handshake(id)
	if err != nil {
		return err // no diagnostic: not counted yet
	}
	h.mu.Lock()
	h.sessions[id] = s
	h.mu.Unlock()
	h.wg.Add(1)
	for {
		msg, err := s.next(ctx)
		if err != nil {
			break
		}
		h.inbox <- msg
	}
	h.mu.Lock()
	delete(h.sessions, id)
	h.mu.Unlock()
	h.wg.Done()
	return nil
}

// ServeStrict counts itself the same way, but leaves on a context error
// after the Add without Done.
func (h *Hub) ServeStrict(ctx context.Context, id int) error {
	s, err := handshake(id)
	if err != nil {
		return err
	}
	h.wg.Add(1)
	for {
		msg, err := s.next(ctx)
		if err != nil {
			break
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		h.inbox <- msg
	}
	h.wg.Done() // want `h.wg.Done is not reached on every path of the goroutine`
	return nil
}

func (h *Hub) Accept(ctx context.Context, ids []int) {
	for _, id := range ids {
		go h.Serve(ctx, id)
		go h.ServeStrict(ctx, id)
	}
}

func (h *Hub) Close() {
	h.wg.Wait()
}
