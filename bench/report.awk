# Turns bench/run.sh's summary.tsv into the report's tables (or, with -v plot=1, the plot's data).
#
# Input, one line per workload and engine, tab-separated, times in seconds (medians):
#   WORKLOAD ENGINE ROUNDS NATIVE_ROUNDS CPU CPU_AT_0_ROUNDS STATUS WALL WALL_AT_0_ROUNDS
# -v engines="native warden ..." gives the column order.
#
# An engine's time per round is (CPU - CPU_AT_0_ROUNDS) / ROUNDS: process start-up, module
# loading and the workload's setup cancel out. Its ratio is that divided by native code's.

function label(e) {
    if (e == "warden-fuel") return "warden (fuel)"
    if (e == "warden-llvm") return "warden (llvm)"
    if (e == "warden-llvm-fuel") return "warden (llvm, fuel)"
    if (e == "warden-auto") return "warden (auto)"
    if (e == "warden-base-llvm") return "warden-base (llvm)"
    return e == "node-no-liftoff" ? "node --no-liftoff" : e
}

function fmt_ratio(r) {
    return r >= 100 ? sprintf("%.0f×", r) : r >= 10 ? sprintf("%.1f×", r) : sprintf("%.2f×", r)
}

BEGIN {
    ne = split(engines, E, " ")
}

{
    w = $1; e = $2
    if (!(w in seen)) { seen[w] = 1; W[++nw] = w }
    rounds[w, e] = $3; native_rounds[w] = $4
    t[w, e] = $5; t0[w, e] = $6; status[w, e] = $7; wall[w, e] = $8; wall0[w, e] = $9
    if ($5 != "-" && $6 != "-" && $3 > 0 && $5 > $6) per[w, e] = ($5 - $6) / $3
}

END {
    for (i = 1; i <= nw; i++) {
        w = W[i]
        for (j = 1; j <= ne; j++) {
            e = E[j]
            if (((w, e) in per) && ((w, "native") in per) && per[w, "native"] > 0)
                ratio[w, e] = per[w, e] / per[w, "native"]
        }
    }

    if (plot) {
        line = "workload"
        for (j = 2; j <= ne; j++) line = line "\t" label(E[j])
        print line
        for (i = 1; i <= nw; i++) {
            w = W[i]; line = w
            for (j = 2; j <= ne; j++) {
                e = E[j]
                ok = ((w, e) in ratio) && status[w, e] == "ok"
                line = line "\t" (ok ? sprintf("%.4g", ratio[w, e]) : "-")
            }
            print line
        }
        exit
    }

    line = "| workload | native: s for the rounds"
    rule = "|---|---:"
    for (j = 2; j <= ne; j++) { line = line " | " label(E[j]); rule = rule "|---:" }
    print line " |"
    print rule "|"
    for (i = 1; i <= nw; i++) {
        w = W[i]
        if ((w, "native") in per)
            line = sprintf("| %s | %.3f s (%d rounds)", w, per[w, "native"] * native_rounds[w], native_rounds[w])
        else
            line = sprintf("| %s | **failed**", w)
        for (j = 2; j <= ne; j++) {
            e = E[j]
            if (!((w, e) in status)) cell = "—"
            else if (status[w, e] == "failed") cell = "**failed**"
            else if (!((w, e) in ratio)) cell = "n/a"
            else {
                cell = fmt_ratio(ratio[w, e])
                if (status[w, e] == "mismatch") cell = "**CHECKSUM MISMATCH** " cell
                else { logsum[e] += log(ratio[w, e]); count[e]++ }
            }
            line = line " | " cell
        }
        print line " |"
    }
    if (nw > 1) {
        line = "| geometric mean |"
        for (j = 2; j <= ne; j++) {
            e = E[j]
            cell = count[e] ? fmt_ratio(exp(logsum[e] / count[e])) : "—"
            if (count[e] && count[e] < nw) cell = cell " (" count[e] " of " nw ")"
            line = line " | " cell
        }
        print line " |"
    }

    print ""
    print "### Measurements"
    print ""
    print "Medians in seconds. CPU is user + system time of the process and its threads. Time per round ="
    print "(CPU at the rounds − CPU at 0 rounds) / rounds."
    print ""
    print "| workload | engine | rounds | CPU | CPU at 0 rounds | ms per round | wall | wall at 0 rounds | checksum |"
    print "|---|---|---:|---:|---:|---:|---:|---:|---|"
    for (i = 1; i <= nw; i++) {
        w = W[i]
        for (j = 1; j <= ne; j++) {
            e = E[j]
            if (!((w, e) in status)) continue
            pr = ((w, e) in per) ? sprintf("%.4f", per[w, e] * 1000) : "n/a"
            ck = status[w, e] == "ok" ? "same as native" : "**" toupper(status[w, e]) "**"
            if (e == "native") ck = status[w, e] == "ok" ? "reference" : "**FAILED**"
            printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", w, label(e), rounds[w, e],
                t[w, e], t0[w, e], pr, wall[w, e], wall0[w, e], ck
        }
    }
}
