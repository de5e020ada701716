package chanmisuse

import "golang.org/x/tools/go/ssa"

func (pc *passContext) checkSendersRunning(fn *ssa.Function, closes []*closeSite) {}
