#!/usr/bin/python3
"""Writes Ipv6Golden.java (the IPv6 golden packets of the netstack.ip.wire tests) from the pcaps beside this script.

Run with Debian's python3-scapy: /usr/bin/python3 golden-to-java.py > ../java/netstack/ip/wire/Ipv6Golden.java
Each constant is one captured frame without its 14-byte Ethernet header: the IPv6 packet as it was on the wire.
"""
import os
import textwrap
from scapy.all import rdpcap

HERE = os.path.dirname(os.path.abspath(__file__))
FRAMES = [
    ("link1", 1, "DAD_NS", "Neighbor Solicitation for DAD of fe80::ff:fe00:10a: from ::, to its solicited-node group,"
     " with the 6-byte Nonce option of enhanced DAD (RFC 7527)"),
    ("link1", 10, "NA_UNSOLICITED", "unsolicited Neighbor Advertisement to ff02::1 after DAD (ndisc_notify): S=0, O=1,"
     " target link-layer address"),
    ("link1", 11, "RS", "Router Solicitation from fe80::ff:fe00:10a to ff02::2 with a source link-layer address"),
    ("link1", 13, "MLDV2_REPORT_FIVE_RECORDS", "the router's MLDv2 Report: five CHANGE_TO_EXCLUDE records"
     " (ff02::1:ff00:0, ff02::1:ff00:101, ff02::1:ff00:1, ff05::2, ff02::2), Router Alert hop-by-hop header"),
    ("link1", 18, "RA", "radvd's Router Advertisement: hop limit 64, M and O, lifetime 1800 s, reachable 30000 ms,"
     " retrans 1000 ms; Prefix Information 2001:db8:1::/64 (L, A, 86400 s, 14400 s), Route Information"
     " 2001:db8:3::/48 (high, 1800 s), RDNSS, MTU 1500, source link-layer address 02:00:00:00:01:01"),
    ("link1", 21, "NS", "Neighbor Solicitation for 2001:db8:1::1 from 2001:db8:1::ff:fe00:10a to ff02::1:ff00:1 with"
     " a source link-layer address"),
    ("link1", 22, "NA_SOLICITED_ROUTER", "the router's answer: solicited Neighbor Advertisement with R, S and O and a"
     " target link-layer address"),
    ("link1", 23, "ECHO_REQUEST", "ping -6 -p 6e6574737461636b: Echo Request with 56 bytes of data"),
    ("link1", 24, "ECHO_REPLY", "the router's Echo Reply"),
    ("link1", 25, "FRAGMENT_FIRST", "ping -6 -s 3000: first fragment (offset 0, M=1) of the Echo Request"),
    ("link1", 27, "FRAGMENT_LAST", "ping -6 -s 3000: last fragment (offset 2896, M=0)"),
    ("link1", 32, "PACKET_TOO_BIG", "the router's Packet Too Big (MTU 1280) for a 1448-byte Echo Request, quoting"
     " 1232 bytes of it"),
    ("link1", 34, "TIME_EXCEEDED_HOP_LIMIT", "the router's Time Exceeded code 0 for ping -t 1"),
    ("link1", 36, "UNREACHABLE_NO_ROUTE", "the router's Destination Unreachable code 0 (ip route unreachable)"),
    ("link1", 38, "UNREACHABLE_PROHIBITED", "the router's Destination Unreachable code 1 (ip route prohibit)"),
    ("link1", 40, "UNREACHABLE_PORT", "nsB's Destination Unreachable code 4 for a UDP datagram to port 9"),
    ("link1", 42, "UNREACHABLE_ADDRESS", "the router's Destination Unreachable code 3: 2001:db8:2::99 did not"
     " answer its Neighbor Solicitations"),
    ("link1", 47, "REDIRECT", "the router's Redirect of 2001:db8:1::5 to itself (on-link), with a Redirected Header"),
    ("link1", 51, "NA_SOLICITED_NO_OPTION", "solicited Neighbor Advertisement to a unicast NUD probe: S only, no"
     " options"),
    ("link1", 52, "SRV6_ECHO_REQUEST", "Echo Request with a Segment Routing Header (routing type 4, segments left 1)"
     " inserted by the kernel (ip route ... encap seg6 mode inline)"),
    ("link1", 57, "UNKNOWN_NEXT_HEADER", "crafted with scapy: next header 253 (RFC 3692 experimental)"),
    ("link1", 60, "PARAMETER_PROBLEM_NEXT_HEADER", "nsB's Parameter Problem code 1, pointer 6, for UNKNOWN_NEXT_HEADER"),
    ("link1", 61, "UNKNOWN_OPTION", "crafted with scapy: Destination Options with option 0x9e (action 10) before an"
     " Echo Request"),
    ("link1", 62, "PARAMETER_PROBLEM_OPTION", "nsB's Parameter Problem code 2, pointer 42, for UNKNOWN_OPTION"),
    ("link1", 63, "ROUTING_TYPE_0", "crafted with scapy: routing header type 0, segments left 1 (RFC 5095)"),
    ("link1", 64, "PARAMETER_PROBLEM_ROUTING", "nsB's Parameter Problem code 0, pointer 42, for ROUTING_TYPE_0"),
    ("link1", 65, "ATOMIC_FRAGMENT", "crafted with scapy: Echo Request in an atomic fragment (RFC 6946)"),
    ("link1", 66, "ATOMIC_FRAGMENT_REPLY", "nsB's Echo Reply to ATOMIC_FRAGMENT"),
    ("link1", 67, "INCOMPLETE_FIRST_FRAGMENT", "crafted with scapy: first fragment whose chain ends in Destination"
     " Options naming UDP, without the UDP header (RFC 7112)"),
    ("link1", 68, "PARAMETER_PROBLEM_INCOMPLETE_CHAIN", "nsB's Parameter Problem code 3, pointer 0, for"
     " INCOMPLETE_FIRST_FRAGMENT"),
    ("link1", 69, "LONE_FIRST_FRAGMENT", "crafted with scapy: a first fragment whose other fragments never come"),
    ("link1", 70, "TIME_EXCEEDED_REASSEMBLY", "nsB's Time Exceeded code 1 for LONE_FIRST_FRAGMENT"),
    ("mld", 2, "MLDV2_REPORT_FROM_UNSPECIFIED", "MLDv2 Report from :: before DAD: CHANGE_TO_EXCLUDE ff02::1:ff00:30f"),
    ("mld", 23, "MLDV2_GENERAL_QUERY", "the bridge querier's MLDv2 General Query: max response code 1000, QRV 2,"
     " QQIC 125"),
    ("mld", 27, "MLDV2_REPORT_MODE_IS_EXCLUDE", "the host's answer to a General Query: MODE_IS_EXCLUDE"
     " ff02::1:ff00:30f"),
    ("mld", 36, "MLDV2_REPORT_ALLOW", "MCAST_JOIN_SOURCE_GROUP: ALLOW_NEW_SOURCES ff3e::1234 from 2001:db8:1::a"),
    ("mld", 41, "MLDV2_REPORT_BLOCK", "MCAST_LEAVE_SOURCE_GROUP: BLOCK_OLD_SOURCES ff3e::1234 from 2001:db8:1::a"),
    ("mld", 43, "MLDV2_SOURCE_QUERY", "the querier's Multicast Address and Source Specific Query: ff3e::1234,"
     " sources 2001:db8:2::b and 2001:db8:1::a"),
    ("mld", 50, "MLDV1_QUERY", "the querier's MLDv1 General Query (mcast_mld_version 1), max response delay 1000 ms"),
    ("mld", 52, "MLDV1_REPORT", "MLDv1 Report of ff02::1:ff00:f (force_mld_version=1)"),
    ("mld", 70, "MLDV1_DONE", "MLDv1 Done of ff02::1:ff01:f to ff02::2 when its address was removed"),
]

cache = {}
print("""package netstack.ip.wire;

import java.util.HexFormat;

/**
 * IPv6 golden packets: real traffic of the Linux 6.18 kernel (and radvd 2.19 for the Router Advertisement),
 * captured with tshark on veth pairs in private network namespaces by {@code src/test/capture/ipv6-golden.sh}
 * (pcaps beside it) and turned into this file by {@code golden-to-java.py}. Each is one frame without its Ethernet
 * header. Where the invoking packet was crafted with scapy the comment says so; the kernel's answers are real.
 *
 * <p>Addresses: nsA 2001:db8:1::a / 2001:db8:1::ff:fe00:10a (SLAAC) / fe80::ff:fe00:10a (02:00:00:00:01:0a); the
 * router 2001:db8:1::1 / fe80::ff:fe00:101 (02:00:00:00:01:01) and 2001:db8:2::1 on link 2 (MTU 1280); nsB
 * 2001:db8:2::b; the MLD bridge querier fe80::ff:fe00:300, its host fe80::ff:fe00:30f.
 */
final class Ipv6Golden {

    private Ipv6Golden() {
    }

    private static byte[] hex(String... lines) {
        return HexFormat.of().parseHex(String.join("", lines));
    }
""")
for f, n, name, doc in FRAMES:
    if f not in cache:
        cache[f] = rdpcap(os.path.join(HERE, f + ".pcap"))
    data = bytes(cache[f][n - 1])[14:]
    h = data.hex()
    lines = [h[i:i + 96] for i in range(0, len(h), 96)]
    text = textwrap.wrap(f"{f}.pcap #{n}, {len(data)} bytes: {doc}.", 110)
    print("    /**")
    for t in text:
        print(f"     * {t}")
    print("     */")
    body = ",\n            ".join(f'"{l}"' for l in lines)
    print(f"    static final byte[] {name} = hex(\n            {body});\n")
print("}")
