#include "phys_ram.h"

#include <stdexcept>
#include <string>

namespace vmcsim {

PhysRam::PhysRam(uint32_t base, uint32_t size) {
  if (size == 0 || (base & 0xFFFu) || (size & 0xFFFu) || uint64_t(base) + size > (1ull << 32))
    throw std::runtime_error("RAM must be 4 KiB aligned, non-empty and inside 4 GiB");
  if (vmc_ram_block_map(&block_, base, size) != 0)
    throw std::runtime_error("cannot reserve " + std::to_string(size >> 20) + " MiB of RAM");
}

PhysRam::~PhysRam() { vmc_ram_block_unmap(&block_); }

}  // namespace vmcsim
