#!/usr/bin/env bash
# Builds golangci-lint v2 with concurlint's module plugin linked in (the
# module-proxy-only route: golangci/cmd/golangci-lint calls
# commands.Execute with a blank import of the plugin), then runs it on
# cmd/concurlint/testdata/fixture and checks findings, //nolint, the
# settings error and suggested fixes (golangci/cmd/golangci-lint/check_test.go).
#
# Usage: scripts/golangci-check.sh [output-binary]
#   default output: ${TMPDIR:-/tmp}/concurlint-golangci-lint
# Not part of `go test ./...` (it is a separate module) because the build
# takes minutes on a cold cache; see docs/integrations.md for the figures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-${TMPDIR:-/tmp}/concurlint-golangci-lint}"
mod="$root/golangci/cmd/golangci-lint"
export GOWORK=off GOTOOLCHAIN=local

echo "--- plugin unit tests"
(cd "$root/golangci" && go test ./...)

echo "--- build golangci-lint + concurlint plugin -> $bin"
start=$(date +%s)
# -mod=mod: follow changes of the root module's requirements (the modules
# here replace concurlint by the checkout); go.mod/go.sum may be updated.
(cd "$mod" && go build -mod=mod -o "$bin" .)
end=$(date +%s)
echo "build: $((end - start))s, $(du -h "$bin" | cut -f1)"
"$bin" version

echo "--- run on the fixture"
(cd "$mod" && CONCURLINT_GCL_BIN="$bin" go test -count=1 -v -run 'TestGolangciLint' ./check 2>&1 | grep -Ev '^=== (RUN|PAUSE|CONT)')
echo "golangci-check: ok"
