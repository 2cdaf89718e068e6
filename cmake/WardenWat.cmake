# warden_add_wat(TARGET_NAME WAT_FILE OUT_WASM [FLAGS flag...])
#
# Turns a WebAssembly text file into a binary module at build time with wabt's wat2wasm.
#   TARGET_NAME  a custom target, built by default, that produces OUT_WASM. Calling the function
#                again with the same name in the same directory adds another module to it, so one
#                target can stand for a whole set of fixtures.
#   WAT_FILE     the .wat source; a relative path is taken from the current source directory.
#   OUT_WASM     the .wasm to write; a relative path is taken from the current binary directory.
#   FLAGS        extra wat2wasm options, e.g. --debug-names (keep a name section) or --no-check
#                (write a module that does not validate, for tests of the validator).
# The absolute paths of the modules are appended to the target's WASM_FILES property. Executables
# that read the modules should add_dependencies() on TARGET_NAME.
include_guard(GLOBAL)

find_program(WARDEN_WAT2WASM wat2wasm DOC "wabt's wat2wasm, turns .wat fixtures into .wasm")

function(warden_add_wat TARGET_NAME WAT_FILE OUT_WASM)
  cmake_parse_arguments(PARSE_ARGV 3 ARG "" "" "FLAGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "warden_add_wat: unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT WARDEN_WAT2WASM)
    message(FATAL_ERROR "warden_add_wat: wat2wasm not found (Debian package wabt; "
                        "scripts/install-deps.sh installs it)")
  endif()

  get_filename_component(wat "${WAT_FILE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(wasm "${OUT_WASM}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  get_filename_component(wasm_dir "${wasm}" DIRECTORY)
  file(RELATIVE_PATH shown "${CMAKE_BINARY_DIR}" "${wasm}")

  add_custom_command(
    OUTPUT "${wasm}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${wasm_dir}"
    COMMAND "${WARDEN_WAT2WASM}" ${ARG_FLAGS} "${wat}" -o "${wasm}"
    DEPENDS "${wat}"
    COMMENT "wat2wasm ${shown}"
    VERBATIM)

  if(NOT TARGET ${TARGET_NAME})
    add_custom_target(${TARGET_NAME} ALL)
  endif()
  target_sources(${TARGET_NAME} PRIVATE "${wasm}")
  set_property(TARGET ${TARGET_NAME} APPEND PROPERTY WASM_FILES "${wasm}")
endfunction()
