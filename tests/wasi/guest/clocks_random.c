/* clock_res_get, clock_time_get (all four clocks), random_get, sched_yield. */
#include "guest.h"

int main(void)
{
    uint64_t res, t1, t2;
    for (uint32_t id = 0; id < 4; id++) {
        res = 0;
        OK(raw_clock_res_get(id, A(&res)));
        CHECK(res > 0 && res <= 1000000000u);
        OK(raw_clock_time_get(id, 1, A(&t1)));
        OK(raw_clock_time_get(id, 1, A(&t2)));
        CHECK(t2 >= t1 || id == 0);
    }
    OK(raw_clock_time_get(0, 0, A(&t1)));
    CHECK(t1 > 1600000000ull * 1000000000ull); /* after 2020 */
    ERRNO(raw_clock_res_get(4, A(&res)), E_INVAL);
    ERRNO(raw_clock_time_get(4, 0, A(&t1)), E_INVAL);
    ERRNO(raw_clock_time_get(0xFFFFFFFFu, 0, A(&t1)), E_INVAL);
    ERRNO(raw_clock_res_get(0, BAD), E_FAULT);
    ERRNO(raw_clock_time_get(1, 0, BAD), E_FAULT);
    ERRNO(raw_clock_time_get(1, 0, mem_size() - 4), E_FAULT);

    /* Monotonic time moves forward across a busy loop. */
    OK(raw_clock_time_get(1, 0, A(&t1)));
    volatile uint64_t spin = 0;
    for (int i = 0; i < 1000000; i++) spin += (uint64_t)i;
    OK(raw_clock_time_get(1, 0, A(&t2)));
    CHECK(t2 > t1);
    OK(raw_clock_time_get(2, 0, A(&t2)));
    CHECK(t2 > 0);

    uint8_t buf[4096] = {0};
    OK(raw_random_get(A(buf), sizeof buf));
    int nonzero = 0;
    for (size_t i = 0; i < sizeof buf; i++) nonzero += buf[i] != 0;
    CHECK(nonzero > 3000);
    OK(raw_random_get(A(buf), 0));
    ERRNO(raw_random_get(BAD, 0), E_FAULT);
    ERRNO(raw_random_get(BAD, 16), E_FAULT);
    ERRNO(raw_random_get(A(buf), 0xFFFFFFFFu), E_FAULT);
    ERRNO(raw_random_get(mem_size() - 8, 16), E_FAULT);
    OK(raw_sched_yield());
    return finish();
}
