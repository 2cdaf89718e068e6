# Writes the bitcode file IN as a C source OUT defining wj_rt_bitcode and wj_rt_bitcode_size
# (cmake -DIN=... -DOUT=... -P WardenLLVMBitcode.cmake): the handlers the compiled tier inlines.
file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR size "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x[0-9a-f][0-9a-f],){16})" "\\1\n" bytes "${bytes}")
file(WRITE "${OUT}.tmp"
  "/* Made by the build from src/llvm/rt/handlers_rt.c: do not edit. */\n"
  "#include <stddef.h>\n"
  "const unsigned char wj_rt_bitcode[] = {\n${bytes}\n};\n"
  "const size_t wj_rt_bitcode_size = ${size};\n")
file(RENAME "${OUT}.tmp" "${OUT}")
