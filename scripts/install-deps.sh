#!/usr/bin/env bash
# Installs the Debian packages warden needs to build, test and benchmark.
#
#   scripts/install-deps.sh          everything: build, tests, guest programs, benchmarks, and jco
#                                    (npm packages in tools/jco, by scripts/install-jco.sh)
#   scripts/install-deps.sh --run    only what building the library, the tool and the demo needs
#   scripts/install-deps.sh --list   print the package names and exit
#
# Idempotent and fast when everything is present (dpkg-query only). As root it installs what is
# missing, non-interactively; otherwise it prints the apt-get command to run and exits with 1.
set -euo pipefail

# llvm-19-dev: the compiled tier's code generator (LLVM's C API and ORC JIT; -DWARDEN_LLVM=OFF
# builds without it).
RUN_PACKAGES=(build-essential cmake pkg-config wabt libjansson-dev llvm-19-dev)
ALL_PACKAGES=("${RUN_PACKAGES[@]}"
  libcmocka-dev                 # unit tests
  clang-19 lld-19               # guest programs (wasm32-wasi) and the sanitizer build
  libclang-rt-19-dev            # clang's AddressSanitizer/UBSan runtime for the host
  llvm-19                       # llvm-symbolizer for sanitizer reports, llvm-ar for guest libraries
  libclang-rt-19-dev-wasm32     # compiler builtins for wasm32
  wasi-libc                     # the C library for wasm32-wasi guests
  valgrind                      # memory checking and instruction counts
  clang-format-19               # one code style (.clang-format), checked by the tests
  python3                       # the include rules between folders (tests/style/check-layers.py)
  gnuplot-nox                   # benchmark plots
  jq                            # editing spec scripts in the runner's self-test
  binaryen                      # wasm-opt -ttf: valid random modules for the differential fuzzer
  time                          # GNU time: peak memory of hostile runs (make bench-hostile)
  libuv1-dev                    # examples/uv_host.c: warden's scheduler driven from libuv's loop
)
# Node.js and npm run jco (the component tools of tests/component, scripts/component-*). Debian
# 12's nodejs 18 and npm 9 do; a node or npm already on the PATH is used as it is (NodeSource's
# nodejs package bundles npm and conflicts with Debian's npm), so these are installed only when
# their command is missing.
NODE_PACKAGES=(nodejs npm)
declare -A NODE_COMMAND=([nodejs]=node [npm]=npm)

packages=("${ALL_PACKAGES[@]}")
full=1
case "${1:-}" in
  --run) packages=("${RUN_PACKAGES[@]}"); full=0 ;;
  --list) printf '%s\n' "${ALL_PACKAGES[@]}" "${NODE_PACKAGES[@]}"; exit 0 ;;
  "") ;;
  *) echo "usage: $0 [--run|--list]" >&2; exit 2 ;;
esac

installed() {
  [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
if [ $full -eq 1 ]; then
  for p in "${NODE_PACKAGES[@]}"; do
    command -v "${NODE_COMMAND[$p]}" >/dev/null || installed "$p" || missing+=("$p")
  done
fi

# jco, once Node.js and npm are there (fast when installed already).
finish() {
  if [ $full -eq 1 ]; then
    bash "$(dirname "${BASH_SOURCE[0]}")/install-jco.sh"
  fi
  exit 0
}
[ ${#missing[@]} -eq 0 ] && finish

if [ "$(id -u)" -ne 0 ]; then
  echo "warden needs these Debian packages, not installed yet: ${missing[*]}" >&2
  echo "Install them as root with:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_get() {
  apt-get -q -o DPkg::Lock::Timeout=600 "$@"
}

# Refresh the package lists only when they cannot serve the request: no lists at all, or a wanted
# package without an installation candidate.
need_update=0
if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
  need_update=1
else
  for p in "${missing[@]}"; do
    cand=$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then need_update=1; break; fi
  done
fi
updated=0
if [ $need_update -eq 1 ]; then
  apt_get update
  updated=1
fi

echo "Installing: ${missing[*]}"
if ! apt_get install -y --no-install-recommends "${missing[@]}"; then
  # Stale lists name versions the mirror no longer has: refresh once and try again.
  [ $updated -eq 1 ] && exit 1
  apt_get update
  apt_get install -y --no-install-recommends "${missing[@]}"
fi
finish
