// A configuration set: several TLB configurations simulated side by side over one pass of the
// trace and one run of the firmware (vmcosim --next-configuration, functional mode). Each
// configuration is a ConfigLane with its own MMU (TLBs, walk cache, walk-latency draws, cycle
// count) and its own statistics; page tables, RAM, OS events and faults are the set's.
// ConfigSetMmu is what the firmware's HAL talks to: register writes, TLB maintenance
// included, reach every configuration, and reads come from configuration 1.
//
// Not to be confused with multi-core's several MMUs, which have registers of their own: the
// configurations of a set share every register.
#ifndef VMCOSIM_SIM_CONFIG_SET_H
#define VMCOSIM_SIM_CONFIG_SET_H

#include <memory>
#include <vector>

#include "mmu_backend.h"
#include "model_mmu.h"
#include "options.h"
#include "stats.h"

namespace vmcsim {

struct ConfigLane {
  ConfigSpec spec;
  MmuBackend *mmu = nullptr;            // own, or the run's single backend (configuration 1)
  ModelMmu *model = nullptr;            // the same in a set (functional mode), else nullptr
  std::unique_ptr<MmuBackend> own;
  bool has_l2tlb = false;
  Stats stats;
  ProcStats *cur_proc = nullptr;        // the current process's statistics in stats
  uint64_t cycles() const;              // hardware + firmware, as a separate run counts them
};

class ConfigSetMmu final : public MmuBackend {
public:
  explicit ConfigSetMmu(std::vector<ConfigLane> &lanes) : lanes_(lanes) {}
  // The harness translates in each lane itself; the firmware never translates.
  void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) override;
  void reg_write(uint32_t offset, uint32_t value) override;
  // Every configuration is read (a read costs each one its register cycles, as in a
  // separate run); a value that differs from configuration 1's is an internal error.
  uint32_t reg_read(uint32_t offset) override;
  uint64_t cycles() const override { return lanes_[0].mmu->cycles(); }
  // The MMU is on (SCTLR.M as last written): translations use the TLBs.
  bool mmu_on() const { return mmu_on_; }

private:
  std::vector<ConfigLane> &lanes_;
  bool mmu_on_ = false;
};

// Repeat hits: an access to the page of its TLB's newest entry (the last page the ITLB, or the
// DTLB, translated), with an access kind and privilege that already went through on that page
// since it became the newest and since the firmware last ran. Every configuration then hits
// its level-1 TLB without a fault, with the same page size, and changes no TLB state (a hit on
// the newest entry moves no LRU or PLRU bit; FIFO and random move on fills only), so the set
// counts such accesses once for all configurations instead of looking them up N times.
class RepeatHits {
public:
  static constexpr int kNone = -1, kKnown = -2;
  // The set's TLBs may have changed in a way not seen here (the firmware ran, or accesses were
  // translated one by one): nothing is known any more.
  void forget() { tlb_[0].valid = tlb_[1].valid = false; }
  // The next access of a run, in order: kNone when it must be translated (it is then assumed
  // to go through; the run ends at the first that does not). Else it is a repeat hit, and the
  // result says where its page size comes from: the translated access `src` of the same run
  // (its index among them), or kKnown with the size in size.
  int classify(const vmc_access_rec &a, int req, uint32_t &size) {
    Newest &t = tlb_[a.op == VMC_OP_FETCH];
    const uint32_t vpn = a.va >> 12, bit = 1u << (a.op * 2 + a.priv);
    if (t.valid && t.vpn == vpn) {
      if (!(t.ok & bit)) {
        t.ok |= bit;
        return kNone;
      }
      size = t.size;
      return t.src;
    }
    t = {true, vpn, bit, req, 0};
    return kNone;
  }
  // After every translation of the run went through: the sizes of the pages they made newest.
  void settle(const Xlat *translated) {
    for (Newest &t : tlb_) {
      if (t.valid && t.src >= 0) {
        t.size = translated[t.src].r.size;
        t.src = kKnown;
      }
    }
  }

private:
  struct Newest {
    bool valid;
    uint32_t vpn;
    uint32_t ok;      // bit op * 2 + priv: went through on this page
    int src;          // the translated access of the current run that made it newest, or kKnown
    uint32_t size;    // the page size, once known
  };
  Newest tlb_[2] = {};   // DTLB, ITLB
};

// Two configurations' answers to the same request must agree on the fault (the page tables
// and every register are the set's). Throws std::runtime_error naming the access otherwise.
void check_same_fault(const Xlat &first, const Xlat &other, size_t lane, uint32_t pid,
                      uint32_t va, vmc_access_kind kind, uint64_t access_no);

}  // namespace vmcsim

#endif
