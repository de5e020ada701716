package use

import "writefacts/dep"

// Facts from dep are imported; this package exports its own.
func Both(p, q *int) { dep.Incr(p); *q = 2 } // want Both:"writes\\(1\\)"
