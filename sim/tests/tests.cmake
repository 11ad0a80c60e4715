# End-to-end tests of vmcosim (label cosim): sim/tests/cosim_test.py CASE. Each case works in
# its own folder under the build directory. Python 3 with python3-jsonschema (Debian) runs
# them; /usr/bin/python3 is used so that Debian's jsonschema is found.
find_program(VMCOSIM_PYTHON3 NAMES python3 HINTS /usr/bin)
if(NOT VMCOSIM_PYTHON3)
  message(WARNING "sim/: python3 not found; the cosim tests are not registered")
  return()
endif()
set(_cases
  fault.demand_zero fault.segv_continue fault.segv_skip_process fault.segv_stop
  fault.permission fault.oom
  mm.munmap mm.mprotect map.sections_vs_pages real.sort_exact real.gzip_exact
  proc.asid proc.fork_cow
  functional.equals_rtl lockstep.bundled lockstep.configs lockstep.latency lockstep.divergence
  stats.schema stats.retries stats.deterministic stats.double_hit_check stats.skip_idle stats.runs stats.warmup stats.warmup_option stats.host_window stats.frag_every stats.mmu_counters
  stats.systemc_time
  wave.window wave.window_gap wave.trigger wave.trigger_maint wave.vcd wave.gtkw_signals wave.gtkw_per_run
  cli.help cli.bad_options cli.bad_trace cli.one_core_only cli.sigint cli.stats_stdout cli.outdir_config stats.summary_text)
foreach(c IN LISTS _cases)
  string(REPLACE "." "_" _fn "${c}")
  vmcosim_add_test(NAME cosim.${c} LABEL cosim
    COMMAND ${VMCOSIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/cosim_test.py ${_fn}
            --vmcosim $<TARGET_FILE:vmcosim> --vmctrace $<TARGET_FILE:vmctrace>
            --work ${CMAKE_CURRENT_BINARY_DIR}/cosim/${c} --source ${PROJECT_SOURCE_DIR})
endforeach()

# Hostile inputs (issue 12): sim/tests/hostile_test.py CASE, same arguments.
foreach(c numbers stats_outputs wave_outputs non_utf8_path results_reproducible oom_warmup)
  vmcosim_add_test(NAME cosim.hostile.${c} LABEL cosim
    COMMAND ${VMCOSIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/hostile_test.py ${c}
            --vmcosim $<TARGET_FILE:vmcosim> --vmctrace $<TARGET_FILE:vmctrace>
            --work ${CMAKE_CURRENT_BINARY_DIR}/hostile/${c} --source ${PROJECT_SOURCE_DIR})
endforeach()


# Configuration sets (issue 15): sim/tests/config_set_test.py CASE, same arguments.
foreach(c equals_separate faults bad_options sigint)
  vmcosim_add_test(NAME cosim.config_set.${c} LABEL cosim
    COMMAND ${VMCOSIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/config_set_test.py ${c}
            --vmcosim $<TARGET_FILE:vmcosim> --vmctrace $<TARGET_FILE:vmctrace>
            --work ${CMAKE_CURRENT_BINARY_DIR}/config_set/${c} --source ${PROJECT_SOURCE_DIR})
endforeach()

# Several cores (vmcosim --cores N): sim/tests/multicore_test.py CASE, same arguments.
foreach(c unmap_then_fault broadcast_all deterministic one_core_identical rtl wave wave_trigger
          wave_trigger_maint wave_outputs bad maintenance_counted config_replay)
  vmcosim_add_test(NAME cosim.cores.${c} LABEL cosim
    COMMAND ${VMCOSIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/multicore_test.py cores_${c}
            --vmcosim $<TARGET_FILE:vmcosim> --vmctrace $<TARGET_FILE:vmctrace>
            --work ${CMAKE_CURRENT_BINARY_DIR}/cores/${c} --source ${PROJECT_SOURCE_DIR})
endforeach()

# The cluster engine (vmcosim --rtl-cluster) and the shared level-2 TLB (--l2tlb-shared):
# sim/tests/cluster_engine_test.py CASE, same arguments.
foreach(c rtl_cluster_identical rtl_cluster_lockstep rtl_cluster_bad rtl_cluster_config rtl_cluster_wave
          l2tlb_shared_equal l2tlb_shared_more_hits l2tlb_shared_bad l2tlb_shared_config)
  vmcosim_add_test(NAME cosim.cores.${c} LABEL cosim
    COMMAND ${VMCOSIM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/tests/cluster_engine_test.py ${c}
            --vmcosim $<TARGET_FILE:vmcosim> --vmctrace $<TARGET_FILE:vmctrace>
            --work ${CMAKE_CURRENT_BINARY_DIR}/cluster/${c} --source ${PROJECT_SOURCE_DIR})
endforeach()
