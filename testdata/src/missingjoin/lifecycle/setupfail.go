package lifecycle

import (
	"errors"
	"os"
	"sync"
)

func openScratch(path string) (*os.File, error) {
	if path == "" {
		return nil, errors.New("no path")
	}
	return os.Create(path)
}

// Race counts its two workers before a setup step that can fail: the
// return on that failure comes before either worker starts, so nothing
// is left running.
func Race(path string, rounds int) error {
	var wg sync.WaitGroup
	wg.Add(2) // no diagnostic: the early return precedes the go statements
	f, err := openScratch(path)
	if err != nil {
		return err
	}
	defer f.Close()
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			f.WriteString("a")
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			f.WriteString("b")
		}
	}()
	wg.Wait()
	return nil
}

// RaceChecked checks the file after starting the first worker and
// returns on failure without waiting for it.
func RaceChecked(path string, rounds int) error {
	var wg sync.WaitGroup
	wg.Add(2) // want `RaceChecked returns on some path without waiting for wg after this point`
	f, err := openScratch(path)
	if err != nil {
		return err
	}
	defer f.Close()
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			f.WriteString("a")
		}
	}()
	if _, err := f.Stat(); err != nil {
		return err
	}
	go func() {
		defer wg.Done()
		for i := 0; i < rounds; i++ {
			f.WriteString("b")
		}
	}()
	wg.Wait()
	return nil
}
