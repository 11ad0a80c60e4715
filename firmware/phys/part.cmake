# Physical memory part of the firmware: page array, segments and buddy allocator, the kernel
# heap, the host HAL backend (library vmcfw_hal_host), their tests, and the install rules with
# the pkg-config file. Included by firmware/CMakeLists.txt after it defines vmcfw.
set(VMCFW_PHYS_DIR ${CMAKE_CURRENT_LIST_DIR})
set(VMCFW_HAL_HOST_DIR ${CMAKE_CURRENT_SOURCE_DIR}/hal/host)

target_sources(vmcfw PRIVATE
  ${VMCFW_PHYS_DIR}/los_vm_assert.c
  ${VMCFW_PHYS_DIR}/los_vm_boot.c
  ${VMCFW_PHYS_DIR}/los_vm_phys_seg.c
  ${VMCFW_PHYS_DIR}/los_vm_phys_buddy.c
  ${VMCFW_PHYS_DIR}/los_vm_phys_alloc.c
  ${VMCFW_PHYS_DIR}/los_vm_phys_info.c
  ${VMCFW_PHYS_DIR}/los_kheap.c
  ${VMCFW_PHYS_DIR}/los_memory.c)

# The host backend of hal.h: RAM is an mmap'd host block (vmcram, util/, which the
# co-simulation's RAM uses too), registers a plain array, every call can be logged. Link vmcfw
# with exactly one backend.
add_library(vmcfw_hal_host STATIC
  ${VMCFW_HAL_HOST_DIR}/hal_host_ram.c
  ${VMCFW_HAL_HOST_DIR}/hal_host_regs.c
  ${VMCFW_HAL_HOST_DIR}/hal_host_log.c)
target_include_directories(vmcfw_hal_host PUBLIC
  $<BUILD_INTERFACE:${VMCFW_HAL_HOST_DIR}>
  $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/vmcfw>)
target_link_libraries(vmcfw_hal_host PUBLIC vmcarch vmcram)
vmcosim_warnings(vmcfw_hal_host)

# ---- Install: libraries, headers under include/vmcfw, pkg-config file -----------------------
# Everything goes into the component "vmcfw", so `cmake --install . --component vmcfw` works
# from a build that built only the firmware. The architecture headers the firmware headers
# include (vmcosim/...) are installed beside them so -I<prefix>/include/vmcfw is enough.
install(TARGETS vmcfw vmcfw_hal_host EXPORT vmcosimTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT vmcfw)
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/vmcfw COMPONENT vmcfw
  FILES_MATCHING PATTERN "*.h" PATTERN "*_pri.h" EXCLUDE)
install(FILES ${VMCFW_HAL_HOST_DIR}/hal_host.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/vmcfw COMPONENT vmcfw)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/arch/include/vmcosim
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/vmcfw COMPONENT vmcfw
  FILES_MATCHING PATTERN "*.h")
# The .pc file finds its prefix from its own location, so it stays right for any --prefix.
file(RELATIVE_PATH VMCFW_PC_TO_PREFIX "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
string(REGEX REPLACE "/$" "" VMCFW_PC_TO_PREFIX "${VMCFW_PC_TO_PREFIX}")
configure_file(${VMCFW_PHYS_DIR}/vmcfw.pc.in ${CMAKE_CURRENT_BINARY_DIR}/vmcfw.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/vmcfw.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT vmcfw)

include(${PROJECT_SOURCE_DIR}/firmware/test/phys/tests.cmake)
