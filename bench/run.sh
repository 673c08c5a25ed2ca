#!/usr/bin/env bash
# Benchmark: generate a reproducible FTP-heavy capture (default ~1 GB), then time tcpdump, tshark and
# ftpscope on the same file in the same run, several runs each, and print medians, ratios and peak RSS.
#
#   bench/run.sh [TARGET_BYTES] [RUNS] [--jmh]
#
# TARGET_BYTES is the generator's target (620000000 gives a ~0.94 GB file), RUNS defaults to 3.
# Needs tcpdump, tshark and GNU time (/usr/bin/time). The capture goes to $BENCH_DIR (default
# /tmp/ftpscope-bench) and is reused when it exists with the same parameters.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-620000000}"
runs="${2:-3}"
jmh="${3:-}"
dir="${BENCH_DIR:-/tmp/ftpscope-bench}"
heap="${FTPSCOPE_HEAP:-512m}"
mkdir -p "$dir"
for t in tcpdump tshark /usr/bin/time; do
  command -v "$t" >/dev/null || { echo "bench: $t is missing (apt-get install tcpdump tshark time)" >&2; exit 2; }
done

(cd "$here" && mvn -B -q -DskipTests package)
# The launcher makes its class-data archive at the first run after a build: not part of what is timed.
"$here/ftpscope" --version >/dev/null
app="$here/app/target/ftpscope.jar"
bench="$here/bench/target/ftpscope-bench.jar"

f="$dir/bench-$target.pcap"
if [ ! -s "$f" ]; then
  echo "generating $f ..."
  java -cp "$bench" io.ftpscope.bench.SyntheticCapture "$f" "$target" 2000 7 | tee "$f.facts"
fi
size=$(stat -L -c %s "$f")
echo "file: $f ($size bytes), $(cat "$f.facts" 2>/dev/null)"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(tcpdump --version 2>&1 | head -1), $(tshark --version | head -1)"
cat "$f" > /dev/null   # warm the page cache

measure() { # name, command...
  local name="$1"; shift
  local times=() rss=() cpus=()
  for i in $(seq "$runs"); do
    local out tf
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f "%e %M %U %S" "$@" > /dev/null 2>&1 || { echo "bench: $name failed: $*" >&2; cat "$tf" >&2; }
    out=$(tail -1 "$tf"); rm -f "$tf"
    read -r e m u s <<< "$out"
    times+=("$e"); rss+=("$m"); cpus+=("$(echo "$u + $s" | bc -l)")
  done
  local med; med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local cpu; cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  local peak; peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  printf '%-34s runs: %-24s median %6.2f s  %7.1f MB/s  cpu %6.2f s  peak RSS %6d MB\n' "$name" "${times[*]}" "$med" \
    "$(echo "$size / $med / 1000000" | bc -l)" "$cpu" "$((peak / 1024))"
  eval "med_${name//[^a-z0-9]/_}=$med"
}

echo "load before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on these cores make every figure slower)"
measure tcpdump tcpdump -r "$f" -w /dev/null
measure tshark tshark -r "$f" -Y ftp
# through the launcher, as users run it (its JVM flags are part of what is measured)
export FTPSCOPE_HEAP="$heap"
measure ftpscope_json "$here/ftpscope" read --format json "$f"
measure ftpscope_zeek "$here/ftpscope" read --format zeek "$f"
measure ftpscope_jsonl "$here/ftpscope" read --format jsonl "$f"

echo
echo "ratios (tcpdump time / ftpscope time: 1.0 means as fast as tcpdump -r F -w /dev/null):"
for n in json zeek jsonl; do
  v="med_ftpscope_$n"
  [ -n "${!v:-}" ] || continue
  printf '  ftpscope %-6s %.2fx tcpdump, %.1fx faster than tshark -Y ftp\n' "$n" \
    "$(echo "$med_tcpdump / ${!v}" | bc -l)" "$(echo "$med_tshark / ${!v}" | bc -l)"
done

if [ "$jmh" = "--jmh" ]; then
  java -jar "$bench" -f 1 -wi 2 -i 3 -w 1 -r 1
fi
