/*
 * Configuration of the MMU (model, RTL, harness): the "SETSxWAYS:POLICY" text form and the
 * checks of docs/mmu-contract.md section 1. An impossible configuration is refused with a
 * message that names the field and the value; nothing is clamped.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vmcosim/mmu_config.h"

static const char *const policy_names[] = {"lru", "plru", "fifo", "random"};

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err != NULL && errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int is_pow2(uint32_t x)
{
    return x != 0 && (x & (x - 1u)) == 0;
}

const char *vmc_policy_name(vmc_policy p)
{
    if ((unsigned)p < sizeof policy_names / sizeof policy_names[0]) {
        return policy_names[p];
    }
    return "?";
}

void vmc_mmu_config_default(vmc_mmu_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->itlb = (vmc_tlb_geom){1, 32, VMC_POLICY_PLRU};
    cfg->dtlb = (vmc_tlb_geom){1, 32, VMC_POLICY_PLRU};
    cfg->l2tlb = (vmc_tlb_geom){64, 4, VMC_POLICY_LRU};
    cfg->walk_cache_entries = 8;
}

/* Checks one TLB's geometry; name prefixes the field in messages ("dtlb" gives "dtlb.sets";
 * "" gives "sets"). max_entries = UINT32_MAX when there is no build-time maximum. */
static int check_geom(const char *name, const vmc_tlb_geom *g, int may_be_absent,
                      uint32_t max_entries, char *err, size_t errlen)
{
    const char *dot = name[0] ? "." : "";
    if (g->sets == 0) {
        if (may_be_absent) {
            return 0;
        }
        return fail(err, errlen, "%s%ssets = 0: this TLB cannot be absent (sets must be >= 1)",
                    name, dot);
    }
    if (!is_pow2(g->sets)) {
        return fail(err, errlen, "%s%ssets = %" PRIu32 ": not a power of two", name, dot,
                    g->sets);
    }
    if (g->sets > VMC_MODEL_MAX_SETS) {
        return fail(err, errlen, "%s%ssets = %" PRIu32 ": more than the model's %u", name, dot,
                    g->sets, VMC_MODEL_MAX_SETS);
    }
    if (g->ways == 0) {
        return fail(err, errlen, "%s%sways = 0: must be >= 1", name, dot);
    }
    if (g->ways > VMC_MODEL_MAX_WAYS) {
        return fail(err, errlen, "%s%sways = %" PRIu32 ": more than the model's %u", name, dot,
                    g->ways, VMC_MODEL_MAX_WAYS);
    }
    if ((unsigned)g->policy > VMC_POLICY_RANDOM) {
        return fail(err, errlen, "%s%spolicy = %d: unknown policy", name, dot, (int)g->policy);
    }
    if (g->policy == VMC_POLICY_PLRU && !is_pow2(g->ways)) {
        return fail(err, errlen,
                    "%s%sways = %" PRIu32 ": plru needs a power-of-two number of ways", name,
                    dot, g->ways);
    }
    uint64_t entries = (uint64_t)g->sets * g->ways;
    if (entries > max_entries) {
        return fail(err, errlen,
                    "%s%sentries = %" PRIu32 "x%" PRIu32 " = %" PRIu64
                    ": more than the build-time maximum %" PRIu32,
                    name, dot, g->sets, g->ways, entries, max_entries);
    }
    return 0;
}

/* Parses a decimal unsigned number that must make up the whole of [s, end). */
static int parse_u32(const char *s, const char *end, uint32_t *out)
{
    if (s == end) {
        return -1;
    }
    uint64_t v = 0;
    for (const char *p = s; p < end; p++) {
        if (*p < '0' || *p > '9') {
            return -1;
        }
        v = v * 10u + (uint64_t)(*p - '0');
        if (v > UINT32_MAX) {
            return -1;
        }
    }
    *out = (uint32_t)v;
    return 0;
}

int vmc_mmu_config_parse_tlb(const char *text, vmc_tlb_geom *out, char *err, size_t errlen)
{
    if (text == NULL) {
        return fail(err, errlen, "geometry: missing text");
    }
    if (strcmp(text, "none") == 0 || strcmp(text, "0") == 0) {
        *out = (vmc_tlb_geom){0, 0, VMC_POLICY_LRU};
        return 0;
    }
    const char *x = strchr(text, 'x');
    const char *e = strchr(text, 'e');
    const char *colon = strchr(text, ':');
    vmc_tlb_geom g;
    if (colon != NULL && e != NULL && e < colon && x == NULL && colon > e + 1 && colon[-1] == 'w') {
        /* ENTRIESeWAYSw:POLICY, as Dinero IV and cachegrind users count: sets = entries / ways */
        uint32_t entries;
        if (parse_u32(text, e, &entries) != 0) {
            return fail(err, errlen, "entries = '%.*s': not a decimal number below 2^32 (in '%s')",
                        (int)(e - text), text, text);
        }
        if (parse_u32(e + 1, colon - 1, &g.ways) != 0) {
            return fail(err, errlen, "ways = '%.*s': not a decimal number below 2^32 (in '%s')",
                        (int)(colon - e - 2), e + 1, text);
        }
        if (g.ways == 0 || entries % g.ways != 0) {
            return fail(err, errlen, "entries = %" PRIu32 ": not a multiple of ways = %" PRIu32
                        " (in '%s')", entries, g.ways, text);
        }
        g.sets = entries / g.ways;
    } else if (x == NULL || colon == NULL || colon < x) {
        return fail(err, errlen, "geometry = '%s': expected SETSxWAYS:POLICY (e.g. 64x4:lru) or "
                    "ENTRIESeWAYSw:POLICY (e.g. 256e4w:lru)", text);
    } else if (parse_u32(text, x, &g.sets) != 0) {
        return fail(err, errlen, "sets = '%.*s': not a decimal number below 2^32 (in '%s')",
                    (int)(x - text), text, text);
    } else if (parse_u32(x + 1, colon, &g.ways) != 0) {
        return fail(err, errlen, "ways = '%.*s': not a decimal number below 2^32 (in '%s')",
                    (int)(colon - x - 1), x + 1, text);
    }
    const char *pol = colon + 1;
    int found = -1;
    for (size_t i = 0; i < sizeof policy_names / sizeof policy_names[0]; i++) {
        if (strcmp(pol, policy_names[i]) == 0) {
            found = (int)i;
        }
    }
    if (found < 0) {
        return fail(err, errlen, "policy = '%s': not one of lru, plru, fifo, random", pol);
    }
    g.policy = (vmc_policy)found;
    if (g.sets == 0) {
        return fail(err, errlen, "sets = 0: must be >= 1 (write 'none' for an absent TLB)");
    }
    if (check_geom("", &g, 0, UINT32_MAX, err, errlen) != 0) {
        return -1;
    }
    *out = g;
    return 0;
}

int vmc_mmu_config_format_tlb(const vmc_tlb_geom *g, char *buf, size_t buflen)
{
    if (g->sets == 0) {
        return snprintf(buf, buflen, "none");
    }
    return snprintf(buf, buflen, "%" PRIu32 "x%" PRIu32 ":%s", g->sets, g->ways,
                    vmc_policy_name(g->policy));
}

int vmc_mmu_config_check(const vmc_mmu_config *cfg, const vmc_mmu_limits *max, char *err,
                         size_t errlen)
{
    if (cfg == NULL) {
        return fail(err, errlen, "config: missing");
    }
    if (check_geom("itlb", &cfg->itlb, 0, max ? max->itlb_entries : UINT32_MAX, err,
                   errlen) != 0 ||
        check_geom("dtlb", &cfg->dtlb, 0, max ? max->dtlb_entries : UINT32_MAX, err,
                   errlen) != 0 ||
        check_geom("l2tlb", &cfg->l2tlb, 1, max ? max->l2tlb_entries : UINT32_MAX, err,
                   errlen) != 0) {
        return -1;
    }
    uint32_t wc_max = max ? max->walk_cache_entries : VMC_MODEL_MAX_WCACHE;
    if (wc_max > VMC_MODEL_MAX_WCACHE) {
        wc_max = VMC_MODEL_MAX_WCACHE;
    }
    if (cfg->walk_cache_entries > wc_max) {
        return fail(err, errlen,
                    "walk_cache_entries = %" PRIu32 ": more than the maximum %" PRIu32,
                    cfg->walk_cache_entries, wc_max);
    }
    return 0;
}
