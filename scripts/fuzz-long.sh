#!/usr/bin/env bash
# Long fuzzing runs of the @FuzzTest targets (docs/robustness.md). One target at a time; each stops
# after RUNS inputs or MAX_SECONDS, whichever comes first. Crashing inputs land in the target's
# src/test/resources/.../*Inputs/METHOD directory, where the regression run (mvn verify) picks them up.
#
#   scripts/fuzz-long.sh [RUNS] [MAX_SECONDS] [Class#method ...]
#
# Without targets, all of them. Logs: target/fuzz-logs/Class#method.log; summary lines on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1000000}
MAX=${2:-1800}
shift $(( $# > 2 ? 2 : $# )) || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(FtpParsersFuzzTest#lineFramerAndCommands FtpParsersFuzzTest#dataChannelArgs FtpParsersFuzzTest#replyAssembler
           NetFuzzTest#packetDecoder NetFuzzTest#tcpReassembler NetFuzzTest#tcpReassemblerExact
           PipelineFuzzTest#controlConversation PipelineFuzzTest#captureBytes)
fi
mkdir -p target/fuzz-logs
# Fuzz from a copy under target/ so that builds in the checkout meanwhile do not swap classes under
# a running fuzzer; new crash inputs are copied back to the checkout's *Inputs directories.
W=target/fuzz-work
mkdir -p "$W"
rm -rf "$W/app/src" "$W/bench"
mkdir -p "$W/app"
cp pom.xml "$W/"
cp app/pom.xml "$W/app/"
cp -r app/src "$W/app/"
cp -r bench "$W/"
rm -rf "$W/bench/target"
touch "$W/.copied"
for t in "${TARGETS[@]}"; do
  log="target/fuzz-logs/$t.log"
  start=$(date +%s)
  # jazzer.internal.arg.N are the libFuzzer arguments (arg.0 is argv[0]); they come after the
  # annotation's own -max_total_time, so they win. jazzer.hooks=true: coverage instrumentation on.
  set +e
  JAZZER_FUZZ=1 mvn -B -o -f "$W/pom.xml" test -pl app -Dftpscope.root="$PWD" -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.hooks=true -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-runs="$RUNS" \
    -Djazzer.internal.arg.2=-max_total_time="$MAX" >"$log" 2>&1
  rc=$?
  set -e
  end=$(date +%s)
  (cd "$W" && find app/src/test/resources -name 'crash-*' -newer .copied) | while read -r f; do
    mkdir -p "$(dirname "$f")"; cp "$W/$f" "$f"; echo "new crash input: $f"; done
  done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 | cut -c1-100 || true)
  crash=$(grep -E 'Java Exception|FuzzTestFindingException|== Java' "$log" | head -1 || true)
  echo "$t rc=$rc wall=$((end - start))s ${done_line:-no Done line} | last: $last ${crash:+| FINDING: $crash}"
done
