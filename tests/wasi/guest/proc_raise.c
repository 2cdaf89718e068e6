/* proc_raise: ignored signals return, a terminating one ends the guest with 128 + signal, and the
 * host itself is never signalled. */
//! exit 143
//! stdout survived
#include "guest.h"

int main(void)
{
    OK(raw_proc_raise(0));  /* none */
    OK(raw_proc_raise(13)); /* pipe: ignored */
    OK(raw_proc_raise(16)); /* chld: ignored */
    ERRNO(raw_proc_raise(31), E_INVAL);
    ERRNO(raw_proc_raise(0xFFFFu), E_INVAL);
    printf("survived\n");
    fflush(stdout);
    if (g_failures) return 1;
    raw_proc_raise(15); /* term */
    return 2;
}
