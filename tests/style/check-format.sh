#!/usr/bin/env bash
# Every C file of the project is in the style of .clang-format.
#   check-format.sh CLANG_FORMAT SOURCE_DIR
# Lists the files that differ with the first difference of each; `clang-format-19 -i FILE` fixes one.
set -u
clang_format=$1 root=$2
cd "$root" || exit 2
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files 'src/*.c' 'src/*.h' 'src/*.inc' 'include/*.h' 'tests/*.c' \
                       'tests/*.h' 'examples/*.c' 'bench/*.c' 'bench/*.h')
else
  mapfile -t files < <(find src include tests examples bench -type f \
                       \( -name '*.c' -o -name '*.h' -o -name '*.inc' \) | sort)
fi
if [ "${#files[@]}" -eq 0 ]; then
  echo "check-format: no source files found under $root" >&2
  exit 1
fi
if "$clang_format" --style=file --dry-run -Werror "${files[@]}" >/dev/null 2>&1; then
  echo "check-format: ${#files[@]} files in style"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  if ! "$clang_format" --style=file --dry-run -Werror "$f" >/dev/null 2>&1; then
    echo "not formatted: $f" >&2
    "$clang_format" --style=file "$f" | diff -u "$f" - | sed -n '3,12p' >&2
    bad=$((bad + 1))
  fi
done
if [ "$bad" -ne 0 ]; then
  echo "check-format: $bad of ${#files[@]} files differ from .clang-format" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files in style"
