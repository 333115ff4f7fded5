#!/usr/bin/env bash
# Installs what the editor tests (`npm run test:e2e`) need on a Debian machine, as root:
#   - Debian packages: chromium (driven by playwright-core), neovim (the independent LSP client),
#     and what code-server's native modules need to build (libkrb5-dev, g++, make, python3, ...)
#   - code-server 4.100.3 from the npm registry into .e2e/code-server/ (git-ignored).
#     4.100.3 is the last release that runs on Node 20, and its web workbench still runs Mocha
#     tests in the extension host (see ../shared/research/e2e-feasibility.md).
#   - the project's devDependencies (playwright-core, mocha, @vscode/test-electron) when missing.
# Idempotent: skips what is already there. Fails loudly (non-zero, one `setup.sh: ...` line) when
# something cannot be installed: the tests must never skip silently in CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

CODE_SERVER_VERSION=4.100.3
# code-server 4.100.3 pins @vscode/ripgrep 1.15.11 (lib/vscode/npm-shrinkwrap.json), whose postinstall
# downloads ripgrep v13.0.0-10 from api.github.com; we seed its download cache with Debian's `rg`.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_RELEASE=v13.0.0-10
TOOLS_DIR=$ROOT/.e2e/code-server
CODE_SERVER_BIN=$TOOLS_DIR/node_modules/.bin/code-server
DEBIAN_PACKAGES=(chromium neovim ripgrep libkrb5-dev python3 make g++ pkg-config curl ca-certificates)

fail() { echo "setup.sh: $*" >&2; exit 1; }
step() { echo "setup.sh: $*"; }

# --- Debian packages -------------------------------------------------------------------------
missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || fail "apt-get not found; install by hand: ${missing[*]}"
  [ "$(id -u)" = 0 ] || fail "run as root to install Debian packages: ${missing[*]}"
  step "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || fail "apt-get install failed: ${missing[*]}"
else
  step "Debian packages already installed"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after installing the chromium package"
command -v nvim >/dev/null || fail "nvim is missing after installing the neovim package"

# --- Node 20 and its headers (node-gyp builds code-server's native modules offline with them) ----
node_major=$(node -p 'process.versions.node.split(".")[0]') || fail "node is not installed"
[ "$node_major" = 20 ] || fail "code-server $CODE_SERVER_VERSION needs Node 20, found $(node --version)"
NODE_DIR=${npm_config_nodedir:-/usr}
[ -f "$NODE_DIR/include/node/node.h" ] || fail "Node headers missing ($NODE_DIR/include/node/node.h); install the nodesource nodejs package or set npm_config_nodedir"

# Everything code-server writes (config.yaml, logs) goes under a throwaway folder, not $HOME.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data

installed_version() {
  [ -x "$CODE_SERVER_BIN" ] || return 0
  # It may print an "info  Wrote default config file" line before `4.100.3 <commit> with Code ...`.
  "$CODE_SERVER_BIN" --version 2>/dev/null | awk '$1 ~ /^[0-9]+\.[0-9]+\.[0-9]+$/ { print $1; exit }' || true
}

# --- code-server -----------------------------------------------------------------------------
if [ "$(installed_version)" = "$CODE_SERVER_VERSION" ]; then
  step "code-server $CODE_SERVER_VERSION already installed in ${TOOLS_DIR#"$ROOT"/}"
else
  step "installing code-server $CODE_SERVER_VERSION into ${TOOLS_DIR#"$ROOT"/} (about 80 s)"
  rm -rf "$TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  printf '{\n  "private": true,\n  "description": "code-server for the Layerwise editor tests (scripts/e2e/setup.sh)"\n}\n' > "$TOOLS_DIR/package.json"

  # Seed @vscode/ripgrep's download cache: the file name is ripgrep-<release>-<target>.tar.gz.
  ripgrep_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  mkdir -p "$ripgrep_cache" "$scratch/rg"
  cp "$(command -v rg)" "$scratch/rg/rg"
  tar czf "$ripgrep_cache/ripgrep-$RIPGREP_RELEASE-x86_64-unknown-linux-musl.tar.gz" -C "$scratch/rg" rg

  # unsafe_perm: its postinstall refuses to run as root otherwise. yes: node-pty runs `npx node-gyp`.
  # nodedir: local headers, so node-gyp does not download them from nodejs.org.
  if ! (cd "$TOOLS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="$NODE_DIR" \
      npm install --no-audit --no-fund --save-exact --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
      > "$scratch/npm-install.log" 2>&1); then
    tail -n 40 "$scratch/npm-install.log" >&2
    fail "npm install code-server@$CODE_SERVER_VERSION failed (log above)"
  fi
  [ "$(installed_version)" = "$CODE_SERVER_VERSION" ] \
    || fail "code-server installed but \`code-server --version\` does not report $CODE_SERVER_VERSION"
  step "code-server $CODE_SERVER_VERSION installed"
fi

# --- the project's test dependencies ---------------------------------------------------------
if ! node -e 'for (const m of ["playwright-core", "mocha", "@vscode/test-electron", "@vscode/vsce"]) require.resolve(m)' 2>/dev/null; then
  step "installing the project's devDependencies"
  npm install --no-audit --no-fund >/dev/null || fail "npm install failed"
  node -e 'for (const m of ["playwright-core", "mocha", "@vscode/test-electron"]) require.resolve(m)' \
    || fail "playwright-core, mocha or @vscode/test-electron still missing after npm install"
else
  step "playwright-core, mocha and @vscode/test-electron already installed"
fi

step "ready: chromium $(dpkg-query -W -f='${Version}' chromium), neovim $(dpkg-query -W -f='${Version}' neovim), code-server $CODE_SERVER_VERSION"
