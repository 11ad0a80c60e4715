# CMake package of an installed vmcfw (the firmware's memory manager, docs/firmware.md):
# find_package(vmcfw) then link vmcfw::vmcfw and one HAL backend, vmcfw::hal_host.
if(NOT TARGET vmcosim::vmcfw)
  include(${CMAKE_CURRENT_LIST_DIR}/../vmcosim/vmcosimTargets.cmake)
endif()
if(NOT TARGET vmcfw::vmcfw)
  add_library(vmcfw::vmcfw ALIAS vmcosim::vmcfw)
  add_library(vmcfw::hal_host ALIAS vmcosim::vmcfw_hal_host)
endif()
