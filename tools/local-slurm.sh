#!/usr/bin/env bash
# local-slurm.sh — start/stop a throwaway single-node Slurm cluster on loopback.
#
#   local-slurm.sh up DIR     start munged + slurmctld + slurmd, everything in DIR;
#                             prints "SLURM_CONF=DIR/slurm.conf" on stdout when the
#                             node is idle (all other output goes to stderr)
#   local-slurm.sh down DIR   stop the daemons again (idempotent, never fails)
#
# Exit code 77 means "cannot run here at all" (not root, Slurm/munge missing) so
# that test drivers (CTest SKIP_RETURN_CODE, automake) can skip instead of fail.
#
# Why it looks the way it does:
#  * Everything (munge key/socket/seed, pid/log files, state, spool) lives in DIR
#    so two clusters can run side by side and nothing touches /etc or /var.
#  * Daemons run as root (SlurmUser=root) because a private munge socket and key
#    that only root can read are the simplest way to keep it self-contained.
#  * proctrack/linuxproc + task/none avoid cgroups entirely: in containers
#    (Docker, gVisor) cgroup mounts are usually read-only or fake.
#  * Accounting is off (no slurmdbd): `sacct` answers "accounting storage is
#    disabled"; use squeue/scontrol (finished jobs stay visible for MinJobAge).
#
# Tunables (environment):
#   LOCAL_SLURM_MIN_JOB_AGE   seconds finished jobs stay in squeue (default 300)
#   LOCAL_SLURM_EXTRA_CONF    extra lines appended to slurm.conf (e.g. a second
#                             partition: "PartitionName=short Nodes=ALL MaxTime=1")
#   LOCAL_SLURM_TIMEOUT       seconds to wait for the node to become idle (30)
set -euo pipefail

SCRIPT=${0##*/}
log() { printf '%s: %s\n' "$SCRIPT" "$*" >&2; }
skip() { printf '%s: SKIP: %s\n' "$SCRIPT" "$*" >&2; exit 77; }
die() { printf '%s: ERROR: %s\n' "$SCRIPT" "$*" >&2; exit 1; }

usage() {
    echo "usage: $SCRIPT up|down DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
[[ -n $2 ]] || usage

# ---------------------------------------------------------------------------
# helpers

# True when pid file $1 names a live process whose command line mentions DIR.
# Checking the command line protects against pid reuse after a crash/reboot.
pid_alive() {
    local pidfile=$1 pid
    [[ -s $pidfile ]] || return 1
    pid=$(tr -dc '0-9' <"$pidfile")
    [[ -n $pid ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$DIR/" || return 1
    echo "$pid"
}

# Stop the daemons named by the pid files given after the timeout $1: SIGTERM
# to all at once (stopping them in parallel saves seconds), wait up to $1 s,
# then SIGKILL whatever is left.
stop_pidfiles() {
    local timeout=$1 f pid i left
    shift
    local pids=()
    for f in "$@"; do
        if pid=$(pid_alive "$f"); then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    for ((i = 0; i < timeout * 10; i++)); do
        left=()
        for pid in ${pids[@]+"${pids[@]}"}; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
        ((${#left[@]})) || break
        sleep 0.1
    done
    for pid in ${pids[@]+"${pids[@]}"}; do
        if kill -0 "$pid" 2>/dev/null; then
            log "pid $pid ignored SIGTERM for ${timeout}s, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    for ((i = 0; i < 50; i++)); do
        left=()
        for pid in ${pids[@]+"${pids[@]}"}; do kill -0 "$pid" 2>/dev/null && left+=("$pid"); done
        ((${#left[@]})) || break
        sleep 0.1
    done
    rm -f "$@"
}

# slurmstepd processes outlive slurmd (by design, so slurmd can restart under
# running jobs), e.g. when slurmctld died and scancel was impossible. Find the
# ones belonging to this cluster by an open file (the slurmd log) inside DIR
# and kill them together with the whole job process tree below them (collected
# first: once the stepd dies its children are reparented and untraceable).
kill_stepds() {
    local p exe fd victims=() tree
    for p in /proc/[0-9]*; do
        exe=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
        [[ $exe == slurmstepd* ]] || continue
        for fd in "$p"/fd/*; do
            [[ $(readlink "$fd" 2>/dev/null) == "$DIR/"* ]] || continue
            log "killing leftover ${exe% } (pid ${p#/proc/}) and its job processes"
            victims+=("${p#/proc/}")
            break
        done
    done
    ((${#victims[@]})) || return 0
    # Breadth-first walk of the process tree from ps' pid/ppid table.
    tree=$(ps -e -o pid= -o ppid= | awk -v roots="${victims[*]}" '
        { parent[$1] = $2; pids[NR] = $1 }
        END {
            n = split(roots, q, " "); for (i = 1; i <= n; i++) seen[q[i]] = 1
            for (changed = 1; changed;) {
                changed = 0
                for (i in pids) { c = pids[i]; if (!(c in seen) && (parent[c] in seen)) { seen[c] = 1; changed = 1 } }
            }
            for (c in seen) print c
        }')
    # shellcheck disable=SC2086  # one pid per word
    kill -KILL $tree 2>/dev/null || true
}

# Print two currently free TCP ports on 127.0.0.1 (both bound at the same time
# so they differ). There is a small race until slurmctld/slurmd bind them.
free_ports() {
    if command -v python3 >/dev/null 2>&1; then
        python3 - <<'EOF'
import socket
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
    else
        # Fallback: probe random high ports; connection refused => nothing listens.
        local out=() p
        while ((${#out[@]} < 2)); do
            p=$((20000 + RANDOM % 30000))
            [[ " ${out[*]-} " == *" $p "* ]] && continue
            if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then out+=("$p"); fi
        done
        echo "${out[@]}"
    fi
}

tail_logs() {
    local f
    for f in "$DIR"/log/*.log; do
        [[ -e $f ]] || continue
        echo "----- tail $f -----" >&2
        tail -n 25 "$f" >&2 || true
    done
}

# ---------------------------------------------------------------------------

do_down() {
    [[ -d $DIR ]] || return 0
    export SLURM_CONF="$DIR/slurm.conf"
    # Cancel jobs first so their processes die cleanly while slurmd still runs.
    if [[ -f $SLURM_CONF ]] && pid_alive "$DIR/run/slurmctld.pid" >/dev/null; then
        local joblist
        joblist=$(timeout 5 squeue -h -o %i 2>/dev/null | tr "\n" " ") || joblist=
        if [[ -n ${joblist// /} ]]; then
            # shellcheck disable=SC2086  # word splitting of the job list is intended
            timeout 5 scancel $joblist 2>/dev/null || true
            # Give the steps up to ~3 s to be killed and reported back.
            for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do
                [[ -z $(timeout 5 squeue -h -o %i 2>/dev/null) ]] && break
                sleep 0.25
            done
        fi
    fi
    stop_pidfiles 10 "$DIR/run/slurmd.pid" "$DIR/run/slurmctld.pid"
    kill_stepds
    stop_pidfiles 5 "$DIR/run/munged.pid"
    rm -f "$DIR/run/munge.sock" "$DIR/run/munge.sock.lock"
    return 0
}

do_up() {
    # --- can we run at all? -------------------------------------------------
    [[ $(id -u) -eq 0 ]] || skip "must run as root (daemons run with SlurmUser=root)"
    local b
    for b in munged slurmctld slurmd sinfo sbatch squeue scancel srun; do
        command -v "$b" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$b" >/dev/null 2>&1 \
            || skip "$b not found (apt-get install munge slurmctld slurmd slurm-client)"
    done
    export PATH=$PATH:/usr/sbin:/sbin

    # Unix socket paths are limited to 108 bytes (sun_path). slurmd's step
    # sockets are the longest: DIR/spool/<node>_<jobid>.<stepid> (ids up to
    # 10 digits each). Checked before mkdir so a refused DIR is not created.
    local node sock
    node=$(hostname -s)
    DIR=$(realpath -m -- "$DIR")
    if (( ${#DIR} + ${#node} + 40 > 107 )); then
        die "DIR path too long for unix sockets (${#DIR} chars, keep it under $((67 - ${#node}))): $DIR"
    fi
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    sock="$DIR/run/munge.sock"

    # A previous cluster in DIR must not be running (would fight over the files).
    do_down

    mkdir -p "$DIR/run" "$DIR/log" "$DIR/state" "$DIR/spool" "$DIR/munge"
    # munged refuses group/world-writable dirs on its key/socket/log paths.
    chmod 0755 "$DIR" "$DIR/run" "$DIR/log"
    chmod 0700 "$DIR/munge" "$DIR/state" "$DIR/spool"

    # --- munge ---------------------------------------------------------------
    local key="$DIR/munge/munge.key"
    if [[ ! -s $key ]]; then
        dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
        chmod 0400 "$key"
    fi
    log "starting munged"
    munged --force \
        --key-file="$key" --socket="$sock" \
        --pid-file="$DIR/run/munged.pid" --log-file="$DIR/log/munged.log" \
        --seed-file="$DIR/munge/munged.seed" \
        || { tail_logs; die "munged failed to start"; }

    # --- slurm.conf ----------------------------------------------------------
    local ctld_port slurmd_port cpus mem cluster
    read -r ctld_port slurmd_port <<<"$(free_ports)"
    # The machine's CPUs: nproc alone would honour OMP_NUM_THREADS (CTest sets
    # it to 1), and slurmd checks the count against the hardware.
    cpus=$(nproc --all)
    # ClusterName must stay the same across restarts in one DIR (slurmctld
    # refuses state saved under another name) and should differ between DIRs.
    cluster="local$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)"
    # RealMemory must not exceed what slurmd detects, or the node is drained
    # ("Low RealMemory"); take 90% of MemAvailable.
    mem=$(awk '/^MemAvailable:/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)
    (( mem > 0 )) || mem=1

    cat >"$DIR/slurm.conf" <<EOF
# Generated by $SCRIPT — throwaway single-node cluster in $DIR
ClusterName=${cluster}
SlurmctldHost=${node}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=${sock}
CredType=cred/munge
MpiDefault=none
SwitchType=switch/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
# CR_CPU: CPUs are the consumable; memory is not (otherwise every job would
# grab the whole node's memory and jobs would run one at a time).
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# Event-driven scheduling plus short periodic passes => jobs start within ~1 s.
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=1,batch_sched_delay=0,sched_min_interval=0
# Reject impossible requests (e.g. --time over MaxTime) at submission instead
# of leaving them pending forever.
EnforcePartLimits=ALL
ReturnToService=2
MinJobAge=${LOCAL_SLURM_MIN_JOB_AGE:-300}
KillWait=5
InactiveLimit=0
Waittime=0
SlurmctldTimeout=30
SlurmdTimeout=60
MessageTimeout=10
MailProg=/bin/true
PropagateResourceLimitsExcept=MEMLOCK
StateSaveLocation=${DIR}/state
SlurmdSpoolDir=${DIR}/spool
SlurmctldPidFile=${DIR}/run/slurmctld.pid
SlurmdPidFile=${DIR}/run/slurmd.pid
SlurmctldLogFile=${DIR}/log/slurmctld.log
SlurmdLogFile=${DIR}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=${node} NodeAddr=127.0.0.1 NodeHostname=${node} CPUs=${cpus} RealMemory=${mem} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
${LOCAL_SLURM_EXTRA_CONF:-}
EOF

    # --- slurm daemons ---------------------------------------------------------
    export SLURM_CONF="$DIR/slurm.conf"
    log "starting slurmctld (port $ctld_port) and slurmd (port $slurmd_port)"
    # Both daemonize and write their pid files themselves.
    slurmctld -f "$SLURM_CONF" || { tail_logs; do_down; die "slurmctld failed to start"; }
    slurmd -f "$SLURM_CONF" -N "$node" || { tail_logs; do_down; die "slurmd failed to start"; }

    # --- wait for the node to be idle --------------------------------------------
    local timeout=${LOCAL_SLURM_TIMEOUT:-30} start=$SECONDS state=
    while (( SECONDS - start < timeout )); do
        state=$(timeout 5 sinfo -h -N -n "$node" -o %t 2>/dev/null | head -n1) || state=
        # "idle" (or "mix"/"alloc" when jobs recovered from a previous run).
        if [[ $state == idle || $state == mix || $state == alloc ]]; then
            log "node $node is $state after $(( SECONDS - start )) s"
            echo "SLURM_CONF=$SLURM_CONF"
            return 0
        fi
        sleep 0.5
    done
    log "node $node not idle after ${timeout}s (state: '${state:-?}')"
    tail_logs
    do_down
    exit 1
}

DIR=$2
case $cmd in
    up) do_up ;;
    down)
        [[ -d $DIR ]] && DIR=$(cd "$DIR" && pwd -P)
        do_down || true
        ;;
    *) usage ;;
esac
