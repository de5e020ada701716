// Package use: Add inside the goroutine through another package's callee.
package use

import (
	"sync"

	"missingjoin/dep"
)

func work(int) {}

func crossPackage() {
	var wg sync.WaitGroup
	go func() {
		defer dep.Finish(&wg)
		dep.Track(&wg) // want `wg.Add called inside the goroutine it counts \(by Track\)`
		work(1)
	}()
	wg.Wait()
}

func crossPackageMethod(t *dep.Tracker) {
	go func() {
		t.Begin() // want `t.WG.Add called inside the goroutine it counts \(by Begin\)`
		defer t.End()
		work(2)
	}()
	t.WG.Wait()
}

// Silent: the helper adds before the go statement.
func crossPackageOK() {
	var wg sync.WaitGroup
	dep.Track(&wg)
	go func() {
		defer dep.Finish(&wg) // no diagnostic
		work(3)
	}()
	wg.Wait()
}
