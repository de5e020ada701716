package atomics

func resetForTest(g *gen) { g.reset() }
