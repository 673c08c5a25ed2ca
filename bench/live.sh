#!/usr/bin/env bash
# Live-capture benchmark: replay a capture at top speed over a veth pair (tcpreplay --topspeed) while
# (1) tcpdump and (2) ftpscope live --format jsonl listen on the far end, one after the other, and
# report what each saw and what libpcap says it dropped.
#
#   sudo bench/live.sh FILE.pcap [MBPS]
#
# MBPS limits the replay rate (default: top speed). Needs root, iproute2, ethtool, tcpreplay, tcpdump.
# The load average is printed before each run: on a shared machine, repeat runs that met a high one.
# FTPSCOPE_PCAP_PER_PACKET=1 measures the old per-packet libpcap path instead of the batched one.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
f="$1"
rate="${2:-}"
[ "$(id -u)" = 0 ] || { echo "live.sh: needs root (namespaces, capture)" >&2; exit 2; }
for t in ip ethtool tcpreplay tcpdump; do command -v $t >/dev/null || { echo "live.sh: $t missing" >&2; exit 2; }; done
app="$here/app/target/ftpscope.jar"
[ -f "$app" ] || (cd "$here" && mvn -B -q -DskipTests package)

ns=ftpscope-bench-rx
cleanup() { ip netns del "$ns" 2>/dev/null || true; ip link del fbtx 2>/dev/null || true; }
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

replay() { sleep 1; tcpreplay -q -i fbtx "${speed[@]}" "$f" 2>&1 | grep -E "Actual|Rated" || true; sleep 2; }

echo "== tcpdump   ($(uptime | sed 's/.*load/load/'))"
ip netns exec "$ns" tcpdump -i fbrx -B 65536 -w /dev/null 2> /tmp/ftpscope-live-tcpdump.txt &
pid=$!
replay
kill -INT $pid; wait $pid 2>/dev/null || true
grep -E "captured|dropped" /tmp/ftpscope-live-tcpdump.txt

echo "== ftpscope live --format jsonl${FTPSCOPE_PCAP_PER_PACKET:+ (FTPSCOPE_PCAP_PER_PACKET=$FTPSCOPE_PCAP_PER_PACKET)}   ($(uptime | sed 's/.*load/load/'))"
# Through the launcher, so its JVM flags are part of the measurement.
ip netns exec "$ns" "$here/ftpscope" live -i fbrx --format jsonl > /tmp/ftpscope-live.jsonl 2> /tmp/ftpscope-live-err.txt &
pid=$!
sleep 2
replay
# SIGTERM, not SIGINT: a background job of a script starts with SIGINT ignored, and the JVM then
# leaves it ignored (ftpscope stops the same way on either).
kill -TERM $pid; wait $pid 2>/dev/null || true
tail -3 /tmp/ftpscope-live-err.txt
grep '"event":"stats"' /tmp/ftpscope-live.jsonl | tail -1 | cut -c1-400
