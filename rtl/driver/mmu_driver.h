// MmuDriver: drives the Verilated mmu_top cycle by cycle without SystemC: static
// configuration, the APB-like register port, the translation port (one request at a time or a
// back-to-back stream) and a physical memory behind the walker's read port with random
// latency and request back-pressure. Used by the rtl benches and by vmcprobe.
#ifndef VMCOSIM_RTL_MMU_DRIVER_H
#define VMCOSIM_RTL_MMU_DRIVER_H

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "phys_mem.h"
#include "vmcosim/mmu_model.h"

class Vmmu_top;
class VerilatedContext;
class VerilatedFstC;

namespace vmc {

// Timing of the walker's memory: a read is accepted when ready (busy with probability
// stall_pct per cycle) and answered latency_min..latency_max cycles after acceptance.
struct MemTiming {
  unsigned latency_min = 1;
  unsigned latency_max = 1;
  unsigned stall_pct = 0;
};

// What one TLB level did during a request (fills are only reported by the RTL).
struct RtlTlbEvent {
  bool filled = false;
  bool evicted = false;
  uint32_t set = 0, way = 0;
};

// Everything the RTL answered for one request.
struct RtlResp {
  uint32_t va = 0;
  uint32_t pa = 0;
  int fault = 0;          // vmc_fault_kind
  uint32_t fs = 0, fsr = 0;
  int size = 0;           // vmsa_page_size
  int hit_level = 0;      // vmc_hit_level
  vmc_attrs attrs{};
  RtlTlbEvent itlb, dtlb, l2;
  uint64_t accept_cycle = 0, rsp_cycle = 0;
  unsigned mem_reads = 0;     // memory reads accepted for this request
  unsigned walk_cycles = 0;   // first memory request cycle .. response cycle, both included
};

struct RtlReq {
  uint32_t va = 0;
  vmc_access_kind kind = VMC_ACCESS_READ;
  bool priv = true;
};

class MmuDriver {
public:
  // The configuration must satisfy vmc_mmu_config_check and the build's maxima (max_limits()).
  // strict_hits turns on the RTL's one-hot-hit assertion (chk_onehot_i): right for software
  // that does the maintenance B3.10 requires.
  MmuDriver(const vmc_mmu_config &cfg, PhysMem &mem, MemTiming timing = {}, uint64_t seed = 1,
            bool strict_hits = true);
  ~MmuDriver();
  MmuDriver(const MmuDriver &) = delete;
  MmuDriver &operator=(const MmuDriver &) = delete;

  static vmc_mmu_limits max_limits();

  void reset();
  void set_timing(const MemTiming &t) { timing_ = t; }
  // Dumps an FST waveform of everything from now on to path.
  void trace_to(const std::string &path);

  void reg_write(uint32_t offset, uint32_t value);
  uint32_t reg_read(uint32_t offset);

  RtlResp translate(uint32_t va, vmc_access_kind kind, bool priv);
  // Offers the requests back to back (the next one in the cycle after acceptance, or after
  // gap_pct% random idle cycles) and returns the responses in order.
  std::vector<RtlResp> stream(const std::vector<RtlReq> &reqs, unsigned gap_pct = 0);

  // Runs idle cycles.
  void idle(unsigned cycles);
  // One clock cycle with the inputs as the caller left them on top() (memory model included),
  // for benches that drive the ports by hand.
  void tick() { step(); }

  uint64_t cycle() const { return cycle_; }
  // Sum of RtlResp::walk_cycles over all requests since reset (the bench's own count).
  uint64_t walk_cycles_seen() const { return walk_cycles_seen_; }
  Vmmu_top &top() { return *top_; }

private:
  void drive_config();
  void step();        // one clock cycle with the inputs as set; runs the memory model
  RtlResp capture() const;

  vmc_mmu_config cfg_;
  PhysMem &mem_;
  MemTiming timing_;
  std::mt19937_64 rng_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vmmu_top> top_;
  std::unique_ptr<VerilatedFstC> fst_;
  uint64_t cycle_ = 0;
  uint64_t walk_cycles_seen_ = 0;
  bool strict_hits_ = true;

  // memory model state
  bool mem_busy_ = false;      // a read accepted and not yet answered
  unsigned mem_countdown_ = 0;
  uint32_t mem_addr_ = 0;
  unsigned mem_reads_ = 0;     // reads accepted during the current request
  bool walk_seen_ = false;     // a memory request was raised during the current request
  unsigned walk_cycles_ = 0;
};

// Reads the contract's text form ("1x32:plru", "none"); throws std::runtime_error with a
// message naming the field on error. Needs no model library.
vmc_tlb_geom parse_tlb_geom(const std::string &text);
std::string format_tlb_geom(const vmc_tlb_geom &g);

}  // namespace vmc

#endif
