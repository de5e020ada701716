package main

import (
	"strings"
	"testing"

	"github.com/concurlint/concurlint/internal/lockorder"
)

func TestWriteLockGraph(t *testing.T) {
	var sb strings.Builder
	writeLockGraph(&sb, []lockorder.Edge{
		{From: "(p.Store).mu", To: "(p.Replica).mu", Func: "Store.heartbeat"},
		{From: "(p.Replica).mu", To: "(p.Store).mu", Func: "Replica.tick", Via: "beat"},
		{From: "(p.Node).mu", To: "(p.Peer).mu", Func: "Node.Broadcast"},
	})
	out := sb.String()
	for _, want := range []string{
		`"(p.Store).mu" -> "(p.Replica).mu" [label="Store.heartbeat", color=red`,
		`"(p.Replica).mu" -> "(p.Store).mu" [label="Replica.tick → beat", color=red`,
		`"(p.Node).mu" -> "(p.Peer).mu" [label="Node.Broadcast"];`,
		`"(p.Store).mu" [label="Store.mu"];`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lock graph lacks %q:\n%s", want, out)
		}
	}
}

func TestDeadlockFlows(t *testing.T) {
	loc := func(line int, msg string) sarifLocation {
		l := sarifLocation{PhysicalLocation: &sarifPhysicalLocation{Region: &sarifRegion{StartLine: line}}}
		if msg != "" {
			l.Message = &sarifMessage{Text: msg}
		}
		return l
	}
	r := sarifResult{
		Message:   sarifMessage{Text: "d.mu is held while sending on d.events, …"},
		Locations: []sarifLocation{loc(30, "")},
		RelatedLocations: []sarifLocation{
			loc(27, "d.mu acquired here"), loc(35, "the partner acquires Dispatcher.mu here"), loc(39, "the partner operation"),
		},
	}
	flows := deadlockFlows(r)
	if len(flows) != 1 || len(flows[0].ThreadFlows) != 2 {
		t.Fatalf("want one code flow with two thread flows, got %+v", flows)
	}
	lines := func(tf sarifThreadFlow) []int {
		var out []int
		for _, l := range tf.Locations {
			out = append(out, l.Location.PhysicalLocation.Region.StartLine)
		}
		return out
	}
	if got := lines(flows[0].ThreadFlows[0]); len(got) != 2 || got[0] != 27 || got[1] != 30 {
		t.Errorf("holding goroutine: got lines %v, want [27 30]", got)
	}
	if got := lines(flows[0].ThreadFlows[1]); len(got) != 2 || got[0] != 35 || got[1] != 39 {
		t.Errorf("partner goroutine: got lines %v, want [35 39]", got)
	}
}
