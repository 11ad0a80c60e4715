/*
 * Runs the development example of the LiteOS-A "Physical Memory Management" document, kept
 * verbatim in seed_phys_example.c. A program needs nothing but OsSysMemInit() first.
 */
#include "los_typedef.h"
#include "los_vm_boot.h"

UINT32 ExamplePhyMemCaseEntry(VOID);

int main(void)
{
    if (OsSysMemInit() != LOS_OK) {
        printf("OsSysMemInit failed\n");
        return 1;
    }
    return (ExamplePhyMemCaseEntry() == LOS_OK) ? 0 : 1;
}
