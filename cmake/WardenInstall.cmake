# Install rules: the public header, libwarden (static and shared), the warden tool, a pkg-config
# file (warden.pc) and a CMake package (find_package(warden) gives warden::warden, the shared
# library, and warden::warden_static).
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WARDEN_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/warden CACHE STRING
    "Where the CMake package files are installed, relative to the prefix")

# Inside the build the same names work as after find_package(warden).
set_target_properties(warden_shared PROPERTIES EXPORT_NAME warden)
set_target_properties(warden_static PROPERTIES EXPORT_NAME warden_static)
add_library(warden::warden ALIAS warden_shared)
add_library(warden::warden_static ALIAS warden_static)

install(FILES ${PROJECT_SOURCE_DIR}/include/warden.h ${PROJECT_SOURCE_DIR}/include/warden_wasi.h
  ${PROJECT_SOURCE_DIR}/include/warden_component.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(TARGETS warden_static warden_shared EXPORT wardenTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS warden RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT wardenTargets NAMESPACE warden:: DESTINATION ${WARDEN_INSTALL_CMAKEDIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/wardenConfig.cmake.in
  ${PROJECT_BINARY_DIR}/wardenConfig.cmake INSTALL_DESTINATION ${WARDEN_INSTALL_CMAKEDIR})
# 0.x releases are compatible only within one minor version.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/wardenConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/wardenConfig.cmake ${PROJECT_BINARY_DIR}/wardenConfigVersion.cmake
  DESTINATION ${WARDEN_INSTALL_CMAKEDIR})

# warden.pc is written at install time so that it names the prefix actually installed to
# (cmake --install --prefix may differ from the configured CMAKE_INSTALL_PREFIX).
install(CODE "
  set(WARDEN_PC_PREFIX \"\${CMAKE_INSTALL_PREFIX}\")
  set(WARDEN_PC_LIBDIR \"${CMAKE_INSTALL_LIBDIR}\")
  set(WARDEN_PC_INCLUDEDIR \"${CMAKE_INSTALL_INCLUDEDIR}\")
  if(NOT IS_ABSOLUTE \"\${WARDEN_PC_LIBDIR}\")
    set(WARDEN_PC_LIBDIR \"\\\${prefix}/\${WARDEN_PC_LIBDIR}\")
  endif()
  if(NOT IS_ABSOLUTE \"\${WARDEN_PC_INCLUDEDIR}\")
    set(WARDEN_PC_INCLUDEDIR \"\\\${prefix}/\${WARDEN_PC_INCLUDEDIR}\")
  endif()
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  configure_file(\"${PROJECT_SOURCE_DIR}/warden.pc.in\" \"${PROJECT_BINARY_DIR}/warden.pc\" @ONLY)
")
install(FILES ${PROJECT_BINARY_DIR}/warden.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
