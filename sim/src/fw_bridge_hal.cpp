#include "fw_bridge_hal.h"

extern "C" {
#include "hal.h"
}

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace vmcsim {

static_assert(int(kPartOther) == HAL_PART_OTHER && int(kPartAlloc) == HAL_PART_ALLOC &&
                  int(kPartPgTable) == HAL_PART_PGTABLE && int(kPartTlb) == HAL_PART_TLB &&
                  int(kCostParts) == HAL_PART_COUNT,
              "CostPart mirrors hal.h's HalCostPart");

namespace {

struct HalState {
  PhysRam *ram = nullptr;
  MmuBackend *mmu = nullptr;
  CostModel cost;
  HalCounters cnt;
  HalCostPart part = HAL_PART_OTHER;
  HalMemConfig memcfg{0, 0};
  uint64_t maint_k = 0, maint_seen = 0, maint_cycle = UINT64_MAX;
  unsigned cpu = 0, cpus = 1;   // the core the firmware runs on, and how many there are
  uint64_t (*sync_wait)(void *) = nullptr;
  void *sync_ctx = nullptr;
  uint64_t (*maint_clock)(void *) = nullptr;
  void *maint_clock_ctx = nullptr;
};

HalState g;

// The host address of [pa, pa + len); the firmware only touches RAM it allocated, so an access
// outside is a firmware bug: stop with the address.
inline uint8_t *ram_at(const char *what, uint32_t pa, size_t len) {
  return vmc_ram_block_at(&g.ram->block(), "vmcosim (firmware)", what, pa, len);
}

inline void charge_words(size_t bytes) {
  const uint64_t words = (bytes + 3) / 4;
  g.cnt.mem_words += words;
  g.cnt.cycles[g.part] += words * g.cost.mem_word;
}

// The kind (kTlbiName's index) of a TLB maintenance command register, -1 for any other
// register. A broadcast command counts as its local kind: it is the firmware's maintenance
// all the same (the broadcasts by kind are in the statistics' cores.shootdowns).
int tlbi_kind(UINT32 offset) {
  switch (offset) {
    case MMU_REG_TLBIALL: case MMU_REG_TLBIALLIS: return 0;
    case MMU_REG_TLBIMVA: case MMU_REG_TLBIMVAIS: return 1;
    case MMU_REG_TLBIASID: case MMU_REG_TLBIASIDIS: return 2;
    case MMU_REG_TLBIMVAA: case MMU_REG_TLBIMVAAIS: return 3;
    default: return -1;
  }
}

}  // namespace

void hal_bind(PhysRam *ram, MmuBackend *mmu, const CostModel &cost) {
  g.ram = ram;
  g.mmu = mmu;
  g.cost = cost;
  g.cnt = HalCounters{};
  g.part = HAL_PART_OTHER;
  g.memcfg.ramBase = ram ? ram->base() : 0;
  g.memcfg.ramSize = ram ? ram->size() : 0;
  g.cpu = 0;
  g.cpus = 1;
  g.sync_wait = nullptr;
  g.sync_ctx = nullptr;
}

HalCounters &hal_counters() { return g.cnt; }

void hal_set_cpu(unsigned cpu, unsigned cpus) {
  g.cpu = cpu;
  g.cpus = cpus;
}

void hal_set_sync_wait(uint64_t (*wait)(void *ctx), void *ctx) {
  g.sync_wait = wait;
  g.sync_ctx = ctx;
}

void hal_watch_maint(uint64_t k, uint64_t (*clock)(void *ctx), void *ctx) {
  g.maint_k = k;
  g.maint_clock = clock;
  g.maint_clock_ctx = ctx;
}

uint64_t hal_maint_cycle() { return g.maint_cycle; }

void hal_charge(CostPart part, uint64_t cycles) { g.cnt.cycles[part] += cycles; }

}  // namespace vmcsim

using vmcsim::g;

extern "C" {

const HalMemConfig *HalMemConfigGet(VOID) { return &g.memcfg; }

UINT32 HalPhysRead32(PADDR_T pa) {
  vmc_ram_block_word_check("vmcosim (firmware)", "HalPhysRead32", pa);
  UINT32 v;
  std::memcpy(&v, vmcsim::ram_at("HalPhysRead32", pa, 4), 4);
  vmcsim::charge_words(4);
  return v;
}

VOID HalPhysWrite32(PADDR_T pa, UINT32 value) {
  vmc_ram_block_word_check("vmcosim (firmware)", "HalPhysWrite32", pa);
  std::memcpy(vmcsim::ram_at("HalPhysWrite32", pa, 4), &value, 4);
  vmcsim::charge_words(4);
}

VOID HalPhysZero(PADDR_T pa, size_t len) {
  std::memset(vmcsim::ram_at("HalPhysZero", pa, len), 0, len);
  vmcsim::charge_words(len);
}

VOID HalPhysCopy(PADDR_T dst, PADDR_T src, size_t len) {
  uint8_t *d = vmcsim::ram_at("HalPhysCopy (destination)", dst, len);
  const uint8_t *s = vmcsim::ram_at("HalPhysCopy (source)", src, len);
  std::memmove(d, s, len);
  vmcsim::charge_words(2 * len);   // a read and a write per word
}

VOID HalPhysWriteBytes(PADDR_T pa, const VOID *src, size_t len) {
  std::memcpy(vmcsim::ram_at("HalPhysWriteBytes", pa, len), src, len);
  vmcsim::charge_words(len);
}

VOID HalPhysReadBytes(PADDR_T pa, VOID *dst, size_t len) {
  std::memcpy(dst, vmcsim::ram_at("HalPhysReadBytes", pa, len), len);
  vmcsim::charge_words(len);
}

VOID *HalPhysToHost(PADDR_T pa) { return vmc_ram_block_to_host(&g.ram->block(), pa); }

PADDR_T HalHostToPhys(const VOID *p, BOOL *ok) {
  bool inside = false;
  const PADDR_T pa = vmc_ram_block_to_phys(&g.ram->block(), p, &inside);
  if (ok != nullptr) *ok = inside;
  return pa;
}

UINT32 HalRegRead(UINT32 offset) {
  g.cnt.reg_reads++;
  g.cnt.cycles[g.part] += g.cost.reg;
  return g.mmu->reg_read(offset);
}

VOID HalRegWrite(UINT32 offset, UINT32 value) {
  g.cnt.reg_writes++;
  g.cnt.cycles[g.part] += g.cost.reg;
  const int kind = vmcsim::tlbi_kind(offset);
  const bool tlbi = kind >= 0;
  if (tlbi) g.cnt.tlbi[kind]++;
  g.mmu->reg_write(offset, value);
  if (offset == MMU_REG_BCAST_SYNC && g.sync_wait) {
    const uint64_t w = g.sync_wait(g.sync_ctx);
    g.cnt.sync_wait += w;
    g.cnt.cycles[g.part] += w;
  }
  if (tlbi && g.maint_k && ++g.maint_seen == g.maint_k)
    g.maint_cycle = g.maint_clock ? g.maint_clock(g.maint_clock_ctx) : g.mmu->cycles() + g.cnt.total();
}

VOID HalDsb(VOID) {
  g.cnt.barriers++;
  g.cnt.cycles[g.part] += g.cost.barrier;
}

VOID HalIsb(VOID) {
  g.cnt.barriers++;
  g.cnt.cycles[g.part] += g.cost.barrier;
}

UINT32 HalCpuId(VOID) { return g.cpu; }

UINT32 HalCpuCount(VOID) { return g.cpus; }

HalCostPart HalCostPartSet(HalCostPart part) {
  const HalCostPart prev = g.part;
  g.part = part;
  return prev;
}

}  // extern "C"
