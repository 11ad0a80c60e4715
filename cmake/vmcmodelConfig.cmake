# CMake package of an installed vmcmodel (the MMU's C reference model, docs/model.md):
# find_package(vmcmodel) then link vmcmodel::vmcmodel.
if(NOT TARGET vmcosim::vmcmodel)
  include(${CMAKE_CURRENT_LIST_DIR}/../vmcosim/vmcosimTargets.cmake)
endif()
if(NOT TARGET vmcmodel::vmcmodel)
  add_library(vmcmodel::vmcmodel ALIAS vmcosim::vmcmodel)
endif()
