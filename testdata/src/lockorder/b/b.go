package b

import "lockorder/a"

func Chain(t *a.T) { // want Chain:`acquires\(0\.mu,0\.u\.RWMutex\)`
	t.Both()
}

func Via(u *a.U) int { // want Via:`acquires\(0\.RWMutex\(r\)\)`
	return u.Read()
}
