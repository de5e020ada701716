package doubleclose

import "bufio"

// A reader goroutine that signals when its first record is in: the close
// sits in the record loop but only the first round runs it.
func readRecords(br *bufio.Reader) error {
	firstIn := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		for i := range 2 {
			if _, err := br.ReadString('\n'); err != nil {
				errs <- err
				return
			}
			if i == 0 {
				close(firstIn) // no diagnostic: only when i == 0
			}
		}
		errs <- nil
	}()
	<-firstIn
	return <-errs
}

// Signalling on every round below a bound closes again.
func readPairs(br *bufio.Reader) error {
	half := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		for i := range 2 {
			if _, err := br.ReadString('\n'); err != nil {
				errs <- err
				return
			}
			if i < 2 {
				close(half) // want `half is closed inside a loop that can run this close again`
			}
		}
		errs <- nil
	}()
	<-half
	return <-errs
}
