module github.com/concurlint/concurlint/golangci

go 1.26.0

require (
	github.com/concurlint/concurlint v0.0.0
	github.com/golangci/plugin-module-register v0.1.2
	golang.org/x/tools v0.52.0
)

// Inside this repository the plugin builds against the checkout; a
// released plugin requires a tagged concurlint instead.
replace github.com/concurlint/concurlint => ../
