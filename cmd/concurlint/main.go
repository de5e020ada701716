// Command concurlint runs concurlint's analyzers, standalone
// (concurlint ./...) or as a vet tool (go vet -vettool=$(which concurlint) ./...).
package main

import (
	"github.com/concurlint/concurlint"
	"golang.org/x/tools/go/analysis/multichecker"
)

func main() {
	multichecker.Main(concurlint.All()...)
}
