#!/usr/bin/env bash
# Installs jco (npm @bytecodealliance/jco, the version tools/jco/package.json pins) into
# tools/jco/node_modules: the component text parser and component tools that
# scripts/component-wast2json, scripts/component-wat2wasm and scripts/component-new use.
#
#   scripts/install-jco.sh           install when missing or of another version
#   scripts/install-jco.sh --check   only tell: exit 0 when installed, 1 when not
#
# Idempotent and fast when installed (no npm run). Uses `npm ci` (the exact tree of
# tools/jco/package-lock.json), or `npm install` when there is no lock. Needs Node.js and npm:
# scripts/install-deps.sh installs them. Runs under a lock, so parallel builds install once.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=$root/tools/jco
installed_pkg=$dir/node_modules/@bytecodealliance/jco/package.json

# The version field of a package.json (the first one: the package's own).
version_of() {
  sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$1" | head -n 1
}
# The version tools/jco/package.json asks for.
wanted=$(sed -n 's/.*"@bytecodealliance\/jco": *"\([^"]*\)".*/\1/p' "$dir/package.json" | head -n 1)
if [ -z "$wanted" ]; then
  echo "install-jco: no @bytecodealliance/jco version in $dir/package.json" >&2
  exit 1
fi

is_installed() {
  [ -f "$installed_pkg" ] && [ "$(version_of "$installed_pkg")" = "$wanted" ]
}

if [ "${1:-}" = "--check" ]; then
  is_installed
  exit
elif [ $# -ne 0 ]; then
  echo "usage: $0 [--check]" >&2
  exit 2
fi

is_installed && exit 0

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "install-jco: $tool is missing: scripts/install-deps.sh installs it (as root)" >&2
    exit 1
  fi
done

exec 9<"$dir"
flock 9
is_installed && exit 0 # another process installed it while this one waited

cd "$dir"
echo "Installing jco $wanted into tools/jco/node_modules (node $(node --version), npm $(npm --version))"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
if ! is_installed; then
  echo "install-jco: npm finished but tools/jco/node_modules holds no jco $wanted" >&2
  exit 1
fi
