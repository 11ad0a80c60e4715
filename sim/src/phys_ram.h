// Physical memory of the simulated machine: one sparse host block (mmap MAP_NORESERVE, so a
// large RAM costs only the pages touched; vmcutil/ram_block.h, which the firmware's host HAL
// backend uses too) shared by the walker's read port and the firmware's HAL, and the latency
// model of the walker's reads.
#ifndef VMCOSIM_SIM_PHYS_RAM_H
#define VMCOSIM_SIM_PHYS_RAM_H

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "vmcutil/ram_block.h"

namespace vmcsim {

class PhysRam {
public:
  // base and size 4 KiB aligned, inside the 32-bit space; throws std::runtime_error otherwise.
  PhysRam(uint32_t base, uint32_t size);
  ~PhysRam();
  PhysRam(const PhysRam &) = delete;
  PhysRam &operator=(const PhysRam &) = delete;

  uint32_t base() const { return block_.base; }
  uint32_t size() const { return block_.size; }
  bool contains(uint32_t pa, size_t len) const { return vmc_ram_block_contains(&block_, pa, len); }
  // Host address of pa (caller checked contains()).
  uint8_t *at(uint32_t pa) const { return block_.mem + (pa - block_.base); }
  const vmc_ram_block &block() const { return block_; }

  // The walker's read: the word at pa, 0 (a fault descriptor) outside RAM.
  uint32_t read32(uint32_t pa) const {
    pa &= ~3u;
    if (!contains(pa, 4)) return 0;
    uint32_t v;
    std::memcpy(&v, at(pa), 4);
    return v;
  }
  // vmc_read32_fn for the reference model.
  static uint32_t read_cb(void *ctx, uint32_t pa) {
    return static_cast<const PhysRam *>(ctx)->read32(pa);
  }

private:
  vmc_ram_block block_{nullptr, 0, 0};
};

// Latency of one walker read in cycles: fixed (min == max) or uniform in min..max from a
// seeded generator (xorshift64*, so results are the same on every host).
class Latency {
public:
  Latency(unsigned min, unsigned max, uint64_t seed)
      : min_(min), span_(max - min + 1), s_(seed * 0x9E3779B97F4A7C15ull | 1) {}
  unsigned next() {
    if (span_ == 1) return min_;
    s_ ^= s_ >> 12;
    s_ ^= s_ << 25;
    s_ ^= s_ >> 27;
    return min_ + unsigned(((s_ * 0x2545F4914F6CDD1Dull) >> 32) % span_);
  }
  unsigned min() const { return min_; }
  unsigned max() const { return min_ + span_ - 1; }

private:
  unsigned min_, span_;
  uint64_t s_;
};

}  // namespace vmcsim

#endif
