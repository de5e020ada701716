// Command golangci-lint is golangci-lint v2 with concurlint's analyzers
// linked in as module plugins: the route that needs only the Go module
// proxy (no `golangci-lint custom`, no git clone). Build it with
//
//	go build -o golangci-lint .
//
// and use it exactly like golangci-lint, enabling the linters in
// .golangci.yml (see docs/integrations.md).
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/concurlint/concurlint/golangci" // registers the concurlint linters
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0+concurlint", Commit: "?", Date: "(unknown)"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
		info.BuildInfo = bi
	}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
