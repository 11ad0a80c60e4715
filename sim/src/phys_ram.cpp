#include "phys_ram.h"

#include <stdexcept>
#include <string>
#include <sys/mman.h>

namespace vmcsim {

PhysRam::PhysRam(uint32_t base, uint32_t size) : base_(base), size_(size) {
  if (size == 0 || (base & 0xFFFu) || (size & 0xFFFu) || uint64_t(base) + size > (1ull << 32))
    throw std::runtime_error("RAM must be 4 KiB aligned, non-empty and inside 4 GiB");
  void *p = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    throw std::runtime_error("cannot reserve " + std::to_string(size >> 20) + " MiB of RAM");
  mem_ = static_cast<uint8_t *>(p);
}

PhysRam::~PhysRam() { munmap(mem_, size_); }

}  // namespace vmcsim
