// Goroutines that can never finish.
package forever

func setup() {}

func blockForever() {
	go func() {
		setup()
		select {} // want `goroutine started at line 7 blocks forever in select \{\}`
	}()
}

func spin() {
	for { // want `goroutine started at line 19 spins forever in an empty for loop`
	}
}

func startSpin() {
	go spin()
}

// --- Silent twins ---

// no diagnostic: select {} in the caller itself, not a goroutine (often
// the end of a main-like function).
func blockHere() {
	setup()
	select {}
}

// no diagnostic: a for loop with a body that can return.
func poll(done <-chan struct{}) {
	go func() {
		for {
			select {
			case <-done:
				return
			default:
			}
		}
	}()
}
