# warden_add_component(TARGET_NAME C_FILE WIT_FILE WORLD OUT_WASM [DEPENDS file...]
#                      [CFLAGS flag...])
#
# Builds a test guest component at build time from one C file and a WIT world:
#   1. clang-19 compiles C_FILE for wasm32 into a core module, OUT_WASM with .core.wasm for .wasm
#      (no C library, no WASI: -nostdlib, no entry point). The C file writes the canonical ABI by
#      hand: it exports `cabi_realloc`, its functions under their canonical names (`f`,
#      `ns:pkg/iface@1.0.0#f`, `cabi_post_f`...) and imports under theirs (module `$root` or
#      `ns:pkg/iface@1.0.0`); an undefined symbol that is not such an import fails the link.
#   2. scripts/install-jco.sh makes sure jco is installed in tools/jco/node_modules (fast when it
#      is), then scripts/component-new embeds world WORLD of WIT_FILE and makes the component.
#   TARGET_NAME  a custom target, built by default, that produces OUT_WASM. Calling the function
#                again with the same name adds another component to it.
#   C_FILE, WIT_FILE  relative paths are taken from the current source directory.
#   OUT_WASM     relative paths are taken from the current binary directory.
#   DEPENDS      more files the build depends on (headers the C file includes).
#   CFLAGS       extra clang options (-D..., -I...).
# The absolute paths of the components are appended to the target's WASM_FILES property.
# Without clang-19 or Node.js the rule fails the build with a message that says what is missing.
# No binary is ever committed: every component is made from its sources.
include_guard(GLOBAL)

find_program(WARDEN_GUEST_CLANG NAMES clang-19 DOC "clang with the wasm32 target, for test guests")
find_program(WARDEN_NODE node DOC "Node.js, to run jco (scripts/component-new)")
set(WARDEN_GUEST_SYSROOT /usr CACHE PATH "Sysroot for the wasm32-wasi test guests")
set(_warden_component_root "${CMAKE_CURRENT_LIST_DIR}/..")
get_filename_component(_warden_component_root "${_warden_component_root}" ABSOLUTE)

if(NOT WARDEN_NODE)
  message(WARNING "node (Node.js) not found: building the component test guests will fail "
                  "(scripts/install-deps.sh installs it)")
endif()
if(NOT WARDEN_GUEST_CLANG)
  message(WARNING "clang-19 not found: building the component test guests will fail "
                  "(scripts/install-deps.sh installs it)")
endif()

function(warden_add_component TARGET_NAME C_FILE WIT_FILE WORLD OUT_WASM)
  cmake_parse_arguments(PARSE_ARGV 5 ARG "" "" "DEPENDS;CFLAGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "warden_add_component: unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()

  get_filename_component(src "${C_FILE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(wit "${WIT_FILE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(wasm "${OUT_WASM}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  get_filename_component(src_dir "${src}" DIRECTORY)
  get_filename_component(wasm_dir "${wasm}" DIRECTORY)
  string(REGEX REPLACE "\\.wasm$" "" base "${wasm}")
  set(core "${base}.core.wasm")
  file(RELATIVE_PATH shown "${CMAKE_BINARY_DIR}" "${wasm}")
  set(deps)
  foreach(dep ${ARG_DEPENDS})
    get_filename_component(dep "${dep}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND deps "${dep}")
  endforeach()

  set(root "${_warden_component_root}")
  if(NOT WARDEN_NODE OR NOT WARDEN_GUEST_CLANG)
    set(what "")
    if(NOT WARDEN_GUEST_CLANG)
      string(APPEND what " clang-19")
    endif()
    if(NOT WARDEN_NODE)
      string(APPEND what " node (Node.js)")
    endif()
    add_custom_command(
      OUTPUT "${wasm}"
      COMMAND "${CMAKE_COMMAND}" -E echo
              "error: cannot build ${shown}: missing${what}; scripts/install-deps.sh installs it"
      COMMAND "${CMAKE_COMMAND}" -E false
      COMMENT "component ${shown}"
      VERBATIM)
  else()
    add_custom_command(
      OUTPUT "${wasm}"
      BYPRODUCTS "${core}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${wasm_dir}"
      COMMAND "${WARDEN_GUEST_CLANG}" --target=wasm32-wasi "--sysroot=${WARDEN_GUEST_SYSROOT}" -O2
              -nostdlib -mexec-model=reactor -Wl,--no-entry -Wall -Wextra -Werror "-I${src_dir}"
              ${ARG_CFLAGS} -o "${core}" "${src}"
      COMMAND bash "${root}/scripts/install-jco.sh"
      COMMAND "${WARDEN_NODE}" "${root}/scripts/component-new" "${core}" "${wit}" "${WORLD}"
              "${wasm}"
      DEPENDS "${src}" "${wit}" ${deps} "${root}/scripts/component-new"
              "${root}/scripts/lib/jco.mjs" "${root}/tools/jco/package.json"
      COMMENT "component ${shown}"
      VERBATIM)
  endif()

  if(NOT TARGET ${TARGET_NAME})
    add_custom_target(${TARGET_NAME} ALL)
  endif()
  target_sources(${TARGET_NAME} PRIVATE "${wasm}")
  set_property(TARGET ${TARGET_NAME} APPEND PROPERTY WASM_FILES "${wasm}")
endfunction()
