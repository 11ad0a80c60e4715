// vmcprobe's input files (formats: docs/probe.md). Every error is an InputError whose message
// names the file and, for the text files, the line.
#ifndef VMCOSIM_RTL_PROBE_INPUT_H
#define VMCOSIM_RTL_PROBE_INPUT_H

#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "phys_mem.h"
#include "vmcosim/mmu_model.h"
#include "vmcosim/mmu_regs.h"

namespace vmcprobe {

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Regs {
  uint32_t sctlr = MMU_SCTLR_M, ttbr0 = 0, ttbr1 = 0, ttbcr = 0, dacr = 0, contextidr = 0;
};

struct Access {
  uint32_t va;
  vmc_access_kind kind;
  bool priv;
};

// A 32-bit number: 0x hex or decimal, nothing else on the token.
bool parse_u32(const std::string &s, uint32_t &out);

// FILE or FILE@BASE: raw little-endian bytes placed at BASE (default 0).
void load_image(const std::string &spec, vmc::PhysMem &mem);
// The bytes of in placed at base; name is the file's name for messages.
void read_image(std::istream &in, const std::string &name, uint32_t base, vmc::PhysMem &mem);

Regs load_regs(const std::string &path);
std::vector<Access> load_accesses(const std::string &path);
// The same from lines already read; name is the file's name for messages.
std::vector<std::string> read_lines(std::istream &in);
Regs parse_regs(const std::string &name, const std::vector<std::string> &lines);
std::vector<Access> parse_accesses(const std::string &name, const std::vector<std::string> &lines);

}  // namespace vmcprobe

#endif
