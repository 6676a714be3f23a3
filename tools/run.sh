#!/usr/bin/env bash
# The README's two commands. Each does all set-up itself on a fresh machine:
#   tools/run.sh demo   apply the sample migration with the real `pulumi up` to the embedded emulator
#   tools/run.sh test   check formatting and lint (npx biome ci .), then run the whole test suite (unit, emulator,
#                       end-to-end with the real CLI), two spec files side by side
#   tools/run.sh quick  the inner loop: the unit and emulator specs only (no Pulumi CLI, PostgreSQL or browser),
#                       two files side by side, in about a minute
# Extra arguments go to the demo or to mocha (e.g. tools/run.sh test --grep usersig).
set -euo pipefail
# Paths the user passes (e.g. --manifest) are relative to where they typed the command.
export TENCENT_CHAT_DEMO_CWD="$PWD"
cd "$(dirname "$0")/.."
task="${1:-}"
shift || true

eval "$(bash tools/toolchain.sh)"
echo "[run] node $(node --version), pulumi $(pulumi version 2>/dev/null || echo 'missing'), language host $TENCENT_CHAT_LANGUAGE_HOST" >&2

# Install dependencies when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
npx tsc -p tsconfig.json

case "$task" in
  demo) exec node dist/tools/demo.js "$@" ;;
  test)
    # Formatting and lint (biome.json), checked without writing: a file `npx biome format --write` would change, or any
    # lint error, fails the run before the tests.
    npx biome ci .
    # The team-backend specs need a PostgreSQL server (Debian's package, installed and started when missing).
    if postgres_env="$(bash tools/postgres.sh)"; then eval "$postgres_env"; else echo "[run] PostgreSQL could not be set up: the team-backend specs will fail" >&2; fi
    # The console spec drives a real browser (Debian's chromium, installed when missing).
    if chromium_env="$(bash tools/chromium.sh)"; then eval "$chromium_env"; else echo "[run] chromium could not be set up: the console spec will fail" >&2; fi
    # Two spec files side by side, each in a worker of its own: the end-to-end specs leave a core idle while they
    # wait on the CLI's engine, the emulator and the provider, so two at once end in about 26 minutes on 2 cores
    # where one after the other took about 35.
    exec npx mocha --parallel --jobs 2 "$@" ;;
  quick)
    # The specs that need no Pulumi CLI, PostgreSQL or browser; each file in a worker of its own, two at a time.
    exec npx mocha --no-config --require dist/test/helpers/open-handles.js --timeout 20000 --parallel --jobs 2 \
      --spec 'dist/test/provider/**/*.spec.js' --spec 'dist/test/emulator/**/*.spec.js' \
      --ignore 'dist/test/emulator/console.spec.js' "$@" ;;
  *) echo "usage: tools/run.sh demo|test|quick [args]" >&2; exit 2 ;;
esac
