package b

import "a"

// Through an imported fact.
func UseSend(ch chan int) { a.Send(ch) } // want UseSend:`chanparams\(0:send\)`

// Through an imported escape.
func UseKeep(ch chan int) { a.Keep(ch) } // want UseKeep:`chanparams\(0:escape\)`
