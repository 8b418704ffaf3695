#!/usr/bin/env bash
# Stops the test cluster that scripts/slurm/up.sh started (by its PID files); idempotent.
set -uo pipefail
STATE=${STUDIO_SLURM_STATE:-/tmp/studio-slurm}
stop() {
  local name=$1 pidfile=$2
  [[ -s "$pidfile" ]] || return 0
  local pid; pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    printf 'slurm-down: stopped %s (%s)\n' "$name" "$pid" >&2
  fi
  rm -f "$pidfile"
}
stop slurmrestd "$STATE/slurmrestd.pid"
stop sshd "$STATE/sshd.pid"
stop slurmd "$STATE/slurmd.pid"
stop slurmctld "$STATE/slurmctld.pid"
stop munged /run/munge/munged.pid
rm -f "$STATE/cluster.env"
