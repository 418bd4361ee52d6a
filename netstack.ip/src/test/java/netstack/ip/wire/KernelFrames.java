package netstack.ip.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Golden Ethernet frames from the Linux 6.18 kernel's own stack, shared by the IPv4-side wire tests
 * ({@link EthernetFrameTest}, {@link ArpPacketTest}, {@link Ipv4PacketTest}, {@link Icmpv4PacketTest}).
 *
 * <p>How they were captured: {@code netstack.ip/src/test/scripts/capture-ipv4-golden.sh} (run as root) builds private
 * network namespaces joined by veth pairs, documentation addresses only, and captures with tshark on A's side:
 *
 * <pre>
 *   ns A  vA  192.0.2.1/24 + 192.0.2.2/24  02:00:00:00:00:01 ---- vR  192.0.2.254/24 02:00:00:00:00:fe  ns R (router)
 *         vA3 203.0.113.1/28  MTU 68       02:00:00:00:03:01 ---- vR3 203.0.113.14/28 02:00:00:00:03:fe
 *                                                                 vR2 198.51.100.254/24 MTU 1280 -- ns C 198.51.100.1
 * </pre>
 *
 * The kernel produced the ARP and ICMP traffic in answer to {@code ping}, {@code socat} and scapy-crafted frames. The
 * capture itself is committed beside the script ({@code ipv4-golden.pcapng}, {@code stp-golden.pcap}, and the hex
 * dump {@code ipv4-golden-frames.txt}, whose frame numbers the comments below quote). Frames that scapy crafted are
 * said to be; in each such case the kernel's answer is here too, so that a test can compare our reading of the
 * crafted frame with the kernel's. The kernel here has no 802.1Q module, so every tagged frame is a crafted one: the
 * kernel strips tags in {@code net/core} and answers priority-tagged frames (VID 0) as untagged ones.
 * veth does not pad short frames; the padded frames are crafted, padded with zeros as an Ethernet MAC pads them.
 */
final class KernelFrames {

    private KernelFrames() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** @return bytes {@code [from, end)} of {@code frame} (e.g. the IPv4 datagram from 14) */
    static byte[] from(byte[] frame, int from) {
        return Arrays.copyOfRange(frame, from, frame.length);
    }

    /** @return bytes {@code [from, to)} of {@code frame} */
    static byte[] range(byte[] frame, int from, int to) {
        return Arrays.copyOfRange(frame, from, to);
    }

    static final long MAC_A = 0x02_00_00_00_00_01L;
    static final long MAC_R = 0x02_00_00_00_00_feL;
    static final int IP_A = 0xc000_0201; // 192.0.2.1
    static final int IP_A2 = 0xc000_0202; // 192.0.2.2
    static final int IP_R = 0xc000_02fe; // 192.0.2.254
    static final int IP_C = 0xc633_6401; // 198.51.100.1

    /**
     * #5, 42 bytes: A announces 192.0.2.1 after its MAC changed (arp_notify=1): a request with sender = target address
     * (RFC 5227 §3).
     */
    static final byte[] GRATUITOUS_ARP = hex(
            "ffffffffffff02000000000108060001080006040001020000000001c0000201000000000000c000"
            + "0201");

    /** #7, 42 bytes: A asks for 192.0.2.254 before its first ping (broadcast, target hardware address zero). */
    static final byte[] ARP_REQUEST = hex(
            "ffffffffffff02000000000108060001080006040001020000000001c0000201000000000000c000"
            + "02fe");

    /** #8, 42 bytes: R's reply to {@link #ARP_REQUEST}, unicast to A. */
    static final byte[] ARP_REPLY = hex(
            "0200000000010200000000fe080600010800060400020200000000fec00002fe020000000001c000"
            + "0201");

    /** #9, 63 bytes: {@code ping -s 21}: Echo with 21 data bytes (an odd-length ICMP message), DF set, TTL 64. */
    static final byte[] ECHO_REQUEST = hex(
            "0200000000fe020000000001080045000031ca5840004001eb73c0000201c00002fe0800da3c2b52"
            + "00017ecf066b000000002e110900000000001011121314");

    /** #10, 63 bytes: R's reply to {@link #ECHO_REQUEST}: new identification, DF clear. */
    static final byte[] ECHO_REPLY = hex(
            "0200000000010200000000fe08004500003147e700004001ade5c00002fec00002010000e23c2b52"
            + "00017ecf066b000000002e110900000000001011121314");

    /**
     * #11, 90 bytes: {@code ping -R}: IHL 15, a 40-byte Record Route option (RFC 791 §3.1) with A's address recorded.
     */
    static final byte[] ECHO_REQUEST_RECORD_ROUTE = hex(
            "0200000000fe02000000000108004f00004cca5940004001f746c0000201c00002fe01072708c000"
            + "020100000000000000000000000000000000000000000000000000000000000000000800c09b2b53"
            + "00010001020304050607");

    /** #12, 90 bytes: R's reply to {@link #ECHO_REQUEST_RECORD_ROUTE}, the option now holding four addresses. */
    static final byte[] ECHO_REPLY_RECORD_ROUTE = hex(
            "0200000000010200000000fe08004f00004c47e8000040018d5ac00002fec0000201072710c00002"
            + "01c00002fec00002fe000000000000000000000000000000000000000000000000000000c89b2b53"
            + "00010001020304050607");

    /**
     * #14, 590 bytes: R's answer to a 1328-byte DF datagram for 198.51.100.1 whose next hop has MTU 1280 ({@code ping
     * -M do -s 1300}): type 3 code 4, next-hop MTU 1280 (RFC 1191), the original datagram quoted up to a 576-byte
     * error (RFC 1812 §4.3.2.3), TOS 0xc0.
     */
    static final byte[] FRAGMENTATION_NEEDED = hex(
            "0200000000010200000000fe080045c0024047e900004001ab14c00002fec00002010304870f0000"
            + "0500450005300000400040014997c0000201c6336401080076e72b5400017ecf066b00000000e425"
            + "090000000000101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031"
            + "32333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f50515253545556575859"
            + "5a5b5c5d5e5f606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f8081"
            + "82838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9"
            + "aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1"
            + "d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9"
            + "fafbfcfdfeff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021"
            + "22232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f40414243444546474849"
            + "4a4b4c4d4e4f505152535455565758595a5b5c5d5e5f606162636465666768696a6b6c6d6e6f7071"
            + "72737475767778797a7b7c7d7e7f808182838485868788898a8b8c8d8e8f90919293949596979899"
            + "9a9b9c9d9e9fa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0c1"
            + "c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5e6e7e8e9"
            + "eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff0001020304050607");

    /** #15, 50 bytes: {@code ping -t 1} to 198.51.100.1 behind R. */
    static final byte[] ECHO_REQUEST_TTL_1 = hex(
            "0200000000fe0200000000010800450000249d5440000101f04ec0000201c63364010800c0992b55"
            + "00010001020304050607");

    /**
     * #16, 78 bytes: R's Time Exceeded (type 11 code 0) about {@link #ECHO_REQUEST_TTL_1}, quoting all 36 bytes of it.
     */
    static final byte[] TIME_EXCEEDED = hex(
            "0200000000010200000000fe080045c0004047ea00004001ad13c00002fec00002010b00f4ff0000"
            + "0000450000249d5440000101f04ec0000201c63364010800c0992b5500010001020304050607");

    /** #17, 50 bytes: {@code socat}: 8 bytes of UDP to port 9 on R, where nothing listens. */
    static final byte[] UDP_TO_CLOSED_PORT = hex(
            "0200000000fe020000000001080045000024bfde40004011f5eac0000201c00002feea5500090010"
            + "85216e6574737461636b");

    /** #18, 78 bytes: R's Destination Unreachable (type 3 code 3) about {@link #UDP_TO_CLOSED_PORT}. */
    static final byte[] PORT_UNREACHABLE = hex(
            "0200000000010200000000fe080045c0004047eb00004001ad12c00002fec00002010303d2c60000"
            + "000045000024bfde40004011f5eac0000201c00002feea550009001085216e6574737461636b");

    /** #21, 42 bytes: scapy: an IPv4 datagram of protocol 253 (RFC 3692 experimental) to R. */
    static final byte[] PROTOCOL_253 = hex(
            "0200000000fe02000000000108004500001c4e53000040fda692c0000201c00002fe6e6574737461"
            + "636b");

    /** #22, 70 bytes: R's Destination Unreachable (type 3 code 2) about {@link #PROTOCOL_253}. */
    static final byte[] PROTOCOL_UNREACHABLE = hex(
            "0200000000010200000000fe080045c0003847ef00004001ad16c00002fec0000201030242580000"
            + "00004500001c4e53000040fda692c0000201c00002fe6e6574737461636b");

    /** #23, 53 bytes: scapy: an Echo whose IHL-6 header has a Record Route option of length 2 (&lt; 3, malformed). */
    static final byte[] BAD_OPTION = hex(
            "0200000000fe0200000000010800460000274e54000040019f80c0000201c00002fe070200000800"
            + "4d88007700016261642d6f7074");

    /**
     * #24, 81 bytes: R's Parameter Problem (type 12 code 0) about {@link #BAD_OPTION}, pointer 21: the option's length
     * byte.
     */
    static final byte[] PARAMETER_PROBLEM = hex(
            "0200000000010200000000fe080045c0004347fa00004001ad00c00002fec00002010c00deff1500"
            + "0000460000274e54000040019f80c0000201c00002fe0702000008004d88007700016261642d6f70"
            + "74");

    /**
     * #25, 60 bytes: scapy: an ARP request from 192.0.2.2, padded with 18 zero bytes to the 60-byte minimum frame.
     */
    static final byte[] PADDED_ARP_REQUEST = hex(
            "ffffffffffff02000000000108060001080006040001020000000001c0000202000000000000c000"
            + "02fe000000000000000000000000000000000000");

    /** #26, 42 bytes: R's reply to {@link #PADDED_ARP_REQUEST} (the kernel ignored the padding). */
    static final byte[] PADDED_ARP_REPLY = hex(
            "0200000000010200000000fe080600010800060400020200000000fec00002fe020000000001c000"
            + "0202");

    /** #27, 60 bytes: scapy: a 32-byte IPv4 Echo (data "pad!"), padded with 14 zero bytes to 60. */
    static final byte[] PADDED_ECHO_REQUEST = hex(
            "0200000000fe0200000000010800450000204e5500004001a788c0000201c00002fe080023040078"
            + "0001706164210000000000000000000000000000");

    /**
     * #28, 46 bytes: R's reply to {@link #PADDED_ECHO_REQUEST}: 4 data bytes, so the kernel took Total Length, not the
     * frame, as the end.
     */
    static final byte[] PADDED_ECHO_REPLY = hex(
            "0200000000010200000000fe080045000020482e00004001adafc00002fec000020100002b040078"
            + "000170616421");

    /** #29, 46 bytes: scapy: an ARP request in an 802.1Q priority tag (TPID 0x8100, PCP 5, VID 0). */
    static final byte[] TAGGED_ARP_REQUEST = hex(
            "ffffffffffff0200000000018100a00008060001080006040001020000000001c000020100000000"
            + "0000c00002fe");

    /**
     * #30, 42 bytes: R's reply to {@link #TAGGED_ARP_REQUEST}: the kernel took the priority-tagged frame as untagged
     * and replied untagged.
     */
    static final byte[] TAGGED_ARP_REPLY = hex(
            "0200000000010200000000fe080600010800060400020200000000fec00002fe020000000001c000"
            + "0201");

    /** #31, 51 bytes: scapy: an Echo (data "8021Q") in an 802.1Q priority tag (PCP 5, VID 0). */
    static final byte[] TAGGED_ECHO_REQUEST = hex(
            "0200000000fe0200000000018100a0000800450000214e5600004001a786c0000201c00002fe0800"
            + "3c24007900013830323151");

    /** #32, 47 bytes: R's untagged reply to {@link #TAGGED_ECHO_REQUEST}. */
    static final byte[] TAGGED_ECHO_REPLY = hex(
            "0200000000010200000000fe080045000021485300004001ad89c00002fec0000201000044240079"
            + "00013830323151");

    /** #33, 52 bytes: scapy: an Echo (data "8021ad") in an 802.1ad S-tag (TPID 0x88a8, PCP 3, VID 0). */
    static final byte[] S_TAGGED_ECHO_REQUEST = hex(
            "0200000000fe02000000000188a860000800450000224e5700004001a784c0000201c00002fe0800"
            + "2bbf007a0001383032316164");

    /** #34, 48 bytes: R's untagged reply to {@link #S_TAGGED_ECHO_REQUEST}. */
    static final byte[] S_TAGGED_ECHO_REPLY = hex(
            "0200000000010200000000fe080045000022486000004001ad7bc00002fec0000201000033bf007a"
            + "0001383032316164");

    /**
     * #35, 54 bytes: scapy: an Echo (data "QinQ") in an 802.1ad S-tag (PCP 3, VID 0) and an 802.1Q C-tag (PCP 5, VID
     * 0).
     */
    static final byte[] QINQ_ECHO_REQUEST = hex(
            "0200000000fe02000000000188a860008100a0000800450000204e5800004001a785c0000201c000"
            + "02fe080037c9007b000151696e51");

    /** #36, 46 bytes: R's untagged reply to {@link #QINQ_ECHO_REQUEST}: the kernel looked through both tags. */
    static final byte[] QINQ_ECHO_REPLY = hex(
            "0200000000010200000000fe080045000020486100004001ad7cc00002fec000020100003fc9007b"
            + "000151696e51");

    /** #37, 52 bytes: scapy: an Echo (data "vid100") tagged 802.1Q VID 100; R (no VLAN 100 there) did not answer. */
    static final byte[] VLAN_100_ECHO_REQUEST = hex(
            "0200000000fe020000000001810000640800450000224e5900004001a782c0000201c00002fe0800"
            + "ecb7007c0001766964313030");

    /**
     * #38, 50 bytes: A's Echo to 203.0.113.129, routed via R, whose route for it points back to 192.0.2.2 on the same
     * link.
     */
    static final byte[] ECHO_TO_REDIRECTED = hex(
            "0200000000fe0200000000010800450000247c2d40004001c028c0000201cb0071810800c08b2b63"
            + "00010001020304050607");

    /**
     * #39, 78 bytes: R's Redirect (type 5 code 1, host) to gateway 192.0.2.2, quoting the datagram as it forwarded it
     * (TTL 63).
     */
    static final byte[] REDIRECT = hex(
            "0200000000010200000000fe080045c0004048c400004001ac39c00002fec0000201050138fcc000"
            + "0202450000247c2d40003f01c128c0000201cb0071810800c08b2b6300010001020304050607");

    /** #40, 50 bytes: R forwarding {@link #ECHO_TO_REDIRECTED} back onto the link: TTL 64 -> 63, checksum updated. */
    static final byte[] FORWARDED_ECHO = hex(
            "0200000000010200000000fe0800450000247c2d40003f01c128c0000201cb0071810800c08b2b63"
            + "00010001020304050607");

    /** #41, 70 bytes: A's IPv6 Router Solicitation: an EtherType the IPv4 side does not handle. */
    static final byte[] ROUTER_SOLICITATION = hex(
            "33330000000202000000000186dd6000000000103afffe80000000000000000000fffe000099ff02"
            + "000000000000000000000000000285007a94000000000101020000000001");

    /** #43, 42 bytes: On the MTU 68 link: A asks for 203.0.113.14. */
    static final byte[] MTU68_ARP_REQUEST = hex(
            "ffffffffffff02000000030108060001080006040001020000000301cb007101000000000000cb00"
            + "710e");

    /** #45, 82 bytes: {@code ping -s 100} over MTU 68: the first of three fragments (MF, offset 0, 48 data bytes). */
    static final byte[] FRAGMENT_1 = hex(
            "0200000003fe020000000301080045000044335c20004001af4ccb007101cb00710e0800f8132b64"
            + "000182cf066b00000000e5be020000000000101112131415161718191a1b1c1d1e1f202122232425"
            + "2627");

    /** #46, 82 bytes: The second fragment (MF, offset 48). */
    static final byte[] FRAGMENT_2 = hex(
            "0200000003fe020000000301080045000044335c20064001af46cb007101cb00710e28292a2b2c2d"
            + "2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455"
            + "5657");

    /** #47, 46 bytes: The last fragment (offset 96, 12 data bytes). */
    static final byte[] FRAGMENT_3 = hex(
            "0200000003fe020000000301080045000020335c000c4001cf64cb007101cb00710e58595a5b5c5d"
            + "5e5f60616263");

    /** #48, 82 bytes: R's reply, first fragment (R reassembled the request and fragmented its reply). */
    static final byte[] REPLY_FRAGMENT_1 = hex(
            "0200000003010200000003fe0800450000446fd72000400172d1cb00710ecb007101000000142b64"
            + "000182cf066b00000000e5be020000000000101112131415161718191a1b1c1d1e1f202122232425"
            + "2627");

    /** #49, 82 bytes: R's reply, second fragment. */
    static final byte[] REPLY_FRAGMENT_2 = hex(
            "0200000003010200000003fe0800450000446fd72006400172cbcb00710ecb00710128292a2b2c2d"
            + "2e2f303132333435363738393a3b3c3d3e3f404142434445464748494a4b4c4d4e4f505152535455"
            + "5657");

    /** #50, 46 bytes: R's reply, last fragment. */
    static final byte[] REPLY_FRAGMENT_3 = hex(
            "0200000003010200000003fe0800450000206fd7000c400192e9cb00710ecb00710158595a5b5c5d"
            + "5e5f60616263");

    /**
     * #51, 52 bytes: A kernel bridge's spanning-tree configuration BPDU (ns S): IEEE 802.3 length 38, LLC DSAP/SSAP
     * 0x42.
     */
    static final byte[] STP_BPDU = hex(
            "0180c2000000020000000b02002642420300000000008000020000000b0100000000800002000000"
            + "0b0180010000140001000f00");
}
