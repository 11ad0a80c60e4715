# VMCOSIM_SANITIZE builds every target with ASan and UBSan; UBSan findings abort the test
# instead of printing and continuing, so a test cannot pass over undefined behaviour.
if(VMCOSIM_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
  # GCC 12 with -fsanitize=address reports false -Wmaybe-uninitialized warnings inside
  # libstdc++ (std::regex's std::function members; GCC PR 105616). Only the sanitizer build is
  # affected; the normal build keeps the warning on for our C++.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-Wno-maybe-uninitialized>)
  endif()
endif()
