package double

import (
	"bytes"
	"sync"
)

// Wire serialises commands: begin takes the encoder lock and returns an
// encoder that holds the wire; the encoder's end releases it through its
// back pointer. Each command is begin … end, so a second command after
// the first does not find the lock held.
type Wire struct {
	encMu sync.Mutex
	buf   bytes.Buffer
	tag   int
}

type encoder struct {
	wire *Wire
}

func (w *Wire) begin(name string) *encoder {
	w.encMu.Lock() // released by encoder.end
	w.tag++
	w.buf.WriteString(name)
	return &encoder{wire: w}
}

func (e *encoder) arg(s string) *encoder {
	e.wire.buf.WriteString(" " + s)
	return e
}

func (e *encoder) end() {
	e.wire.buf.WriteString("\r\n")
	e.wire.encMu.Unlock()
}

func (w *Wire) Noop() {
	w.begin("NOOP").end()
}

func (w *Wire) Select(box string) {
	w.Noop()
	enc := w.begin("SELECT") // no diagnostic: Noop's encoder ended
	enc.arg(box)
	enc.end()
}

// Batch keeps a token instead: the token type has no method that releases
// the lock, so begin's lock stays with the caller.
type Batch struct {
	mu  sync.Mutex
	ops []string
}

type token struct {
	batch *Batch
	n     int
}

func (b *Batch) open() *token {
	b.mu.Lock()
	return &token{batch: b, n: len(b.ops)}
}

func (t *token) count() int { return t.n }

func (b *Batch) Add(op string) int {
	t := b.open()
	b.ops = append(b.ops, op)
	t2 := b.open() // want `b\.mu is already locked \(line \d+\); this Lock blocks forever because Go mutexes are not re-entrant`
	return t.count() + t2.count()
}
