// RandomWorld: random page tables over a PhysMem (both TTBRs' level-1 tables, level-2 tables,
// every descriptor type and fault), random VAs with a hot set, and leaf rewrites that keep the
// B3.10 rules without maintenance. Shared by the seeded random rtl benches (test_random.cpp,
// test_cluster.cpp).
#ifndef VMCOSIM_RTL_TESTS_RANDOM_WORLD_H
#define VMCOSIM_RTL_TESTS_RANDOM_WORLD_H

#include <cstdint>
#include <random>
#include <vector>

#include "bench_util.h"

namespace vmc {

struct Leaf {
  uint32_t va;        // a VA the leaf maps
  uint32_t addr;      // address of the (first) descriptor
  unsigned copies;    // 1, or 16 for large pages and supersections
  int kind;           // 0 section, 1 supersection, 2 small, 3 large, 4 fault in an L2 table
};

class RandomWorld {
public:
  RandomWorld(PhysMem &mem, uint64_t seed) : mem_(mem), rng_(seed) {}

  uint32_t rnd(uint32_t n) { return n ? uint32_t(rng_() % n) : 0; }
  bool chance(unsigned pct) { return rnd(100) < pct; }

  uint32_t random_attr_bits(bool l2, bool large) {
    uint32_t d = 0;
    const uint32_t ap = rnd(8);
    // AP[0] set most of the time so that AFE = 1 phases still translate.
    const uint32_t ap0 = chance(85) ? 1u : (ap & 1u);
    if (!l2) {
      d |= (ap & 4 ? VMSA_SECT_AP2 : 0) | (((ap & 2) | ap0) << VMSA_SECT_AP10_SHIFT) |
           (rnd(8) << VMSA_SECT_TEX_SHIFT) | (chance(50) ? VMSA_SECT_C : 0) |
           (chance(50) ? VMSA_SECT_B : 0) | (chance(50) ? VMSA_SECT_S : 0) |
           (chance(20) ? VMSA_SECT_XN : 0);
    } else {
      d |= (ap & 4 ? VMSA_L2_AP2 : 0) | (((ap & 2) | ap0) << VMSA_L2_AP10_SHIFT) |
           (chance(50) ? VMSA_L2_C : 0) | (chance(50) ? VMSA_L2_B : 0) |
           (chance(50) ? VMSA_L2_S : 0);
      if (large) d |= (rnd(8) << VMSA_LARGE_TEX_SHIFT) | (chance(20) ? VMSA_LARGE_XN : 0);
      else d |= (rnd(8) << VMSA_SMALL_TEX_SHIFT) | (chance(20) ? VMSA_SMALL_XN : 0);
    }
    return d;
  }

  uint32_t leaf_desc(int kind, bool ng) {
    const uint32_t pa = uint32_t(rng_());
    switch (kind) {
    case 0:
      return (pa & VMSA_SECT_BASE_MASK) | random_attr_bits(false, false) |
             (rnd(16) << VMSA_L1_DOMAIN_SHIFT) | (ng ? VMSA_SECT_NG : 0) | VMSA_L1_TYPE_SECTION;
    case 1:
      return (pa & VMSA_SUPERSECT_BASE_MASK) | random_attr_bits(false, false) |
             (ng ? VMSA_SECT_NG : 0) | VMSA_SECT_SUPER | VMSA_L1_TYPE_SECTION;
    case 2:
      return (pa & VMSA_SMALL_BASE_MASK) | random_attr_bits(true, false) | (ng ? VMSA_L2_NG : 0) |
             VMSA_L2_SMALL_BIT;
    default:
      return (pa & VMSA_LARGE_BASE_MASK) | random_attr_bits(true, true) | (ng ? VMSA_L2_NG : 0) |
             VMSA_L2_TYPE_LARGE;
    }
  }

  // Fills the two L1 tables (TTBR0's and TTBR1's, independent contents) over a set of MiB
  // slots; the rest of each table faults.
  void build(unsigned mib_slots) {
    // Slots cluster at both ends of the address space so both TTBRs see use for any N; both
    // tables map every slot, with independent contents.
    for (unsigned i = 0; i < mib_slots; i++) {
      uint32_t mb = chance(50) ? rnd(64) : 4096 - 1 - rnd(64);
      if (chance(20)) mb = rnd(4096);
      slots_.push_back(mb);
    }
    for (unsigned t = 0; t < 2; t++) {
      const uint32_t l1 = t ? kL1Base1 : kL1Base0;
      for (uint32_t mb : slots_) {
        const uint32_t slot = l1 + (mb << 2);
        if (mem_.read32(slot) != 0) continue;
        const unsigned r = rnd(100);
        const bool ng = chance(40);
        if (r < 8) {
          // fault
        } else if (r < 11) {
          mem_.write32(slot, 0x3u | (uint32_t(rng_()) & ~3u));   // reserved type 11
        } else if (r < 36) {
          const uint32_t d = leaf_desc(0, ng);
          mem_.write32(slot, d);
          leaves_.push_back({mb << 20, slot, 1, 0});
        } else if (r < 42) {
          const uint32_t first = l1 + ((mb & ~15u) << 2);
          bool free = true;
          for (unsigned k = 0; k < 16; k++) free = free && mem_.read32(first + 4 * k) == 0;
          if (!free) continue;
          const uint32_t d = leaf_desc(1, ng);
          for (unsigned k = 0; k < 16; k++) mem_.write32(first + 4 * k, d);
          leaves_.push_back({(mb & ~15u) << 20, first, 16, 1});
        } else {
          const uint32_t l2 = next_l2_;
          next_l2_ += VMSA_L2_TABLE_BYTES;
          mem_.write32(slot, l2 | (rnd(16) << VMSA_L1_DOMAIN_SHIFT) | VMSA_L1_TYPE_PAGE_TABLE);
          for (unsigned e = 0; e < 256;) {
            const unsigned k = rnd(100);
            if (k < 20) {
              leaves_.push_back({(mb << 20) | (e << 12), l2 + 4 * e, 1, 4});
              e++;
            } else if (k < 75 || (e & 15) != 0) {
              mem_.write32(l2 + 4 * e, leaf_desc(2, chance(40)));
              leaves_.push_back({(mb << 20) | (e << 12), l2 + 4 * e, 1, 2});
              e++;
            } else {
              const uint32_t d = leaf_desc(3, chance(40));
              for (unsigned c = 0; c < 16; c++) mem_.write32(l2 + 4 * (e + c), d);
              leaves_.push_back({(mb << 20) | (e << 12), l2 + 4 * e, 16, 3});
              e += 16;
            }
          }
        }
      }
    }
    for (unsigned i = 0; i < 64; i++) hot_.push_back(leaf_va());
  }

  // A VA inside a mapped leaf (of either table), at a random offset within its page.
  uint32_t leaf_va() {
    if (leaves_.empty()) return random_va();
    const Leaf &l = leaves_[rnd(uint32_t(leaves_.size()))];
    const uint32_t span = l.kind == 1 ? 0x1000000u : l.kind == 0 ? 0x100000u
                          : l.kind == 3 ? 0x10000u : 0x1000u;
    return l.va + (uint32_t(rng_()) & (span - 1));
  }

  // Rewrites one leaf with new attributes and PA, keeping its type, size and nG (so no
  // maintenance is needed for the TLB to stay consistent, only stale), or turns an L2 fault
  // entry into a small page.
  void mutate() {
    if (leaves_.empty()) return;
    Leaf &l = leaves_[rnd(uint32_t(leaves_.size()))];
    const uint32_t old = mem_.read32(l.addr);
    uint32_t d;
    switch (l.kind) {
    case 0: d = leaf_desc(0, old & VMSA_SECT_NG); break;
    case 1: d = leaf_desc(1, old & VMSA_SECT_NG); break;
    case 2: d = chance(15) ? 0u : leaf_desc(2, old & VMSA_L2_NG); break;
    case 3: d = leaf_desc(3, old & VMSA_L2_NG); break;
    default: d = leaf_desc(2, chance(40)); l.kind = 2; break;
    }
    if (l.kind == 2 && d == 0) l.kind = 4;
    for (unsigned c = 0; c < l.copies; c++) mem_.write32(l.addr + 4 * c, d);
  }

  uint32_t random_va() {
    if (slots_.empty() || chance(3)) return uint32_t(rng_());
    return (slots_[rnd(uint32_t(slots_.size()))] << 20) | (uint32_t(rng_()) & 0xFFFFFu);
  }
  uint32_t next_va() {
    if (chance(75)) return (hot_[rnd(uint32_t(hot_.size()))] & ~0xFFFu) | (rnd(4096) & ~3u);
    const uint32_t va = chance(60) ? leaf_va() : random_va();
    if (chance(30)) hot_[rnd(uint32_t(hot_.size()))] = va;
    return va;
  }

  std::mt19937_64 &rng() { return rng_; }

private:
  PhysMem &mem_;
  std::mt19937_64 rng_;
  std::vector<uint32_t> slots_;
  std::vector<Leaf> leaves_;
  std::vector<uint32_t> hot_;
  uint32_t next_l2_ = kL2Pool;
};

}  // namespace vmc

#endif
