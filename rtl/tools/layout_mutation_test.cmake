# Proves that arch.layout_agrees notices an edit of any one of its three sources: for each
# source, a copy with one value changed (MMU_REG_DACR 0x014 -> 0x01C) must make the checker
# fail and name the constant. Run with cmake -DCHECKER=... -DC1=... -DC2=... -DSV=... -DDOC=...
# -DWORK=... -P layout_mutation_test.cmake
file(MAKE_DIRECTORY ${WORK})
function(mutate src dst from to)
  file(READ ${src} text)
  string(FIND "${text}" "${from}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "mutation test: '${from}' not found in ${src}")
  endif()
  string(REPLACE "${from}" "${to}" text "${text}")
  file(WRITE ${dst} "${text}")
endfunction()

mutate(${C2} ${WORK}/mmu_regs.h "MMU_REG_DACR         0x014u" "MMU_REG_DACR         0x01Cu")
mutate(${SV} ${WORK}/vmc_arch_consts.svh "MMU_REG_DACR                 = 32'h0000_0014"
                                "MMU_REG_DACR                 = 32'h0000_001C")
mutate(${DOC} ${WORK}/register-map.md "| 0x014 | DACR |" "| 0x01C | DACR |")

foreach(which RANGE 2)
  set(c2 ${C2})
  set(sv ${SV})
  set(doc ${DOC})
  if(which EQUAL 0)
    set(c2 ${WORK}/mmu_regs.h)
  elseif(which EQUAL 1)
    set(sv ${WORK}/vmc_arch_consts.svh)
  else()
    set(doc ${WORK}/register-map.md)
  endif()
  execute_process(COMMAND ${CHECKER} --c ${C1} --c ${c2} --sv ${sv} --doc ${doc}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "MMU_REG_DACR")
    message(FATAL_ERROR "edit ${which} of the layout went unnoticed (rc ${rc}): ${err}")
  endif()
endforeach()
message(STATUS "each single-source edit was caught")
