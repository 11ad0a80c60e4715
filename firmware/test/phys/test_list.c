/*
 * fw.list.basic: the LiteOS-A list API of los_list.h (order of insertion, deletion, the entry
 * macros, safe iteration with removal, head removal by type, splicing).
 */
#include <string.h>
#include "fw_test.h"
#include "los_list.h"

typedef struct {
    int value;
    LOS_DL_LIST node;
} Item;

/* The values of the list in order, as a string like "1,2,3". */
static const char *Values(LOS_DL_LIST *list)
{
    static char buf[256];
    size_t len = 0;
    Item *it = NULL;
    buf[0] = '\0';
    LOS_DL_LIST_FOR_EACH_ENTRY(it, list, Item, node) {
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%d", len ? "," : "", it->value);
    }
    return buf;
}

#define LIST_IS(list, want) \
    CHECK(strcmp(Values(list), (want)) == 0, "list is \"%s\", expected \"%s\"", Values(list), (want))

int main(void)
{
    Item items[6];
    for (int i = 0; i < 6; i++) {
        items[i].value = i;
    }
    LOS_DL_LIST_HEAD(list);
    CHECK(LOS_ListEmpty(&list) && LOS_ListLength(&list) == 0, "new list not empty");
    LOS_ListTailInsert(&list, &items[1].node);
    LOS_ListTailInsert(&list, &items[2].node);
    LOS_ListAdd(&list, &items[0].node);            /* at the head */
    LOS_ListHeadInsert(&list, &items[5].node);
    LIST_IS(&list, "5,0,1,2");
    LOS_ListDelete(&items[5].node);
    CHECK(items[5].node.pstNext == NULL && items[5].node.pstPrev == NULL, "deleted node kept links");
    LIST_IS(&list, "0,1,2");
    CHECK(LOS_ListLength(&list) == 3 && !LOS_ListEmpty(&list), "length");
    CHECK(LOS_DL_LIST_ENTRY(LOS_DL_LIST_FIRST(&list), Item, node) == &items[0], "first");
    CHECK(LOS_DL_LIST_ENTRY(LOS_DL_LIST_LAST(&list), Item, node) == &items[2], "last");
    CHECK(LOS_ListPeekHeadType(&list, Item, node) == &items[0], "peek");

    /* Safe iteration may delete the current element. */
    Item *it = NULL;
    Item *next = NULL;
    LOS_DL_LIST_FOR_EACH_ENTRY_SAFE(it, next, &list, Item, node) {
        if (it->value == 1) {
            LOS_ListDelete(&it->node);
        }
    }
    LIST_IS(&list, "0,2");
    LOS_DL_LIST *pos = NULL;
    LOS_DL_LIST *tmp = NULL;
    int seen = 0;
    LOS_DL_LIST_FOR_EACH_SAFE(pos, tmp, &list) {
        seen++;
    }
    CHECK(seen == 2, "FOR_EACH_SAFE saw %d", seen);

    /* Splicing a second list onto the tail. */
    LOS_DL_LIST_HEAD(other);
    LOS_ListTailInsert(&other, &items[3].node);
    LOS_ListTailInsert(&other, &items[4].node);
    LOS_ListTailInsertList(&list, &other);
    LIST_IS(&list, "0,2,3,4");
    CHECK(LOS_ListEmpty(&other), "spliced list not emptied");

    /* Removing from the head by type, as the seed example does, down to NULL. */
    Item *got = NULL;
    int order[4];
    int n = 0;
    while ((got = LOS_ListRemoveHeadType(&list, Item, node)) != NULL && n < 4) {
        order[n++] = got->value;
    }
    CHECK(n == 4 && order[0] == 0 && order[1] == 2 && order[2] == 3 && order[3] == 4, "remove order");
    CHECK(LOS_ListEmpty(&list) && LOS_ListRemoveHead(&list) == NULL, "empty after removals");
    CHECK(LOS_ListPeekHeadType(&list, Item, node) == NULL, "peek on empty");

    LOS_ListInit(&items[0].node);
    LOS_ListTailInsert(&list, &items[0].node);
    LOS_ListDelInit(&items[0].node);
    CHECK(LOS_ListEmpty(&list) && LOS_ListEmpty(&items[0].node), "DelInit");
    return FwTestResult("fw.list.basic");
}
