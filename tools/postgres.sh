#!/usr/bin/env bash
# Starts a PostgreSQL server on this machine for the team-backend tests (Pulumi's DIY backend also speaks
# PostgreSQL: `pulumi login postgres://...`), installing Debian's package first when it is missing, and prints an
# `export TENCENT_CHAT_TEST_POSTGRES_URL=...` line. Progress goes to stderr.
# Usage: eval "$(tools/postgres.sh)"
set -euo pipefail
log() { printf '[postgres] %s\n' "$*" >&2; }
if ! command -v pg_ctlcluster >/dev/null; then
  log "installing Debian's postgresql package"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
fi
version="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster $version/main"
  pg_ctlcluster "$version" main start >&2
fi
as_postgres() { su postgres -c "$1"; }
as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='pulumi_tests'\"" | grep -q 1 ||
  as_postgres "psql -qc \"CREATE ROLE pulumi_tests LOGIN PASSWORD 'pulumi-tests'\"" >&2
as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='pulumi_tests'\"" | grep -q 1 ||
  as_postgres "createdb -O pulumi_tests pulumi_tests" >&2
port="$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')"
log "PostgreSQL $version on 127.0.0.1:$port, database pulumi_tests"
echo "export TENCENT_CHAT_TEST_POSTGRES_URL=\"postgres://pulumi_tests:pulumi-tests@127.0.0.1:$port/pulumi_tests?sslmode=disable\""
