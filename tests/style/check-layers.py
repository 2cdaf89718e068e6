#!/usr/bin/env python3
"""The include rules between the folders of src/.

    check-layers.py SOURCE_DIR

Every `#include "..."` of src/ is resolved to a folder of src/ (every folder there: util, isa,
binary, compile, exec, runtime, wasi, cli, ...), to a public header of include/, or to the
including file's own folder.
The test fails, listing the offending lines, when
  (a) a file of src/sched, src/wasi or src/cli includes a header of another folder of src/:
      those use only the public headers (warden.h, warden_wasi.h) and their own folder's headers;
  (b) the include graph between folders has a cycle that is not listed in KNOWN_CYCLE_EDGES;
  (c) an include cannot be resolved;
  (d) an edge of KNOWN_CYCLE_EDGES no longer closes a cycle (it is gone, or no cycle passes
      through it any more): the list only ever shrinks;
  (e) a folder includes one that is not below it in ORDER, or a folder of src/ is missing from
      ORDER.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDERS = tuple(sorted(d for d in os.listdir(os.path.join(HERE, "..", "..", "src"))
                       if os.path.isdir(os.path.join(HERE, "..", "..", "src", d))))
# Folders that may include nothing of src/ but their own headers.
PUBLIC_ONLY = ("sched", "wasi", "component", "cli")
# Edges between folders that close cycles, each one on a cycle: none today, and the list only
# shrinks (the test fails when a listed edge no longer closes a cycle).
KNOWN_CYCLE_EDGES = set()
# The layers, lowest first: a folder includes only folders before it (docs/architecture.md).
# sched, wasi, component and cli sit on top and include only the public headers.
ORDER = ("util", "isa", "binary", "compile", "object", "exec", "llvm", "runtime", "sched", "wasi", "component",
         "cli")

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SOURCE_SUFFIXES = (".c", ".h", ".inc")


def scan(root):
    """Yields (file, line number, text, from folder, target) for every quoted include of src/.
    target is a folder of src/, "public" for include/, or None when unresolved."""
    src = os.path.join(root, "src")
    for folder in sorted(os.listdir(src)):
        fdir = os.path.join(src, folder)
        if not os.path.isdir(fdir):
            continue
        for dirpath, dirnames, filenames in os.walk(fdir):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding="utf-8", errors="replace") as f:
                    for number, text in enumerate(f, 1):
                        m = INCLUDE.match(text)
                        if m:
                            target = resolve(root, dirpath, m.group(1))
                            yield rel, number, text.strip(), folder, target


def resolve(root, including_dir, name):
    """The folder of src/ a quoted include names, "public" for include/, or None."""
    first = name.split("/", 1)[0]
    if "/" in name and first in FOLDERS and os.path.isfile(os.path.join(root, "src", name)):
        return first
    if os.path.isfile(os.path.join(root, "include", name)):
        return "public"
    local = os.path.normpath(os.path.join(including_dir, name))
    src = os.path.join(root, "src")
    if os.path.isfile(local) and os.path.commonpath([local, src]) == src:
        return os.path.relpath(local, src).split(os.sep, 1)[0]
    return None


def reachable(graph, start):
    """Every folder reachable from start, with the edge that first reached it."""
    parent = {start: None}
    todo = [start]
    while todo:
        node = todo.pop(0)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in parent:
                parent[nxt] = node
                todo.append(nxt)
    return parent


def cycle_through(graph, edge):
    """A shortest cycle that uses edge (a, b), as a list of folders from a back to a; or None."""
    a, b = edge
    parent = reachable(graph, b)
    if a not in parent:
        return None
    path = [a]
    node = a
    while node != b:
        node = parent[node]
        path.append(node)
    path.reverse()  # b ... a
    return [a] + path


def main():
    if len(sys.argv) != 2:
        print("usage: check-layers.py SOURCE_DIR", file=sys.stderr)
        return 2
    root = sys.argv[1]
    if not os.path.isdir(os.path.join(root, "src")):
        print(f"check-layers: no src/ under {root}", file=sys.stderr)
        return 2

    failures = []  # lines to print
    problems = 0
    graph = {}  # folder -> set of folders it includes
    lines = {}  # (from, to) -> the include lines that make the edge
    count = 0
    for rel, number, text, folder, target in scan(root):
        count += 1
        where = f"{rel}:{number}: {text}"
        if target is None:
            failures.append(f"{where}: does not resolve to src/ or include/")
            problems += 1
            continue
        if target in ("public", folder):
            continue
        if folder in PUBLIC_ONLY:
            failures.append(
                f"{where}: src/{folder}/ may include only include/ and src/{folder}/ headers"
            )
            problems += 1
        graph.setdefault(folder, set()).add(target)
        lines.setdefault((folder, target), []).append(where)

    edges = sorted(lines)
    for folder in FOLDERS:
        if folder not in ORDER:
            failures.append(f"src/{folder}/ has no place in ORDER in {sys.argv[0]}")
            problems += 1
    for a, b in edges:
        if a in ORDER and b in ORDER and ORDER.index(b) >= ORDER.index(a):
            problems += 1
            failures.append(f"{a} -> {b} goes up the layers ({' < '.join(ORDER)}):")
            failures.extend(f"  {where}" for where in lines[(a, b)])
    # An edge is on a cycle when its target reaches back to its source.
    on_cycle = {e for e in edges if cycle_through(graph, e)}
    reported = set()
    for edge in sorted(on_cycle - KNOWN_CYCLE_EDGES):
        cycle = cycle_through(graph, edge)
        key = frozenset(zip(cycle, cycle[1:]))
        if key in reported:
            continue
        reported.add(key)
        problems += 1
        failures.append("cycle: " + " -> ".join(cycle) + " (made by these includes)")
        for a, b in zip(cycle, cycle[1:]):
            mark = "" if (a, b) not in KNOWN_CYCLE_EDGES else " (listed)"
            for where in lines[(a, b)]:
                failures.append(f"  {a} -> {b}{mark}: {where}")
    for edge in sorted(KNOWN_CYCLE_EDGES - on_cycle):
        a, b = edge
        why = "no longer closes a cycle" if edge in lines else "no longer exists"
        problems += 1
        failures.append(
            f"listed edge {a} -> {b} {why}: remove it from KNOWN_CYCLE_EDGES in {sys.argv[0]}"
        )

    if failures:
        for f in failures:
            print(f, file=sys.stderr)
        print(f"check-layers: {count} includes, {problems} problems", file=sys.stderr)
        return 1
    summary = ", ".join(f"{a}->{b}" for a, b in edges)
    print(f"check-layers: {count} includes, folder edges: {summary}")
    print("check-layers: listed cycle edges: "
          + ", ".join(f"{a}->{b}" for a, b in sorted(KNOWN_CYCLE_EDGES)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
