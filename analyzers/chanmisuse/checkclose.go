package chanmisuse

import "golang.org/x/tools/go/ssa"

func (pc *passContext) checkThenClose(fn *ssa.Function, closes []*closeSite) {}
