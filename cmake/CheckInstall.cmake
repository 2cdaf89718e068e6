# cmake -P CheckInstall.cmake: installs a built warden into WORK_DIR/prefix and checks that an outside
# program builds and runs against it, through the CMake package and through pkg-config.
# Variables: BUILD_DIR, WORK_DIR, CONSUMER_DIR, DEMO_SOURCE, DEMO_WASM, C_COMPILER, EXTRA_FLAGS.
cmake_minimum_required(VERSION 3.20)

function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_fib what)
  if(NOT step_output MATCHES "fib\\(20\\) = 6765")
    message(FATAL_ERROR "${what} printed:\n${step_output}")
  endif()
  message(STATUS "${what}: ${step_output}")
endfunction()

set(prefix ${WORK_DIR}/prefix)
file(REMOVE_RECURSE ${WORK_DIR})
step(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(f include/warden.h bin/warden)
  if(NOT EXISTS ${prefix}/${f})
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

# Through the CMake package.
step(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/consumer
     -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER} -DDEMO_SOURCE=${DEMO_SOURCE}
     "-DCMAKE_C_FLAGS=${EXTRA_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${EXTRA_FLAGS}")
step(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
step(${WORK_DIR}/consumer/demo ${DEMO_WASM} 20)
expect_fib("find_package(warden), shared")
step(${WORK_DIR}/consumer/demo_static ${DEMO_WASM} 20)
expect_fib("find_package(warden), static")

# Through pkg-config.
find_program(PKG_CONFIG pkg-config REQUIRED)
file(GLOB pc_file ${prefix}/lib*/pkgconfig/warden.pc ${prefix}/lib/*/pkgconfig/warden.pc)
if(NOT pc_file)
  message(FATAL_ERROR "warden.pc not installed under ${prefix}")
endif()
get_filename_component(pc_dir "${pc_file}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
step(${PKG_CONFIG} --cflags --libs warden)
string(STRIP "${step_output}" pc_flags)
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
separate_arguments(extra UNIX_COMMAND "${EXTRA_FLAGS}")
step(${C_COMPILER} -std=c11 -Wall -Wextra -Werror ${extra} ${DEMO_SOURCE} ${pc_flags}
     -o ${WORK_DIR}/demo_pc)
step(${PKG_CONFIG} --variable=libdir warden)
string(STRIP "${step_output}" libdir)
step(${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${libdir} ${WORK_DIR}/demo_pc ${DEMO_WASM} 20)
expect_fib("pkg-config")
