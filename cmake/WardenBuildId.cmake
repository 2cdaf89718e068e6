# Writes a C source OUT defining wj_build_id, the SHA-256 of the library's sources listed in the
# file LIST (cmake -DLIST=... -DOUT=... -P WardenBuildId.cmake). Compiled code kept across
# processes (the code cache, .cwasm files) is valid only for the build that made it: any change
# to the sources that lower and compile code gives another identity, whatever the version says.
file(STRINGS "${LIST}" files)
set(all "")
foreach(f IN LISTS files)
  file(SHA256 "${f}" h)
  string(APPEND all "${h}\n")
endforeach()
string(SHA256 id "${all}")
set(text "/* Made by the build from the library's sources: do not edit. */\nconst char wj_build_id[] = \"${id}\";\n")
# Rewritten only when it changes, so an unchanged identity recompiles nothing.
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL text)
    return()
  endif()
endif()
file(WRITE "${OUT}.tmp" "${text}")
file(RENAME "${OUT}.tmp" "${OUT}")
