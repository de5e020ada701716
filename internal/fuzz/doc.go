// Package fuzz holds FuzzAnalyzers (fuzz_test.go): every registered
// analyzer, with everything it requires, run over mutated versions of the
// programs under testdata/src. Anything that parses and type-checks must
// analyse without a panic or an analysis error.
//
//	go test ./internal/fuzz                                   the seeds (one per file, one per package)
//	go test -run='^$' -fuzz=FuzzAnalyzers -fuzztime=60s ./internal/fuzz
package fuzz
