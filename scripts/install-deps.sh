#!/usr/bin/env bash
# Installs the Debian packages warden needs to build, test and benchmark.
#
#   scripts/install-deps.sh          everything: build, tests, guest programs, benchmarks
#   scripts/install-deps.sh --run    only what building the library, the tool and the demo needs
#   scripts/install-deps.sh --list   print the package names and exit
#
# Idempotent and fast when everything is present (dpkg-query only). As root it installs what is
# missing, non-interactively; otherwise it prints the apt-get command to run and exits with 1.
set -euo pipefail

RUN_PACKAGES=(build-essential cmake pkg-config wabt libjansson-dev)
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

packages=("${ALL_PACKAGES[@]}")
case "${1:-}" in
  --run) packages=("${RUN_PACKAGES[@]}") ;;
  --list) printf '%s\n' "${ALL_PACKAGES[@]}"; exit 0 ;;
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
[ ${#missing[@]} -eq 0 ] && exit 0

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
