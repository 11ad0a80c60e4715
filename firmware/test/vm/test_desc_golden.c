/*
 * fw.pgtable.desc_golden: every descriptor kind encoded from mapping flags, against values
 * computed by hand from the bit layout (DDI 0406C B3.5.1; DESIGN §2), and decoded back.
 */
#include "vm_test.h"

#define R  VM_MAP_REGION_FLAG_PERM_READ
#define W  VM_MAP_REGION_FLAG_PERM_WRITE
#define X  VM_MAP_REGION_FLAG_PERM_EXECUTE
#define U  VM_MAP_REGION_FLAG_PERM_USER

typedef struct {
    const char *what;
    PTE_T (*enc)(PADDR_T, UINT32);
    PADDR_T pa;
    UINT32 flags;
    PTE_T golden;
    UINT32 decoded;   /* flags expected back */
} Case;

int main(void)
{
    const Case cases[] = {
        /* section: base | S(16) | TEX=001(12) | AP[1:0]=01(10) | C(3) | B(2) | type 10 */
        { "section kernel RWX cached", OsArchMmuSectionDesc, 0x80100000U,
          R | W | X | VM_MAP_REGION_FLAG_CACHED, 0x8011140EU, R | W | X },
        /* section: base | nG(17) | AP2(15) | AP=11(10) | XN(4) | B(2) | type 10; device: S=0 */
        { "section user RO device", OsArchMmuSectionDesc, 0x40000000U,
          U | R | VM_MAP_REGION_FLAG_UNCACHED_DEVICE, 0x40028C16U, U | R | VM_MAP_REGION_FLAG_UNCACHED_DEVICE },
        /* section: base | S | TEX=001 | AP=001 | XN | type: normal non-cacheable */
        { "section kernel RW uncached", OsArchMmuSectionDesc, 0x9FF00000U,
          R | W | VM_MAP_REGION_FLAG_UNCACHED, 0x9FF11412U, R | W | VM_MAP_REGION_FLAG_UNCACHED },
        /* small: base | nG(11) | S(10) | TEX=001(6) | AP=11(4) | C | B | 1x | XN(0) */
        { "small user RW cached", OsArchMmuSmallDesc, 0x80123000U,
          U | R | W | VM_MAP_REGION_FLAG_CACHED, 0x80123C7FU, U | R | W },
        /* small: base | AP2(9) | AP=01(4) | 1x | XN (strongly ordered is never executable) */
        { "small kernel RO strongly-ordered", OsArchMmuSmallDesc, 0x10000000U,
          R | X | VM_MAP_REGION_FLAG_STRONGLY_ORDERED, 0x10000213U, R | VM_MAP_REGION_FLAG_STRONGLY_ORDERED },
        /* small: base | nG | AP2 | AP=11 | S | TEX=001 | C | B | 1x, XN=0 */
        { "small user RX cached", OsArchMmuSmallDesc, 0x8FFFF000U,
          U | R | X | VM_MAP_REGION_FLAG_CACHED, 0x8FFFFE7EU, U | R | X },
        /* small without READ: AP=000, XN */
        { "small no access", OsArchMmuSmallDesc, 0x80000000U,
          VM_MAP_REGION_FLAG_CACHED, 0x8000044FU, 0U },
        /* large: base | XN(15) | TEX=001(12) | S(10) | AP=01(4) | type 01 */
        { "large kernel RW uncached", OsArchMmuLargeDesc, 0x80130000U,
          R | W | VM_MAP_REGION_FLAG_UNCACHED, 0x80139411U, R | W | VM_MAP_REGION_FLAG_UNCACHED },
        /* large: base | TEX=001 | nG(11) | S | AP=11 | C | B | type 01 */
        { "large user RWX cached", OsArchMmuLargeDesc, 0x80140000U,
          U | R | W | X | VM_MAP_REGION_FLAG_CACHED, 0x80141C3DU, U | R | W | X },
        /* large: base | XN | nG | AP2 | AP=11 | B | type 01 (shareable device) */
        { "large user RO device", OsArchMmuLargeDesc, 0xC0010000U,
          U | R | VM_MAP_REGION_FLAG_UNCACHED_DEVICE, 0xC0018A35U, U | R | VM_MAP_REGION_FLAG_UNCACHED_DEVICE },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const Case *c = &cases[i];
        PTE_T d = c->enc(c->pa, c->flags);
        CHECK(d == c->golden, "%s: encoded %#010x, expected %#010x", c->what, d, c->golden);
        UINT32 back = (c->enc == OsArchMmuSectionDesc) ? OsArchMmuSectionFlags(d) : OsArchMmuL2Flags(d);
        CHECK(back == c->decoded, "%s: decoded %#x, expected %#x", c->what, back, c->decoded);
    }
    /* page-table descriptor: L2 base [31:10] | domain 0 | type 01 */
    CHECK(OsArchMmuPageTableDesc(0x80200400U) == 0x80200401U, "page table %#x",
          OsArchMmuPageTableDesc(0x80200400U));
    CHECK(OsArchMmuPageTableDesc(0x80200C00U) == 0x80200C01U, "page table slot 3");
    /* supersection (never produced, but decoded): base 0x81000000 | bit 18 | AP=011 | TEX=001 C B */
    CHECK(OsArchMmuSectionFlags(0x81041C0EU) == (U | R | W | X), "supersection flags %#x",
          OsArchMmuSectionFlags(0x81041C0EU));
    return FwTestResult("fw.pgtable.desc_golden");
}
