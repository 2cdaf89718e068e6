/* proc_exit ends the guest at once with its code. */
//! exit 42
//! stdout before
#include "guest.h"

int main(void)
{
    printf("before\n");
    fflush(stdout);
    raw_proc_exit(42);
    printf("after\n");
    return 1;
}
