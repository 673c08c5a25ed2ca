#!/usr/bin/env bash
# Live-capture benchmark: replay a capture at top speed over a veth pair (tcpreplay --topspeed) while
# (1) tcpdump and (2) ftpscope live --format jsonl listen on the far end, one after the other, and
# report what each saw and what libpcap says it dropped.
#
#   sudo bench/live.sh FILE.pcap [MBPS|top] [tui]
#
# MBPS limits the replay rate (default: top speed). With tui, (2) is the terminal view instead
# (live --tui in a private tmux server, left with Ctrl-C; its summary is printed). Needs root,
# iproute2, ethtool, tcpreplay, tcpdump (and tmux for tui).
# The load average is printed before each run: on a shared machine, repeat runs that met a high one.
# FTPSCOPE_PCAP_PER_PACKET=1 measures the old per-packet libpcap path instead of the batched one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
f="$1"
rate="${2:-}"
[ "$rate" = top ] && rate=
view="${3:-jsonl}"
[ "$(id -u)" = 0 ] || { echo "live.sh: needs root (namespaces, capture)" >&2; exit 2; }
for t in ip ethtool tcpreplay tcpdump; do command -v $t >/dev/null || { echo "live.sh: $t missing" >&2; exit 2; }; done
app="$here/app/target/ftpscope.jar"
[ -f "$app" ] || (cd "$here" && mvn -B -q -DskipTests package)

ns=ftpscope-bench-rx
sock=ftpscope-bench-$$
cleanup() { tmux -L "$sock" kill-server 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; ip link del fbtx 2>/dev/null || true; }
trap cleanup EXIT
cleanup
ip netns add "$ns"
ip link add fbtx type veth peer name fbrx
ip link set fbrx netns "$ns"
ip link set fbtx up mtu 9000
ip netns exec "$ns" ip link set fbrx up mtu 9000
ip netns exec "$ns" ip link set lo up
ethtool -K fbtx tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec "$ns" ethtool -K fbrx tso off gso off gro off >/dev/null 2>&1 || true
frames=$(tcpdump -r "$f" -w /dev/null 2>&1 | grep -o '^[0-9]*' | head -1 || true)
speed=(--topspeed); [ -n "$rate" ] && speed=(--mbps="$rate")

# Machine-wide CPU over a replay and the 2 s after it, split between the capturing process, tcpreplay
# and everything else (other people's jobs on a shared machine make drops that are not the tool's).
cpu() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
replay() { # $1: pid of the capturing process
  sleep 1
  local b0 i0 b1 i1 p0 p1
  read -r b0 i0 < <(cpu); p0=$(ticks "$1")
  TIMEFORMAT='%U %S'
  { time tcpreplay -q -i fbtx "${speed[@]}" "$f" > /tmp/ftpscope-live-replay.txt 2>&1; } 2> /tmp/ftpscope-live-replay-cpu.txt
  sleep 2
  read -r b1 i1 < <(cpu); p1=$(ticks "$1")
  grep -E "Actual|Rated" /tmp/ftpscope-live-replay.txt || true
  awk -v b="$((b1 - b0))" -v i="$((i1 - i0))" -v p="$((p1 - p0))" -v n="$(nproc)" '{ t = ($1 + $2) * 100; all = b + i;
    printf "cpu (replay + 2 s, %d cores): %.0f%% busy: capture %.0f%%, tcpreplay %.0f%%, other processes %.0f%%\n",
      n, 100 * b / all, 100 * p / all, 100 * t / all, 100 * (b - p - t) / all }' /tmp/ftpscope-live-replay-cpu.txt
}

echo "== tcpdump   ($(uptime | sed 's/.*load/load/'))"
ip netns exec "$ns" tcpdump -i fbrx -B 65536 -w /dev/null 2> /tmp/ftpscope-live-tcpdump.txt &
pid=$!
replay $pid
kill -INT $pid; wait $pid 2>/dev/null || true
grep -E "captured|dropped" /tmp/ftpscope-live-tcpdump.txt

if [ "$view" = tui ]; then
  echo "== ftpscope live --tui${FTPSCOPE_PCAP_PER_PACKET:+ (FTPSCOPE_PCAP_PER_PACKET=$FTPSCOPE_PCAP_PER_PACKET)}   ($(uptime | sed 's/.*load/load/'))"
  tmux -L "$sock" -f /dev/null new-session -d -s v -x 120 -y 40 "ip netns exec $ns '$here/ftpscope' live -i fbrx --tui; sleep 60"
  # The pane's shell runs ip netns exec, which execs the launcher, which execs java.
  pane=$(tmux -L "$sock" display-message -p -t v '#{pane_pid}')
  pid=
  for _ in $(seq 1 50); do pid=$(pgrep -P "$pane" | head -1 || true); [ -n "$pid" ] && break; sleep 0.1; done
  sleep 2
  replay "$pid"
  tmux -L "$sock" send-keys -t v C-c
  for _ in $(seq 1 60); do tmux -L "$sock" capture-pane -p -t v | grep -q "^capture:" && break; sleep 0.5; done
  tmux -L "$sock" capture-pane -p -t v | grep -E "^(packets|tcp|capture):" || echo "live.sh: no summary from the terminal view" >&2
  exit 0
fi
echo "== ftpscope live --format jsonl${FTPSCOPE_PCAP_PER_PACKET:+ (FTPSCOPE_PCAP_PER_PACKET=$FTPSCOPE_PCAP_PER_PACKET)}   ($(uptime | sed 's/.*load/load/'))"
# Through the launcher, so its JVM flags are part of the measurement.
ip netns exec "$ns" "$here/ftpscope" live -i fbrx --format jsonl > /tmp/ftpscope-live.jsonl 2> /tmp/ftpscope-live-err.txt &
pid=$!
sleep 2
replay $pid
# SIGTERM, not SIGINT: a background job of a script starts with SIGINT ignored, and the JVM then
# leaves it ignored (ftpscope stops the same way on either).
kill -TERM $pid; wait $pid 2>/dev/null || true
tail -3 /tmp/ftpscope-live-err.txt
grep '"event":"stats"' /tmp/ftpscope-live.jsonl | tail -1 | cut -c1-400
