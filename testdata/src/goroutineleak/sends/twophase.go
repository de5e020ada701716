package sends

type phase struct{ name string }

func (p *phase) run() error { return nil }

func record(error) {}

// runPhases runs two phases one after the other, each in a goroutine
// whose result the caller waits for. Both handshakes sit in one basic
// block: the first receive comes before the second goroutine starts, the
// second receive after it.
func runPhases(a, b *phase) {
	done := make(chan error)
	go func() {
		done <- a.run() // no diagnostic: received below
	}()
	record(<-done)
	go func() {
		done <- b.run() // no diagnostic: received below
	}()
	record(<-done)
}

// runPhasesEarly waits only for the first phase: the second goroutine's
// send has no receiver after it started.
func runPhasesEarly(a, b *phase) {
	done := make(chan error)
	go func() {
		done <- a.run()
	}()
	record(<-done)
	go func() { // want `2 goroutines send on done but the caller receives at most 1 time\(s\) \(done is unbuffered\), so 1 of them block forever`
		done <- b.run()
	}()
	record(nil)
}
