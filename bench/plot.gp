# Draws the benchmark plot: each engine's time per round relative to native code, one group of
# bars per workload, on a log scale.
#   gnuplot -e "data='latest.dat'; out='latest.png'; kind='png'; columns=N" bench/plot.gp
# `data` is the tab-separated table that bench/report.awk writes with -v plot=1 (a header line,
# then one line per workload, '-' where an engine has no result); `columns` is its column count.

if (kind eq 'svg') {
    set terminal svg size 1100,560 dynamic font 'sans,12' background rgb 'white'
} else {
    set terminal pngcairo size 1100,560 font 'sans,10' background rgb 'white'
}
set output out

set datafile separator "\t"
set datafile missing "-"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border rgb 'gray30'
set boxwidth 0.9 relative
set logscale y 10
set yrange [0.2:*]
set format y "%g×"
set ylabel "time per round ÷ native code's (log scale; lower is better)"
set grid ytics mytics lc rgb 'gray85'
set key outside right top vertical Left reverse noenhanced
set xtics nomirror noenhanced rotate by -30 offset -1,0
set ytics nomirror
set border 3
set title "warden and its peers, relative to native code (gcc -O2)" noenhanced
set linetype 1 lc rgb '#c0392b'
set linetype 2 lc rgb '#2e86c1'
set linetype 3 lc rgb '#85c1e9'
set linetype 4 lc rgb '#27ae60'
set linetype 5 lc rgb '#8e44ad'
set linetype 6 lc rgb '#f39c12'
set linetype 7 lc rgb '#16a085'
set linetype 8 lc rgb '#7f8c8d'

plot for [i=2:columns] data using i:xtic(1) title columnheader(i), \
     1 with lines lc rgb 'black' dt 2 lw 1.5 title 'native'
