package g

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

type copier struct {
	wg  *sync.WaitGroup
	out []int
}

func (c *copier) copy(n int) {
	defer c.wg.Done()
	c.out = append(c.out, n)
}

// A method started on a value holding &wg: the receiver is the spawner's c.
func methods() {
	var wg sync.WaitGroup
	c := &copier{wg: &wg}
	wg.Add(1)
	go c.copy(3) // want `go statement copy p:c=complit p:n=const trace\(Done\)=outer:complit.wg=wg`
	wg.Wait()
}

// Captured variables are cells of the spawner; the argument is bound too.
func closures(xs []int) {
	var wg sync.WaitGroup
	total := 0
	for _, x := range xs {
		wg.Add(1)
		go func(v int) { // want `go statement closures\$1 fv:wg=wg fv:total=total p:v=UnOp trace\(Done\)=outer:wg`
			defer wg.Done()
			total += v
		}(x)
	}
	wg.Wait()
	_ = total
}

type server struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	conn chan int
}

// Fields of a captured receiver keep their path; errgroup-like Go calls
// take no arguments.
func (s *server) start() { // want `starts runs=\[\] captures=\[0\]`
	s.wg.Go(func() { // want `WaitGroup.Go start\$1 fv:s=s trace\(Lock\)=outer:s.mu`
		s.mu.Lock()
		<-s.conn
		s.mu.Unlock()
	})
}

// A starter: runs its parameter as a goroutine on the caller's behalf.
func (s *server) goFunc(f func()) { // want `starts runs=\[1\] captures=\[0 1\]`
	s.wg.Add(1)
	go func() { // want `go statement goFunc\$1 fv:s=s fv:f=f`
		defer s.wg.Done()
		f()
	}()
}

// A call of the starter is a spawn of the function it hands over.
func (s *server) serve() {
	ch := make(chan int)
	s.goFunc(func() { // want `call of a goroutine starter serve\$1 fv:ch=ch`
		ch <- 1
	})
	<-ch
}

// Not a starter: the parameter is also called in place.
func runTwice(f func()) {
	f()
	go f() // want `go statement dynamic`
}

// A local of the goroutine is inner; a captured one is outer.
func locals(wg *sync.WaitGroup) { // want `starts runs=\[\] captures=\[0\]`
	go func() { // want `go statement locals\$1 fv:wg=wg trace\(Done\)=outer:wg trace\(Done\)=inner:mine`
		var mine sync.WaitGroup
		wg.Done()
		mine.Done()
	}()
}

type iface interface{ Run() }

// An interface method: no static target, the receiver is the first argument.
func dynamic(r iface) { // want `starts runs=\[\] captures=\[0\]`
	go r.Run() // want `go statement dynamic`
}

// The field is set twice: ThroughFields does not guess which value it holds.
func twice() {
	var a, b sync.WaitGroup
	c := &copier{wg: &a}
	c.wg = &b
	go c.copy(1) // want `go statement copy p:c=complit p:n=const trace\(Done\)=outer:complit.wg$`
}

// errgroup's Go and TryGo are spawns with the group; a captured parameter
// is a capture of the starter.
func fetchAll(urls []string, out []int) error { // want `starts runs=\[\] captures=\[1\]`
	var g errgroup.Group
	for i, u := range urls {
		g.Go(func() error { // want `errgroup.Go fetchAll\$1 fv:out=out fv:i=i fv:u=u`
			out[i] = len(u)
			return nil
		})
	}
	g.TryGo(func() error { return nil }) // want `errgroup.Go fetchAll\$2`
	return g.Wait()
}
