# bench/lib.sh — what every bench/*/run.sh needs to run Postern beside a reference server on
# loopback: free ports, and Postern's start and stop. Sourced (not run) after the script has set
#   postern   the launcher (the checkout's ./postern)
#   work      the run's work folder (Postern's log goes to $work/postern.log)
# It sets postern_pid (empty when Postern is not running) and postern_offset.

postern_pid=""
postern_offset=""

listening() { ss -Hltn "sport = :$1" | grep -q .; }

# A port offset under which every port Postern's roles may open is free.
free_offset() {
  local off port busy
  for _ in $(seq 1 200); do
    off=$(( 20000 + (RANDOM % 36) * 1000 + RANDOM % 900 ))
    busy=0
    for port in 24 25 88 110 143 389 443 465 587 636 993 995 3343 5060 5061 5062 8443; do
      if listening $((port + off)); then busy=1; break; fi
    done
    [ "$busy" = 0 ] && { echo "$off"; return; }
  done
  echo "bench: no free port offset" >&2; exit 1
}

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$(( 30000 + RANDOM % 30000 ))
    listening "$port" || { echo "$port"; return; }
  done
  echo "bench: no free port" >&2; exit 1
}

# An administration command on a data folder (`postern_admin domain add example.test --data D`).
# POSTERN_JAVA_OPTS, for a profile, is for the server only. The first one builds the jar if the
# sources are newer.
postern_admin() { POSTERN_JAVA_OPTS='' "$postern" "$@"; }

# postern_start DATA ROLES: `postern run` on DATA at a free port offset, in the background;
# returns once it logged "Postern is ready.", or exits the script with the log's end if it ended.
postern_start() {
  postern_offset=$(free_offset)
  "$postern" run --data "$1" --port-offset "$postern_offset" --roles "$2" >"$work/postern.log" 2>&1 &
  postern_pid=$!
  for _ in $(seq 1 900); do
    grep -q "Postern is ready." "$work/postern.log" && break
    kill -0 "$postern_pid" 2>/dev/null || { echo "bench: postern run ended:" >&2; tail -20 "$work/postern.log" >&2; exit 1; }
    sleep 0.1
  done
}

# Stops Postern and waits for it to end.
postern_stop() {
  kill "$postern_pid"; wait "$postern_pid" 2>/dev/null || true
  postern_pid=""
}

# For the EXIT trap: stops Postern if it still runs (TERM, then KILL after 10 s).
postern_cleanup() {
  if [ -n "$postern_pid" ] && kill -0 "$postern_pid" 2>/dev/null; then
    kill "$postern_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$postern_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$postern_pid" 2>/dev/null || true
  fi
}
