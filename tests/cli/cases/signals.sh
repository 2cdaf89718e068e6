# shellcheck shell=bash
# Ctrl-C (SIGINT) and SIGTERM stop the running guest with the trap `interrupted` and the exit
# status 128 + the signal; a second one ends the process even when the guest waits in the host.
# The guest prints "ready" once it runs, and the test waits for that line (and for warden's note
# on stderr) through fifos, and for system calls through /proc: nothing depends on timing.
# shellcheck source=SCRIPTDIR/../lib.sh
source "${BASH_SOURCE[0]%/*}/../lib.sh"

mkfifo "$cli_tmp/in" "$cli_tmp/out" "$cli_tmp/err"
# Held open for reading and writing: the guest's stdin never ends and never has data.
exec {hold}<>"$cli_tmp/in"

note="warden: interrupted; a second signal ends the process at once"

# Starts warden on FILE with its streams on the fifos, and waits until the guest runs.
start_guest() {
    cli_what="warden run $1 (signalled)"
    # A background job of a script ignores SIGINT; warden gets the default disposition.
    env --default-signal=INT "$WARDEN" run "$WASM_DIR/$1" <"$cli_tmp/in" >"$cli_tmp/out" \
        2>"$cli_tmp/err" &
    pid=$!
    : >"$cli_tmp/stdout"
    exec {out}<"$cli_tmp/out" {err}<"$cli_tmp/err"
    read -r -u "$out" line || cli_fail "no 'ready' from the guest"
    [ "$line" = ready ] || cli_fail "the guest printed '$line', not 'ready'"
}

# Waits for warden and collects what is left of its stderr.
finish_guest() {
    wait "$pid"
    cli_status=$?
    cat <&"$err" >>"$cli_tmp/stderr"
    exec {out}<&- {err}<&-
}

for signal in INT TERM; do
    start_guest ready_spin.wasm
    kill -s "$signal" "$pid"
    : >"$cli_tmp/stderr"
    finish_guest
    case $signal in INT) expect_status 130 ;; TERM) expect_status 143 ;; esac
    expect_stderr <<EOF2
$note
warden: trap: interrupted
  #0 func[1] spin
  #1 func[2] _start
EOF2
done

# The guest waits in fd_read: the first signal cannot stop it, the second ends the process.
# After "ready", the guest's fd_read is the only readv(2) of warden's main thread: wait until
# /proc shows the thread in it (system call 19 on x86-64, 65 on arm64).
case $(uname -m) in aarch64) readv=65 ;; *) readv=19 ;; esac
start_guest ready_read.wasm
while :; do
    read -r nr _ <"/proc/$pid/syscall" || cli_fail "cannot read /proc/$pid/syscall"
    [ "$nr" = "$readv" ] && break # "running" while it runs
done
kill -s INT "$pid"
read -r -u "$err" line || cli_fail "no note on stderr after the first signal"
[ "$line" = "$note" ] || cli_fail "stderr said '$line' after the first signal"
kill -s INT "$pid"
: >"$cli_tmp/stderr"
finish_guest
expect_status 130
expect_stderr </dev/null

exec {hold}<&-
