#!/usr/bin/env bash
# Builds actionlint, the GitHub Actions workflow linter (Go module github.com/rhysd/actionlint), at a pinned release
# into the toolchain cache beside the Pulumi CLI (tools/toolchain.sh), once per version, and prints its path.
# The example pipelines' workflows cannot run here; the specs check them with it (test/examples/).
# Usage: "$(bash tools/actionlint.sh)" path/to/workflow.yml   (progress goes to stderr, the path to stdout)
set -euo pipefail

ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"
CACHE_ROOT="${TENCENT_CHAT_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tencent-chat}"
dir="$CACHE_ROOT/actionlint-$ACTIONLINT_VERSION"

if [ ! -x "$dir/actionlint" ]; then
  if ! command -v go >/dev/null; then
    echo "[actionlint] needs Go on PATH to build github.com/rhysd/actionlint@$ACTIONLINT_VERSION" >&2
    exit 1
  fi
  echo "[actionlint] building github.com/rhysd/actionlint@$ACTIONLINT_VERSION into $dir" >&2
  mkdir -p "$dir"
  # go install pins the release and builds only its command; a stalled download is bounded and retried once.
  for attempt in 1 2; do
    if GOBIN="$dir" CGO_ENABLED=0 timeout 900 go install -trimpath "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION" >&2; then
      break
    fi
    echo "[actionlint] go install failed (attempt $attempt)" >&2
    [ "$attempt" = 2 ] && exit 1
  done
fi
echo "$dir/actionlint"
