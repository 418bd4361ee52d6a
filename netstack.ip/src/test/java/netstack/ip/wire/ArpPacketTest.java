package netstack.ip.wire;

import static netstack.ip.wire.KernelFrames.IP_A;
import static netstack.ip.wire.KernelFrames.IP_A2;
import static netstack.ip.wire.KernelFrames.IP_R;
import static netstack.ip.wire.KernelFrames.MAC_A;
import static netstack.ip.wire.KernelFrames.MAC_R;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import netstack.api.net.Ipv4Address;
import netstack.api.net.MacAddress;
import org.junit.jupiter.api.Test;

/** {@link ArpPacket} and {@link ArpRepr} against the kernel's ARP traffic ({@link KernelFrames}). */
class ArpPacketTest {

    /** @return a view of the ARP packet after the frame's 14-byte untagged header, padding included */
    private static ArpPacket arp(byte[] frame) {
        return new ArpPacket().wrap(MemorySegment.ofArray(frame), 14, frame.length - 14);
    }

    private static ArpPacket checked(byte[] frame) {
        ArpPacket p = arp(frame);
        assertEquals(ArpPacket.Status.OK, p.check());
        return p;
    }

    private static byte[] emitted(ArpRepr repr) {
        byte[] out = new byte[repr.bufferLength()];
        Arrays.fill(out, (byte) 0xee);
        repr.emit(new ArpPacket().wrap(MemorySegment.ofArray(out), 0, out.length));
        return out;
    }

    @Test
    void kernelRequestAndReply() {
        ArpPacket request = checked(KernelFrames.ARP_REQUEST);
        assertEquals(ArpPacket.HARDWARE_TYPE_ETHERNET, request.hardwareType());
        assertEquals(EtherType.IPV4, request.protocolType());
        assertEquals(6, request.hardwareLength());
        assertEquals(4, request.protocolLength());
        assertEquals(ArpPacket.OPERATION_REQUEST, request.operation());
        assertTrue(request.isRequest());
        assertFalse(request.isReply());
        assertEquals(MAC_A, request.senderHardwareAddress());
        assertEquals(IP_A, request.senderProtocolAddress());
        assertEquals(0, request.targetHardwareAddress(), "Linux sends zeros where RFC 826 leaves it open");
        assertEquals(IP_R, request.targetProtocolAddress());
        assertFalse(request.isGratuitous());
        assertFalse(request.isProbe());

        ArpPacket reply = checked(KernelFrames.ARP_REPLY);
        assertTrue(reply.isReply());
        assertEquals(MAC_R, reply.senderHardwareAddress());
        assertEquals(IP_R, reply.senderProtocolAddress());
        assertEquals(MAC_A, reply.targetHardwareAddress());
        assertEquals(IP_A, reply.targetProtocolAddress());
    }

    /** Our answer to each request the kernel answered is byte for byte the kernel's reply. */
    @Test
    void answerMatchesTheKernelsReply() {
        byte[][][] pairs = {
            {KernelFrames.ARP_REQUEST, KernelFrames.ARP_REPLY},
            {KernelFrames.PADDED_ARP_REQUEST, KernelFrames.PADDED_ARP_REPLY},
        };
        for (byte[][] pair : pairs) {
            ArpRepr request = ArpRepr.parse(checked(pair[0]));
            ArpRepr reply = request.answer(new MacAddress(MAC_R));
            assertEquals(ArpRepr.parse(checked(pair[1])), reply);
            assertArrayEquals(KernelFrames.from(pair[1], 14), emitted(reply));
        }
        ArpPacket tagged = new ArpPacket().wrap(MemorySegment.ofArray(KernelFrames.TAGGED_ARP_REQUEST), 18, 28);
        assertEquals(ArpPacket.Status.OK, tagged.check());
        assertArrayEquals(KernelFrames.from(KernelFrames.TAGGED_ARP_REPLY, 14),
                emitted(ArpRepr.parse(tagged).answer(new MacAddress(MAC_R))));
    }

    @Test
    void paddingIsTrimmed() {
        ArpPacket p = arp(KernelFrames.PADDED_ARP_REQUEST);
        assertEquals(46, p.length());
        assertEquals(ArpPacket.Status.OK, p.check());
        assertEquals(ArpPacket.PACKET_BYTES, p.length());
        assertEquals(IP_A2, p.senderProtocolAddress());
        assertEquals(IP_R, p.targetProtocolAddress());
    }

    @Test
    void kernelGratuitousArp() {
        for (byte[] frame : new byte[][] {KernelFrames.GRATUITOUS_ARP}) {
            ArpPacket p = checked(frame);
            assertTrue(p.isGratuitous());
            assertTrue(p.isRequest());
            assertFalse(p.isProbe());
            ArpRepr repr = ArpRepr.parse(p);
            assertTrue(repr.isGratuitous());
            assertEquals(ArpRepr.announcement(new MacAddress(MAC_A), Ipv4Address.of(IP_A)), repr);
            assertArrayEquals(KernelFrames.from(frame, 14), emitted(repr), "announcement() builds the kernel's bytes");
        }
        // A gratuitous reply (RFC 5944 §4.6) is gratuitous too.
        byte[] reply = KernelFrames.from(KernelFrames.GRATUITOUS_ARP, 14);
        reply[7] = ArpPacket.OPERATION_REPLY;
        ArpPacket p = new ArpPacket().wrap(MemorySegment.ofArray(reply), 0, reply.length);
        assertEquals(ArpPacket.Status.OK, p.check());
        assertTrue(p.isGratuitous());
        assertTrue(ArpRepr.parse(p).isGratuitous());
    }

    @Test
    void probe() {
        ArpRepr probe = ArpRepr.probe(new MacAddress(MAC_A), Ipv4Address.of(IP_A2));
        assertTrue(probe.isProbe());
        assertFalse(probe.isGratuitous(), "a probe's sender address is 0.0.0.0, never gratuitous");
        byte[] bytes = emitted(probe);
        // RFC 5227 §2.1.1: sender protocol address zero, target hardware address zero, the candidate as target.
        assertArrayEquals(KernelFrames.hex("0001" + "0800" + "06" + "04" + "0001" + "020000000001" + "00000000"
                + "000000000000" + "c0000202"), bytes);
        ArpPacket p = new ArpPacket().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertEquals(ArpPacket.Status.OK, p.check());
        assertTrue(p.isProbe());
        assertFalse(p.isGratuitous());
        assertEquals(probe, ArpRepr.parse(p));
    }

    @Test
    void truncatedAtEveryLength() {
        byte[] frame = KernelFrames.ARP_REQUEST;
        for (int length = 0; length < ArpPacket.PACKET_BYTES; length++) {
            ArpPacket p = new ArpPacket().wrap(MemorySegment.ofArray(frame), 14, length);
            assertEquals(ArpPacket.Status.TRUNCATED, p.check(), "length " + length);
            assertEquals(length, p.length(), "a failed check leaves the window alone");
        }
    }

    @Test
    void onlyEthernetAndIpv4Requests() {
        assertStatus(ArpPacket.Status.UNSUPPORTED_HARDWARE, 1, 6); // hardware type 6, IEEE 802
        assertStatus(ArpPacket.Status.UNSUPPORTED_HARDWARE, 4, 8); // 8-byte hardware addresses
        assertStatus(ArpPacket.Status.UNSUPPORTED_PROTOCOL, 2, 0x86); // protocol 0x86dd
        assertStatus(ArpPacket.Status.UNSUPPORTED_PROTOCOL, 5, 16); // 16-byte protocol addresses
        assertStatus(ArpPacket.Status.UNSUPPORTED_OPERATION, 7, 3); // RARP request (RFC 903)
        assertStatus(ArpPacket.Status.UNSUPPORTED_OPERATION, 7, 8); // InARP request (RFC 2390)
        assertStatus(ArpPacket.Status.UNSUPPORTED_OPERATION, 7, 0);
        // A foreign hardware type is reported as such even when the packet is shorter than 28 bytes.
        byte[] shortForeign = KernelFrames.range(KernelFrames.ARP_REQUEST, 14, 30);
        shortForeign[1] = 6;
        assertEquals(ArpPacket.Status.UNSUPPORTED_HARDWARE,
                new ArpPacket().wrap(MemorySegment.ofArray(shortForeign), 0, shortForeign.length).check());
    }

    private static void assertStatus(ArpPacket.Status expected, int at, int value) {
        byte[] packet = KernelFrames.from(KernelFrames.ARP_REQUEST, 14);
        packet[at] = (byte) value;
        assertEquals(expected, new ArpPacket().wrap(MemorySegment.ofArray(packet), 0, packet.length).check(),
                "byte " + at + " = " + value);
    }

    @Test
    void emitWritesAll28BytesOverGarbage() {
        byte[] out = new byte[40];
        Arrays.fill(out, (byte) 0xff);
        new ArpPacket().wrap(MemorySegment.ofArray(out), 6, 28)
                .emit(ArpPacket.OPERATION_REQUEST, MAC_A, IP_A, 0, IP_R);
        assertArrayEquals(KernelFrames.from(KernelFrames.ARP_REQUEST, 14), KernelFrames.range(out, 6, 34));
        assertEquals((byte) 0xff, out[5]);
        assertEquals((byte) 0xff, out[34]);
        assertThrows(IndexOutOfBoundsException.class,
                () -> new ArpPacket().wrap(MemorySegment.ofArray(out), 0, 27).emit(1, 0, 0, 0, 0));
    }

    @Test
    void settersRewriteSingleFields() {
        byte[] packet = KernelFrames.from(KernelFrames.ARP_REQUEST, 14);
        ArpPacket p = new ArpPacket().wrap(MemorySegment.ofArray(packet), 0, packet.length);
        p.operation(ArpPacket.OPERATION_REPLY).senderHardwareAddress(MAC_R).senderProtocolAddress(IP_R)
                .targetHardwareAddress(MAC_A).targetProtocolAddress(IP_A);
        assertArrayEquals(KernelFrames.from(KernelFrames.ARP_REPLY, 14), packet);
    }

    @Test
    void reprRoundTrips() {
        MacAddress mac = MacAddress.parse("02:00:5e:10:00:01");
        Ipv4Address ip = Ipv4Address.parse("203.0.113.7");
        Ipv4Address target = Ipv4Address.parse("203.0.113.200");
        for (ArpRepr r : new ArpRepr[] {
            ArpRepr.request(mac, ip, target),
            ArpRepr.request(mac, ip, target).answer(new MacAddress(MAC_R)),
            ArpRepr.announcement(mac, ip),
            ArpRepr.probe(mac, target),
            new ArpRepr(ArpRepr.Operation.REPLY, MacAddress.BROADCAST, Ipv4Address.BROADCAST, MacAddress.ZERO,
                    Ipv4Address.ANY),
        }) {
            byte[] bytes = emitted(r);
            ArpPacket p = new ArpPacket().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
            assertEquals(ArpPacket.Status.OK, p.check());
            assertEquals(r, ArpRepr.parse(p));
            assertEquals(r.isGratuitous(), p.isGratuitous());
            assertEquals(r.isProbe(), p.isProbe());
            assertEquals(r.operation().code(), p.operation());
        }
    }

    @Test
    void reprRejectsWhatCannotBeSent() {
        MacAddress mac = new MacAddress(MAC_A);
        Ipv4Address ip = Ipv4Address.of(IP_A);
        assertThrows(NullPointerException.class, () -> new ArpRepr(null, mac, ip, mac, ip));
        assertThrows(NullPointerException.class, () -> new ArpRepr(ArpRepr.Operation.REQUEST, mac, null, mac, ip));
        assertThrows(IllegalStateException.class, () -> ArpRepr.parse(checked(KernelFrames.ARP_REPLY))
                .answer(mac), "a reply is not answered");
        byte[] rarp = KernelFrames.from(KernelFrames.ARP_REQUEST, 14);
        rarp[7] = 3;
        ArpPacket unchecked = new ArpPacket().wrap(MemorySegment.ofArray(rarp), 0, rarp.length);
        assertThrows(IllegalArgumentException.class, () -> ArpRepr.parse(unchecked));
    }
}
