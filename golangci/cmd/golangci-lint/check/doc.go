// Package check holds the end-to-end test of the golangci-lint binary built
// from the parent directory (see check_test.go). It is a separate package
// so that the test binary does not link golangci-lint itself.
package check
