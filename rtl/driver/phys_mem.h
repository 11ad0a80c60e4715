// A sparse physical memory of 32-bit little-endian words for the Verilated MMU benches and
// vmcprobe: the store the page-table walker reads through the memory port, and the reference
// model's read callback. Stored as 4 KiB pages allocated on the first non-zero write, so an
// image costs about its own size (a hash entry per word cost 12 times that) and zero-filled
// stretches of an image cost nothing.
#ifndef VMCOSIM_RTL_PHYS_MEM_H
#define VMCOSIM_RTL_PHYS_MEM_H

#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>

namespace vmc {

class PhysMem {
public:
  static constexpr unsigned kPageShift = 12;
  static constexpr uint32_t kWordsPerPage = (1u << kPageShift) / 4;

  // Unwritten words read as 0 (a fault descriptor).
  uint32_t read32(uint32_t pa) const {
    const Page *p = find(pa >> kPageShift);
    return p ? (*p)[word_index(pa)] : 0u;
  }
  void write32(uint32_t pa, uint32_t value) {
    Page *p = find(pa >> kPageShift);
    if (!p) {
      if (value == 0) return;  // reads as 0 already: no page needed
      auto &slot = pages_[pa >> kPageShift];
      slot.reset(new Page());  // value-initialised: zeros
      p = slot.get();
    }
    (*p)[word_index(pa)] = value;
  }
  void clear() { pages_.clear(); }
  // Pages holding data (for tests of the sparse storage).
  size_t pages() const { return pages_.size(); }
  // Model callback (vmc_read32_fn).
  static uint32_t read_cb(void *ctx, uint32_t pa) {
    return static_cast<const PhysMem *>(ctx)->read32(pa);
  }

private:
  using Page = std::array<uint32_t, kWordsPerPage>;
  static uint32_t word_index(uint32_t pa) { return (pa >> 2) & (kWordsPerPage - 1); }
  Page *find(uint32_t page_number) const {
    auto it = pages_.find(page_number);
    return it == pages_.end() ? nullptr : it->second.get();
  }
  std::unordered_map<uint32_t, std::unique_ptr<Page>> pages_;
};

}  // namespace vmc

#endif
