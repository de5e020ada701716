package order

import "sync"

// Settings and Agent lock each other in both orders, but one of the two
// orders only ever involves an Agent that NewAgent is still building: no
// other goroutine can hold that Agent's lock yet.
type Settings struct {
	mu      sync.Mutex
	headers map[string]string
}

type Agent struct {
	mu       sync.Mutex
	settings *Settings
	headers  map[string]string
}

func (a *Agent) AddHeader(k, v string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.headers[k] = v
}

func NewAgent(s *Settings) *Agent {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := &Agent{settings: s, headers: map[string]string{}}
	for k, v := range s.headers {
		a.AddHeader(k, v) // no diagnostic: a is new, its lock uncontended
	}
	return a
}

func (a *Agent) SetHeaderDefault(k, v string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.settings.mu.Lock() // want `lock order inversion: Settings.mu is acquired while Agent.mu is held, but Settings.mu then Agent.mu in Refresh`
	defer a.settings.mu.Unlock()
	a.settings.headers[k] = v
}

// Refresh copies the settings into an agent that is already in use: the
// same order as NewAgent, now with a contended Agent lock.
func Refresh(s *Settings, a *Agent) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.headers {
		a.AddHeader(k, v) // the other half of the inversion reported in SetHeaderDefault
	}
}
