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

#include "mmu_ports.h"
#include "phys_mem.h"

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

// What a bench sees of one request beyond the contract's response (mmu_ports.h's Xlat).
struct RtlSideband {
  uint64_t accept_cycle = 0, rsp_cycle = 0;   // edges counted from reset
  bool other_l1_filled = false;   // the other side's L1 TLB filled (mmu_ports.h): never right
  uint64_t latency() const { return rsp_cycle - accept_cycle; }
};

struct RtlReq {
  uint32_t va = 0;
  vmc_access_kind kind = VMC_ACCESS_READ;
  bool priv = true;
};

class MmuDriver {
public:
  // The configuration is checked by vmc_mmu_config_check against the build's maxima
  // (max_limits()); std::runtime_error names the field otherwise.
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

  // Responses are read in full (read_response); the sideband of the last one is in last().
  Xlat translate(uint32_t va, vmc_access_kind kind, bool priv);
  // Offers the requests back to back (the next one in the cycle after acceptance, or after
  // gap_pct% random idle cycles) and returns the responses in order (their sidebands in
  // *sideband when given).
  std::vector<Xlat> stream(const std::vector<RtlReq> &reqs, unsigned gap_pct = 0,
                           std::vector<RtlSideband> *sideband = nullptr);
  const RtlSideband &last() const { return last_; }

  // Runs idle cycles.
  void idle(unsigned cycles);
  // One clock cycle with the inputs as the caller left them on top() (memory model included),
  // for benches that drive the ports by hand.
  void tick() { step(); }

  uint64_t cycle() const { return cycle_; }
  // Sum of Xlat::walk_cycles over all requests since reset (the bench's own count).
  uint64_t walk_cycles_seen() const { return walk_cycles_seen_; }
  Vmmu_top &top() { return *top_; }

private:
  void step();        // one clock cycle with the inputs as set; runs the memory model
  void settle();      // evaluates with the clock low (no dump)
  Xlat capture(vmc_access_kind kind) const;

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

  RtlSideband last_;

  WalkerMemory mem_port_;
  unsigned mem_reads_ = 0;     // reads accepted during the current request
  bool walk_seen_ = false;     // a memory request was raised during the current request
  unsigned walk_cycles_ = 0;
};

// The contract's text form ("1x32:plru", "none") read by vmc_mmu_config_parse_tlb; throws
// std::runtime_error with its message, which names the field and the value.
vmc_tlb_geom parse_tlb_geom(const std::string &text);

}  // namespace vmc

#endif
