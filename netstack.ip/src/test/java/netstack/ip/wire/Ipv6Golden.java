package netstack.ip.wire;

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

    /**
     * link1.pcap #1, 72 bytes: Neighbor Solicitation for DAD of fe80::ff:fe00:10a: from ::, to its solicited-node
     * group, with the 6-byte Nonce option of enhanced DAD (RFC 7527).
     */
    static final byte[] DAD_NS = hex(
            "6000000000203aff00000000000000000000000000000000ff0200000000000000000001ff00010a870049bc00000000",
            "fe80000000000000000000fffe00010a0e01a8e4d6e7a381");

    /**
     * link1.pcap #10, 72 bytes: unsolicited Neighbor Advertisement to ff02::1 after DAD (ndisc_notify): S=0, O=1,
     * target link-layer address.
     */
    static final byte[] NA_UNSOLICITED = hex(
            "6000000000203afffe80000000000000000000fffe00010aff0200000000000000000000000000018800568020000000",
            "fe80000000000000000000fffe00010a020102000000010a");

    /**
     * link1.pcap #11, 56 bytes: Router Solicitation from fe80::ff:fe00:10a to ff02::2 with a source link-layer
     * address.
     */
    static final byte[] RS = hex(
            "6000000000103afffe80000000000000000000fffe00010aff0200000000000000000000000000028500791a00000000",
            "010102000000010a");

    /**
     * link1.pcap #13, 156 bytes: the router's MLDv2 Report: five CHANGE_TO_EXCLUDE records (ff02::1:ff00:0,
     * ff02::1:ff00:101, ff02::1:ff00:1, ff05::2, ff02::2), Router Alert hop-by-hop header.
     */
    static final byte[] MLDV2_REPORT_FIVE_RECORDS = hex(
            "6000000000740001fe80000000000000000000fffe000101ff0200000000000000000000000000163a00050200000100",
            "8f00659b0000000504000000ff0200000000000000000001ff00000004000000ff0200000000000000000001ff000101",
            "04000000ff0200000000000000000001ff00000104000000ff05000000000000000000000000000204000000ff020000",
            "000000000000000000000002");

    /**
     * link1.pcap #18, 152 bytes: radvd's Router Advertisement: hop limit 64, M and O, lifetime 1800 s, reachable
     * 30000 ms, retrans 1000 ms; Prefix Information 2001:db8:1::/64 (L, A, 86400 s, 14400 s), Route Information
     * 2001:db8:3::/48 (high, 1800 s), RDNSS, MTU 1500, source link-layer address 02:00:00:00:01:01.
     */
    static final byte[] RA = hex(
            "600b2d4700703afffe80000000000000000000fffe000101ff0200000000000000000000000000018600ea9740c00708",
            "00007530000003e8030440c000015180000038400000000020010db80001000000000000000000001803300800000708",
            "20010db8000300000000000000000000190300000000025820010db800010000000000000000005305010000000005dc",
            "0101020000000101");

    /**
     * link1.pcap #21, 72 bytes: Neighbor Solicitation for 2001:db8:1::1 from 2001:db8:1::ff:fe00:10a to
     * ff02::1:ff00:1 with a source link-layer address.
     */
    static final byte[] NS = hex(
            "6000000000203aff20010db800010000000000fffe00010aff0200000000000000000001ff00000187001b1500000000",
            "20010db8000100000000000000000001010102000000010a");

    /**
     * link1.pcap #22, 72 bytes: the router's answer: solicited Neighbor Advertisement with R, S and O and a target
     * link-layer address.
     */
    static final byte[] NA_SOLICITED_ROUTER = hex(
            "6000000000203aff20010db800010000000000000000000120010db800010000000000fffe00010a88000968e0000000",
            "20010db80001000000000000000000010201020000000101");

    /**
     * link1.pcap #23, 104 bytes: ping -6 -p 6e6574737461636b: Echo Request with 56 bytes of data.
     */
    static final byte[] ECHO_REQUEST = hex(
            "600c02e800403a4020010db800010000000000fffe00010a20010db80001000000000000000000018000bddf1cbe0001",
            "cacd066b00000000c8f10a00000000006e6574737461636b6e6574737461636b6e6574737461636b6e6574737461636b",
            "6e6574737461636b");

    /**
     * link1.pcap #24, 104 bytes: the router's Echo Reply.
     */
    static final byte[] ECHO_REPLY = hex(
            "6004c26600403a4020010db800010000000000000000000120010db800010000000000fffe00010a8100bcdf1cbe0001",
            "cacd066b00000000c8f10a00000000006e6574737461636b6e6574737461636b6e6574737461636b6e6574737461636b",
            "6e6574737461636b");

    /**
     * link1.pcap #25, 1496 bytes: ping -6 -s 3000: first fragment (offset 0, M=1) of the Echo Request.
     */
    static final byte[] FRAGMENT_FIRST = hex(
            "600c02e805b02c4020010db800010000000000fffe00010a20010db80001000000000000000000013a000001f8470702",
            "800073e31cbf0001cacd066b00000000ccfb0a0000000000101112131415161718191a1b1c1d1e1f2021222324252627",
            "28292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f5051525354555657",
            "58595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f8081828384858687",
            "88898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7",
            "b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7",
            "e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f1011121314151617",
            "18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041424344454647",
            "48494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071727374757677",
            "78797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7",
            "a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7",
            "d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff0001020304050607",
            "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
            "38393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f6061626364656667",
            "68696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f9091929394959697",
            "98999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7",
            "c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7",
            "f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627",
            "28292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f5051525354555657",
            "58595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f8081828384858687",
            "88898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7",
            "b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7",
            "e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f1011121314151617",
            "18191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041424344454647",
            "48494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071727374757677",
            "78797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7",
            "a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7",
            "d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff0001020304050607",
            "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
            "38393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f6061626364656667",
            "68696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f9091929394959697",
            "98999a9b9c9d9e9f");

    /**
     * link1.pcap #27, 160 bytes: ping -6 -s 3000: last fragment (offset 2896, M=0).
     */
    static final byte[] FRAGMENT_LAST = hex(
            "600c02e800782c4020010db800010000000000fffe00010a20010db80001000000000000000000013a000b50f8470702",
            "48494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071727374757677",
            "78797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7",
            "a8a9aaabacadaeafb0b1b2b3b4b5b6b7");

    /**
     * link1.pcap #32, 1280 bytes: the router's Packet Too Big (MTU 1280) for a 1448-byte Echo Request, quoting 1232
     * bytes of it.
     */
    static final byte[] PACKET_TOO_BIG = hex(
            "6002820f04d83a4020010db800010000000000000000000120010db800010000000000fffe00010a020020da00000500",
            "600db6c505803a4020010db800010000000000fffe00010a20010db800020000000000000000000b8000419f1cc00001",
            "cacd066b0000000079050b0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f",
            "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f",
            "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f",
            "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf",
            "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef",
            "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
            "505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f",
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeaf",
            "b0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf",
            "e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f",
            "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
            "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f",
            "707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
            "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecf",
            "d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff",
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f",
            "303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f",
            "606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f",
            "909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf",
            "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeef",
            "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f",
            "505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f",
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f");

    /**
     * link1.pcap #34, 152 bytes: the router's Time Exceeded code 0 for ping -t 1.
     */
    static final byte[] TIME_EXCEEDED_HOP_LIMIT = hex(
            "6005490a00703a4020010db800010000000000000000000120010db800010000000000fffe00010a0300503c00000000",
            "600db6c500403a0120010db800010000000000fffe00010a20010db800020000000000000000000b8000d51d1cc10001",
            "cacd066b00000000970f0b0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f",
            "3031323334353637");

    /**
     * link1.pcap #36, 152 bytes: the router's Destination Unreachable code 0 (ip route unreachable).
     */
    static final byte[] UNREACHABLE_NO_ROUTE = hex(
            "600d474c00703a4020010db800010000000000000000000120010db800010000000000fffe00010a0100ba5900000000",
            "60024e7400403a4020010db800010000000000fffe00010a20010db80003000000000000000000018000281c1cc20001",
            "cacd066b0000000044190b0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f",
            "3031323334353637");

    /**
     * link1.pcap #38, 152 bytes: the router's Destination Unreachable code 1 (ip route prohibit).
     */
    static final byte[] UNREACHABLE_PROHIBITED = hex(
            "6005053600703a4020010db800010000000000000000000120010db800010000000000fffe00010a0101cbe800000000",
            "600a3cdc00403a4020010db800010000000000fffe00010a20010db8000400000000000000000001800072101cc30001",
            "cacd066b00000000fa220b0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f",
            "3031323334353637");

    /**
     * link1.pcap #40, 105 bytes: nsB's Destination Unreachable code 4 for a UDP datagram to port 9.
     */
    static final byte[] UNREACHABLE_PORT = hex(
            "6005649d00413a3f20010db800020000000000000000000b20010db800010000000000fffe00010a0104655200000000",
            "600d8f310011113f20010db800010000000000fffe00010a20010db800020000000000000000000bc11e000900115bac",
            "6e6574737461636b0a");

    /**
     * link1.pcap #42, 152 bytes: the router's Destination Unreachable code 3: 2001:db8:2::99 did not answer its
     * Neighbor Solicitations.
     */
    static final byte[] UNREACHABLE_ADDRESS = hex(
            "600fa84100703a4020010db800010000000000000000000120010db800010000000000fffe00010a01035d5500000000",
            "6004ab7400403a3f20010db800010000000000fffe00010a20010db80002000000000000000000998000e74a1cc70001",
            "cacd066b00000000844e0b0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f",
            "3031323334353637");

    /**
     * link1.pcap #47, 192 bytes: the router's Redirect of 2001:db8:1::5 to itself (on-link), with a Redirected
     * Header.
     */
    static final byte[] REDIRECT = hex(
            "6000000000983afffe80000000000000000000fffe00010120010db800010000000000fffe00010a8900755600000000",
            "20010db800010000000000000000000520010db8000100000000000000000005040e0000000000006008daf500403a40",
            "20010db800010000000000fffe00010a20010db80001000000000000000000058000c3a71cc90002cecd066b00000000",
            "a3830c0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637");

    /**
     * link1.pcap #51, 64 bytes: solicited Neighbor Advertisement to a unicast NUD probe: S only, no options.
     */
    static final byte[] NA_SOLICITED_NO_OPTION = hex(
            "6000000000183aff20010db800010000000000fffe00010afe80000000000000000000fffe0001018800dda240000000",
            "20010db800010000000000fffe00010a");

    /**
     * link1.pcap #52, 144 bytes: Echo Request with a Segment Routing Header (routing type 4, segments left 1)
     * inserted by the kernel (ip route ... encap seg6 mode inline).
     */
    static final byte[] SRV6_ECHO_REQUEST = hex(
            "600267e700682b4020010db800010000000000fffe00010a20010db80001000000000000000000013a04040101000000",
            "20010db800050000000000000000000120010db8000100000000000000000001800090261cd10001d0cd066b00000000",
            "d4fd0c0000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637");

    /**
     * link1.pcap #57, 48 bytes: crafted with scapy: next header 253 (RFC 3692 experimental).
     */
    static final byte[] UNKNOWN_NEXT_HEADER = hex(
            "600000000008fd4020010db800010000000000000000000a20010db800020000000000000000000b6e6574737461636b");

    /**
     * link1.pcap #60, 96 bytes: nsB's Parameter Problem code 1, pointer 6, for UNKNOWN_NEXT_HEADER.
     */
    static final byte[] PARAMETER_PROBLEM_NEXT_HEADER = hex(
            "60084fb700383a3f20010db800020000000000000000000b20010db800010000000000000000000a04012c8400000006",
            "600000000008fd3f20010db800010000000000000000000a20010db800020000000000000000000b6e6574737461636b");

    /**
     * link1.pcap #61, 56 bytes: crafted with scapy: Destination Options with option 0x9e (action 10) before an Echo
     * Request.
     */
    static final byte[] UNKNOWN_OPTION = hex(
            "6000000000103c4020010db800010000000000000000000a20010db800020000000000000000000b3a009e0200000100",
            "8000b5be6e730001");

    /**
     * link1.pcap #62, 104 bytes: nsB's Parameter Problem code 2, pointer 42, for UNKNOWN_OPTION.
     */
    static final byte[] PARAMETER_PROBLEM_OPTION = hex(
            "6007a82400403a3f20010db800020000000000000000000b20010db800010000000000000000000a04022abf0000002a",
            "6000000000103c3f20010db800010000000000000000000a20010db800020000000000000000000b3a009e0200000100",
            "8000b5be6e730001");

    /**
     * link1.pcap #63, 72 bytes: crafted with scapy: routing header type 0, segments left 1 (RFC 5095).
     */
    static final byte[] ROUTING_TYPE_0 = hex(
            "6000000000202b4020010db800010000000000000000000a20010db800020000000000000000000b3a02000100000000",
            "20010db800020000000000000000000b8000b5bd6e730002");

    /**
     * link1.pcap #64, 120 bytes: nsB's Parameter Problem code 0, pointer 42, for ROUTING_TYPE_0.
     */
    static final byte[] PARAMETER_PROBLEM_ROUTING = hex(
            "6007c11100503a3f20010db800020000000000000000000b20010db800010000000000000000000a0400acda0000002a",
            "6000000000202b3f20010db800010000000000000000000a20010db800020000000000000000000b3a02000100000000",
            "20010db800020000000000000000000b8000b5bd6e730002");

    /**
     * link1.pcap #65, 62 bytes: crafted with scapy: Echo Request in an atomic fragment (RFC 6946).
     */
    static final byte[] ATOMIC_FRAGMENT = hex(
            "6000000000162c4020010db800010000000000000000000a20010db800020000000000000000000b3a0000006e730001",
            "80007b716e73000361746f6d6963");

    /**
     * link1.pcap #66, 54 bytes: nsB's Echo Reply to ATOMIC_FRAGMENT.
     */
    static final byte[] ATOMIC_FRAGMENT_REPLY = hex(
            "6009b064000e3a3f20010db800020000000000000000000b20010db800010000000000000000000a81007a716e730003",
            "61746f6d6963");

    /**
     * link1.pcap #67, 56 bytes: crafted with scapy: first fragment whose chain ends in Destination Options naming
     * UDP, without the UDP header (RFC 7112).
     */
    static final byte[] INCOMPLETE_FIRST_FRAGMENT = hex(
            "6000000000102c4020010db800010000000000000000000a20010db800020000000000000000000b3c0000016e730002",
            "1100010400000000");

    /**
     * link1.pcap #68, 104 bytes: nsB's Parameter Problem code 3, pointer 0, for INCOMPLETE_FIRST_FRAGMENT.
     */
    static final byte[] PARAMETER_PROBLEM_INCOMPLETE_CHAIN = hex(
            "6007a6c400403a3f20010db800020000000000000000000b20010db800010000000000000000000a0403fba300000000",
            "6000000000102c3f20010db800010000000000000000000a20010db800020000000000000000000b3c0000016e730002",
            "1100010400000000");

    /**
     * link1.pcap #69, 88 bytes: crafted with scapy: a first fragment whose other fragments never come.
     */
    static final byte[] LONE_FIRST_FRAGMENT = hex(
            "6000000000302c4020010db800010000000000000000000a20010db800020000000000000000000b3a0000016e730003",
            "80002e146e7300047878787878787878787878787878787878787878787878787878787878787878");

    /**
     * link1.pcap #70, 136 bytes: nsB's Time Exceeded code 1 for LONE_FIRST_FRAGMENT.
     */
    static final byte[] TIME_EXCEEDED_REASSEMBLY = hex(
            "600697c400603a3f20010db800020000000000000000000b20010db800010000000000000000000a03016c5500000000",
            "6000000000302c3f20010db800010000000000000000000a20010db800020000000000000000000b3a0000016e730003",
            "80002e146e7300047878787878787878787878787878787878787878787878787878787878787878");

    /**
     * mld.pcap #2, 76 bytes: MLDv2 Report from :: before DAD: CHANGE_TO_EXCLUDE ff02::1:ff00:30f.
     */
    static final byte[] MLDV2_REPORT_FROM_UNSPECIFIED = hex(
            "600000000024000100000000000000000000000000000000ff0200000000000000000000000000163a00050200000100",
            "8f006c7b0000000104000000ff0200000000000000000001ff00030f");

    /**
     * mld.pcap #23, 76 bytes: the bridge querier's MLDv2 General Query: max response code 1000, QRV 2, QQIC 125.
     */
    static final byte[] MLDV2_GENERAL_QUERY = hex(
            "6000000000240001fe80000000000000000000fffe000300ff0200000000000000000000000000013a00050200000000",
            "820077bf03e8000000000000000000000000000000000000027d0000");

    /**
     * mld.pcap #27, 76 bytes: the host's answer to a General Query: MODE_IS_EXCLUDE ff02::1:ff00:30f.
     */
    static final byte[] MLDV2_REPORT_MODE_IS_EXCLUDE = hex(
            "6000000000240001fe80000000000000000000fffe00030fff0200000000000000000000000000163a00050200000100",
            "8f006deb0000000102000000ff0200000000000000000001ff00030f");

    /**
     * mld.pcap #36, 92 bytes: MCAST_JOIN_SOURCE_GROUP: ALLOW_NEW_SOURCES ff3e::1234 from 2001:db8:1::a.
     */
    static final byte[] MLDV2_REPORT_ALLOW = hex(
            "6000000000340001fe80000000000000000000fffe00030fff0200000000000000000000000000163a00050200000100",
            "8f002cb70000000105000001ff3e000000000000000000000000123420010db800010000000000000000000a");

    /**
     * mld.pcap #41, 92 bytes: MCAST_LEAVE_SOURCE_GROUP: BLOCK_OLD_SOURCES ff3e::1234 from 2001:db8:1::a.
     */
    static final byte[] MLDV2_REPORT_BLOCK = hex(
            "6000000000340001fe80000000000000000000fffe00030fff0200000000000000000000000000163a00050200000100",
            "8f002bb70000000106000001ff3e000000000000000000000000123420010db800010000000000000000000a");

    /**
     * mld.pcap #43, 108 bytes: the querier's Multicast Address and Source Specific Query: ff3e::1234, sources
     * 2001:db8:2::b and 2001:db8:1::a.
     */
    static final byte[] MLDV2_SOURCE_QUERY = hex(
            "6000000000440001fe80000000000000000000fffe000300ff3e00000000000000000000000012343a00050200000000",
            "8200f83003e80000ff3e0000000000000000000000001234027d000220010db800020000000000000000000b20010db8",
            "00010000000000000000000a");

    /**
     * mld.pcap #50, 72 bytes: the querier's MLDv1 General Query (mcast_mld_version 1), max response delay 1000 ms.
     */
    static final byte[] MLDV1_QUERY = hex(
            "6000000000200001fe80000000000000000000fffe000300ff0200000000000000000000000000013a00050200000000",
            "82007a4003e8000000000000000000000000000000000000");

    /**
     * mld.pcap #52, 72 bytes: MLDv1 Report of ff02::1:ff00:f (force_mld_version=1).
     */
    static final byte[] MLDV1_REPORT = hex(
            "6000000000200001fe80000000000000000000fffe00030fff0200000000000000000001ff00000f3a00050200000100",
            "83007ff500000000ff0200000000000000000001ff00000f");

    /**
     * mld.pcap #70, 72 bytes: MLDv1 Done of ff02::1:ff01:f to ff02::2 when its address was removed.
     */
    static final byte[] MLDV1_DONE = hex(
            "6000000000200001fe80000000000000000000fffe00030fff0200000000000000000000000000023a00050200000100",
            "84007e0300000000ff0200000000000000000001ff01000f");

}
