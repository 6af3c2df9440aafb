#!/usr/bin/env bash
# bench/imap/run.sh — Postern against Dovecot 2.3 (Debian dovecot-imapd) on loopback: the same
# mailbox loaded into both by APPEND, then the same load client (bench/imap/ImapBench.java, run
# with the JDK's source launcher) against both, over implicit TLS.
#
#   sudo bench/imap/run.sh                      10,000 messages, 15 s per operation kind, 4 workers
#   MESSAGES=2000 SECONDS_PER_OP=5 bench/imap/run.sh     a quicker run
#   ONLY=postern bench/imap/run.sh              one side only (postern | dovecot)
#   STORE=postgresql bench/imap/run.sh          Postern's store on a private PostgreSQL (default sqlite)
#   PHASES="fetch-body search-body" bench/imap/run.sh    some operation kinds only
#   KEEP=1 bench/imap/run.sh                    keep the work folder (logs, mailboxes)
#   POSTERN_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/p.jfr' bench/imap/run.sh
#   IDLE_CONNECTIONS=10000 bench/imap/run.sh idle        the idle-TLS memory test (Postern only)
#
# Mailbox: MESSAGES messages made from SEED (message i is the same bytes for both servers):
# LARGE_PERCENT % of 100 KiB–1 MiB (text, HTML and a base64 attachment), the others 2–20 KiB
# (text and HTML alternatives), with Received, From, To, Cc, Subject, Date, Message-ID and
# In-Reply-To headers. Loaded by APPEND over APPEND_CONNECTIONS connections.
#
# Operation kinds, each for SECONDS_PER_OP seconds on WORKERS connections (INBOX selected):
#   select         SELECT INBOX
#   fetch-headers  FETCH of 50 messages: UID FLAGS RFC822.SIZE ENVELOPE BODY.PEEK[HEADER.FIELDS (...)]
#   fetch-body     FETCH of one message's BODY.PEEK[]
#   search-header  UID SEARCH SUBJECT "topic-N "
#   search-body    UID SEARCH BODY "markerN "
#   store          STORE of one message's \Flagged, +FLAGS.SILENT or -FLAGS.SILENT
#   idle-wake      IDLE_SESSIONS sessions in IDLE; DELIVERIES APPENDs from another session, each
#                  after every session saw the previous one's EXISTS; latency: APPEND sent → EXISTS
# It prints operations/s, p50 and p99 latency per kind for each server, and the ratios
# Postern/Dovecot (ops/s: above 1 means Postern is faster; p99: below 1 means Postern is faster).
#
# `run.sh idle`: IDLE_CONNECTIONS connections to Postern's 993 (IDLE_USERS users, from
# IDLE_SOURCES loopback addresses), each logged in, INBOX selected, in IDLE; prints the count
# established and Postern's VmRSS and VmHWM. Its users' password hashes are cheap (postern.yaml
# directory.argon2 m=64 KiB, t=1): the test measures sessions, not password hashing.
#
# Dovecot runs as a private instance (dovecot -c FILE: its own base_dir, state_dir and log, a
# self-signed certificate, imaps on a free loopback port, Maildir as user mail, passwd-file
# users); the system service is never touched. Postern runs as `./postern run --roles
# mailbox,cas` on its own data folder. Needs root (Dovecot's master), the Debian packages
# dovecot-imapd and openssl, and a JDK 21+. Not run in CI.
# STORE=postgresql: the script makes a private PostgreSQL cluster from Debian's postgresql
# package (newest /usr/lib/postgresql/N/bin): initdb in the work folder (as the postgres user
# when run as root, since initdb refuses root), pg_ctl start on a free loopback port with its
# socket in that folder and the server's default durability (fsync and synchronous_commit on,
# as Postern's SQLite commits with synchronous=FULL), PG_OPTS appended to its options (e.g.
# PG_OPTS='-c shared_buffers=512MB'), one database `postern`, and store: {type: postgresql,
# url: ...} in Postern's postern.yaml; it stops the cluster at the end whatever happens.
# Message contents over store.inline_limit stay files in Postern's blobs/. The output names the
# store, and adds the CPU time of PostgreSQL's processes to Postern's. PG_STATEMENTS=1 loads
# pg_stat_statements and prints the run's 25 costliest statements.
# The machine is shared: always compare the two servers of the same run.
set -euo pipefail

MESSAGES=${MESSAGES:-10000}
SEED=${SEED:-4}
LARGE_PERCENT=${LARGE_PERCENT:-5}
APPEND_CONNECTIONS=${APPEND_CONNECTIONS:-4}
SECONDS_PER_OP=${SECONDS_PER_OP:-15}
WORKERS=${WORKERS:-4}
IDLE_SESSIONS=${IDLE_SESSIONS:-40}
DELIVERIES=${DELIVERIES:-20}
ONLY=${ONLY:-}
IDLE_CONNECTIONS=${IDLE_CONNECTIONS:-10000}
IDLE_USERS=${IDLE_USERS:-10}
IDLE_SOURCES=${IDLE_SOURCES:-100}
IDLE_HOLD=${IDLE_HOLD:-60}
STORE=${STORE:-sqlite}
PG_OPTS=${PG_OPTS:-}
if [ -n "${PG_STATEMENTS:-}" ]; then
  PG_OPTS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all $PG_OPTS"
fi
export PHASES=${PHASES:-}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
postern="$here/postern"
client="$here/bench/imap/ImapBench.java"
user=bench@example.test
password=bench-secret
mode=${1:-bench}

for tool in openssl ss bc; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install openssl iproute2 bc)" >&2; exit 1; }
done
case "$STORE" in
  sqlite) ;;
  postgresql)
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -1)
    [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || { echo "bench: PostgreSQL is missing (apt-get install postgresql)" >&2; exit 1; } ;;
  *) echo "bench: STORE is sqlite or postgresql, not '$STORE'" >&2; exit 1 ;;
esac
if [ "$mode" = bench ] && [ "$ONLY" != postern ]; then
  command -v dovecot >/dev/null || { echo "bench: dovecot is missing (apt-get install dovecot-imapd)" >&2; exit 1; }
  [ "$(id -u)" = 0 ] || { echo "bench: Dovecot's master must run as root (or ONLY=postern)" >&2; exit 1; }
fi

# The JDK the launcher would use runs the client too.
java_home() {
  local j
  for j in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$j" ] && [ -x "$j/bin/java" ] || continue
    "$j/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])' && { echo "$j"; return; }
  done
  echo "bench: no JDK 21+ for the load client" >&2; exit 1
}
java="$(java_home)/bin/java"
bench_client() { "$java" -Xss512k -XX:+UseSerialGC ${CLIENT_JAVA_OPTS:-} "$client" "$@"; }

work="$(mktemp -d /tmp/postern-imap-bench.XXXXXX)"
chmod 755 "$work"
dovecot_conf=""
pg_data=""
# shellcheck source=../lib.sh
. "$here/bench/lib.sh"

cleanup() {
  postern_cleanup
  pg_stop
  if [ -n "$dovecot_conf" ]; then
    doveadm -c "$dovecot_conf" stop >/dev/null 2>&1 || true
  fi
  if [ -n "${KEEP:-}" ]; then
    echo "bench: work folder kept: $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Loads the mailbox, then runs every operation kind; the client's RESULT lines go to $work/result-$2.
drive() {
  local port=$1 name=$2
  echo "bench: loading $MESSAGES messages into $name ..." >&2
  bench_client append 127.0.0.1 "$port" "$user" "$password" "$MESSAGES" "$SEED" "$LARGE_PERCENT" "$APPEND_CONNECTIONS" \
    | tee "$work/append-$name" >&2
  echo "bench: load client against $name ..." >&2
  bench_client load 127.0.0.1 "$port" "$user" "$password" "$SECONDS_PER_OP" "$WORKERS" "$SEED" "$IDLE_SESSIONS" "$DELIVERIES" \
    | tee "$work/result-$name" >&2
}

# ---------------------------------------------------------------------------------- PostgreSQL

# Runs a PostgreSQL program as the cluster's owner: the postgres user when the script is root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Starts a private cluster in $work/pg on a free loopback port; sets pg_port and pg_data.
pg_start() {
  local d="$work/pg"
  mkdir -p "$d"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$d"; fi
  as_pg "$pg_bin/initdb" -D "$d/data" -U postgres -A trust -E UTF8 --locale=C >"$d/initdb.log" 2>&1 \
    || { cat "$d/initdb.log" >&2; exit 1; }
  for _ in 1 2 3 4 5; do
    pg_port=$(free_port)
    pg_data="$d/data"
    # shellcheck disable=SC2086
    if as_pg "$pg_bin/pg_ctl" -D "$d/data" -l "$d/server.log" -w -t 60 \
        -o "-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$d $PG_OPTS" start >/dev/null; then
      as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres postern
      if [ -n "${PG_STATEMENTS:-}" ]; then
        as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postern -X -q -c 'CREATE EXTENSION pg_stat_statements' >&2
      fi
      echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}'): 127.0.0.1:$pg_port, data $d/data" >&2
      return
    fi
    pg_data=""
  done
  tail -20 "$d/server.log" >&2; exit 1
}

# Stops the cluster if it runs (for the EXIT trap too).
pg_stop() {
  if [ -n "$pg_data" ]; then
    as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || as_pg "$pg_bin/pg_ctl" -D "$pg_data" -m immediate -w stop >/dev/null 2>&1 || true
    pg_data=""
  fi
}

# postern.yaml's lines $1 after the store's for STORE (none for SQLite, the default).
with_store() {
  if [ "$STORE" = postgresql ]; then
    printf 'store:\n  type: postgresql\n  url: "jdbc:postgresql://127.0.0.1:%d/postern"\n  user: postgres\n' "$pg_port"
  fi
  printf '%s' "$1"
}

# ---------------------------------------------------------------------------------- Postern

# Starts Postern with postern.yaml $1, the bench user and $2 more users idle0..idleN-1.
start_postern() {
  local data="$work/postern" yaml=$1 extra=${2:-0} u
  mkdir -p "$data"
  printf '%s' "$yaml" >"$data/postern.yaml"
  postern_admin domain add example.test --data "$data" >/dev/null
  echo "$password" | postern_admin user add "$user" --password-stdin --data "$data" >/dev/null
  for u in $(seq 0 $((extra - 1))); do
    echo "$password" | postern_admin user add "idle$u@example.test" --password-stdin --data "$data" >/dev/null
  done
  postern_start "$data" mailbox,cas
  echo "Postern: imaps 127.0.0.1:$((993 + postern_offset)), pid $postern_pid, data $data" >&2
}

run_postern() {
  if [ "$STORE" = postgresql ]; then pg_start; fi
  # The load client's sessions and the IDLE sessions are all one user's.
  start_postern "$(with_store $'imap:\n  max_sessions_per_user: 1000\n')"
  drive $((993 + postern_offset)) postern
  postern_hwm=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$postern_pid/status")
  postern_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$postern_pid/stat")
  if [ -n "$pg_data" ]; then
    # the CPU of PostgreSQL's postmaster and its live processes (Postern's pooled connections'
    # backends among them), which Postern's own figure leaves out
    local master
    master=$(head -1 "$pg_data/postmaster.pid")
    pg_cpu=$(cat "/proc/$master/stat" $(pgrep -P "$master" | sed 's|.*|/proc/&/stat|') 2>/dev/null \
      | awk -v hz="$(getconf CLK_TCK)" '{s += $14 + $15} END {printf "%.1f", s / hz}')
    if [ -n "${PG_STATEMENTS:-}" ]; then
      as_pg "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postern -X -q -P pager=off -c \
        "SELECT calls, round(total_exec_time::numeric, 0) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
                rows, left(regexp_replace(query, '\s+', ' ', 'g'), 160) AS query
           FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25" >"$work/pg-statements" 2>&1 || true
    fi
  fi
  postern_stop
  pg_stop
}

# ---------------------------------------------------------------------------------- Dovecot

run_dovecot() {
  local d="$work/dovecot" port
  port=$(free_port)
  mkdir -p "$d/run" "$d/state" "$d/mail" "$d/home"
  chown mail:mail "$d/mail" "$d/home"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -keyout "$d/key.pem" -out "$d/cert.pem" >/dev/null 2>&1
  chmod 600 "$d/key.pem"
  echo "$user:{PLAIN}$password" >"$d/passwd"
  cat >"$d/dovecot.conf" <<EOF
base_dir = $d/run
state_dir = $d/state
log_path = $d/dovecot.log
info_log_path = $d/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <$d/cert.pem
ssl_key = <$d/key.pem
ssl_min_protocol = TLSv1.2
auth_mechanisms = plain login
first_valid_uid = $(id -u mail)
mail_location = maildir:$d/mail/%d/%n
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $d/passwd
}
userdb {
  driver = static
  args = uid=mail gid=mail home=$d/home/%d/%n
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $port
    ssl = yes
  }
}
protocol imap {
  mail_max_userip_connections = 1000
}
EOF
  dovecot_conf="$d/dovecot.conf"
  dovecot -c "$d/dovecot.conf" || { cat "$d/dovecot.log" >&2; exit 1; }
  for _ in $(seq 1 100); do listening "$port" && break; sleep 0.1; done
  echo "Dovecot $(dovecot --version): imaps 127.0.0.1:$port, config $d/dovecot.conf" >&2
  drive "$port" dovecot
  doveadm -c "$d/dovecot.conf" stop >/dev/null 2>&1 || true
  dovecot_conf=""
}

# ---------------------------------------------------------------------------------- idle TLS

run_idle() {
  ulimit -n "$(ulimit -Hn)"
  # The users' password hashes are cheap (Argon2id m=64 KiB, t=1): the test measures sessions, not hashing.
  if [ "$STORE" = postgresql ]; then pg_start; fi
  start_postern "$(with_store "$(printf 'directory:\n  argon2: {memory_kib: 64, iterations: 1}\nimap:\n  max_connections: %d\n  max_connections_per_source: %d\n  max_sessions_per_user: %d\n' \
    $((IDLE_CONNECTIONS + 100)) $((IDLE_CONNECTIONS + 100)) $((IDLE_CONNECTIONS + 100)))")" "$IDLE_USERS"
  echo "bench: Postern before: $(grep -E 'VmRSS' "/proc/$postern_pid/status" | tr -s ' \t' ' ')" >&2
  CLIENT_JAVA_OPTS="-Xmx3g ${CLIENT_JAVA_OPTS:-}" bench_client idle 127.0.0.1 $((993 + postern_offset)) 'idle%d@example.test' "$password" \
    "$IDLE_CONNECTIONS" "$IDLE_USERS" "$IDLE_SOURCES" "$IDLE_HOLD" "$work/idle-ready" >"$work/idle-client" 2>&1 &
  local client_pid=$!
  while [ ! -f "$work/idle-ready" ]; do
    kill -0 "$client_pid" 2>/dev/null || { cat "$work/idle-client" >&2; exit 1; }
    sleep 1
  done
  sleep 5
  local rss hwm threads rss_late
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$postern_pid/status")
  threads=$(awk '/Threads/ {print $2}' "/proc/$postern_pid/status")
  # Again near the end of the hold: the sessions have sat idle for a while
  sleep $(( IDLE_HOLD > 15 ? IDLE_HOLD - 10 : 1 ))
  rss_late=$(awk '/VmRSS/ {print $2}' "/proc/$postern_pid/status")
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$postern_pid/status")
  # Where it goes (after the figures above: a histogram collects the heap first)
  "$(dirname "$java")/jcmd" "$postern_pid" VM.native_memory summary >"$work/idle-nmt" 2>&1 || true
  "$(dirname "$java")/jcmd" "$postern_pid" GC.heap_info >"$work/idle-heap" 2>&1 || true
  "$(dirname "$java")/jcmd" "$postern_pid" GC.class_histogram >"$work/idle-histogram" 2>&1 || true
  wait "$client_pid" || true
  cat "$work/idle-client"
  printf 'Postern with %s idle TLS sessions: VmRSS %d kB (%.0f MiB), VmHWM %d kB (%.0f MiB), %d OS threads; %.1f KiB RSS per session\n' \
    "$(cat "$work/idle-ready")" "$rss" "$(echo "$rss / 1024" | bc -l)" "$hwm" "$(echo "$hwm / 1024" | bc -l)" "$threads" \
    "$(echo "$rss / $(cat "$work/idle-ready")" | bc -l)"
  printf 'after %d s idle: VmRSS %d kB (%.0f MiB)\n' $(( IDLE_HOLD > 15 ? IDLE_HOLD - 5 : 6 )) "$rss_late" "$(echo "$rss_late / 1024" | bc -l)"
  echo "Postern's heap after a full collection, largest classes ($work/idle-histogram):"
  sed -n '1,16p' "$work/idle-histogram"
  grep -E '^(Total|-| *(Java Heap|Class|Thread|Code|GC|Internal|Other|NIO|Arena|Metaspace))' "$work/idle-nmt" 2>/dev/null | head -24 || true
  postern_stop
}

if [ "$mode" = idle ]; then
  run_idle
  exit 0
fi

echo "bench: $MESSAGES messages ($LARGE_PERCENT % large), ${SECONDS_PER_OP} s per kind, $WORKERS workers, $IDLE_SESSIONS IDLE sessions; Postern's store $STORE; $(nproc) CPUs; work folder $work" >&2
[ "$ONLY" = dovecot ] || run_postern
[ "$ONLY" = postern ] || run_dovecot

field() { awk -v k="$2" -v f="$3" '$1 == "RESULT" && $2 == k {print $f}' "$work/result-$1"; }

echo
[ "$ONLY" = dovecot ] || echo "Postern's mailbox store: $STORE"
printf '%-14s %-8s %8s %10s %10s %10s\n' kind server ops ops/s "p50 ms" "p99 ms"
for kind in select fetch-headers fetch-body search-header search-body store idle-wake; do
  for s in postern dovecot; do
    [ -f "$work/result-$s" ] || continue
    [ -n "$(field $s $kind 3)" ] || continue
    printf '%-14s %-8s %8s %10s %10s %10s\n' "$kind" "$s" "$(field $s $kind 3)" "$(field $s $kind 5)" "$(field $s $kind 6)" "$(field $s $kind 7)"
  done
  if [ -z "$ONLY" ] && [ -n "$(field postern $kind 5)" ] && [ -n "$(field dovecot $kind 5)" ]; then
    printf '%-14s ratio Postern/Dovecot: ops/s %.2f, p99 %.2f\n' "$kind" \
      "$(echo "$(field postern $kind 5) / $(field dovecot $kind 5)" | bc -l)" \
      "$(echo "$(field postern $kind 7) / $(field dovecot $kind 7)" | bc -l)"
  fi
done
if [ -f "$work/pg-statements" ]; then
  echo "PostgreSQL's costliest statements (pg_stat_statements):"
  cat "$work/pg-statements"
fi
for s in postern dovecot; do
  [ -f "$work/append-$s" ] && echo "$s load: $(cat "$work/append-$s")"
done
[ "$ONLY" = dovecot ] || echo "Postern peak RSS (VmHWM): $postern_hwm; CPU time (user + system): ${postern_cpu} s"
[ -z "${pg_cpu:-}" ] || echo "PostgreSQL (postmaster and its live processes at the end) CPU time: ${pg_cpu} s"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (shared machine: compare the two servers of one run)"
