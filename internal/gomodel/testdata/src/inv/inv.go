package inv

type source interface{ next(limit int) (int, bool) }

type closer interface{ close() error }

type stream struct{}

func (s *stream) next(limit int) (int, bool) { return limit, false } // want `may be invoked`

func (s stream) close() error { return nil } // want `may be invoked`

type queue struct{}

func (q *queue) next(id, limit int) int { return id + limit } // other signature: not invoked

func (q *queue) close() {} // other signature: not invoked

type box[T any] struct{ v T }

func (b *box[T]) next(limit int) (int, bool) { return limit, true } // want `may be invoked`

func use(s source, c closer) {
	s.next(1)
	c.close()
}
