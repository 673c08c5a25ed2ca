#!/usr/bin/env bash
# Records the real FTP sessions under captures/ (see captures/README.md).
#
# Usage (as root):  bash captures/record.sh
#                   ONLY="passive-blocked bounce-port" bash captures/record.sh
#
# vsftpd is the server, curl / lftp / python3 ftplib are the clients. Every
# session runs inside network namespaces created by this script and joined by
# veth pairs; nothing leaves them. tcpdump records on the client side.
#
# The expected values in captures/manifest.json come only from how each
# capture was made: the sizes / sha256 of the files on disk (stat/sha256sum),
# the commands scripted here, the addresses and ports configured here, and the
# clients' own logs. No capture is parsed to produce the manifest. The optional
# check at the end (tshark) is a sanity check only.
#
# Environment:
#   FTP_HOME   home directory of the FTP user (default /srv/ftpscope-ftp)
#   WORK       scratch directory (default /tmp/ftpscope-record, recreated)
#   KEEP_WORK  set to 1 to keep $WORK (logs, client files) after the run
#   SKIP_CHECK set to 1 to skip the tshark sanity check
#   ONLY       space-separated names of fault scenarios to record, and nothing
#              else: passive-blocked passive-refused service-unavailable
#              bounce-port brute-force. The other captures are left untouched;
#              their entries are merged into the existing manifest.json, whose
#              other entries stay as they are. Unset: record everything.

set -Eeuo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=$SCRIPT_DIR
WORK=${WORK:-/tmp/ftpscope-record}
FTP_HOME=${FTP_HOME:-/srv/ftpscope-ftp}
FTP_USER=ftpuser
FTP_PASS=s3cret-pass
FTP_BAD_PASS=wrong-password

CLIENT_IP=10.0.0.1
SERVER_IP=10.0.0.2
CLIENT_IP6=fd00::1
SERVER_IP6=fd00::2
# server behind NAT
NAT_CLIENT_IP=10.0.0.1
NAT_ROUTER_INNER_IP=10.0.0.254
NAT_PUBLIC_IP=198.51.100.2
NAT_ROUTER_PRIV_IP=192.168.50.1
NAT_SERVER_IP=192.168.50.2

PASV_MIN=40000
PASV_MAX=40100
BOUNCE_TARGET=10,0,0,99,0,80     # PORT argument naming a third host (10.0.0.99:80, which does not exist)
BRUTE_ATTEMPTS=25                # failed logins in brute-force.pcap (ftpscope's default threshold is 20)

# Fault scenarios (recorded after the others; the only ones ONLY may name).
FAULT_SCENARIOS=(passive-blocked passive-refused service-unavailable bounce-port brute-force)
ONLY=${ONLY:-}
want() { # want SCENARIO : true when this run records it
    [[ -z $ONLY || " $ONLY " == *" $1 "* ]]
}
FIXED_MTIME='2020-01-02 03:04:05 UTC'

NS_C=ftpscope-cli        # client
NS_S=ftpscope-srv        # server
NS_NC=ftpscope-natcli    # client (NAT topology)
NS_NR=ftpscope-natrtr    # router doing DNAT
NS_NS=ftpscope-natsrv    # server behind NAT
ALL_NS=("$NS_C" "$NS_S" "$NS_NC" "$NS_NR" "$NS_NS")

CLIENT_DIR=$WORK/client
TCPDUMP_PID=
VSFTPD_PID=

log()  { printf '[record] %s\n' "$*" >&2; }
die()  { printf '[record] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------- checks ---
for o in $ONLY; do
    [[ " ${FAULT_SCENARIOS[*]} " == *" $o "* ]] || die "ONLY: unknown scenario '$o' (choose from: ${FAULT_SCENARIOS[*]})"
done
[[ -z $ONLY || -f $OUT_DIR/manifest.json ]] || die "ONLY needs an existing $OUT_DIR/manifest.json to merge into"
[[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces, vsftpd, tcpdump): sudo bash $0"

need() { # need TOOL DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 || die "required tool '$1' not found - install it with: apt-get install $2"
}
need ip iproute2
need ss iproute2
need tcpdump tcpdump
need editcap wireshark-common
need vsftpd vsftpd
need curl curl
need lftp lftp
need iptables iptables
need ethtool ethtool
need python3 python3
need openssl openssl
need sha256sum coreutils
need stat coreutils
need gzip gzip
need useradd passwd
need chpasswd passwd
need setsid util-linux
if [[ ${SKIP_CHECK:-0} != 1 ]]; then
    need tshark tshark
    need capinfos wireshark-common
fi
python3 -c 'import random, sys; random.Random(1).randbytes(1); assert sys.version_info >= (3, 9)' \
    || die "python3 >= 3.9 is needed (random.Random.randbytes)"
[[ -f /etc/pam.d/vsftpd ]] || die "/etc/pam.d/vsftpd missing (reinstall the vsftpd package)"

# --------------------------------------------------------------- cleanup ---
kill_ns_procs() {
    local ns=$1 pids
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [[ -n $pids ]] || return 0
    # shellcheck disable=SC2086
    kill $pids 2>/dev/null || true
    sleep 0.3
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [[ -z $pids ]] || kill -9 $pids 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    [[ -n $TCPDUMP_PID ]] && kill "$TCPDUMP_PID" 2>/dev/null
    [[ -n $VSFTPD_PID ]] && kill "$VSFTPD_PID" 2>/dev/null
    for ns in "${ALL_NS[@]}"; do
        if ip netns list | grep -qw "^$ns"; then
            kill_ns_procs "$ns"
            ip netns del "$ns"
        fi
    done
    # lock the test account again (the next run sets the password anew)
    id "$FTP_USER" >/dev/null 2>&1 && usermod -L "$FTP_USER" >/dev/null 2>&1
    if [[ ${KEEP_WORK:-0} != 1 && $rc -eq 0 ]]; then
        rm -rf "$WORK"
    else
        log "scratch directory kept: $WORK"
    fi
    [[ $rc -eq 0 ]] || log "FAILED (exit $rc)"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# leftovers of an interrupted run
for ns in "${ALL_NS[@]}"; do
    if ip netns list | grep -qw "^$ns"; then kill_ns_procs "$ns"; ip netns del "$ns"; fi
done

rm -rf "$WORK"
mkdir -p "$WORK"/{empty,logs,cmds,facts,pcap,meta,tls} "$CLIENT_DIR"
chmod 755 "$WORK" "$WORK/empty"
: >"$WORK/files.tsv"

# ------------------------------------------------------- user and files ---
if ! id "$FTP_USER" >/dev/null 2>&1; then
    useradd -M -d "$FTP_HOME" -s /bin/bash "$FTP_USER"
else
    usermod -d "$FTP_HOME" -s /bin/bash "$FTP_USER" >/dev/null 2>&1 || true
fi
echo "$FTP_USER:$FTP_PASS" | chpasswd
usermod -U "$FTP_USER" >/dev/null 2>&1 || true
grep -qx "$FTP_USER" /etc/ftpusers 2>/dev/null && die "$FTP_USER is listed in /etc/ftpusers (PAM would refuse it)"

rm -rf "$FTP_HOME"
mkdir -p "$FTP_HOME/listdir"

gen() { # gen PATH SEED SIZE : deterministic pseudo-random bytes
    python3 -c 'import random, sys
sys.stdout.buffer.write(random.Random(int(sys.argv[1])).randbytes(int(sys.argv[2])))' "$2" "$3" >"$1"
}
# served files: name seed size
SERVED=(
    "big.bin 1 3000000"
    "small.bin 20 20000"
    "port.bin 3 200000"
    "eprt.bin 4 100000"
    "v6.bin 8 50000"
    "par-a.bin 91 150000"
    "par-b.bin 92 120000"
    "sll.bin 10 60000"
    "snap.bin 11 100000"
    "rest.bin 12 100000"
    "nat.bin 14 80000"
    "blocked.bin 15 10000"
    "tls.bin 16 30000"
    "p2121.bin 18 40000"
    "mix-a.bin 191 25000"
    "mix-b.bin 192 35000"
    "mix-c.bin 193 45000"
    "listdir/beta.bin 6 4096"
    "listdir/gamma.dat 7 1234"
)
for e in "${SERVED[@]}"; do
    read -r name seed size <<<"$e"
    gen "$FTP_HOME/$name" "$seed" "$size"
done
printf 'alpha file for the ftpscope LIST capture\nsecond line\n' >"$FTP_HOME/listdir/alpha.txt"
chown -R "$FTP_USER:" "$FTP_HOME"
find "$FTP_HOME" -type d -exec chmod 755 {} +
find "$FTP_HOME" -type f -exec chmod 644 {} +
find "$FTP_HOME" -exec touch -h -d "$FIXED_MTIME" {} +

# client-side files
gen "$CLIENT_DIR/upload.bin" 5 150000
chmod 755 "$CLIENT_DIR"

record_file() { # record_file KEY PATH : size and sha256 from stat / sha256sum
    local size sum
    size=$(stat -c %s "$2")
    sum=$(sha256sum "$2" | cut -d' ' -f1)
    printf '%s\t%s\t%s\n' "$1" "$size" "$sum" >>"$WORK/files.tsv"
}
while IFS= read -r -d '' f; do
    record_file "server:${f#"$FTP_HOME"/}" "$f"
done < <(find "$FTP_HOME" -type f -print0 | sort -z)
record_file client:upload.bin "$CLIENT_DIR/upload.bin"

fact() { printf '%s' "$2" >"$WORK/facts/$1"; }
fact version_curl "$(curl --version | head -1)"
fact version_lftp "$(lftp --version | head -1 | sed 's/ *| */ /g; s/ Copyright.*//')"
fact version_python "$(python3 --version 2>&1)"
fact version_vsftpd "vsftpd $(dpkg-query -W -f='${Version}' vsftpd 2>/dev/null || echo unknown)"
fact version_tcpdump "$(tcpdump --version 2>&1 | head -1)"

# ------------------------------------------------------------ namespaces ---
set_iface() { # set_iface NS IF MAC
    ip -n "$1" link set "$2" address "$3"
    ip netns exec "$1" ethtool -K "$2" tso off gso off gro off >/dev/null \
        || die "ethtool -K $2 failed in $1"
}

log "creating namespaces"
ip netns add "$NS_C"; ip netns add "$NS_S"
ip link add c0 type veth peer name s0
ip link set c0 netns "$NS_C"; ip link set s0 netns "$NS_S"
set_iface "$NS_C" c0 02:00:00:00:00:01
set_iface "$NS_S" s0 02:00:00:00:00:02
for pair in "$NS_C c0" "$NS_S s0"; do
    read -r ns ifc <<<"$pair"
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifc.router_solicitations=0" "net.ipv6.conf.$ifc.accept_ra=0"
    ip -n "$ns" link set lo up
done
ip -n "$NS_C" addr add "$CLIENT_IP/24" dev c0
ip -n "$NS_S" addr add "$SERVER_IP/24" dev s0
ip -n "$NS_C" addr add "$CLIENT_IP6/64" dev c0 nodad
ip -n "$NS_S" addr add "$SERVER_IP6/64" dev s0 nodad
ip -n "$NS_C" link set c0 up
ip -n "$NS_S" link set s0 up

# NAT topology: natcli(nc0 10.0.0.1) -- (rc0 10.0.0.254) natrtr (rs0 192.168.50.1) -- (ns0 192.168.50.2) natsrv
ip netns add "$NS_NC"; ip netns add "$NS_NR"; ip netns add "$NS_NS"
ip link add nc0 type veth peer name rc0
ip link add rs0 type veth peer name ns0
ip link set nc0 netns "$NS_NC"; ip link set rc0 netns "$NS_NR"
ip link set rs0 netns "$NS_NR"; ip link set ns0 netns "$NS_NS"
set_iface "$NS_NC" nc0 02:00:00:00:01:01
set_iface "$NS_NR" rc0 02:00:00:00:01:fe
set_iface "$NS_NR" rs0 02:00:00:00:02:fe
set_iface "$NS_NS" ns0 02:00:00:00:02:02
for pair in "$NS_NC nc0" "$NS_NR rc0" "$NS_NR rs0" "$NS_NS ns0"; do
    read -r ns ifc <<<"$pair"
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifc.disable_ipv6=1"
    ip -n "$ns" link set lo up
    ip -n "$ns" link set "$ifc" up
done
ip -n "$NS_NC" addr add "$NAT_CLIENT_IP/24" dev nc0
ip -n "$NS_NC" route add default via "$NAT_ROUTER_INNER_IP"
ip -n "$NS_NR" addr add "$NAT_ROUTER_INNER_IP/24" dev rc0
ip -n "$NS_NR" addr add "$NAT_ROUTER_PRIV_IP/24" dev rs0
ip -n "$NS_NS" addr add "$NAT_SERVER_IP/24" dev ns0
ip -n "$NS_NS" route add default via "$NAT_ROUTER_PRIV_IP"
ip netns exec "$NS_NR" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$NS_NR" iptables -t nat -A PREROUTING -i rc0 -d "$NAT_PUBLIC_IP" -p tcp --dport 21 \
    -j DNAT --to-destination "$NAT_SERVER_IP"
ip netns exec "$NS_NR" iptables -t nat -A PREROUTING -i rc0 -d "$NAT_PUBLIC_IP" -p tcp --dport "$PASV_MIN:$PASV_MAX" \
    -j DNAT --to-destination "$NAT_SERVER_IP"
ip netns exec "$NS_NR" iptables -t nat -A POSTROUTING -o rc0 -s 192.168.50.0/24 \
    -j SNAT --to-source "$NAT_PUBLIC_IP"

# --------------------------------------------------------------- vsftpd ---
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=ftpscope-test \
    -keyout "$WORK/tls/key.pem" -out "$WORK/tls/cert.pem" >/dev/null 2>&1 \
    || die "openssl could not create the self-signed certificate"
chmod 600 "$WORK/tls/key.pem"

# start_vsftpd NAME NS PORT [extra config lines...]
# local_max_rate=10000000 (10 MB/s) in the base config only keeps vsftpd from
# overrunning the veth backlog on a busy machine (the kernel would drop
# segments and TCP would retransmit them, which no test expects).
start_vsftpd() {
    local name=$1 ns=$2 port=$3; shift 3
    local conf=$WORK/logs/$name.vsftpd.conf
    {
        cat <<EOF
listen=YES
listen_ipv6=NO
background=NO
seccomp_sandbox=NO
pam_service_name=vsftpd
secure_chroot_dir=$WORK/empty
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
dirmessage_enable=NO
use_localtime=NO
hide_ids=YES
pasv_enable=YES
pasv_min_port=$PASV_MIN
pasv_max_port=$PASV_MAX
delay_failed_login=0
connect_from_port_20=YES
listen_port=21
local_max_rate=10000000
xferlog_enable=YES
dual_log_enable=YES
log_ftp_protocol=YES
xferlog_file=$WORK/logs/$name.xferlog
vsftpd_log_file=$WORK/logs/$name.vsftpd.log
EOF
        printf '%s\n' "$@"
    } | python3 -c '
import sys
# later lines override earlier ones (vsftpd itself would use the last one too,
# but keep the file unambiguous)
conf = {}
for line in sys.stdin.read().splitlines():
    if line.strip():
        k, v = line.split("=", 1)
        conf.pop(k, None); conf[k] = v
sys.stdout.write("".join(f"{k}={v}\n" for k, v in conf.items()))' >"$conf"
    chmod 600 "$conf"
    setsid ip netns exec "$ns" vsftpd "$conf" >"$WORK/logs/$name.vsftpd.out" 2>&1 &
    VSFTPD_PID=$!
    local i
    for i in $(seq 1 50); do
        if ip netns exec "$ns" ss -ltnH "sport = :$port" | grep -q LISTEN; then
            return 0
        fi
        kill -0 "$VSFTPD_PID" 2>/dev/null || break
        sleep 0.1
    done
    cat "$WORK/logs/$name.vsftpd.out" >&2 || true
    die "vsftpd ($name) did not start listening on port $port in $ns"
}
stop_vsftpd() {
    local ns=$1
    [[ -n $VSFTPD_PID ]] || return 0
    kill "$VSFTPD_PID" 2>/dev/null || true
    wait "$VSFTPD_PID" 2>/dev/null || true
    VSFTPD_PID=
    # session processes forked by that vsftpd (they live in its namespace)
    kill_ns_procs "$ns"
}

# -------------------------------------------------------------- tcpdump ---
# cap_start NAME NS IFACE [tcpdump options...]
cap_start() {
    local name=$1 ns=$2 ifc=$3; shift 3
    local err=$WORK/logs/$name.tcpdump.err
    ip netns exec "$ns" tcpdump -i "$ifc" --immediate-mode -B 32768 -U -Z root -w "$WORK/pcap/$name" "$@" 2>"$err" &
    TCPDUMP_PID=$!
    local i
    for i in $(seq 1 50); do
        grep -q 'listening on' "$err" 2>/dev/null && { sleep 0.5; return 0; }
        kill -0 "$TCPDUMP_PID" 2>/dev/null || break
        sleep 0.1
    done
    cat "$err" >&2
    die "tcpdump did not start for $name"
}
cap_stop() {
    local name=$1
    sleep 0.5
    kill -INT "$TCPDUMP_PID" 2>/dev/null || true
    wait "$TCPDUMP_PID" 2>/dev/null || true
    TCPDUMP_PID=
    [[ -s $WORK/pcap/$name ]] || die "tcpdump wrote nothing for $name"
    grep -q '^0 packets dropped by kernel' "$WORK/logs/$name.tcpdump.err" \
        || die "tcpdump dropped packets for $name: $(tr '\n' ' ' <"$WORK/logs/$name.tcpdump.err")"
    cp "$WORK/pcap/$name" "$OUT_DIR/$name"
    log "recorded $name ($(stat -c %s "$OUT_DIR/$name") bytes)"
}

# ------------------------------------------------------------- clients ---
# client KEY NS COMMAND... : runs the command line (stored verbatim for the
# manifest) with cwd = $CLIENT_DIR; records its exit status.
client() {
    local key=$1 ns=$2 cmd=$3 rc=0
    printf '%s' "$cmd" >"$WORK/cmds/$key"
    ip netns exec "$ns" bash -c "cd '$CLIENT_DIR' || exit 99; $cmd" \
        >"$WORK/logs/$key.client.out" 2>"$WORK/logs/$key.client.err" || rc=$?
    fact "exit_$key" "$rc"
    return 0
}
expect_exit() { # expect_exit KEY CODE
    local got
    got=$(cat "$WORK/facts/exit_$1")
    [[ $got == "$2" ]] || { cat "$WORK/logs/$1.client.err" >&2; die "$1: client exit status $got, expected $2"; }
}
expect_log() { # expect_log KEY REGEX : the client's own log must show this
    grep -Eq -- "$2" "$WORK/logs/$1.client.err" "$WORK/logs/$1.client.out" \
        || { cat "$WORK/logs/$1.client.err" >&2; die "$1: client log lacks /$2/"; }
}
expect_same() { # expect_same KEY LOCAL-FILE SERVED-FILE
    cmp -s "$2" "$3" || die "$1: $2 differs from $3"
}

AUTH="-u $FTP_USER:$FTP_PASS"
SRV=ftp://$SERVER_IP

# The 24 base captures (1-20): recorded only when ONLY is unset.
if [[ -z $ONLY ]]; then

# 1. passive PASV download of big.bin (3,000,000 bytes)
start_vsftpd passive-pasv "$NS_S" 21
cap_start passive-pasv.pcap "$NS_C" c0 -s 0
client passive-pasv "$NS_C" "curl -sS -v --disable-epsv $AUTH -o big.bin $SRV/big.bin"
cap_stop passive-pasv.pcap
stop_vsftpd "$NS_S"
expect_exit passive-pasv 0
expect_log passive-pasv '^> PASV'
expect_same passive-pasv "$CLIENT_DIR/big.bin" "$FTP_HOME/big.bin"

# 1b. small passive PASV session, source of the converted files
start_vsftpd passive-pasv-small "$NS_S" 21
cap_start passive-pasv-small.pcap "$NS_C" c0 -s 0
client passive-pasv-small "$NS_C" "curl -sS -v --disable-epsv $AUTH -o small.bin $SRV/small.bin"
cap_stop passive-pasv-small.pcap
stop_vsftpd "$NS_S"
expect_exit passive-pasv-small 0
expect_log passive-pasv-small '^> PASV'
expect_same passive-pasv-small "$CLIENT_DIR/small.bin" "$FTP_HOME/small.bin"

# 2. EPSV directory listing
start_vsftpd passive-epsv-list "$NS_S" 21
cap_start passive-epsv-list.pcap "$NS_C" c0 -s 0
client passive-epsv-list "$NS_C" "curl -sS -v $AUTH -o listing.txt $SRV/listdir/"
cap_stop passive-epsv-list.pcap
stop_vsftpd "$NS_S"
expect_exit passive-epsv-list 0
expect_log passive-epsv-list '^> EPSV'
expect_log passive-epsv-list '^> LIST'
record_file client:listing.txt "$CLIENT_DIR/listing.txt"
# curl turns the CRLF line ends of an ASCII (TYPE A) listing into LF when it
# writes it; the server sent CRLF. Rebuild the bytes the server sent.
python3 - "$CLIENT_DIR/listing.txt" "$WORK/listing.crlf" <<'PY' || die "passive-epsv-list: unexpected listing format"
import sys
data = open(sys.argv[1], "rb").read()
assert b"\r" not in data and data.endswith(b"\n") and data.count(b"\n") == 3, data
open(sys.argv[2], "wb").write(data.replace(b"\n", b"\r\n"))
PY
record_file client:listing.crlf "$WORK/listing.crlf"

# 3. active PORT, server connects from port 20
start_vsftpd active-port "$NS_S" 21 connect_from_port_20=YES
cap_start active-port.pcap "$NS_C" c0 -s 0
client active-port "$NS_C" "curl -sS -v -P $CLIENT_IP --disable-eprt $AUTH -o port.bin $SRV/port.bin"
cap_stop active-port.pcap
stop_vsftpd "$NS_S"
expect_exit active-port 0
expect_log active-port '^> PORT 10,0,0,1,'
expect_same active-port "$CLIENT_DIR/port.bin" "$FTP_HOME/port.bin"

# 4. active EPRT, server connects from an ephemeral port
start_vsftpd active-eprt "$NS_S" 21 connect_from_port_20=NO
cap_start active-eprt.pcap "$NS_C" c0 -s 0
client active-eprt "$NS_C" "curl -sS -v -P $CLIENT_IP $AUTH -o eprt.bin $SRV/eprt.bin"
cap_stop active-eprt.pcap
stop_vsftpd "$NS_S"
expect_exit active-eprt 0
expect_log active-eprt '^> EPRT \|1\|10\.0\.0\.1\|'
expect_same active-eprt "$CLIENT_DIR/eprt.bin" "$FTP_HOME/eprt.bin"

# 5. upload with STOR
rm -f "$FTP_HOME/upload.bin"
start_vsftpd upload-stor "$NS_S" 21
cap_start upload-stor.pcap "$NS_C" c0 -s 0
client upload-stor "$NS_C" "curl -sS -v $AUTH -T upload.bin $SRV/upload.bin"
cap_stop upload-stor.pcap
stop_vsftpd "$NS_S"
expect_exit upload-stor 0
expect_log upload-stor '^> STOR upload.bin'
expect_same upload-stor "$FTP_HOME/upload.bin" "$CLIENT_DIR/upload.bin"
rm -f "$FTP_HOME/upload.bin"

# 6. failed login
start_vsftpd login-failed "$NS_S" 21 delay_failed_login=0
cap_start login-failed.pcap "$NS_C" c0 -s 0
client login-failed "$NS_C" "curl -sS -v -u $FTP_USER:$FTP_BAD_PASS -o small.bin.failed $SRV/small.bin"
cap_stop login-failed.pcap
stop_vsftpd "$NS_S"
expect_exit login-failed 67
expect_log login-failed '^< 530'

# 7. RETR of a missing file
start_vsftpd missing-file "$NS_S" 21
cap_start missing-file.pcap "$NS_C" c0 -s 0
client missing-file "$NS_C" "curl -sS -v --ignore-content-length $AUTH -o does-not-exist.bin $SRV/does-not-exist.bin"
cap_stop missing-file.pcap
stop_vsftpd "$NS_S"
expect_exit missing-file 78
expect_log missing-file '^> RETR does-not-exist.bin'
expect_log missing-file '^< 550'

# 8. IPv6 EPSV download
start_vsftpd ipv6-epsv "$NS_S" 21 listen=NO listen_ipv6=YES
cap_start ipv6-epsv.pcap "$NS_C" c0 -s 0
client ipv6-epsv "$NS_C" "curl -sS -v -g $AUTH -o v6.bin ftp://[$SERVER_IP6]/v6.bin"
cap_stop ipv6-epsv.pcap
stop_vsftpd "$NS_S"
expect_exit ipv6-epsv 0
expect_log ipv6-epsv '^> EPSV'
expect_same ipv6-epsv "$CLIENT_DIR/v6.bin" "$FTP_HOME/v6.bin"

# 9. two sessions in parallel (vsftpd throttled to 100 kB/s per session so they overlap)
start_vsftpd parallel-sessions "$NS_S" 21 local_max_rate=100000
cap_start parallel-sessions.pcap "$NS_C" c0 -s 0
client parallel-sessions "$NS_C" "curl -sS -v $AUTH -o par-a.bin $SRV/par-a.bin 2>par-a.log & a=\$!; curl -sS -v --disable-epsv $AUTH -o par-b.bin $SRV/par-b.bin 2>par-b.log & b=\$!; wait \$a && wait \$b"
cap_stop parallel-sessions.pcap
stop_vsftpd "$NS_S"
expect_exit parallel-sessions 0
cp "$CLIENT_DIR/par-a.log" "$WORK/logs/parallel-sessions-A.client.err"
cp "$CLIENT_DIR/par-b.log" "$WORK/logs/parallel-sessions-B.client.err"
grep -q '^> EPSV' "$CLIENT_DIR/par-a.log" || die "parallel-sessions: session A did not use EPSV"
grep -q '^> PASV' "$CLIENT_DIR/par-b.log" || die "parallel-sessions: session B did not use PASV"
expect_same parallel-sessions "$CLIENT_DIR/par-a.bin" "$FTP_HOME/par-a.bin"
expect_same parallel-sessions "$CLIENT_DIR/par-b.bin" "$FTP_HOME/par-b.bin"

# 10. tcpdump -i any (Linux cooked v2)
start_vsftpd any-sll2 "$NS_S" 21
cap_start any-sll2.pcap "$NS_C" any -s 0
client any-sll2 "$NS_C" "curl -sS -v --disable-epsv $AUTH -o sll.bin $SRV/sll.bin"
cap_stop any-sll2.pcap
stop_vsftpd "$NS_S"
expect_exit any-sll2 0
expect_same any-sll2 "$CLIENT_DIR/sll.bin" "$FTP_HOME/sll.bin"

# 11. snaplen 96
start_vsftpd snaplen-96 "$NS_S" 21
cap_start snaplen-96.pcap "$NS_C" c0 -s 96
client snaplen-96 "$NS_C" "curl -sS -v --disable-epsv $AUTH -o snap.bin $SRV/snap.bin"
cap_stop snaplen-96.pcap
stop_vsftpd "$NS_S"
expect_exit snaplen-96 0
expect_same snaplen-96 "$CLIENT_DIR/snap.bin" "$FTP_HOME/snap.bin"

# 12. resume with REST
head -c 40000 "$FTP_HOME/rest.bin" >"$CLIENT_DIR/rest.bin"
record_file client:rest.bin.partial "$CLIENT_DIR/rest.bin"
tail -c +40001 "$FTP_HOME/rest.bin" >"$WORK/rest.tail"
record_file server:rest.bin.tail "$WORK/rest.tail"
start_vsftpd rest-resume "$NS_S" 21
cap_start rest-resume.pcap "$NS_C" c0 -s 0
client rest-resume "$NS_C" "curl -sS -v -C - $AUTH -o rest.bin $SRV/rest.bin"
cap_stop rest-resume.pcap
stop_vsftpd "$NS_S"
expect_exit rest-resume 0
expect_log rest-resume '^> REST 40000'
expect_same rest-resume "$CLIENT_DIR/rest.bin" "$FTP_HOME/rest.bin"

# 13. ABOR in the middle of a (server-throttled) transfer, python3 ftplib
cat >"$CLIENT_DIR/abort_client.py" <<'PY'
import ftplib, json, sys

READ_LIMIT = 100000
ftp = ftplib.FTP()
ftp.set_debuglevel(1)                      # prints *cmd* / *resp* lines
facts = {"replies": []}
facts["replies"].append(ftp.connect("10.0.0.2", 21, timeout=15))
facts["replies"].append(ftp.login("ftpuser", "s3cret-pass"))
facts["replies"].append(ftp.sendcmd("TYPE I"))
conn = ftp.transfercmd("RETR big.bin")     # PASV (ftplib uses PASV on IPv4), then RETR -> 150
got = 0
while got < READ_LIMIT:
    chunk = conn.recv(min(8192, READ_LIMIT - got))
    if not chunk:
        break
    got += len(chunk)
facts["client_read_bytes_before_abort"] = got
conn.close()                               # stop reading: the data socket is closed first
print("*cmd* 'ABOR'")                      # ftplib does not log ABOR itself
first = ftp.abort()                        # ABOR sent with MSG_OOB (TCP urgent)
facts["abort_replies"] = [first]
print("*resp* " + repr(first))
if first.startswith("426"):                # 426 for the transfer, then the ABOR reply
    second = ftp.getmultiline()
    facts["abort_replies"].append(second)
    print("*resp* " + repr(second))
facts["quit_reply"] = ftp.quit()
json.dump(facts, open("abort-facts.json", "w"), indent=1)
PY
record_file client:abort_client.py "$CLIENT_DIR/abort_client.py"
start_vsftpd abort "$NS_S" 21 local_max_rate=200000
cap_start abort.pcap "$NS_C" c0 -s 0
client abort "$NS_C" "python3 abort_client.py"
cap_stop abort.pcap
stop_vsftpd "$NS_S"
expect_exit abort 0
cp "$CLIENT_DIR/abort-facts.json" "$WORK/facts/abort.json"

# 14. server behind NAT, vsftpd advertises its private address in 227
start_vsftpd nat-pasv "$NS_NS" 21
cap_start nat-pasv.pcap "$NS_NC" nc0 -s 0
client nat-pasv "$NS_NC" "curl -sS -v --disable-epsv $AUTH -o nat.bin ftp://$NAT_PUBLIC_IP/nat.bin"
cap_stop nat-pasv.pcap
stop_vsftpd "$NS_NS"
expect_exit nat-pasv 0
expect_log nat-pasv "^< 227 Entering Passive Mode \\(192,168,50,2,"
expect_log nat-pasv "Skip 192\\.168\\.50\\.2 for data connection, re-use 198\\.51\\.100\\.2 instead"
expect_same nat-pasv "$CLIENT_DIR/nat.bin" "$FTP_HOME/nat.bin"

# 14b. same NAT, vsftpd configured with pasv_address = public address
rm -f "$CLIENT_DIR/nat.bin"
start_vsftpd nat-pasv-address "$NS_NS" 21 "pasv_address=$NAT_PUBLIC_IP"
cap_start nat-pasv-address.pcap "$NS_NC" nc0 -s 0
client nat-pasv-address "$NS_NC" "curl -sS -v --disable-epsv $AUTH -o nat.bin ftp://$NAT_PUBLIC_IP/nat.bin"
cap_stop nat-pasv-address.pcap
stop_vsftpd "$NS_NS"
expect_exit nat-pasv-address 0
expect_log nat-pasv-address "^< 227 Entering Passive Mode \\(198,51,100,2,"
expect_same nat-pasv-address "$CLIENT_DIR/nat.bin" "$FTP_HOME/nat.bin"

# 15. active mode blocked by the client's firewall -> 425
ip netns exec "$NS_C" iptables -A INPUT -p tcp --sport 20 -j DROP
start_vsftpd active-blocked "$NS_S" 21 connect_from_port_20=YES connect_timeout=5
cap_start active-blocked.pcap "$NS_C" c0 -s 0
client active-blocked "$NS_C" "curl -sS -v -P $CLIENT_IP --disable-eprt $AUTH -o blocked.bin $SRV/blocked.bin"
cap_stop active-blocked.pcap
stop_vsftpd "$NS_S"
ip netns exec "$NS_C" iptables -D INPUT -p tcp --sport 20 -j DROP
expect_log active-blocked '^< 425'

# 16. explicit FTPS (AUTH TLS)
TLS_CONF=(ssl_enable=YES "rsa_cert_file=$WORK/tls/cert.pem" "rsa_private_key_file=$WORK/tls/key.pem"
          require_ssl_reuse=NO ssl_ciphers=HIGH force_local_logins_ssl=YES force_local_data_ssl=YES)
start_vsftpd ftps-explicit "$NS_S" 21 "${TLS_CONF[@]}"
cap_start ftps-explicit.pcap "$NS_C" c0 -s 0
client ftps-explicit "$NS_C" "curl -sS -v --ssl-reqd -k $AUTH -o tls.bin $SRV/tls.bin"
cap_stop ftps-explicit.pcap
stop_vsftpd "$NS_S"
expect_exit ftps-explicit 0
expect_log ftps-explicit '^> AUTH (SSL|TLS)'
expect_log ftps-explicit '^> PROT P'
expect_same ftps-explicit "$CLIENT_DIR/tls.bin" "$FTP_HOME/tls.bin"
rm -f "$CLIENT_DIR/tls.bin"

# 17. implicit FTPS on port 990
start_vsftpd ftps-implicit "$NS_S" 990 "${TLS_CONF[@]}" implicit_ssl=YES listen_port=990
cap_start ftps-implicit.pcap "$NS_C" c0 -s 0
client ftps-implicit "$NS_C" "curl -sS -v -k $AUTH -o tls.bin ftps://$SERVER_IP/tls.bin"
cap_stop ftps-implicit.pcap
stop_vsftpd "$NS_S"
expect_exit ftps-implicit 0
expect_same ftps-implicit "$CLIENT_DIR/tls.bin" "$FTP_HOME/tls.bin"

# 18. control connection on port 2121
start_vsftpd port-2121 "$NS_S" 2121 listen_port=2121
cap_start port-2121.pcap "$NS_C" c0 -s 0
client port-2121 "$NS_C" "curl -sS -v --disable-epsv $AUTH -o p2121.bin ftp://$SERVER_IP:2121/p2121.bin"
cap_stop port-2121.pcap
stop_vsftpd "$NS_S"
expect_exit port-2121 0
expect_log port-2121 '^> PASV'
expect_same port-2121 "$CLIENT_DIR/p2121.bin" "$FTP_HOME/p2121.bin"

# 19. lftp mixing passive and active
LFTP_SCRIPT="set ftp:ssl-allow no; set net:max-retries 1; set cmd:fail-exit yes; debug -o lftp-debug.log 5; set ftp:prefer-epsv yes; set ftp:passive-mode on; get mix-a.bin; set ftp:passive-mode off; get mix-b.bin; set ftp:prefer-epsv no; set ftp:passive-mode on; get mix-c.bin; ls listdir; quit"
start_vsftpd lftp-mixed "$NS_S" 21 connect_from_port_20=YES
cap_start lftp-mixed.pcap "$NS_C" c0 -s 0
client lftp-mixed "$NS_C" "lftp -u $FTP_USER,$FTP_PASS -e '$LFTP_SCRIPT' ftp://$SERVER_IP >lftp-ls.txt"
cap_stop lftp-mixed.pcap
stop_vsftpd "$NS_S"
expect_exit lftp-mixed 0
cp "$CLIENT_DIR/lftp-debug.log" "$WORK/logs/lftp-mixed.lftp-debug.log"
for f in mix-a.bin mix-b.bin mix-c.bin; do expect_same lftp-mixed "$CLIENT_DIR/$f" "$FTP_HOME/$f"; done
python3 - "$CLIENT_DIR/lftp-debug.log" <<'PY' || die "lftp-mixed: unexpected data-connection commands in lftp's debug log"
import re, sys
cmds = [m.group(1) for m in re.finditer(r'---> (EPSV|PASV|PORT|EPRT|RETR|LIST)\b', open(sys.argv[1], errors='replace').read())]
want = ['EPSV', 'RETR', 'PORT', 'RETR', 'PASV', 'RETR', 'PASV', 'LIST']
if cmds != want:
    print('lftp debug log data commands:', cmds, 'expected', want, file=sys.stderr)
    sys.exit(1)
PY

# 20. converted copies of the small PASV session
editcap -F pcapng "$OUT_DIR/passive-pasv-small.pcap" "$OUT_DIR/passive-pasv.pcapng"
editcap -F nsecpcap "$OUT_DIR/passive-pasv-small.pcap" "$OUT_DIR/passive-pasv-nsec.pcap"
gzip -9 -n -c "$OUT_DIR/passive-pasv-small.pcap" >"$OUT_DIR/passive-pasv.pcap.gz"
record_file client:lftp-ls.txt "$CLIENT_DIR/lftp-ls.txt"

fi # end of the base captures (1-20)

# ------------------------------------------------------- fault captures ---
# Each one makes ftpscope raise one diagnostic (docs/diagnostics.md) on a real
# recording. `ONLY="..."` records just the named ones.

# 21. passive range dropped by the server's firewall: the client's SYNs to the
#     port in the 227 go unanswered; curl gives up after --connect-timeout 5
PASV_DROP_RULE="INPUT -p tcp --syn --dport $PASV_MIN:$PASV_MAX -j DROP"
if want passive-blocked; then
    # shellcheck disable=SC2086
    ip netns exec "$NS_S" iptables -A $PASV_DROP_RULE
    start_vsftpd passive-blocked "$NS_S" 21 accept_timeout=5
    cap_start passive-blocked.pcap "$NS_C" c0 -s 0
    client passive-blocked "$NS_C" "curl -sS -v --disable-epsv --connect-timeout 5 $AUTH -o blocked.bin $SRV/blocked.bin"
    cap_stop passive-blocked.pcap
    stop_vsftpd "$NS_S"
    # shellcheck disable=SC2086
    ip netns exec "$NS_S" iptables -D $PASV_DROP_RULE
    expect_log passive-blocked '^< 227 Entering Passive Mode \(10,0,0,2,'
    expect_exit passive-blocked 28
fi

# 22. passive range rejected with a TCP reset by the server's firewall
PASV_REJECT_RULE="INPUT -p tcp --syn --dport $PASV_MIN:$PASV_MAX -j REJECT --reject-with tcp-reset"
if want passive-refused; then
    # shellcheck disable=SC2086
    ip netns exec "$NS_S" iptables -A $PASV_REJECT_RULE
    start_vsftpd passive-refused "$NS_S" 21 accept_timeout=5
    cap_start passive-refused.pcap "$NS_C" c0 -s 0
    client passive-refused "$NS_C" "curl -sS -v --disable-epsv --connect-timeout 5 $AUTH -o blocked.bin $SRV/blocked.bin"
    cap_stop passive-refused.pcap
    stop_vsftpd "$NS_S"
    # shellcheck disable=SC2086
    ip netns exec "$NS_S" iptables -D $PASV_REJECT_RULE
    expect_log passive-refused '^< 227 Entering Passive Mode \(10,0,0,2,'
    expect_exit passive-refused 7
fi

# 23. max_clients=1: a logged-in ftplib session holds the only slot while curl
#     connects; vsftpd greets curl with 421
cat >"$CLIENT_DIR/hold_client.py" <<'PY'
import ftplib, json, subprocess, sys

ftp = ftplib.FTP()
ftp.set_debuglevel(1)                      # prints *cmd* / *resp* lines
facts = {"holder_replies": []}
facts["holder_replies"].append(ftp.connect("10.0.0.2", 21, timeout=15))
facts["holder_replies"].append(ftp.login("ftpuser", "s3cret-pass"))
sys.stdout.flush()
# the server's only slot is taken: a second client now
with open("second.log", "w") as err:
    facts["second_client_exit"] = subprocess.run(
        ["curl", "-sS", "-v", "-u", "ftpuser:s3cret-pass", "-o", "small.bin.421", "ftp://10.0.0.2/small.bin"],
        stdout=subprocess.DEVNULL, stderr=err).returncode
facts["holder_replies"].append(ftp.quit())
json.dump(facts, open("hold-facts.json", "w"), indent=1)
PY
if want service-unavailable; then
    record_file client:hold_client.py "$CLIENT_DIR/hold_client.py"
    start_vsftpd service-unavailable "$NS_S" 21 max_clients=1
    cap_start service-unavailable.pcap "$NS_C" c0 -s 0
    client service-unavailable "$NS_C" "python3 hold_client.py"
    cap_stop service-unavailable.pcap
    stop_vsftpd "$NS_S"
    expect_exit service-unavailable 0
    cp "$CLIENT_DIR/second.log" "$WORK/logs/service-unavailable-second.client.err"
    cp "$CLIENT_DIR/hold-facts.json" "$WORK/facts/service-unavailable.json"
    expect_log service-unavailable '230'
    grep -q '^< 421' "$WORK/logs/service-unavailable-second.client.err" \
        || { cat "$WORK/logs/service-unavailable-second.client.err" >&2; die "service-unavailable: curl was not greeted with 421"; }
fi

# 24. FTP bounce: PORT naming a third host (vsftpd port_promiscuous=NO, the
#     default, refuses it with 500)
cat >"$CLIENT_DIR/bounce_client.py" <<'PY'
import ftplib, json, sys

ftp = ftplib.FTP()
ftp.set_debuglevel(1)                      # prints *cmd* / *resp* lines
facts = {"port_argument": sys.argv[1]}
facts["welcome"] = ftp.connect("10.0.0.2", 21, timeout=15)
facts["login_reply"] = ftp.login("ftpuser", "s3cret-pass")
try:
    facts["port_reply"] = ftp.sendcmd("PORT " + sys.argv[1])
except ftplib.all_errors as e:
    facts["port_reply"] = str(e)
facts["quit_reply"] = ftp.quit()
json.dump(facts, open("bounce-facts.json", "w"), indent=1)
PY
if want bounce-port; then
    record_file client:bounce_client.py "$CLIENT_DIR/bounce_client.py"
    start_vsftpd bounce-port "$NS_S" 21 port_promiscuous=NO
    cap_start bounce-port.pcap "$NS_C" c0 -s 0
    client bounce-port "$NS_C" "python3 bounce_client.py $BOUNCE_TARGET"
    cap_stop bounce-port.pcap
    stop_vsftpd "$NS_S"
    expect_exit bounce-port 0
    expect_log bounce-port "\\*cmd\\* 'PORT $BOUNCE_TARGET'"
    cp "$CLIENT_DIR/bounce-facts.json" "$WORK/facts/bounce-port.json"
fi

# 25. password guessing: one new connection per wrong password
cat >"$CLIENT_DIR/brute_client.py" <<'PY'
import ftplib, json, sys

attempts = int(sys.argv[1])
facts = {"attempts": []}
for i in range(1, attempts + 1):
    print(f"# session {i}")                 # splits the debug log per connection
    ftp = ftplib.FTP()
    ftp.set_debuglevel(1)                  # prints *cmd* / *resp* lines (PASS masked)
    a = {"password": f"guess-{i:02d}", "welcome": ftp.connect("10.0.0.2", 21, timeout=15)}
    try:
        a["login_reply"] = ftp.login("ftpuser", a["password"])
    except ftplib.error_perm as e:
        a["login_reply"] = str(e)
    a["quit_reply"] = ftp.quit()
    facts["attempts"].append(a)
json.dump(facts, open("brute-facts.json", "w"), indent=1)
PY
if want brute-force; then
    record_file client:brute_client.py "$CLIENT_DIR/brute_client.py"
    start_vsftpd brute-force "$NS_S" 21 delay_failed_login=0
    cap_start brute-force.pcap "$NS_C" c0 -s 0
    client brute-force "$NS_C" "python3 brute_client.py $BRUTE_ATTEMPTS"
    cap_stop brute-force.pcap
    stop_vsftpd "$NS_S"
    expect_exit brute-force 0
    cp "$CLIENT_DIR/brute-facts.json" "$WORK/facts/brute-force.json"
    n=$(grep -c "^\*resp\* '530" "$WORK/logs/brute-force.client.out" || true)
    [[ $n == "$BRUTE_ATTEMPTS" ]] || die "brute-force: $n replies 530 in the client's log, expected $BRUTE_ATTEMPTS"
fi

# ------------------------------------------------------------- manifest ---
# Helpers shared by the two manifest steps below.
cat >"$WORK/manifest_lib.py" <<'PY'
import ast, json, os, sys

work, out = sys.argv[1], sys.argv[2]
files = {}
for line in open(os.path.join(work, "files.tsv")):
    key, size, sha = line.rstrip("\n").split("\t")
    files[key] = (int(size), sha)
def fact(k):
    return open(os.path.join(work, "facts", k)).read()
def cmd(k):
    return open(os.path.join(work, "cmds", k)).read()
def size(k): return files[k][0]
def sha(k): return files[k][1]

USER, PASS = "ftpuser", "s3cret-pass"
C, S = "10.0.0.1", "10.0.0.2"
PASV_RANGE = [40000, 40100]
CURL = fact("version_curl")

def dl(path, via, mode="passive", bytes_=None, sha_=None, status="complete", reply=226,
       from20=None, rest=0, command="RETR", direction="download", **extra):
    t = {"command": command, "path": path, "direction": direction, "mode": mode, "via": via,
         "bytes": size("server:" + path) if bytes_ is None and command == "RETR" and status == "complete" else bytes_,
         "sha256": sha("server:" + path) if sha_ is None and command == "RETR" and status == "complete" else sha_,
         "expected_status": status, "reply_code": reply,
         "from_port_20": from20 if mode == "active" else None, "rest": rest}
    if mode == "passive":
        t["server_data_port_range"] = PASV_RANGE
    t.update(extra)
    return t

def dialogue(path, fmt):
    """The control-connection dialogue as the client itself logged it."""
    out = []
    for line in open(os.path.join(work, path), errors="replace"):
        line = line.rstrip("\r\n")
        if fmt == "curl":
            if line.startswith(("> ", "< ")):
                out.append(line)
        elif fmt == "lftp":
            if line.startswith("---> "):
                out.append("> " + line[5:])
            elif line.startswith("<--- "):
                out.append("< " + line[5:])
        elif fmt == "ftplib":
            for tag, arrow in (("*cmd* ", "> "), ("*resp* ", "< "), ("*welcome* ", "< ")):
                if line.startswith(tag):
                    for part in ast.literal_eval(line[len(tag):]).split("\n"):
                        out.append(arrow + part)
    return out

def reply_codes(lines):
    return sorted({int(l[2:5]) for l in lines if l.startswith("< ") and l[2:5].isdigit() and l[5:6] in (" ", "")})

def cap(desc, tool, commands, transfers, replies=None, link="EN10MB", client=C, server=S, port=21,
        exit_key=None, logs=None, **extra):
    logs = logs or [(f"logs/{exit_key}.client.err", "curl")]
    dialogues = [dialogue(p, f) for p, f in logs]
    if replies is None:
        replies = sorted(set().union(*[reply_codes(d) for d in dialogues]))
    d = {"description": desc, "link_type": link, "client": client, "server": server,
         "server_port": port, "user": USER, "tool": tool, "commands": commands,
         "client_exit_status": int(fact("exit_" + exit_key)) if exit_key else None,
         "transfers": transfers, "expected_replies": replies,
         "control_connections": len(dialogues),
         "client_dialogue": dialogues[0] if len(dialogues) == 1 else dialogues}
    if tool.startswith("curl") and not extra.get("tls") and not any(
            l.startswith("> QUIT") for dl_ in dialogues for l in dl_):
        d["optional_replies"] = [221]
        d["optional_replies_note"] = ("curl may send QUIT (answered 221) while closing its connection at exit; "
                                      "curl -v does not log that, so it is not in client_dialogue/expected_replies")
    d.update(extra)
    return d
PY

if [[ -z $ONLY ]]; then
log "writing manifest.json"
PYTHONPATH=$WORK python3 - "$WORK" "$OUT_DIR/manifest.json" <<'PY'
from manifest_lib import *
abort = json.loads(fact("abort.json"))

caps = {}
caps["passive-pasv.pcap"] = cap(
    "curl passive download forced to PASV (EPSV disabled) of the 3,000,000-byte big.bin",
    CURL, cmd("passive-pasv"), [dl("big.bin", "PASV")], None,
    exit_key="passive-pasv")
caps["passive-pasv-small.pcap"] = cap(
    "curl passive download forced to PASV of the 20,000-byte small.bin; source of passive-pasv.pcapng, "
    "passive-pasv-nsec.pcap and passive-pasv.pcap.gz",
    CURL, cmd("passive-pasv-small"), [dl("small.bin", "PASV")], None,
    exit_key="passive-pasv-small")
for name, how, fmt in (("passive-pasv.pcapng", "editcap -F pcapng passive-pasv-small.pcap passive-pasv.pcapng", "pcapng"),
                       ("passive-pasv-nsec.pcap", "editcap -F nsecpcap passive-pasv-small.pcap passive-pasv-nsec.pcap", "pcap-nsec"),
                       ("passive-pasv.pcap.gz", "gzip -9 -n -c passive-pasv-small.pcap > passive-pasv.pcap.gz", "pcap-gzip")):
    d = json.loads(json.dumps(caps["passive-pasv-small.pcap"]))
    d["description"] = f"passive-pasv-small.pcap converted to {fmt}: the same packets as passive-pasv-small.pcap"
    d["derived_from"] = "passive-pasv-small.pcap"
    d["conversion"] = how
    d["file_format"] = fmt
    caps[name] = d
caps["passive-pasv-small.pcap"]["file_format"] = "pcap"

listing = {"command": "LIST", "path": "listdir/", "direction": "listing", "mode": "passive", "via": "EPSV",
           "bytes": size("client:listing.crlf"), "sha256": sha("client:listing.crlf"),
           "expected_status": "complete", "reply_code": 226, "from_port_20": None, "rest": 0,
           "server_data_port_range": PASV_RANGE,
           "client_saved_bytes": size("client:listing.txt"), "client_saved_sha256": sha("client:listing.txt"),
           "note": "curl saved the listing with LF line ends (client_saved_*); the server sends CRLF, so bytes/sha256 "
                   "are those of curl's saved listing with each LF turned back into CRLF (3 lines)"}
caps["passive-epsv-list.pcap"] = cap(
    "curl EPSV directory listing (CWD listdir, LIST) of a directory with 3 files",
    CURL, cmd("passive-epsv-list"), [listing], None,
    exit_key="passive-epsv-list",
    listing_entries=["alpha.txt", "beta.bin", "gamma.dat"])
caps["active-port.pcap"] = cap(
    "curl active download with PORT; vsftpd connect_from_port_20=YES so the data connection comes from server port 20",
    CURL, cmd("active-port"), [dl("port.bin", "PORT", mode="active", from20=True, client_data_addr=C)],
    None, exit_key="active-port",
    vsftpd={"connect_from_port_20": True})
caps["active-eprt.pcap"] = cap(
    "curl active download with EPRT; vsftpd connect_from_port_20=NO so the server connects from an ephemeral port",
    CURL, cmd("active-eprt"), [dl("eprt.bin", "EPRT", mode="active", from20=False, client_data_addr=C)],
    None, exit_key="active-eprt",
    vsftpd={"connect_from_port_20": False})
caps["upload-stor.pcap"] = cap(
    "curl upload (STOR, passive EPSV) of the 150,000-byte upload.bin",
    CURL, cmd("upload-stor"),
    [dl("upload.bin", "EPSV", command="STOR", direction="upload",
        bytes_=size("client:upload.bin"), sha_=sha("client:upload.bin"))],
    None, exit_key="upload-stor")
caps["login-failed.pcap"] = cap(
    "curl login with a wrong password; vsftpd answers PASS with 530 (delay_failed_login=0); no transfer",
    CURL, cmd("login-failed"), [], None, exit_key="login-failed",
    wrong_password="wrong-password", login_succeeded=False)
caps["missing-file.pcap"] = cap(
    "curl download of a file that does not exist (--ignore-content-length so curl skips SIZE and sends RETR): "
    "RETR is answered with 550",
    CURL, cmd("missing-file"),
    [dl("does-not-exist.bin", "EPSV", status="failed", reply=550)],
    None, exit_key="missing-file")
caps["ipv6-epsv.pcap"] = cap(
    "curl download over IPv6 with EPSV (vsftpd listen_ipv6=YES)",
    CURL, cmd("ipv6-epsv"), [dl("v6.bin", "EPSV")], None,
    client="fd00::1", server="fd00::2", exit_key="ipv6-epsv")
caps["parallel-sessions.pcap"] = cap(
    "two curl processes started together (vsftpd local_max_rate=100000 so the transfers overlap): session A downloads par-a.bin "
    "over EPSV, session B downloads par-b.bin over PASV; two control connections from the same client",
    CURL, cmd("parallel-sessions"), [dl("par-a.bin", "EPSV", session="A"), dl("par-b.bin", "PASV", session="B")],
    None, exit_key="parallel-sessions", sessions=2, vsftpd={"local_max_rate": 100000},
    logs=[("logs/parallel-sessions-A.client.err", "curl"), ("logs/parallel-sessions-B.client.err", "curl")])
caps["any-sll2.pcap"] = cap(
    "curl PASV download recorded with tcpdump -i any (Linux cooked v2 link layer, SLL2)",
    CURL, cmd("any-sll2"), [dl("sll.bin", "PASV")], None,
    link="LINUX_SLL2", exit_key="any-sll2", tcpdump="tcpdump -i any -s 0 -U -w any-sll2.pcap")
caps["snaplen-96.pcap"] = cap(
    "curl PASV download recorded with tcpdump -s 96: every frame is cut to at most 96 bytes, so TCP segments carry "
    "at most 30 bytes of captured payload (14 Ethernet + 20 IP + 32 TCP with timestamps); longer control replies "
    "(e.g. the 227 line) are truncated in the capture; payload byte counts must come from the IP/TCP lengths",
    CURL, cmd("snaplen-96"), [dl("snap.bin", "PASV")], None,
    exit_key="snaplen-96", snaplen=96, tcpdump="tcpdump -i c0 -s 96 -U -w snaplen-96.pcap")
caps["rest-resume.pcap"] = cap(
    "curl -C - resume: the client already had the first 40,000 bytes of rest.bin, sends REST 40000 and receives "
    "the remaining 60,000 bytes",
    CURL, cmd("rest-resume"),
    [dl("rest.bin", "EPSV", rest=40000, bytes_=size("server:rest.bin.tail"), sha_=sha("server:rest.bin.tail"),
        file_size=size("server:rest.bin"), file_sha256=sha("server:rest.bin"))],
    None, exit_key="rest-resume",
    partial_local_bytes=size("client:rest.bin.partial"))
caps["abort.pcap"] = cap(
    "python3 ftplib: PASV + RETR big.bin from a throttled vsftpd (local_max_rate=200000), client reads "
    f"{abort['client_read_bytes_before_abort']} bytes, closes the data socket, then ftp.abort() sends ABOR (TCP "
    "urgent / MSG_OOB); bytes on the wire are not known in advance",
    fact("version_python") + " ftplib", cmd("abort"),
    [dl("big.bin", "PASV", status="aborted", reply=int(abort["abort_replies"][0][:3]), bytes_=None, sha_=None,
        client_read_bytes_before_abort=abort["client_read_bytes_before_abort"], file_size=size("server:big.bin"))],
    None,
    exit_key="abort", logs=[("logs/abort.client.out", "ftplib")], client_script="abort_client.py (see README.md)",
    client_script_sha256=sha("client:abort_client.py"),
    observed_by_client=abort, vsftpd={"local_max_rate": 200000})
nat_common = dict(client="10.0.0.1", server="198.51.100.2",
                  nat={"public_address": "198.51.100.2", "server_private_address": "192.168.50.2",
                       "router_inner_address": "10.0.0.254", "dnat_ports": [21, "40000-40100"],
                       "recorded_on": "client side (client namespace, interface nc0)"})
caps["nat-pasv.pcap"] = cap(
    "server behind NAT: client talks to 198.51.100.2, a router namespace DNATs port 21 and 40000-40100 to "
    "192.168.50.2; vsftpd (no pasv_address) advertises its private address 192.168.50.2 in the 227 reply; curl "
    "ignores that address (--ftp-skip-pasv-ip is curl's default) and opens the data connection to 198.51.100.2",
    CURL, cmd("nat-pasv"),
    [dl("nat.bin", "PASV", pasv_advertised_address="192.168.50.2", data_connection_to="198.51.100.2")],
    None, exit_key="nat-pasv",
    curl_log_line="Skip 192.168.50.2 for data connection, re-use 198.51.100.2 instead", **nat_common)
caps["nat-pasv-address.pcap"] = cap(
    "same NAT as nat-pasv.pcap but vsftpd has pasv_address=198.51.100.2, so the 227 reply advertises the public "
    "address",
    CURL, cmd("nat-pasv-address"),
    [dl("nat.bin", "PASV", pasv_advertised_address="198.51.100.2", data_connection_to="198.51.100.2")],
    None, exit_key="nat-pasv-address", **nat_common)
caps["active-blocked.pcap"] = cap(
    "curl active mode (PORT); an iptables rule in the client namespace (INPUT -p tcp --sport 20 -j DROP) drops the "
    "server's SYNs from port 20; vsftpd gives up after connect_timeout=5 and answers RETR with 425",
    CURL, cmd("active-blocked"),
    [dl("blocked.bin", "PORT", mode="active", from20=True, status="failed", reply=425, bytes_=0, sha_=None,
        client_data_addr=C)],
    None, exit_key="active-blocked",
    client_firewall="iptables -A INPUT -p tcp --sport 20 -j DROP", vsftpd={"connect_timeout": 5},
    retransmissions_expected="the server's SYNs from port 20 are dropped and retransmitted until connect_timeout")
tls_t = dict(encrypted=True, payload_bytes_on_wire=None,
             note="bytes/sha256 are the plaintext file; the data connection is TLS so its payload is larger")
explicit_log = dialogue("logs/ftps-explicit.client.err", "curl")
auth_at = next(i for i, l in enumerate(explicit_log) if l.startswith("> AUTH"))
cleartext = explicit_log[:auth_at + 2]          # ... AUTH x, 234
caps["ftps-explicit.pcap"] = cap(
    "explicit FTPS: curl --ssl-reqd sends AUTH, vsftpd answers 234 and everything after that on the control "
    "connection is TLS; the data connection (PROT P, passive EPSV) is TLS too",
    CURL, cmd("ftps-explicit"), [dl("tls.bin", "EPSV", **tls_t)], reply_codes(cleartext), exit_key="ftps-explicit",
    tls="explicit", auth_command=explicit_log[auth_at][2:], cleartext_dialogue=cleartext,
    encrypted_replies_per_client_log=reply_codes(explicit_log[auth_at + 2:]),
    certificate_subject="CN=ftpscope-test",
    note="client_dialogue is curl's own log; only cleartext_dialogue is visible in the capture")
caps["ftps-implicit.pcap"] = cap(
    "implicit FTPS on port 990 (vsftpd implicit_ssl=YES): TLS from the first byte of the control connection; "
    "no FTP command or reply is visible",
    CURL, cmd("ftps-implicit"), [dl("tls.bin", "EPSV", **tls_t)], [], port=990, exit_key="ftps-implicit",
    tls="implicit", cleartext_dialogue=[], certificate_subject="CN=ftpscope-test",
    encrypted_replies_per_client_log=reply_codes(dialogue("logs/ftps-implicit.client.err", "curl")),
    note="client_dialogue is curl's own log; nothing of it is visible in the capture")
caps["port-2121.pcap"] = cap(
    "curl PASV download with the control connection on port 2121 (vsftpd listen_port=2121)",
    CURL, cmd("port-2121"), [dl("p2121.bin", "PASV")], None,
    port=2121, exit_key="port-2121")
caps["lftp-mixed.pcap"] = cap(
    "one lftp session, four data connections in this order: mix-a.bin passive EPSV, mix-b.bin active PORT (server "
    "port 20), mix-c.bin passive PASV, LIST of listdir passive PASV",
    fact("version_lftp"), cmd("lftp-mixed"),
    [dl("mix-a.bin", "EPSV", order=1), dl("mix-b.bin", "PORT", mode="active", from20=True, order=2, client_data_addr=C),
     dl("mix-c.bin", "PASV", order=3),
     {"command": "LIST", "path": "listdir", "direction": "listing", "mode": "passive", "via": "PASV",
      "bytes": None, "sha256": None, "expected_status": "complete", "reply_code": 226, "from_port_20": None,
      "rest": 0, "server_data_port_range": PASV_RANGE, "order": 4,
      "note": "listing size not recorded (lftp reformats what it prints)"}],
    None, exit_key="lftp-mixed", logs=[("logs/lftp-mixed.lftp-debug.log", "lftp")],
    vsftpd={"connect_from_port_20": True})

order = ["passive-pasv.pcap", "passive-epsv-list.pcap", "active-port.pcap", "active-eprt.pcap", "upload-stor.pcap",
         "login-failed.pcap", "missing-file.pcap", "ipv6-epsv.pcap", "parallel-sessions.pcap", "any-sll2.pcap",
         "snaplen-96.pcap", "rest-resume.pcap", "abort.pcap", "nat-pasv.pcap", "nat-pasv-address.pcap",
         "active-blocked.pcap", "ftps-explicit.pcap", "ftps-implicit.pcap", "port-2121.pcap", "lftp-mixed.pcap",
         "passive-pasv-small.pcap", "passive-pasv.pcapng", "passive-pasv-nsec.pcap", "passive-pasv.pcap.gz"]
assert sorted(order) == sorted(caps), set(order) ^ set(caps)
for k in order:
    caps[k].setdefault("file_format", "pcap")
    caps[k].setdefault("tls", None)

manifest = {
    "generated_by": "captures/record.sh",
    "user": USER, "password": PASS,
    "client_ip": C, "server_ip": S, "client_ip6": "fd00::1", "server_ip6": "fd00::2",
    "pasv_port_range": PASV_RANGE,
    "server": fact("version_vsftpd"),
    "tools": {"curl": CURL, "lftp": fact("version_lftp"), "python": fact("version_python"),
              "tcpdump": fact("version_tcpdump")},
    "served_files": {k.split(":", 1)[1]: {"bytes": v[0], "sha256": v[1]}
                     for k, v in sorted(files.items()) if k.startswith("server:") and not k.endswith(".tail")},
    "uploaded_files": {"upload.bin": {"bytes": size("client:upload.bin"), "sha256": sha("client:upload.bin")}},
    "captures": {k: caps[k] for k in order},
}
with open(out, "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
PY
fi

# The fault captures' entries are merged into manifest.json: entries of the
# captures this run did not record stay as they are.
log "merging the fault captures into manifest.json"
PYTHONPATH=$WORK python3 - "$WORK" "$OUT_DIR/manifest.json" $ONLY <<'PY'
from manifest_lib import *

only = sys.argv[3:]
FAULTS = ["passive-blocked", "passive-refused", "service-unavailable", "bounce-port", "brute-force"]
recorded = [k for k in FAULTS if os.path.exists(os.path.join(work, "cmds", k))]
assert not only or sorted(only) == sorted(recorded), (only, recorded)
CURL = fact("version_curl")
PYTHON = fact("version_python") + " ftplib"

def diag(code, severity, reports=1, **extra):
    """A diagnostic that the way the capture was made must produce (docs/diagnostics.md): code, severity,
    how many times it is reported, and the evidence it must name."""
    return dict(code=code, severity=severity, reports=reports, **extra)

caps = {}
for key, rule, how in (
        ("passive-blocked", "iptables -A INPUT -p tcp --syn --dport 40000:40100 -j DROP",
         "drops the client's SYNs to the port advertised in the 227, so they are never answered and retransmitted"),
        ("passive-refused", "iptables -A INPUT -p tcp --syn --dport 40000:40100 -j REJECT --reject-with tcp-reset",
         "answers the client's SYN to the port advertised in the 227 with a TCP reset")):
    if key not in recorded:
        continue
    log = dialogue(f"logs/{key}.client.err", "curl")
    caps[key + ".pcap"] = cap(
        "curl passive download of blocked.bin forced to PASV (EPSV disabled); an iptables rule in the SERVER namespace "
        f"({rule}) {how}; curl gives up the data connection "
        + ("after --connect-timeout 5 " if key == "passive-blocked" else "at once ")
        + "without sending RETR, and no data flows",
        CURL, cmd(key), [], None, exit_key=key,
        server_firewall=rule, blocked_port_range=PASV_RANGE, vsftpd={"accept_timeout": 5},
        retr_sent=any(l.startswith("> RETR") for l in log),
        data_connections_without_transfer=0 if any(l.startswith("> RETR") for l in log) else 1,
        **({"retransmissions_expected": "the client's SYNs to the passive port are dropped and retransmitted until "
                                        "curl's --connect-timeout 5"} if key == "passive-blocked" else {}),
        expected_diagnostics=[diag("passive-connect-failed", "error",
                                   evidence="the 227, every client SYN to a port in 40000-40100"
                                            + (" and the RST" if key == "passive-refused" else ""))])

if "service-unavailable" in recorded:
    hold = json.loads(fact("service-unavailable.json"))
    second = dialogue("logs/service-unavailable-second.client.err", "curl")
    caps["service-unavailable.pcap"] = cap(
        "vsftpd max_clients=1: python3 ftplib (hold_client.py) logs in and holds the only slot while it runs a second "
        "client, curl, which vsftpd greets with 421 and disconnects; then the first client quits",
        PYTHON + " + " + CURL, cmd("service-unavailable"), [], None, exit_key="service-unavailable",
        logs=[("logs/service-unavailable.client.out", "ftplib"), ("logs/service-unavailable-second.client.err", "curl")],
        client_script="hold_client.py (see README.md)", client_script_sha256=sha("client:hold_client.py"),
        second_client_command="curl -sS -v -u ftpuser:s3cret-pass -o small.bin.421 ftp://10.0.0.2/small.bin",
        second_client_exit_status=hold["second_client_exit"],
        second_client_greeting=next(l[2:] for l in second if l.startswith("< 421")),
        observed_by_client=hold, vsftpd={"max_clients": 1},
        login_per_session=["success", "none"],
        login_per_session_note="in the order the control connections were opened; none: the client never sent USER",
        expected_diagnostics=[diag("service-unavailable", "error", evidence="the 421 greeting of the second session")])

if "bounce-port" in recorded:
    b = json.loads(fact("bounce-port.json"))
    caps["bounce-port.pcap"] = cap(
        "python3 ftplib (bounce_client.py): login, then PORT naming a third host (10.0.0.99:80, which does not exist); "
        "vsftpd (port_promiscuous=NO, the default) refuses it; then QUIT. No data connection",
        PYTHON, cmd("bounce-port"), [], None, exit_key="bounce-port",
        logs=[("logs/bounce-port.client.out", "ftplib")],
        client_script="bounce_client.py (see README.md)", client_script_sha256=sha("client:bounce_client.py"),
        port_argument=b["port_argument"], port_names={"ip": "10.0.0.99", "port": 80},
        port_reply=b["port_reply"], observed_by_client=b, vsftpd={"port_promiscuous": False},
        expected_diagnostics=[diag("ftp-bounce", "warning", evidence="the PORT command and its reply")])

if "brute-force" in recorded:
    bf = json.loads(fact("brute-force.json"))
    raw = open(os.path.join(work, "logs/brute-force.client.out"), errors="replace").read()
    per_session = []
    for i, chunk in enumerate(raw.split("# session ")[1:], 1):
        p = os.path.join(work, f"logs/brute-force-{i}.client.out")
        open(p, "w").write(chunk)
        per_session.append((p, "ftplib"))
    failed = [a for a in bf["attempts"] if a["login_reply"].startswith("530")]
    caps["brute-force.pcap"] = cap(
        f"python3 ftplib (brute_client.py): {len(bf['attempts'])} connections from one client in a row, each USER ftpuser "
        "with a wrong password (guess-01, guess-02, ...), answered 530, then QUIT (vsftpd delay_failed_login=0; PAM's "
        "pam_unix still delays each failure by about 2 s)",
        PYTHON, cmd("brute-force"), [], None, exit_key="brute-force", logs=per_session,
        client_script="brute_client.py (see README.md)", client_script_sha256=sha("client:brute_client.py"),
        login_succeeded=False, failed_logins=len(failed), login_per_session=["failed"] * len(bf["attempts"]), passwords_tried=[a["password"] for a in bf["attempts"]],
        login_replies=sorted({a["login_reply"] for a in bf["attempts"]}),
        vsftpd={"delay_failed_login": 0},
        expected_diagnostics=[
            diag("brute-force", "warning", evidence="the first 20 530 replies (default threshold 20 within 15 min)"),
            diag("login-failed", "error", evidence="USER/PASS and the 530 of each session", reports=len(failed))])

for c in caps.values():
    c.setdefault("file_format", "pcap")
    c.setdefault("tls", None)
with open(out) as f:
    manifest = json.load(f)
for k in FAULTS:
    if k + ".pcap" in caps:
        manifest["captures"][k + ".pcap"] = caps[k + ".pcap"]
with open(out, "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
PY

# ------------------------------------------------------- sanity checks ---
# Only a check of the recordings, never an input to the manifest.
if [[ ${SKIP_CHECK:-0} != 1 ]]; then
    log "sanity check with tshark/capinfos"
    python3 - "$OUT_DIR" $ONLY <<'PY' || die "sanity check failed"
import collections, json, os, subprocess, sys
d = sys.argv[1]
only = [o + ".pcap" for o in sys.argv[2:]]    # ONLY: check just the captures made by this run
m = json.load(open(os.path.join(d, "manifest.json")))
bad = 0
for name, c in m["captures"].items():
    if only and name not in only:
        continue
    path = os.path.join(d, name)
    port = c["server_port"]
    dec = ["-d", f"tcp.port=={port},ftp"] if port not in (21, 990) else []
    info = subprocess.run(["capinfos", "-E", "-c", "-T", "-m", path], capture_output=True, text=True).stdout
    retrans = subprocess.run(["tshark", "-n", "-r", path, "-Y", "tcp.analysis.retransmission"],
                             capture_output=True, text=True).stdout.count("\n")
    rows = subprocess.run(["tshark", "-n", "-r", path, *dec, "-Y", "tcp", "-T", "fields", "-e", "tcp.stream",
                           "-e", "tcp.srcport", "-e", "tcp.dstport", "-e", "tcp.len", "-e", "ftp.response.code"],
                          capture_output=True, text=True, check=True).stdout.splitlines()
    streams = collections.defaultdict(int); ports = {}; codes = set()
    for r in rows:
        s, sp, dp, ln, code = (r.split("\t") + [""] * 5)[:5]
        streams[s] += int(ln or 0); ports[s] = (int(sp), int(dp))
        for x in code.split(","):
            if x: codes.add(int(x))
    data = sorted(v for s, v in streams.items() if port not in ports[s] and v > 0)
    want = sorted(t["bytes"] for t in c["transfers"] if t.get("bytes") and not t.get("encrypted"))
    problems = []
    if retrans and not c.get("retransmissions_expected"):
        problems.append(f"{retrans} TCP retransmissions")
    if not c.get("tls"):
        if [w for w in want if w not in data]:
            problems.append(f"data streams {data} lack expected {want}")
        missing = set(c["expected_replies"]) - codes
        if missing:
            problems.append(f"reply codes {sorted(missing)} not seen (seen {sorted(codes)})")
    link = info.split(",")[-2] if info else "?"
    print(f"{'OK ' if not problems else 'BAD'} {name}: streams={len(streams)} data={data} codes={sorted(codes)} "
          f"| {info.strip().splitlines()[-1] if info else ''}")
    for p in problems:
        print("    ", p); bad += 1
sys.exit(1 if bad else 0)
PY
fi

total=$(cat "$OUT_DIR"/*.pcap "$OUT_DIR"/*.pcapng "$OUT_DIR"/*.gz | wc -c)
ls -l "$OUT_DIR"
log "total capture bytes: $total"
(( total < 15000000 )) || die "captures total $total bytes, more than 15 MB"
log "done"
