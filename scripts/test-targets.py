#!/usr/bin/env python3
"""Prints the CMake targets that build the programs of the tests whose names match a regex in a
configured (not necessarily built) build directory, read from its CTestTestfile.cmake files: the
basenames of the programs under the build directory, which are the targets' names (tests run by
an interpreter, such as bash, have none and are left out). Lets a build that runs a few tests
(ThreadSanitizer's) build only what they need; each program's fixtures are its target's
dependencies.

    scripts/test-targets.py BUILD_DIR REGEX
"""
import os
import re
import sys

ADD_TEST = re.compile(r'^add_test\(\[=\[(.*?)\]=\] "([^"]*)"', re.M)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: test-targets.py BUILD_DIR REGEX")
    build, wanted = os.path.abspath(sys.argv[1]), re.compile(sys.argv[2])
    targets = set()
    for root, _, files in os.walk(build):
        if "CTestTestfile.cmake" not in files:
            continue
        with open(os.path.join(root, "CTestTestfile.cmake"), encoding="utf-8") as f:
            for name, program in ADD_TEST.findall(f.read()):
                if wanted.search(name) and program.startswith(build + os.sep):
                    targets.add(os.path.basename(program))
    if not targets:
        sys.exit("test-targets.py: no test program matches '%s' in %s" % (sys.argv[2], build))
    print(" ".join(sorted(targets)))


if __name__ == "__main__":
    main()
