#!/usr/bin/env bash
# Runs the concurlint corpus: see docs/corpus.md. Flags are passed through,
# e.g. corpus/run.sh -modules go-redis,consul-api -only concurlint
set -euo pipefail
cd "$(dirname "$0")"
export GOTOOLCHAIN=local
exec go run ./cmd/corpus "$@"
