# What `cmake --install` adds to the parts' own rules, so that an installed prefix runs the
# workflow (docs/user-guide.md#installing): a CMake package for the reference model and the
# firmware (find_package(vmcmodel), find_package(vmcfw)), the statistics schema, the GTKWave
# files, the bundled traces and the bench scripts with a `vmcosim-bench` command for the main job.
# Included by the top CMakeLists.txt after every folder; everything here is component "vmcosim".
set(_share ${CMAKE_INSTALL_DATADIR}/vmcosim)

# One export set for the libraries that share the architecture headers (vmcarch).
install(EXPORT vmcosimTargets NAMESPACE vmcosim:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/vmcosim
        COMPONENT vmcosim)
foreach(_pkg vmcmodel vmcfw)
  install(FILES ${PROJECT_SOURCE_DIR}/cmake/${_pkg}Config.cmake
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/${_pkg} COMPONENT vmcosim)
endforeach()

install(FILES ${PROJECT_SOURCE_DIR}/docs/stats-schema.json ${PROJECT_SOURCE_DIR}/docs/vmcosim.gtkw
              ${PROJECT_SOURCE_DIR}/docs/gtkwave-zoom-fit.tcl
        DESTINATION ${_share} COMPONENT vmcosim)
# The bench scripts find the bundled traces at ../../traces/bundled from their own folder, as
# in the checkout, and the project version in VERSION (there is no git checkout to describe).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/traces/bundled DESTINATION ${_share}/traces COMPONENT vmcosim
        FILES_MATCHING PATTERN "*.vmt" PATTERN "*.vmt.gz" PATTERN "*.vmtb" PATTERN "*.vmtb.gz")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/bench/scripts DESTINATION ${_share}/bench COMPONENT vmcosim
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/bench/suites DESTINATION ${_share}/bench COMPONENT vmcosim)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/bench/main-job.sh DESTINATION ${_share}/bench COMPONENT vmcosim)
file(CONFIGURE OUTPUT ${PROJECT_BINARY_DIR}/install/VERSION CONTENT "${PROJECT_VERSION}\n")
install(FILES ${PROJECT_BINARY_DIR}/install/VERSION DESTINATION ${_share} COMPONENT vmcosim)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/bench/vmcosim-bench DESTINATION ${CMAKE_INSTALL_BINDIR}
        COMPONENT vmcosim)
