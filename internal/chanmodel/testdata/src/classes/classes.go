package classes

type Hub struct {
	in   chan int
	quit chan struct{}
	Out  chan int // exported: no class
}

func NewHub() *Hub {
	return &Hub{in: make(chan int), quit: make(chan struct{}, 1)} // want `the in field of Hub caps=\[0\] select-recv@18 send@13` `the quit field of Hub caps=\[1\] close@20 select-recv@19`
}

func (h *Hub) Put(v int) { h.in <- v }

func (h *Hub) run() {
	for {
		select {
		case <-h.in:
		case <-h.quit:
			close(h.quit) // want `key: p:h.quit reassigned=false`
			return
		}
	}
}

// Ticker's channel is returned: it escapes.
type Ticker struct{ c chan int }

func NewTicker() *Ticker { return &Ticker{c: make(chan int)} } // want `the c field of Ticker escapes`

func (t *Ticker) C() chan int { return t.c }

// Restart reassigns its channel after construction.
type Restart struct{ done chan struct{} }

func (r *Restart) Reset() {
	close(r.done)                // want `key: p:r.done reassigned=true`
	r.done = make(chan struct{}) // want `the done field of Restart caps=\[0\] close@37`
}

var events = make(chan string) // want `events caps=\[0\] send@43`

func emit(s string) { events <- s }

func local() {
	ch := make(chan int)
	close(ch) // want `key: m:t0 reassigned=false`
	var x chan int
	x = make(chan int)
	x = make(chan int)
	go func() { close(x) }() // want `key: none`
}
