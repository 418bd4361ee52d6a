#!/bin/bash
# Captures the golden frames used by the netstack.ip.wire IPv4-side tests (EthernetFrameTest, ArpPacketTest,
# Ipv4PacketTest, Icmpv4PacketTest) from the Linux kernel's own stack, inside private network namespaces.
#
#   usage (root): capture-ipv4-golden.sh OUT_DIR
#   -> OUT_DIR/a.pcapng (capture on A's veths), OUT_DIR/stp.pcap (an IEEE 802.3 LLC frame), OUT_DIR/frames.txt
#
# Topology (documentation addresses only, every namespace deleted on exit, also on failure):
#
#   ns A  vA 192.0.2.1/24 + 192.0.2.2/24  02:00:00:00:00:01 ----  vR 192.0.2.254/24  02:00:00:00:00:fe   ns R (router)
#         vA3 203.0.113.1/28  MTU 68      02:00:00:00:03:01 ----  vR3 203.0.113.14/28 MTU 68  02:00:00:00:03:fe
#                                                                  vR2 198.51.100.254/24 MTU 1280 ---- ns C vC 198.51.100.1/24
# MTU 68 is IPv4's minimum (RFC 791): a 100-byte ping crosses vA3 in three fragments each way.
#   R forwards; A's default route is R; R routes 203.0.113.128/25 back via 192.0.2.2 (A), so R sends A a redirect.
set -euo pipefail
OUT=${1:?output directory}
mkdir -p "$OUT"
TAG=w4g$$
A=$TAG-a R=$TAG-r C=$TAG-c S=$TAG-s
cleanup() {
    [ -n "${TSHARK:-}" ] && kill "$TSHARK" 2>/dev/null || true
    for ns in $A $R $C $S; do ip netns del "$ns" 2>/dev/null || true; done
}
trap cleanup EXIT
for ns in $A $R $C; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    # Errors are the point here: no rate limit in these private namespaces.
    ip netns exec "$ns" sysctl -qw net.ipv4.icmp_ratelimit=0
done
ip netns exec $R sysctl -qw net.ipv4.ip_forward=1

ip link add vA netns $A address 02:00:00:00:00:99 type veth peer name vR netns $R address 02:00:00:00:00:fe
ip link add vA3 netns $A address 02:00:00:00:03:01 mtu 68 type veth peer name vR3 netns $R address 02:00:00:00:03:fe mtu 68
ip link add vR2 netns $R address 02:00:00:00:01:fe mtu 1280 type veth peer name vC netns $C address 02:00:00:00:01:01 mtu 1280

ip -n $A addr add 192.0.2.1/24 dev vA
ip -n $A addr add 192.0.2.2/24 dev vA
ip -n $R addr add 192.0.2.254/24 dev vR
ip -n $R addr add 198.51.100.254/24 dev vR2
ip -n $C addr add 198.51.100.1/24 dev vC
ip -n $A addr add 203.0.113.1/28 dev vA3
ip -n $R addr add 203.0.113.14/28 dev vR3
for dev in vA vA3; do ip -n $A link set $dev up; done
for dev in vR vR2 vR3; do ip -n $R link set $dev up; done
ip -n $C link set vC up
ip -n $A route add default via 192.0.2.254
ip -n $C route add default via 198.51.100.254
ip -n $R route add 203.0.113.128/25 via 192.0.2.2 dev vR

sleep 1

ip netns exec $A tshark -q -i vA -i vA3 -w "$OUT/a.pcapng" 2>"$OUT/tshark.log" &
TSHARK=$!
for _ in $(seq 50); do grep -q "Capturing on" "$OUT/tshark.log" 2>/dev/null && break; sleep 0.1; done
sleep 0.5
step() { echo "== $*" >&2; }

# Gratuitous ARP: with arp_notify the kernel announces its address when the MAC changes (RFC 5227 §3).
step gratuitous ARP
ip netns exec $A sysctl -qw net.ipv4.conf.vA.arp_notify=1
ip -n $A link set vA address 02:00:00:00:00:01
sleep 0.3
ip -n $R neigh flush dev vR
ip -n $A neigh flush dev vA

step "ARP request/reply + echo request/reply (odd data length 21)"
ip netns exec $A ping -c1 -W1 -s 21 -I 192.0.2.1 192.0.2.254 >&2
step "echo with record route option (IHL 15)"
ip netns exec $A ping -c1 -W1 -R -s 8 -I 192.0.2.1 192.0.2.254 >&2 || true
step "fragmentation needed (RFC 1191, next-hop MTU 1280)"
ip netns exec $A ping -c1 -W1 -M do -s 1300 -I 192.0.2.1 198.51.100.1 >&2 || true
step "time exceeded in transit (TTL 1)"
ip netns exec $A ping -c1 -W1 -t 1 -s 8 -I 192.0.2.1 198.51.100.1 >&2 || true
step "port unreachable (UDP to a closed port)"
echo -n "netstack" | ip netns exec $A socat -u - UDP4-SENDTO:192.0.2.254:9,bind=192.0.2.1 >&2 || true
sleep 0.2
step "protocol unreachable, parameter problem, padded frames (scapy)"
ip netns exec $A /usr/bin/python3 - <<'EOF' >&2
from scapy.all import Ether, ARP, IP, ICMP, Raw, Padding, sendp, conf
import time
conf.verb = 0
a_mac, r_mac = "02:00:00:00:00:01", "02:00:00:00:00:fe"
# An IP protocol nobody serves (253, RFC 3692 experimental): protocol unreachable.
sendp(Ether(src=a_mac, dst=r_mac)/IP(src="192.0.2.1", dst="192.0.2.254", proto=253, id=0x4e53, ttl=64)/Raw(b"netstack"), iface="vA")
time.sleep(0.2)
# Record Route with option length 2 (< 3): RFC 1812 parameter problem, pointer at the option's length byte (21).
sendp(Ether(src=a_mac, dst=r_mac)/IP(src="192.0.2.1", dst="192.0.2.254", id=0x4e54, ttl=64, proto=1,
      options=b"\x07\x02\x00\x00")/ICMP(type=8, id=0x77, seq=1)/Raw(b"bad-opt"), iface="vA")
time.sleep(0.2)
# Minimum-size frames padded to 60 bytes with zeros as an Ethernet NIC pads them (IEEE 802.3 §4.2.3.3):
# an ARP request and a 32-byte IPv4 echo request; the kernel must ignore the padding.
sendp(Ether(src=a_mac, dst="ff:ff:ff:ff:ff:ff")/ARP(op=1, hwsrc=a_mac, psrc="192.0.2.2", hwdst="00:00:00:00:00:00",
      pdst="192.0.2.254")/Padding(b"\x00" * 18), iface="vA")
time.sleep(0.2)
sendp(Ether(src=a_mac, dst=r_mac)/IP(src="192.0.2.1", dst="192.0.2.254", id=0x4e55, ttl=64)
      /ICMP(type=8, id=0x78, seq=1)/Raw(b"pad!")/Padding(b"\x00" * 14), iface="vA")
time.sleep(0.2)
# This kernel has no 802.1Q module (CONFIG_VLAN_8021Q unset), but net/core still strips a tag from received
# frames and processes priority-tagged ones (VID 0, IEEE 802.1Q §9.6) as untagged: it answers them, untagged.
# Frames with a non-zero VID it drops (PACKET_OTHERHOST): no answer to the VID 100 one.
from scapy.all import Dot1Q, Dot1AD
sendp(Ether(src=a_mac, dst="ff:ff:ff:ff:ff:ff")/Dot1Q(prio=5, vlan=0)/ARP(op=1, hwsrc=a_mac, psrc="192.0.2.1",
      hwdst="00:00:00:00:00:00", pdst="192.0.2.254"), iface="vA")
time.sleep(0.2)
sendp(Ether(src=a_mac, dst=r_mac)/Dot1Q(prio=5, vlan=0)/IP(src="192.0.2.1", dst="192.0.2.254", id=0x4e56, ttl=64)
      /ICMP(type=8, id=0x79, seq=1)/Raw(b"8021Q"), iface="vA")
time.sleep(0.2)
sendp(Ether(src=a_mac, dst=r_mac)/Dot1AD(prio=3, vlan=0)/IP(src="192.0.2.1", dst="192.0.2.254", id=0x4e57, ttl=64)
      /ICMP(type=8, id=0x7a, seq=1)/Raw(b"8021ad"), iface="vA")
time.sleep(0.2)
sendp(Ether(src=a_mac, dst=r_mac)/Dot1AD(prio=3, vlan=0)/Dot1Q(prio=5, vlan=0)/IP(src="192.0.2.1",
      dst="192.0.2.254", id=0x4e58, ttl=64)/ICMP(type=8, id=0x7b, seq=1)/Raw(b"QinQ"), iface="vA")
time.sleep(0.2)
sendp(Ether(src=a_mac, dst=r_mac)/Dot1Q(prio=0, vlan=100)/IP(src="192.0.2.1", dst="192.0.2.254", id=0x4e59, ttl=64)
      /ICMP(type=8, id=0x7c, seq=1)/Raw(b"vid100"), iface="vA")
time.sleep(0.2)
EOF
step "redirect (R forwards back onto the link it came from)"
ip -n $A route add 203.0.113.128/25 via 192.0.2.254
ip netns exec $A ping -c1 -W1 -s 8 -I 192.0.2.1 203.0.113.129 >&2 || true
step "fragmented echo over the MTU 68 link"
ip netns exec $A ping -c1 -W1 -s 100 -I 203.0.113.1 203.0.113.14 >&2
sleep 0.5
kill -INT $TSHARK
wait $TSHARK || true
TSHARK=

# An IEEE 802.3 frame with a length field and an LLC header: a spanning-tree BPDU from a kernel bridge (ns S).
step "STP BPDU (802.3 length + LLC) from a kernel bridge"
ip netns add $S
ip -n $S link add br0 address 02:00:00:00:0b:01 type bridge stp_state 1 hello_time 100
ip -n $S link add p0 address 02:00:00:00:0b:02 type veth peer name p1
ip -n $S link set p0 master br0
ip -n $S link set p1 up
ip netns exec $S timeout 10 tshark -q -i p1 -f "ether dst 01:80:c2:00:00:00" -c 1 -w "$OUT/stp.pcap" 2>/dev/null &
STP=$!
sleep 1.5
ip -n $S link set p0 up
ip -n $S link set br0 up
wait $STP || true

/usr/bin/python3 - "$OUT/a.pcapng" "$OUT/stp.pcap" >"$OUT/frames.txt" <<'EOF'
import sys
from scapy.all import rdpcap
for i, p in enumerate(list(rdpcap(sys.argv[1])) + list(rdpcap(sys.argv[2])), 1):
    print(f"#{i} {len(bytes(p))} {p.summary()}")
    print(bytes(p).hex())
EOF
echo "wrote $OUT/a.pcapng, $OUT/stp.pcap and $OUT/frames.txt" >&2
