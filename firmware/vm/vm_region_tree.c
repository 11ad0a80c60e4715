/*
 * The region tree of a space: an AVL tree keyed by range.base. Regions never overlap, so
 * their end addresses are in the same order as their bases; that lets one descent answer
 * "first region ending after addr" (OsRegionTreeLowerBound), which gives lookup by address,
 * overlap checks and in-order iteration in O(log n) each without parent links.
 * Invariant (checked by OsRegionTreeCheck): |height(left) - height(right)| <= 1 everywhere.
 */
#include "vm_private.h"

#define NODE_REGION(n) ((LosVmMapRegion *)(VOID *)((CHAR *)(n) - offsetof(LosVmMapRegion, treeNode)))

static INT32 OsHeight(const LosVmRegionNode *n)
{
    return (n == NULL) ? 0 : n->height;
}

static VOID OsFixHeight(LosVmRegionNode *n)
{
    INT32 l = OsHeight(n->left);
    INT32 r = OsHeight(n->right);
    n->height = ((l > r) ? l : r) + 1;
}

static LosVmRegionNode *OsRotateRight(LosVmRegionNode *n)
{
    LosVmRegionNode *l = n->left;
    n->left = l->right;
    l->right = n;
    OsFixHeight(n);
    OsFixHeight(l);
    return l;
}

static LosVmRegionNode *OsRotateLeft(LosVmRegionNode *n)
{
    LosVmRegionNode *r = n->right;
    n->right = r->left;
    r->left = n;
    OsFixHeight(n);
    OsFixHeight(r);
    return r;
}

static LosVmRegionNode *OsBalance(LosVmRegionNode *n)
{
    OsFixHeight(n);
    INT32 bf = OsHeight(n->left) - OsHeight(n->right);
    if (bf > 1) {
        if (OsHeight(n->left->left) < OsHeight(n->left->right)) {
            n->left = OsRotateLeft(n->left);
        }
        return OsRotateRight(n);
    }
    if (bf < -1) {
        if (OsHeight(n->right->right) < OsHeight(n->right->left)) {
            n->right = OsRotateRight(n->right);
        }
        return OsRotateLeft(n);
    }
    return n;
}

static LosVmRegionNode *OsInsert(LosVmRegionNode *n, LosVmRegionNode *x)
{
    if (n == NULL) {
        return x;
    }
    if (NODE_REGION(x)->range.base < NODE_REGION(n)->range.base) {
        n->left = OsInsert(n->left, x);
    } else {
        n->right = OsInsert(n->right, x);
    }
    return OsBalance(n);
}

static LosVmRegionNode *OsRemoveMin(LosVmRegionNode *n, LosVmRegionNode **min)
{
    if (n->left == NULL) {
        *min = n;
        return n->right;
    }
    n->left = OsRemoveMin(n->left, min);
    return OsBalance(n);
}

static LosVmRegionNode *OsRemove(LosVmRegionNode *n, VADDR_T base, BOOL *found)
{
    if (n == NULL) {
        return NULL;
    }
    VADDR_T key = NODE_REGION(n)->range.base;
    if (base < key) {
        n->left = OsRemove(n->left, base, found);
    } else if (base > key) {
        n->right = OsRemove(n->right, base, found);
    } else {
        LosVmRegionNode *l = n->left;
        LosVmRegionNode *r = n->right;
        *found = TRUE;
        if (r == NULL) {
            return l;
        }
        LosVmRegionNode *min = NULL;
        r = OsRemoveMin(r, &min);
        min->left = l;
        min->right = r;
        return OsBalance(min);
    }
    return OsBalance(n);
}

static UINT64 OsRegionEnd(const LosVmMapRegion *r)
{
    return (UINT64)r->range.base + r->range.size;
}

LosVmMapRegion *OsRegionTreeLowerBound(const LosVmRegionTree *tree, UINT64 addr)
{
    LosVmRegionNode *n = tree->root;
    LosVmMapRegion *best = NULL;
    while (n != NULL) {
        LosVmMapRegion *r = NODE_REGION(n);
        if (OsRegionEnd(r) > addr) {
            best = r;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return best;
}

LosVmMapRegion *OsRegionTreeFind(const LosVmRegionTree *tree, VADDR_T addr)
{
    LosVmMapRegion *r = OsRegionTreeLowerBound(tree, addr);
    return ((r != NULL) && (r->range.base <= addr)) ? r : NULL;
}

LosVmMapRegion *OsRegionTreeFirst(const LosVmRegionTree *tree)
{
    return OsRegionTreeLowerBound(tree, 0U);
}

LosVmMapRegion *OsRegionTreeNext(const LosVmRegionTree *tree, const LosVmMapRegion *region)
{
    return OsRegionTreeLowerBound(tree, OsRegionEnd(region));
}

BOOL OsRegionTreeInsert(LosVmRegionTree *tree, LosVmMapRegion *region)
{
    LosVmMapRegion *next = OsRegionTreeLowerBound(tree, region->range.base);
    if ((region->range.size == 0U) ||
        ((next != NULL) && ((UINT64)next->range.base < OsRegionEnd(region)))) {
        return FALSE;                             /* empty or overlapping */
    }
    region->treeNode.left = NULL;
    region->treeNode.right = NULL;
    region->treeNode.height = 1;
    tree->root = OsInsert(tree->root, &region->treeNode);
    tree->nodes++;
    return TRUE;
}

VOID OsRegionTreeRemove(LosVmRegionTree *tree, LosVmMapRegion *region)
{
    BOOL found = FALSE;
    tree->root = OsRemove(tree->root, region->range.base, &found);
    VM_ASSERT(found, "removed region is in the tree");
    tree->nodes--;
}

static INT32 OsCheck(const LosVmRegionNode *n, UINT64 lo, UINT64 hi, UINT32 *count)
{
    if (n == NULL) {
        return 0;
    }
    const LosVmMapRegion *r = NODE_REGION(n);
    VM_ASSERT((UINT64)r->range.base >= lo && OsRegionEnd(r) <= hi, "regions ordered, no overlap");
    INT32 l = OsCheck(n->left, lo, r->range.base, count);
    INT32 h = OsCheck(n->right, OsRegionEnd(r), hi, count);
    VM_ASSERT((l - h <= 1) && (h - l <= 1), "AVL balance");
    VM_ASSERT(n->height == ((l > h) ? l : h) + 1, "AVL height");
    (*count)++;
    return n->height;
}

VOID OsRegionTreeCheck(const LosVmRegionTree *tree)
{
    UINT32 count = 0U;
    (VOID)OsCheck(tree->root, 0U, 0x100000000ULL, &count);
    VM_ASSERT(count == tree->nodes, "node count");
}
