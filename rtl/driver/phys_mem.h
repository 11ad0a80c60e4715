// A sparse physical memory of 32-bit little-endian words for the Verilated MMU benches and
// vmcprobe: the store the page-table walker reads through the memory port, and the reference
// model's read callback.
#ifndef VMCOSIM_RTL_PHYS_MEM_H
#define VMCOSIM_RTL_PHYS_MEM_H

#include <cstdint>
#include <unordered_map>

namespace vmc {

class PhysMem {
public:
  // Unwritten words read as 0 (a fault descriptor).
  uint32_t read32(uint32_t pa) const {
    auto it = words_.find(pa & ~3u);
    return it == words_.end() ? 0u : it->second;
  }
  void write32(uint32_t pa, uint32_t value) { words_[pa & ~3u] = value; }
  void clear() { words_.clear(); }
  // Model callback (vmc_read32_fn).
  static uint32_t read_cb(void *ctx, uint32_t pa) {
    return static_cast<const PhysMem *>(ctx)->read32(pa);
  }

private:
  std::unordered_map<uint32_t, uint32_t> words_;
};

}  // namespace vmc

#endif
