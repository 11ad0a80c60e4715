# Warnings for our own code only: -Wall -Wextra, and the build must stay clean of them.
# Third-party headers (Verilator, SystemC) are added as SYSTEM includes by their folders.
function(vmcosim_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:C>:-Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes>
    $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wshadow>)
endfunction()
