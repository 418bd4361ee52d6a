package netstack.ip.wire;

import static netstack.ip.wire.KernelFrames.MAC_A;
import static netstack.ip.wire.KernelFrames.MAC_R;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import netstack.api.link.PacketBuffer;
import netstack.api.net.MacAddress;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.Test;

/** {@link EthernetFrame} and {@link EtherType} against the kernel's frames ({@link KernelFrames}). */
class EthernetFrameTest {

    private static EthernetFrame wrap(byte[] frame) {
        return new EthernetFrame().wrap(MemorySegment.ofArray(frame), 0, frame.length);
    }

    private static EthernetFrame checked(byte[] frame, EthernetFrame.Status expected) {
        EthernetFrame f = wrap(frame);
        assertEquals(expected, f.check());
        return f;
    }

    @Test
    void untaggedKernelFrames() {
        EthernetFrame arp = checked(KernelFrames.ARP_REQUEST, EthernetFrame.Status.OK);
        assertEquals(MacAddress.BROADCAST.bits(), arp.destination());
        assertEquals(MAC_A, arp.source());
        assertEquals(EtherType.ARP, arp.etherType());
        assertEquals(0, arp.tagCount());
        assertEquals(EthernetFrame.NO_VLAN, arp.vlanId());
        assertEquals(EthernetFrame.NO_VLAN, arp.innerVlanId());
        assertEquals(0, arp.vlanPriority());
        assertEquals(0, arp.vlanTpid());
        assertEquals(14, arp.headerLengthBytes());
        assertEquals(14, arp.payloadOffset());
        assertEquals(28, arp.payloadLength(), "veth does not pad: the 42-byte frame is all header and ARP");
        assertTrue(arp.isDestinationBroadcast());
        assertTrue(arp.isDestinationMulticast(), "broadcast is a group address");

        EthernetFrame reply = checked(KernelFrames.ARP_REPLY, EthernetFrame.Status.OK);
        assertEquals(MAC_A, reply.destination());
        assertEquals(MAC_R, reply.source());
        assertFalse(reply.isDestinationBroadcast());
        assertFalse(reply.isDestinationMulticast());

        EthernetFrame echo = checked(KernelFrames.ECHO_REQUEST, EthernetFrame.Status.OK);
        assertEquals(EtherType.IPV4, echo.etherType());
        assertEquals(49, echo.payloadLength());

        EthernetFrame ipv6 = checked(KernelFrames.ROUTER_SOLICITATION, EthernetFrame.Status.OK);
        assertEquals(EtherType.IPV6, ipv6.etherType());
        assertEquals(0x3333_0000_0002L, ipv6.destination(), "IPv6 multicast to all-routers (RFC 2464 §7)");
        assertTrue(ipv6.isDestinationMulticast());
        assertFalse(ipv6.isDestinationBroadcast());
    }

    @Test
    void kernelStpBpduIsAnIeee8023LengthFrame() {
        EthernetFrame bpdu = checked(KernelFrames.STP_BPDU, EthernetFrame.Status.LENGTH_FIELD);
        assertEquals(38, bpdu.etherType(), "the field is the LLC payload's length");
        assertEquals(0x0180_c200_0000L, bpdu.destination());
        assertEquals(38, bpdu.payloadLength(), "the length field agrees with what follows the header");
        assertFalse(EtherType.isEtherType(bpdu.etherType()));
    }

    @Test
    void lengthFieldBoundary() {
        byte[] frame = KernelFrames.ECHO_REQUEST.clone();
        for (int value : new int[] {0, 46, 1500, 1501, 0x05ff}) {
            frame[12] = (byte) (value >>> 8);
            frame[13] = (byte) value;
            assertEquals(EthernetFrame.Status.LENGTH_FIELD, wrap(frame).check(), "type field " + value);
        }
        frame[12] = 0x06;
        frame[13] = 0x00;
        assertEquals(EthernetFrame.Status.OK, wrap(frame).check(), "0x0600 is the first EtherType");
    }

    @Test
    void paddedMinimumSizeFramesKeepTheirPaddingForTheNetworkLayerToCut() {
        EthernetFrame arp = checked(KernelFrames.PADDED_ARP_REQUEST, EthernetFrame.Status.OK);
        assertEquals(EthernetFrame.MIN_FRAME_BYTES, KernelFrames.PADDED_ARP_REQUEST.length);
        assertEquals(46, arp.payloadLength(), "28 bytes of ARP, 18 of padding");
        EthernetFrame ip = checked(KernelFrames.PADDED_ECHO_REQUEST, EthernetFrame.Status.OK);
        assertEquals(46, ip.payloadLength(), "a 32-byte datagram and 14 bytes of padding");
        assertEquals(EtherType.IPV4, ip.etherType());
    }

    @Test
    void priorityTaggedFramesTheKernelAnswered() {
        EthernetFrame arp = checked(KernelFrames.TAGGED_ARP_REQUEST, EthernetFrame.Status.OK);
        assertEquals(1, arp.tagCount());
        assertEquals(EtherType.VLAN, arp.vlanTpid());
        assertEquals(0, arp.vlanId(), "a priority tag: no VLAN (IEEE 802.1Q §9.6)");
        assertEquals(5, arp.vlanPriority());
        assertEquals(EtherType.ARP, arp.etherType());
        assertEquals(18, arp.headerLengthBytes());
        assertEquals(18, arp.payloadOffset());
        assertEquals(28, arp.payloadLength());
        // The kernel read the same ARP request behind the tag: its reply targets the request's sender.
        ArpPacket request = new ArpPacket().wrap(arp.segment(), arp.payloadOffset(), arp.payloadLength());
        assertEquals(ArpPacket.Status.OK, request.check());
        EthernetFrame replyFrame = checked(KernelFrames.TAGGED_ARP_REPLY, EthernetFrame.Status.OK);
        ArpPacket reply = new ArpPacket().wrap(replyFrame.segment(), replyFrame.payloadOffset(),
                replyFrame.payloadLength());
        assertEquals(ArpPacket.Status.OK, reply.check());
        assertEquals(request.senderHardwareAddress(), reply.targetHardwareAddress());
        assertEquals(request.senderProtocolAddress(), reply.targetProtocolAddress());
        assertEquals(request.targetProtocolAddress(), reply.senderProtocolAddress());

        EthernetFrame sTagged = checked(KernelFrames.S_TAGGED_ECHO_REQUEST, EthernetFrame.Status.OK);
        assertEquals(1, sTagged.tagCount());
        assertEquals(EtherType.QINQ, sTagged.vlanTpid());
        assertEquals(3, sTagged.vlanPriority());
        assertEquals(0, sTagged.vlanId());
        assertEquals(EtherType.IPV4, sTagged.etherType());
        assertEchoAnswered(sTagged, KernelFrames.S_TAGGED_ECHO_REPLY);

        EthernetFrame cTagged = checked(KernelFrames.TAGGED_ECHO_REQUEST, EthernetFrame.Status.OK);
        assertEchoAnswered(cTagged, KernelFrames.TAGGED_ECHO_REPLY);
    }

    @Test
    void qinqFrameTheKernelAnswered() {
        EthernetFrame f = checked(KernelFrames.QINQ_ECHO_REQUEST, EthernetFrame.Status.OK);
        assertEquals(2, f.tagCount());
        assertEquals(EtherType.QINQ, f.vlanTpid());
        assertEquals(3, f.vlanPriority());
        assertEquals(0, f.vlanId());
        assertEquals(0, f.innerVlanId());
        assertEquals(EtherType.IPV4, f.etherType());
        assertEquals(22, f.headerLengthBytes());
        assertEquals(32, f.payloadLength());
        assertEchoAnswered(f, KernelFrames.QINQ_ECHO_REPLY);
    }

    /** The IPv4 datagram we find behind the tags is the one the kernel answered: same id/seq/data in its reply. */
    private static void assertEchoAnswered(EthernetFrame request, byte[] replyFrame) {
        Ipv4Packet ip = new Ipv4Packet().wrap(request.segment(), request.payloadOffset(), request.payloadLength());
        assertEquals(Ipv4Packet.Status.OK, ip.check());
        Icmpv4Packet echo = new Icmpv4Packet().wrap(ip.segment(), ip.payloadOffset(), ip.payloadLength());
        assertEquals(Icmpv4Packet.Status.OK, echo.check());
        EthernetFrame reply = checked(replyFrame, EthernetFrame.Status.OK);
        Ipv4Packet replyIp = new Ipv4Packet().wrap(reply.segment(), reply.payloadOffset(), reply.payloadLength());
        assertEquals(Ipv4Packet.Status.OK, replyIp.check());
        Icmpv4Packet answer = new Icmpv4Packet().wrap(replyIp.segment(), replyIp.payloadOffset(),
                replyIp.payloadLength());
        assertEquals(Icmpv4Packet.Status.OK, answer.check());
        assertEquals(Icmpv4Packet.TYPE_ECHO_REPLY, answer.type());
        assertEquals(echo.echoIdentifier(), answer.echoIdentifier());
        assertEquals(echo.dataLength(), answer.dataLength());
        assertEquals(ip.sourceAddress(), replyIp.destinationAddress());
    }

    @Test
    void vlan100() {
        EthernetFrame f = checked(KernelFrames.VLAN_100_ECHO_REQUEST, EthernetFrame.Status.OK);
        assertEquals(100, f.vlanId());
        assertEquals(0, f.vlanPriority());
        assertEquals(EtherType.IPV4, f.etherType());
    }

    /** Non-zero VIDs in both tags, the drop-eligible bit, and the largest VID: set in the kernel's QinQ frame. */
    @Test
    void qinqWithVlanIds() {
        byte[] frame = KernelFrames.QINQ_ECHO_REQUEST.clone();
        frame[14] = (byte) 0x70; // PCP 3, DEI 1, VID 0x0c8 = 200
        frame[15] = (byte) 0xc8;
        frame[18] = (byte) 0xaf; // PCP 5, DEI 0, VID 0xffe = 4094
        frame[19] = (byte) 0xfe;
        EthernetFrame f = checked(frame, EthernetFrame.Status.OK);
        assertEquals(200, f.vlanId());
        assertEquals(3, f.vlanPriority());
        assertEquals(4094, f.innerVlanId());
        assertEquals(EtherType.IPV4, f.etherType());
    }

    @Test
    void aThirdTagIsNotLookedThrough() {
        byte[] qinq = KernelFrames.QINQ_ECHO_REQUEST;
        byte[] frame = new byte[qinq.length + 4];
        System.arraycopy(qinq, 0, frame, 0, 20);
        frame[20] = (byte) 0x81; // a third 802.1Q tag, VID 7
        frame[21] = 0;
        frame[22] = 0;
        frame[23] = 7;
        System.arraycopy(qinq, 20, frame, 24, qinq.length - 20);
        EthernetFrame f = checked(frame, EthernetFrame.Status.OK);
        assertEquals(2, f.tagCount());
        assertEquals(EtherType.VLAN, f.etherType(), "the stack sees TPID 0x8100, which no protocol claims");
    }

    @Test
    void truncatedAtEveryLength() {
        for (byte[] frame : new byte[][] {KernelFrames.ARP_REQUEST, KernelFrames.TAGGED_ARP_REQUEST,
                KernelFrames.QINQ_ECHO_REQUEST}) {
            int header = checked(frame, EthernetFrame.Status.OK).headerLengthBytes();
            for (int length = 0; length < header; length++) {
                EthernetFrame f = new EthernetFrame().wrap(MemorySegment.ofArray(frame), 0, length);
                assertEquals(EthernetFrame.Status.TRUNCATED, f.check(), "length " + length + " of " + header);
            }
            for (int length = header; length <= frame.length; length++) {
                EthernetFrame f = new EthernetFrame().wrap(MemorySegment.ofArray(frame), 0, length);
                assertEquals(EthernetFrame.Status.OK, f.check(), "length " + length);
                assertEquals(length - header, f.payloadLength());
            }
        }
    }

    @Test
    void rewrapForgetsTheTags() {
        EthernetFrame f = checked(KernelFrames.QINQ_ECHO_REQUEST, EthernetFrame.Status.OK);
        assertEquals(2, f.tagCount());
        f.wrap(MemorySegment.ofArray(KernelFrames.ARP_REQUEST), 0, KernelFrames.ARP_REQUEST.length);
        assertEquals(0, f.tagCount());
        assertEquals(EtherType.ARP, f.etherType(), "offset 12 again, even before check()");
        assertEquals(14, f.headerLengthBytes());
        // A failing check leaves no stale tag state behind either.
        f.wrap(MemorySegment.ofArray(KernelFrames.QINQ_ECHO_REQUEST), 0, 20);
        assertEquals(EthernetFrame.Status.TRUNCATED, f.check());
        assertEquals(0, f.tagCount());
    }

    @Test
    void emitWritesEveryHeaderByteOverGarbage() {
        byte[] buffer = new byte[KernelFrames.ARP_REPLY.length];
        Arrays.fill(buffer, (byte) 0xa5);
        EthernetFrame f = new EthernetFrame().wrap(MemorySegment.ofArray(buffer), 0, buffer.length);
        assertSame(f, f.emit(MAC_A, MAC_R, EtherType.ARP));
        assertArrayEquals(KernelFrames.range(KernelFrames.ARP_REPLY, 0, 14), KernelFrames.range(buffer, 0, 14));
        assertEquals((byte) 0xa5, buffer[14], "nothing past the header");

        byte[] tagged = new byte[KernelFrames.TAGGED_ARP_REQUEST.length];
        Arrays.fill(tagged, (byte) 0x5a);
        EthernetFrame t = new EthernetFrame().wrap(MemorySegment.ofArray(tagged), 0, tagged.length);
        t.emitTagged(MacAddress.BROADCAST.bits(), MAC_A, 5, 0, EtherType.ARP);
        assertArrayEquals(KernelFrames.range(KernelFrames.TAGGED_ARP_REQUEST, 0, 18), KernelFrames.range(tagged, 0, 18));
        assertEquals(1, t.tagCount());
        assertEquals(18, t.payloadOffset());
        assertEquals(EthernetFrame.Status.OK, t.check());
        assertEquals(EtherType.ARP, t.etherType());
    }

    @Test
    void settersAndEmitRoundTripThroughCheck() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(64);
            EthernetFrame f = new EthernetFrame().wrap(s, 3, 60); // unaligned on purpose
            f.emitTagged(0x0200_5e10_0001L, 0x0a0b_0c0d_0e0fL, 7, EthernetFrame.MAX_VLAN_ID, EtherType.IPV6);
            EthernetFrame g = new EthernetFrame().wrap(s, 3, 60);
            assertEquals(EthernetFrame.Status.OK, g.check());
            assertEquals(0x0200_5e10_0001L, g.destination());
            assertEquals(0x0a0b_0c0d_0e0fL, g.source());
            assertEquals(7, g.vlanPriority());
            assertEquals(4094, g.vlanId());
            assertEquals(EtherType.IPV6, g.etherType());
            g.etherType(EtherType.IPV4).destination(0xffff_ffff_ffffL).source(0);
            EthernetFrame h = new EthernetFrame().wrap(s, 3, 60);
            assertEquals(EthernetFrame.Status.OK, h.check());
            assertEquals(EtherType.IPV4, h.etherType());
            assertTrue(g.isDestinationBroadcast());
            assertEquals(0, g.source());
            assertEquals(EtherType.VLAN, h.vlanTpid(), "the setter rewrote the EtherType behind the tag, not the TPID");
        }
    }

    @Test
    void emitRejectsBadArguments() {
        EthernetFrame f = new EthernetFrame().wrap(MemorySegment.ofArray(new byte[17]), 0, 17);
        assertThrows(IndexOutOfBoundsException.class, () -> f.emitTagged(0, 0, 0, 1, EtherType.IPV4));
        f.emit(0, 0, EtherType.IPV4);
        EthernetFrame small = new EthernetFrame().wrap(MemorySegment.ofArray(new byte[13]), 0, 13);
        assertThrows(IndexOutOfBoundsException.class, () -> small.emit(0, 0, EtherType.IPV4));
        EthernetFrame big = new EthernetFrame().wrap(MemorySegment.ofArray(new byte[18]), 0, 18);
        assertThrows(IllegalArgumentException.class, () -> big.emitTagged(0, 0, 8, 1, EtherType.IPV4));
        assertThrows(IllegalArgumentException.class, () -> big.emitTagged(0, 0, -1, 1, EtherType.IPV4));
        assertThrows(IllegalArgumentException.class, () -> big.emitTagged(0, 0, 0, 4095, EtherType.IPV4));
        assertThrows(IllegalArgumentException.class, () -> big.emitTagged(0, 0, 0, -1, EtherType.IPV4));
    }

    @Test
    void wrapsAPacketBuffer() {
        try (PacketPool pool = new PacketPool(new PacketPool.Options(true, 128, 2, false, null))) {
            PacketBuffer b = pool.allocate(100);
            byte[] frame = KernelFrames.TAGGED_ECHO_REQUEST;
            b.append(frame.length);
            MemorySegment.copy(frame, 0, b.segment(), ValueLayout.JAVA_BYTE, b.start(), frame.length);
            EthernetFrame f = new EthernetFrame().wrap(b);
            assertEquals(EthernetFrame.Status.OK, f.check());
            assertEquals(b.start() + 18, f.payloadOffset(), "payloadOffset is absolute in the segment");
            b.consume(f.headerLengthBytes());
            Ipv4Packet ip = new Ipv4Packet().wrap(b);
            assertEquals(Ipv4Packet.Status.OK, ip.check());
            assertEquals(KernelFrames.IP_R, ip.destinationAddress());
            b.release();
        }
    }

    @Test
    void etherTypeNames() {
        assertEquals("IPv4", EtherType.toString(EtherType.IPV4));
        assertEquals("ARP", EtherType.toString(EtherType.ARP));
        assertEquals("IPv6", EtherType.toString(0x86dd));
        assertEquals("802.1Q", EtherType.toString(0x8100));
        assertEquals("802.1ad", EtherType.toString(0x88a8));
        assertEquals("LLDP", EtherType.toString(0x88cc));
        assertEquals("0x88b5", EtherType.toString(0x88b5));
        assertEquals("802.3 length 38", EtherType.toString(38));
        assertTrue(EtherType.isVlanTag(0x8100));
        assertTrue(EtherType.isVlanTag(0x88a8));
        assertFalse(EtherType.isVlanTag(0x9100), "the pre-standard QinQ TPID is not recognised");
        assertFalse(EtherType.isEtherType(EtherType.MAX_LENGTH));
        assertTrue(EtherType.isEtherType(EtherType.MIN_ETHERTYPE));
    }
}
