package started

import "sync"

type server struct{ wg sync.WaitGroup }

func (s *server) loop() {} // want `started`

func (s *server) helper() {} // called in place: not started

func work(int) {} // want `started`

func (s *server) Start() {
	go s.loop()
	s.helper()
	s.wg.Go(func() {})
	for i := range 3 {
		go work(i)
	}
}
