/*
 * Intrusive doubly linked circular lists with LiteOS-A's names. A list head is a LOS_DL_LIST
 * whose pstNext/pstPrev point back to itself when empty; an element embeds a LOS_DL_LIST and
 * LOS_DL_LIST_ENTRY gets back from the node to the element. Plain C11 (no statement
 * expressions), so the macros compile with -std=c11 and in C++.
 */
#ifndef LOS_LIST_H
#define LOS_LIST_H

#include "los_typedef.h"

typedef struct LOS_DL_LIST {
    struct LOS_DL_LIST *pstPrev;
    struct LOS_DL_LIST *pstNext;
} LOS_DL_LIST;

/* Declares and initialises an empty list head named list. */
#define LOS_DL_LIST_HEAD(list) LOS_DL_LIST list = { &(list), &(list) }

static inline VOID LOS_ListInit(LOS_DL_LIST *list)
{
    list->pstNext = list;
    list->pstPrev = list;
}

#define LOS_DL_LIST_FIRST(object) ((object)->pstNext)
#define LOS_DL_LIST_LAST(object)  ((object)->pstPrev)

/* Inserts node right after list (at the head when list is the head). */
static inline VOID LOS_ListAdd(LOS_DL_LIST *list, LOS_DL_LIST *node)
{
    node->pstNext = list->pstNext;
    node->pstPrev = list;
    list->pstNext->pstPrev = node;
    list->pstNext = node;
}

/* Inserts node right before list (at the tail when list is the head). */
static inline VOID LOS_ListTailInsert(LOS_DL_LIST *list, LOS_DL_LIST *node)
{
    LOS_ListAdd(list->pstPrev, node);
}

static inline VOID LOS_ListHeadInsert(LOS_DL_LIST *list, LOS_DL_LIST *node)
{
    LOS_ListAdd(list, node);
}

/* Unlinks node; its own pointers are cleared so a second delete is caught as a NULL access. */
static inline VOID LOS_ListDelete(LOS_DL_LIST *node)
{
    node->pstNext->pstPrev = node->pstPrev;
    node->pstPrev->pstNext = node->pstNext;
    node->pstNext = NULL;
    node->pstPrev = NULL;
}

/* Unlinks node and leaves it as an empty list of its own. */
static inline VOID LOS_ListDelInit(LOS_DL_LIST *node)
{
    node->pstNext->pstPrev = node->pstPrev;
    node->pstPrev->pstNext = node->pstNext;
    LOS_ListInit(node);
}

static inline BOOL LOS_ListEmpty(const LOS_DL_LIST *list)
{
    return (BOOL)(list->pstNext == list);
}

/* Moves every node of oldList to the tail of newList; oldList ends empty. */
static inline VOID LOS_ListTailInsertList(LOS_DL_LIST *newList, LOS_DL_LIST *oldList)
{
    if (LOS_ListEmpty(oldList)) {
        return;
    }
    LOS_DL_LIST *first = oldList->pstNext;
    LOS_DL_LIST *last = oldList->pstPrev;
    first->pstPrev = newList->pstPrev;
    newList->pstPrev->pstNext = first;
    last->pstNext = newList;
    newList->pstPrev = last;
    LOS_ListInit(oldList);
}

static inline UINT32 LOS_ListLength(const LOS_DL_LIST *list)
{
    UINT32 n = 0;
    for (const LOS_DL_LIST *it = list->pstNext; it != list; it = it->pstNext) {
        n++;
    }
    return n;
}

/* The element of type type whose member named member is *item. */
#define LOS_OFF_SET_OF(type, member) offsetof(type, member)
#define LOS_DL_LIST_ENTRY(item, type, member) \
    ((type *)(VOID *)((CHAR *)(item) - LOS_OFF_SET_OF(type, member)))

/* Removes the first node of list and returns it, or NULL when the list is empty. */
static inline LOS_DL_LIST *LOS_ListRemoveHead(LOS_DL_LIST *list)
{
    LOS_DL_LIST *node = list->pstNext;
    if (node == list) {
        return NULL;
    }
    LOS_ListDelete(node);
    return node;
}

static inline VOID *OsListEntryOrNull(LOS_DL_LIST *node, size_t memberOffset)
{
    return (node == NULL) ? NULL : (VOID *)((CHAR *)node - memberOffset);
}

/* Removes the first element of list and returns it (type *), or NULL when empty. */
#define LOS_ListRemoveHeadType(list, type, element) \
    ((type *)OsListEntryOrNull(LOS_ListRemoveHead(list), LOS_OFF_SET_OF(type, element)))

/* The first element, or NULL when the list is empty (the element is not removed). */
#define LOS_ListPeekHeadType(list, type, element) \
    ((type *)OsListEntryOrNull(LOS_ListEmpty(list) ? NULL : (list)->pstNext, \
                               LOS_OFF_SET_OF(type, element)))

#define LOS_DL_LIST_FOR_EACH(item, list) \
    for ((item) = (list)->pstNext; (item) != (list); (item) = (item)->pstNext)

#define LOS_DL_LIST_FOR_EACH_SAFE(item, next, list) \
    for ((item) = (list)->pstNext, (next) = (item)->pstNext; (item) != (list); \
         (item) = (next), (next) = (item)->pstNext)

#define LOS_DL_LIST_FOR_EACH_ENTRY(item, list, type, member) \
    for ((item) = LOS_DL_LIST_ENTRY((list)->pstNext, type, member); \
         &(item)->member != (list); \
         (item) = LOS_DL_LIST_ENTRY((item)->member.pstNext, type, member))

/* Safe against removal of item inside the loop body. */
#define LOS_DL_LIST_FOR_EACH_ENTRY_SAFE(item, next, list, type, member) \
    for ((item) = LOS_DL_LIST_ENTRY((list)->pstNext, type, member), \
         (next) = LOS_DL_LIST_ENTRY((item)->member.pstNext, type, member); \
         &(item)->member != (list); \
         (item) = (next), (next) = LOS_DL_LIST_ENTRY((item)->member.pstNext, type, member))

#endif /* LOS_LIST_H */
