#!/usr/bin/env bash
# bench/smtp/run.sh — Postern against Postfix 3.7 (Debian), each fed by Postfix's smtp-source
# on loopback with the same settings, each delivering into local mailboxes with fsync.
#
#   sudo bench/smtp/run.sh                       20 sessions, 20,000 messages of 10 KiB
#   MESSAGES=2000 bench/smtp/run.sh              a quicker run
#   ONLY=postern bench/smtp/run.sh               one side only (postern | postfix)
#   KEEP=1 bench/smtp/run.sh                     keep the work folder (logs, queues, mailboxes)
#   POSTERN_JAVA_OPTS='-XX:StartFlightRecording=filename=/tmp/p.jfr' bench/smtp/run.sh
#
# For each server it prints the acceptance rate (messages / time for smtp-source to finish:
# every message answered 250 by then) and the delivery rate (messages / time from the start
# until every message is in the mailbox and the queue is empty), then the ratios
# Postern/Postfix and Postern's peak resident memory (VmHWM of its JVM).
#
# Postfix runs as a private instance (postfix -c DIR start: its own queue_directory and
# data_directory, smtpd on a free loopback port, chroot off) and delivers with virtual(8) to
# a Maildir per user; its queue files and Maildir files are fsynced as Postfix does by
# default. Postern runs as `./postern run --roles hub,mailbox` on its own data folder: the
# queue answers 250 only after a group-committed fsync, and each delivery is durable in the
# store before the queue records it. Needs root (Postfix's master runs as root) and the
# Debian packages postfix and sqlite3. Not run in CI.
set -euo pipefail

MESSAGES=${MESSAGES:-20000}
SESSIONS=${SESSIONS:-20}
LENGTH=${LENGTH:-10240}
ONLY=${ONLY:-}
DELIVERY_TIMEOUT=${DELIVERY_TIMEOUT:-900}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
postern="$here/postern"
rcpt=bench@example.test
sender=sender@elsewhere.example

for tool in smtp-source postfix postconf postqueue sqlite3 ss; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install postfix sqlite3 iproute2)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || [ "$ONLY" = postern ] || { echo "bench: Postfix's master must run as root (or ONLY=postern)" >&2; exit 1; }

work="$(mktemp -d /tmp/postern-bench.XXXXXX)"
chmod 755 "$work"   # Postfix's daemons run as postfix and mail
postfix_conf=""
# shellcheck source=../lib.sh
. "$here/bench/lib.sh"

cleanup() {
  postern_cleanup
  if [ -n "$postfix_conf" ]; then
    postfix -c "$postfix_conf" stop >/dev/null 2>&1 || true
  fi
  if [ -n "${KEEP:-}" ]; then
    echo "bench: work folder kept: $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
rate() { printf '%.0f' "$(echo "$1 / $2" | bc -l)"; }

# Runs smtp-source against host:port; prints the seconds it took. It exits non-zero if any
# reply was not the expected one (no -A), so every message counted was answered 250.
feed() {
  local start end
  start=$(now)
  smtp-source -s "$SESSIONS" -m "$MESSAGES" -l "$LENGTH" -f "$sender" -t "$rcpt" "127.0.0.1:$1" \
    >"$work/smtp-source-$2.log" 2>&1 || { echo "bench: smtp-source against $2 failed:" >&2; tail -5 "$work/smtp-source-$2.log" >&2; exit 1; }
  end=$(now)
  elapsed "$start" "$end"
}

# Waits until check (a command printing a number) prints MESSAGES; prints the seconds from $1.
await_delivered() {
  local start=$1 check=$2 deadline n
  deadline=$(( $(date +%s) + DELIVERY_TIMEOUT ))
  while :; do
    n=$($check)
    if [ "$n" -ge "$MESSAGES" ] && $3; then break; fi
    if [ "$(date +%s)" -gt "$deadline" ]; then
      echo "bench: only $n of $MESSAGES delivered after ${DELIVERY_TIMEOUT}s" >&2; exit 1
    fi
    sleep 0.1
  done
  elapsed "$start" "$(now)"
}

# ---------------------------------------------------------------------------------- Postern

postern_delivered() {
  sqlite3 "file:$work/postern/store.db?mode=ro" "SELECT count(*) FROM store_message" 2>/dev/null || echo 0
}
postern_queue_empty() {
  [ -z "$(POSTERN_JAVA_OPTS='' "$postern" queue list --data "$work/postern" 2>/dev/null | grep -v '^$' || true)" ]
}

run_postern() {
  local data="$work/postern" offset
  postern_admin domain add example.test --data "$data" >/dev/null
  echo secret | postern_admin user add "$rcpt" --password-stdin --data "$data" >/dev/null
  postern_start "$data" hub,mailbox
  offset=$postern_offset
  echo "Postern: 127.0.0.1:$((25 + offset)), pid $postern_pid, data $data" >&2
  local start accept deliver
  start=$(now)
  accept=$(feed $((25 + offset)) postern)
  deliver=$(await_delivered "$start" postern_delivered postern_queue_empty)
  postern_accept=$accept postern_deliver=$deliver
  postern_hwm=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$postern_pid/status")
  # CPU time of the JVM (user + system, in clock ticks), fields 14 and 15 of /proc/PID/stat
  postern_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$postern_pid/stat")
  local count
  count=$(postern_delivered)
  [ "$count" = "$MESSAGES" ] || { echo "bench: Postern's mailbox holds $count messages, not $MESSAGES" >&2; exit 1; }
  postern_stop
}

# ---------------------------------------------------------------------------------- Postfix

postfix_delivered() {
  find "$work/postfix/mail/example.test/bench/new" -type f 2>/dev/null | wc -l
}
postfix_queue_empty() {
  [ -z "$(find "$work/postfix/spool/incoming" "$work/postfix/spool/active" "$work/postfix/spool/deferred" \
          "$work/postfix/spool/maildrop" -type f 2>/dev/null | head -1)" ]
}

run_postfix() {
  local p="$work/postfix" port
  port=$(free_port)
  mkdir -p "$p/etc" "$p/spool" "$p/data" "$p/mail"
  chown mail:mail "$p/mail"
  chown postfix "$p/data"
  cp /etc/postfix/master.cf "$p/etc/master.cf"
  cat >"$p/etc/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $p/spool
data_directory = $p/data
maillog_file = $p/maillog
maillog_file_prefixes = $p
myhostname = bench.example.test
mydomain = example.test
myorigin = \$myhostname
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
relayhost =
biff = no
smtpd_banner = \$myhostname ESMTP
virtual_mailbox_domains = example.test
virtual_mailbox_base = $p/mail
virtual_mailbox_maps = texthash:$p/etc/vmailbox
virtual_uid_maps = static:$(id -u mail)
virtual_gid_maps = static:$(id -g mail)
virtual_minimum_uid = 1
EOF
  echo "$rcpt example.test/bench/" >"$p/etc/vmailbox"
  postconf -c "$p/etc" -M# smtp/inet
  postconf -c "$p/etc" -M "127.0.0.1:$port/inet=127.0.0.1:$port inet n - n - - smtpd"
  postconf -c "$p/etc" -F '*/*/chroot = n'
  postfix_conf="$p/etc"
  postfix -c "$p/etc" start >"$work/postfix-start.log" 2>&1 \
    || { cat "$work/postfix-start.log" "$p/maillog" >&2; exit 1; }
  for _ in $(seq 1 100); do listening "$port" && break; sleep 0.1; done
  echo "Postfix $(postconf -h mail_version): 127.0.0.1:$port, config $p/etc" >&2
  local start accept deliver
  start=$(now)
  accept=$(feed "$port" postfix)
  deliver=$(await_delivered "$start" postfix_delivered postfix_queue_empty)
  postfix_accept=$accept postfix_deliver=$deliver
  local count
  count=$(postfix_delivered)
  [ "$count" = "$MESSAGES" ] || { echo "bench: Postfix's Maildir holds $count messages, not $MESSAGES" >&2; exit 1; }
  postfix -c "$p/etc" stop >/dev/null 2>&1 || true
  postfix_conf=""
}

echo "bench: $SESSIONS sessions, $MESSAGES messages of $LENGTH bytes, to $rcpt; $(nproc) CPUs; work folder $work" >&2
[ "$ONLY" = postfix ] || run_postern
[ "$ONLY" = postern ] || run_postfix

echo
printf '%-8s %14s %14s %16s %14s\n' server "accepted s" "accepted msg/s" "delivered s" "delivered msg/s"
if [ "$ONLY" != postfix ]; then
  printf '%-8s %14.2f %14s %16.2f %14s\n' Postern "$postern_accept" "$(rate "$MESSAGES" "$postern_accept")" \
    "$postern_deliver" "$(rate "$MESSAGES" "$postern_deliver")"
fi
if [ "$ONLY" != postern ]; then
  printf '%-8s %14.2f %14s %16.2f %14s\n' Postfix "$postfix_accept" "$(rate "$MESSAGES" "$postfix_accept")" \
    "$postfix_deliver" "$(rate "$MESSAGES" "$postfix_deliver")"
fi
if [ -z "$ONLY" ]; then
  printf 'ratio Postern/Postfix: accepted %.2f, delivered %.2f\n' \
    "$(echo "$postfix_accept / $postern_accept" | bc -l)" "$(echo "$postfix_deliver / $postern_deliver" | bc -l)"
fi
[ "$ONLY" = postfix ] || echo "Postern peak RSS (VmHWM): $postern_hwm; CPU time (user + system): ${postern_cpu} s"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
