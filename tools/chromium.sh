#!/usr/bin/env bash
# The browser the console's test drives: Debian's chromium, installed when missing (the test suite's set-up, as
# tools/postgres.sh is for the team backend). Prints `export TENCENT_CHAT_CHROMIUM=<path>` for eval.
# Usage: eval "$(tools/chromium.sh)"
set -euo pipefail
log() { printf '[chromium] %s\n' "$*" >&2; }
path="$(command -v chromium || true)"
if [ -z "$path" ]; then
  log "installing Debian's chromium package"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
  path="$(command -v chromium)"
fi
# A CJK font, so that screenshots of Chinese group names show the names (the page works without it).
if ! fc-list 2>/dev/null | grep -qi "wqy\|noto sans cjk"; then
  log "installing a CJK font (fonts-wqy-zenhei)"
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-zenhei) >&2 || log "no CJK font: Chinese text shows as boxes in screenshots"
fi
log "$("$path" --version 2>/dev/null || echo "$path")"
echo "export TENCENT_CHAT_CHROMIUM=$path"
