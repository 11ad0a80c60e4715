# CMake package file of an installed libvmctrace: find_package(vmctrace) then link
# vmctrace::vmctrace.
include(CMakeFindDependencyMacro)
find_dependency(ZLIB)
include(${CMAKE_CURRENT_LIST_DIR}/vmctraceTargets.cmake)
