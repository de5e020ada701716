package sema

// Pool releases through a chain of helpers deeper than the three call
// levels the release search follows.
type Pool struct {
	sem chan struct{}
	n   int
}

func (p *Pool) release1() { p.release2() }
func (p *Pool) release2() { p.release3() }
func (p *Pool) release3() { p.release4() }
func (p *Pool) release4() { <-p.sem }

func (p *Pool) log1() { p.log2() }
func (p *Pool) log2() { p.log3() }
func (p *Pool) log3() { p.log4() }
func (p *Pool) log4() { p.n++ }

// Do releases on the error path four calls down: silent (past the search's
// depth the release may be there; it is, so no guess).
func (p *Pool) Do(f func() error) error {
	p.sem <- struct{}{}
	if err := f(); err != nil {
		p.release1()
		return err
	}
	p.n++
	<-p.sem
	return nil
}

// DoLog calls an equally deep chain that receives from no channel: the
// release is certainly skipped.
func (p *Pool) DoLog(f func() error) error {
	p.sem <- struct{}{}
	if err := f(); err != nil {
		p.log1()
		return err // want `returns here holding the p.sem slot acquired at line 36`
	}
	p.n++
	<-p.sem
	return nil
}
