/*
 * nbody — f64 arithmetic: the five-body simulation of the Sun and the outer planets with a
 * symplectic integrator. Each round advances 10,000 steps and folds the system's energy into the
 * checksum.
 */
#include "bench.h"

#define BODIES 5
#define STEPS_PER_ROUND 10000

static const double PI = 3.141592653589793;
static const double DAYS_PER_YEAR = 365.24;

struct body {
    double x, y, z, vx, vy, vz, mass;
};

static double square_root(double x)
{
    return __builtin_sqrt(x);
}

static void advance(struct body *b, double dt)
{
    for (int i = 0; i < BODIES; i++) {
        for (int j = i + 1; j < BODIES; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double mag = dt / (d2 * square_root(d2));
            double mi = b[i].mass * mag, mj = b[j].mass * mag;
            b[i].vx -= dx * mj;
            b[i].vy -= dy * mj;
            b[i].vz -= dz * mj;
            b[j].vx += dx * mi;
            b[j].vy += dy * mi;
            b[j].vz += dz * mi;
        }
    }
    for (int i = 0; i < BODIES; i++) {
        b[i].x += dt * b[i].vx;
        b[i].y += dt * b[i].vy;
        b[i].z += dt * b[i].vz;
    }
}

static double energy(const struct body *b)
{
    double e = 0.0;
    for (int i = 0; i < BODIES; i++) {
        e += 0.5 * b[i].mass * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
        for (int j = i + 1; j < BODIES; j++) {
            double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
            e -= b[i].mass * b[j].mass / square_root(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

uint64_t bench_run(uint32_t rounds)
{
    const double solar_mass = 4 * PI * PI;
    struct body *b = bench_alloc(BODIES * sizeof *b);
    const struct body init[BODIES] = {
        {0, 0, 0, 0, 0, 0, solar_mass},
        {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
         1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
         -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * solar_mass},
        {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
         -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
         2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * solar_mass},
        {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
         2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
         -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * solar_mass},
        {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
         2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
         -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * solar_mass},
    };
    memcpy(b, init, sizeof init);

    /* Offset the Sun's momentum so the system's centre of mass stays put. */
    double px = 0, py = 0, pz = 0;
    for (int i = 0; i < BODIES; i++) {
        px += b[i].vx * b[i].mass;
        py += b[i].vy * b[i].mass;
        pz += b[i].vz * b[i].mass;
    }
    b[0].vx = -px / solar_mass;
    b[0].vy = -py / solar_mass;
    b[0].vz = -pz / solar_mass;

    uint64_t sum = bench_f64_bits(energy(b));
    for (uint32_t r = 0; r < rounds; r++) {
        for (int s = 0; s < STEPS_PER_ROUND; s++) advance(b, 0.01);
        sum = bench_mix(sum, bench_f64_bits(energy(b)));
    }
    return sum;
}
