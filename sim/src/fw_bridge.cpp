#include "fw_bridge.h"

#include <stdexcept>

extern "C" {
#include "hal.h"
#include "los_arch_mmu.h"
#include "los_vm_boot.h"
#include "los_vm_fault.h"
#include "los_vm_layout.h"
#include "los_vm_map.h"
#include "los_vm_phys.h"
}

namespace vmcsim {

namespace {

UINT32 prot_flags(uint8_t prot) {
  UINT32 f = 0;
  if (prot & VMC_PROT_R) f |= VM_MAP_REGION_FLAG_PERM_READ;
  if (prot & VMC_PROT_W) f |= VM_MAP_REGION_FLAG_PERM_WRITE;
  if (prot & VMC_PROT_X) f |= VM_MAP_REGION_FLAG_PERM_EXECUTE;
  return f;
}

std::string errno_text(STATUS_T e) {
  switch (e) {
    case LOS_ERRNO_VM_NOT_FOUND: return "not found";
    case LOS_ERRNO_VM_NO_MEMORY: return "out of memory";
    case LOS_ERRNO_VM_INVALID_ARGS: return "invalid arguments";
    case LOS_ERRNO_VM_ACCESS_DENIED: return "access denied";
    default: return "error " + std::to_string(e);
  }
}

static_assert(PhysFragInfo::kOrders == VM_LIST_ORDER_MAX, "one free-list figure per buddy order");

// What the fault path compares before and after the handler: the firmware's fault counters
// (which one moved says what the handler did) and the HAL's cycles by part.
struct FaultSnapshot {
  LosVmFaultStats fw;
  HalCounters hal;
  static FaultSnapshot now() {
    FaultSnapshot s;
    LOS_VmFaultStatsGet(&s.fw);
    s.hal = hal_counters();
    return s;
  }
};

Outcome resolved_outcome(const LosVmFaultStats &b, const LosVmFaultStats &a) {
  if (a.demandZero != b.demandZero) return kOutDemandZero;
  if (a.cowCopies != b.cowCopies) return kOutCowCopy;   // a private file page's copy reads it too
  if (a.cowReuse != b.cowReuse) return kOutCowReuse;
  if (a.fileRead != b.fileRead) return kOutFileRead;
  if (a.devMapped != b.devMapped) return kOutDevice;
  if (a.spurious != b.spurious) return kOutSpurious;
  return kOutUnhandled;
}

}  // namespace

void FirmwareBridge::boot(int layout_profile, bool large_pages, unsigned cores) {
  if (cores < 1 || cores > kMaxCores) throw std::logic_error("bad number of cores");
  cores_ = cores;
  core_ = 0;
  hal_set_cpu(0, cores);
  if (OsSysMemInit() != LOS_OK) throw std::runtime_error("OsSysMemInit failed: no usable RAM");
  LosVmConfig cfg{};
  cfg.profile = LosVmLayoutProfile(layout_profile);
  cfg.largePages = large_pages;
  const STATUS_T r = OsVmInit(&cfg);
  if (r != LOS_OK) throw std::runtime_error("OsVmInit failed: " + errno_text(r));
  for (unsigned c = 1; c < cores; c++) {
    set_core(c);
    const STATUS_T rc = OsVmSecondaryCpuInit();
    if (rc != LOS_OK) throw std::runtime_error("OsVmSecondaryCpuInit failed: " + errno_text(rc));
  }
  set_core(0);
}

void FirmwareBridge::set_core(unsigned core) {
  if (core == core_) return;
  if (core_hook_) core_hook_(core);
  core_ = core;
  hal_set_cpu(core, cores_);
  region_ = &regions_[core];
}

void FirmwareBridge::leave_on_other_cores(uint32_t pid) {
  const unsigned here = core_;
  for (unsigned c = 0; c < cores_; c++) {
    if (c == here || cur_pid_[c] != pid) continue;
    set_core(c);
    OsVmSpaceSwitch(nullptr);
    cur_pid_[c] = 0;
    cur_space_[c] = nullptr;
  }
  set_core(here);
}

uint32_t FirmwareBridge::asid_of(uint32_t pid) const {
  auto it = spaces_.find(pid);
  return it == spaces_.end() ? 0 : it->second->archMmu.asid;
}

std::string FirmwareBridge::os_event(const vmc_record &rec) {
  for (unsigned c = 0; c < cores_; c++) regions_[c] = {1, 0, kRegionNone};   // regions or the
                                                                             // current space may change
  auto space = [&](uint32_t pid) -> LosVmSpace * {
    auto it = spaces_.find(pid);
    return it == spaces_.end() ? nullptr : it->second;
  };
  const std::string pid_s = "pid " + std::to_string(rec.pid);
  switch (rec.kind) {
    case VMC_CREATE: {
      if (space(rec.pid)) return pid_s + " exists already";
      LosVmSpace *s = OsCreateUserVmSpace();
      if (!s) return "create " + pid_s + ": out of memory or ASIDs";
      spaces_[rec.pid] = s;
      return "";
    }
    case VMC_EXIT: {
      LosVmSpace *s = space(rec.pid);
      if (!s) return "exit of unknown " + pid_s;
      if (cores_ > 1) leave_on_other_cores(rec.pid);
      if (s == cur_space_[core_]) cur_space_[core_] = nullptr;   // LOS_VmSpaceFree switches
      spaces_.erase(rec.pid);
      const STATUS_T r = LOS_VmSpaceFree(s);
      return r == LOS_OK ? "" : "exit " + pid_s + ": " + errno_text(r);
    }
    case VMC_FORK: {
      LosVmSpace *p = space(rec.pid);
      if (!p) return "fork of unknown " + pid_s;
      if (space(rec.child)) return "fork: child pid " + std::to_string(rec.child) + " exists";
      LosVmSpace *c = OsVmSpaceFork(p);
      if (!c) return "fork " + pid_s + ": out of memory or ASIDs";
      spaces_[rec.child] = c;
      return "";
    }
    case VMC_SWITCH: {
      cur_pid_[core_] = rec.pid;
      cur_space_[core_] = space(rec.pid);
      OsVmSpaceSwitch(cur_space_[core_]);
      return cur_space_[core_] ? "" : "switch to unknown " + pid_s;
    }
    case VMC_MMAP: {
      LosVmSpace *s = space(rec.pid);
      if (!s) return "mmap in unknown " + pid_s;
      LosVmMmapArgs a{};
      a.vaddr = rec.va;
      a.len = rec.len;
      a.prot = prot_flags(rec.prot);
      a.flags = ((rec.map_flags & VMC_MAP_SHARED) ? VM_MAP_REGION_FLAG_SHARED
                                                  : VM_MAP_REGION_FLAG_PRIVATE) |
                VM_MAP_REGION_FLAG_FIXED |
                ((rec.map_flags & VMC_MAP_POPULATE) ? VM_MMAP_POPULATE : 0u);
      switch (rec.map_kind) {
        case VMC_MAP_FILE:
          a.type = VM_MAP_REGION_TYPE_FILE;
          a.fileId = rec.file_id == VM_FILE_ID_NONE ? 0xFFFFFFFFu : rec.file_id;
          a.pgoff = VM_OFFSET_T(rec.file_off / VMC_PAGE_SIZE);
          break;
        case VMC_MAP_DEVICE:
          a.type = VM_MAP_REGION_TYPE_DEV;
          a.devPaddr = rec.va;   // identity: device registers at the VA's address
          break;
        default:
          a.type = VM_MAP_REGION_TYPE_ANON;
          break;
      }
      VADDR_T out = 0;
      const STATUS_T r = OsVmMmap(s, &a, &out);
      return r == LOS_OK ? "" : "mmap " + pid_s + ": " + errno_text(r);
    }
    case VMC_MUNMAP: {
      LosVmSpace *s = space(rec.pid);
      if (!s) return "munmap in unknown " + pid_s;
      const STATUS_T r = OsVmMunmap(s, rec.va, rec.len);
      return r == LOS_OK ? "" : "munmap " + pid_s + ": " + errno_text(r);
    }
    case VMC_MPROTECT: {
      LosVmSpace *s = space(rec.pid);
      if (!s) return "mprotect in unknown " + pid_s;
      const STATUS_T r = OsVmMprotect(s, rec.va, rec.len, prot_flags(rec.prot));
      return r == LOS_OK ? "" : "mprotect " + pid_s + ": " + errno_text(r);
    }
    default:
      return "";
  }
}

// Out of line: the replay's hot path is the TLB hit, which never asks.
RegionKind FirmwareBridge::region_kind(uint32_t va) {
  if (va < region_->lo || va > region_->hi) *region_ = region_at(va);
  return region_->kind;
}

FirmwareBridge::Region FirmwareBridge::region_at(uint32_t va) const {
  if (LOS_IsKernelAddress(va)) return {va & ~0xFFFu, va | 0xFFFu, kRegionKernel};
  LosVmMapRegion *r = LOS_RegionFind(LOS_SpaceGet(va), va);
  if (!r) return {va & ~0xFFFu, va | 0xFFFu, kRegionNone};
  const uint32_t lo = r->range.base, hi = LOS_RegionEndAddr(r);
  switch (r->regionType) {
    case VM_MAP_REGION_TYPE_ANON: return {lo, hi, kRegionAnon};
    case VM_MAP_REGION_TYPE_FILE: return {lo, hi, kRegionFile};
    case VM_MAP_REGION_TYPE_DEV: return {lo, hi, kRegionDevice};
    default: return {lo, hi, kRegionNone};
  }
}

FirmwareBridge::FaultResult FirmwareBridge::handle_fault(bool fetch, bool priv,
                                                         const CostModel &cost) {
  const FaultSnapshot before = FaultSnapshot::now();
  hal_charge(kPartOther, cost.exc_entry);
  const STATUS_T r = OsArchAbortHandle(fetch, !priv);
  hal_charge(kPartOther, cost.exc_exit);
  const FaultSnapshot after = FaultSnapshot::now();
  FaultResult fr{r == LOS_OK, resolved_outcome(before.fw, after.fw), "", {},
                 uint64_t(cost.exc_entry) + cost.exc_exit};
  for (int p = 0; p < kCostParts; p++) fr.cycles[p] = after.hal.cycles[p] - before.hal.cycles[p];
  switch (r) {
    case LOS_OK: break;
    case LOS_ERRNO_VM_NOT_FOUND:
      fr.outcome = kOutNoRegion;
      fr.reason = "no region at the address";
      break;
    case LOS_ERRNO_VM_ACCESS_DENIED:
      fr.outcome = kOutDenied;
      fr.reason = "the region does not allow the access";
      break;
    case LOS_ERRNO_VM_NO_MEMORY:
      fr.outcome = kOutNoMemory;
      fr.reason = "out of physical memory";
      break;
    default:
      fr.outcome = kOutUnhandled;
      fr.reason = "fault kind not handled (" + errno_text(r) + ")";
      break;
  }
  return fr;
}

PhysFragInfo FirmwareBridge::frag_info() const {
  LosVmPhysFragInfo f;
  LOS_PhysFragInfoGet(&f);
  PhysFragInfo p;
  p.total_pages = f.totalPages;
  p.free_pages = f.freePages;
  for (unsigned k = 0; k < PhysFragInfo::kOrders; k++) {
    p.free_blocks[k] = f.freeBlocks[k];
    p.unusable_index_permille[k] = f.unusableIndexPermille[k];
  }
  p.largest_free_block_pages = f.largestFreeBlockPages;
  p.largest_free_run_pages = f.largestFreeRunPages;
  p.free_64k_blocks = f.free64KBlocks;
  p.free_1m_blocks = f.free1MBlocks;
  return p;
}

}  // namespace vmcsim
