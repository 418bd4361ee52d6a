#!/usr/bin/env bash
# Captures the IPv6 golden packets that the netstack.ip.wire tests carry as hex (Ipv6PacketTest,
# Ipv6ExtensionHeadersTest, Icmpv6PacketTest, NdpTest, MldTest). Not part of the build: run it by hand, as root,
# when a golden packet has to be captured again; it writes pcaps and a hex dump of every frame to OUT.
#
#   sudo netstack.ip/src/test/capture/ipv6-golden.sh [OUT]      (needs ip, tshark, ping, socat, radvd, scapy)
#
# Topology: three private network namespaces, documentation addresses only, deleted on exit (also on failure).
#
#   nsA  vethA 2001:db8:1::a ---- link 1, MTU 1500 ---- vethR1 2001:db8:1::1  nsR (forwarding router, radvd)
#                                                        vethR2 2001:db8:2::1
#   nsB  vethB 2001:db8:2::b ---- link 2, MTU 1280 ----/
#   nsM  bridge br0 (MLD querier) ---- vethM ---- vethH  nsH (MLDv2 host, then MLDv1 host)
#
# Everything the kernel (or radvd) sends is real traffic. Only these packets are crafted with scapy from nsA, and
# the tests say so: the invoking packets of the parameter problems, the lone first fragment whose reassembly times
# out, the atomic fragment, and the first fragment without its upper-layer header. The kernel's answers to them are
# real.
set -euo pipefail
OUT=${1:-/tmp/netstack-ipv6-golden}
PY=/usr/bin/python3
TAG=ng$$
A=${TAG}a R=${TAG}r B=${TAG}b M=${TAG}m H=${TAG}h
mkdir -p "$OUT"

cleanup() {
    # Only the processes this script started live in these namespaces.
    for ns in $A $R $B $M $H; do
        for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
    done
    sleep 1 # let tshark flush its pcap
    for ns in $A $R $B $M $H; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT

for ns in $A $R $B $M $H; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
at() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

ip link add vethA netns $A address 02:00:00:00:01:0a type veth peer vethR1 netns $R address 02:00:00:00:01:01
ip link add vethB netns $B address 02:00:00:00:02:0b type veth peer vethR2 netns $R address 02:00:00:00:02:01
ip -n $B link set vethB mtu 1280
ip -n $R link set vethR2 mtu 1280
at $R sysctl -qw net.ipv6.conf.all.forwarding=1
at $B sysctl -qw net.ipv6.ip6frag_time=2
# Announce addresses after DAD with an unsolicited NA (S=0, O=1).
at $A sysctl -qw net.ipv6.conf.vethA.ndisc_notify=1

# Capture before carrier: bring up one end of each link first, so DAD, MLD and RS are on the pcap.
at $A ip link set vethA up
at $B ip link set vethB up
at $A tshark -q -i vethA -F pcap -w "$OUT/link1.pcap" 2>/dev/null &
at $B tshark -q -i vethB -F pcap -w "$OUT/link2.pcap" 2>/dev/null &
sleep 3

cat >"$OUT/radvd.conf" <<'EOF'
interface vethR1 {
    AdvSendAdvert on;
    MinRtrAdvInterval 30;
    MaxRtrAdvInterval 60;
    AdvManagedFlag on;
    AdvOtherConfigFlag on;
    AdvCurHopLimit 64;
    AdvDefaultLifetime 1800;
    AdvReachableTime 30000;
    AdvRetransTimer 1000;
    AdvLinkMTU 1500;
    AdvSourceLLAddress on;
    prefix 2001:db8:1::/64 {
        AdvOnLink on;
        AdvAutonomous on;
        AdvValidLifetime 86400;
        AdvPreferredLifetime 14400;
    };
    route 2001:db8:3::/48 {
        AdvRoutePreference high;
        AdvRouteLifetime 1800;
    };
    RDNSS 2001:db8:1::53 {
        AdvRDNSSLifetime 600;
    };
};
EOF

at $R ip addr add 2001:db8:1::1/64 dev vethR1
at $R ip addr add 2001:db8:2::1/64 dev vethR2
at $R ip link set vethR1 up
at $R ip link set vethR2 up
at $A ip addr add 2001:db8:1::a/64 dev vethA
at $B ip addr add 2001:db8:2::b/64 dev vethB
sleep 3
at $R radvd -n -C "$OUT/radvd.conf" -p "$OUT/radvd.pid" -u root &
sleep 3
at $A ip -6 route add 2001:db8::/32 via 2001:db8:1::1
at $B ip -6 route add 2001:db8::/32 via 2001:db8:2::1
at $R ip -6 route add unreachable 2001:db8:3::/64
at $R ip -6 route add prohibit 2001:db8:4::/64

# Echo, neighbor resolution (NS with SLLAO, solicited NA with R/S/O from the router).
at $A ping -6 -c 1 -W 2 -p 6e6574737461636b 2001:db8:1::1 >/dev/null
# Fragmented echo request and reply on link 1.
at $A ping -6 -c 1 -W 2 -s 3000 2001:db8:1::1 >/dev/null
# Packet too big from the router (link 2 has MTU 1280).
at $A ping -6 -c 1 -W 2 -s 1400 -M do 2001:db8:2::b >/dev/null || true
# Time exceeded (hop limit) from the router.
at $A ping -6 -c 1 -W 2 -t 1 2001:db8:2::b >/dev/null || true
# Destination unreachable: no route (0), administratively prohibited (1), port unreachable (4, from nsB).
at $A ping -6 -c 1 -W 2 2001:db8:3::1 >/dev/null || true
at $A ping -6 -c 1 -W 2 2001:db8:4::1 >/dev/null || true
echo netstack | at $A socat -u - UDP6:[2001:db8:2::b]:9 || true
# Address unreachable (3): the router cannot resolve 2001:db8:2::99 on link 2.
at $A ping -6 -c 1 -W 5 2001:db8:2::99 >/dev/null || true
# Redirect: nsA is told to send 2001:db8:1::5 through the router's link-local address; the router, forwarding it
# back out of the link it came from, redirects nsA to the (unresolvable) on-link destination.
at $A ip -6 route add 2001:db8:1::5/128 via fe80::ff:fe00:101 dev vethA
# Redirects are rate-limited per destination and per source (1 s buckets): ask three times.
at $A ping -6 -c 3 -i 1 -W 1 2001:db8:1::5 >/dev/null || true
# SRv6: nsA's kernel inserts a segment routing header (routing type 4) for 2001:db8:5::/64.
at $A ip -6 route add 2001:db8:5::/64 encap seg6 mode inline segs 2001:db8:1::1 dev vethA 2>/dev/null \
    && at $A ping -6 -c 1 -W 1 2001:db8:5::1 >/dev/null || true

# Crafted invoking packets (scapy), real answers from nsB's kernel.
at $A "$PY" - <<'EOF'
from scapy.all import Ether, IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrFragment, HBHOptUnknown, \
    PadN, ICMPv6EchoRequest, UDP, Raw, sendp
import time
eth = Ether(src="02:00:00:00:01:0a", dst="02:00:00:00:01:01")
src, dst = "2001:db8:1::a", "2001:db8:2::b"
def go(p):
    sendp(eth / p, iface="vethA", verbose=False)
    time.sleep(0.3)
# Parameter problem code 1: unrecognized next header (253, RFC 3692 experimental).
go(IPv6(src=src, dst=dst, nh=253) / Raw(b"netstack"))
# Parameter problem code 2: destination option 0x9e (action 10: discard, send ICMP even to multicast).
go(IPv6(src=src, dst=dst) / IPv6ExtHdrDestOpt(nh=58, options=[HBHOptUnknown(otype=0x9e, optdata=b"\x00\x00")])
   / ICMPv6EchoRequest(id=0x6e73, seq=1))
# Parameter problem code 0: routing header type 0 with segments left 1 (RFC 5095).
go(IPv6(src=src, dst=dst) / IPv6ExtHdrRouting(type=0, segleft=1, addresses=["2001:db8:2::b"])
   / ICMPv6EchoRequest(id=0x6e73, seq=2))
# Atomic fragment (offset 0, M=0, RFC 6946): answered like any echo request.
go(IPv6(src=src, dst=dst) / IPv6ExtHdrFragment(nh=58, offset=0, m=0, id=0x6e730001)
   / ICMPv6EchoRequest(id=0x6e73, seq=3, data=b"atomic"))
# First fragment whose header chain ends before the upper-layer header (RFC 8200 §4.5, RFC 7112): code 3.
go(IPv6(src=src, dst=dst) / IPv6ExtHdrFragment(nh=60, offset=0, m=1, id=0x6e730002)
   / IPv6ExtHdrDestOpt(nh=17, options=[PadN(optdata=b"\x00" * 4)]))
# A lone first fragment: its reassembly times out (ip6frag_time 2 s) into time exceeded code 1.
go(IPv6(src=src, dst=dst) / IPv6ExtHdrFragment(nh=58, offset=0, m=1, id=0x6e730003)
   / ICMPv6EchoRequest(id=0x6e73, seq=4, data=b"x" * 32))
EOF
sleep 4

# MLD: a bridge that is an MLDv2 querier, and a host that answers it; then the same with MLDv1.
ip link add vethM netns $M address 02:00:00:00:03:01 type veth peer vethH netns $H address 02:00:00:00:03:0f
at $M ip link add br0 address 02:00:00:00:03:00 type bridge mcast_snooping 1 mcast_querier 1 \
    mcast_mld_version 2 mcast_startup_query_interval 100 mcast_query_response_interval 100
at $M ip link set vethM master br0
at $H ip link set vethH up
at $H tshark -q -i vethH -F pcap -w "$OUT/mld.pcap" 2>/dev/null &
sleep 3
at $M ip link set vethM up
at $M ip link set br0 up
sleep 4
# The first startup queries left before br0 had a link-local address; restart the querier for a general query.
at $M ip link set br0 type bridge mcast_querier 0
at $M ip link set br0 type bridge mcast_querier 1
sleep 2
# Source-specific join and leave (MCAST_JOIN_SOURCE_GROUP): ALLOW / BLOCK records with sources.
at $H "$PY" - <<'EOF'
import socket, struct, time
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
idx = socket.if_nametoindex("vethH")
def gsr(group, source):
    def ss(addr):
        b = struct.pack("=HHI16sI", socket.AF_INET6, 0, 0, socket.inet_pton(socket.AF_INET6, addr), 0)
        return b + b"\0" * (128 - len(b))
    return struct.pack("=I4x", idx) + ss(group) + ss(source)
MCAST_JOIN_SOURCE_GROUP, MCAST_LEAVE_SOURCE_GROUP = 46, 47
s.setsockopt(socket.IPPROTO_IPV6, MCAST_JOIN_SOURCE_GROUP, gsr("ff3e::1234", "2001:db8:1::a"))
time.sleep(1)
s.setsockopt(socket.IPPROTO_IPV6, MCAST_JOIN_SOURCE_GROUP, gsr("ff3e::1234", "2001:db8:2::b"))
time.sleep(1)
s.setsockopt(socket.IPPROTO_IPV6, MCAST_LEAVE_SOURCE_GROUP, gsr("ff3e::1234", "2001:db8:1::a"))
time.sleep(1)
s.close()
time.sleep(1)
EOF
at $H ip addr add 2001:db8:3::f/64 dev vethH
sleep 3
# MLDv1: the host is forced to version 1, the querier too; removing the address leaves its solicited-node group.
at $H sysctl -qw net.ipv6.conf.vethH.force_mld_version=1
at $M ip link set br0 type bridge mcast_mld_version 1
at $M ip link set br0 type bridge mcast_querier 0
at $M ip link set br0 type bridge mcast_querier 1
at $H ip addr add 2001:db8:3::1:f/64 dev vethH
sleep 4
at $H ip addr del 2001:db8:3::1:f/64 dev vethH
sleep 3

cleanup
trap - EXIT
for f in link1 link2 mld; do
    "$PY" - "$OUT/$f.pcap" >"$OUT/$f.txt" <<'EOF'
import sys
from scapy.all import rdpcap
for i, p in enumerate(rdpcap(sys.argv[1]), 1):
    print(f"#{i} {p.summary()}")
    print(bytes(p).hex())
EOF
done
echo "captured into $OUT"
