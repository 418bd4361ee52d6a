package netstack.ip.wire;

import static netstack.ip.wire.KernelFrames.IP_A;
import static netstack.ip.wire.KernelFrames.IP_A2;
import static netstack.ip.wire.KernelFrames.IP_C;
import static netstack.ip.wire.KernelFrames.IP_R;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.function.Function;
import netstack.api.net.Ipv4Address;
import org.junit.jupiter.api.Test;

/** {@link Icmpv4Packet} and {@link Icmpv4Repr} against the kernel's ICMP traffic ({@link KernelFrames}). */
class Icmpv4PacketTest {

    /** Every untagged ICMP frame of the capture (first fragments included: their ICMP header is whole). */
    private static final byte[][] ICMP_FRAMES = {
        KernelFrames.ECHO_REQUEST, KernelFrames.ECHO_REPLY, KernelFrames.ECHO_REQUEST_RECORD_ROUTE,
        KernelFrames.ECHO_REPLY_RECORD_ROUTE, KernelFrames.FRAGMENTATION_NEEDED, KernelFrames.ECHO_REQUEST_TTL_1,
        KernelFrames.TIME_EXCEEDED, KernelFrames.PORT_UNREACHABLE, KernelFrames.PROTOCOL_UNREACHABLE,
        KernelFrames.BAD_OPTION, KernelFrames.PARAMETER_PROBLEM, KernelFrames.PADDED_ECHO_REQUEST,
        KernelFrames.PADDED_ECHO_REPLY, KernelFrames.ECHO_TO_REDIRECTED, KernelFrames.REDIRECT,
        KernelFrames.FORWARDED_ECHO,
    };

    /** @return the ICMP message of an untagged frame, through a checked IPv4 view (so padding is cut) */
    private static Icmpv4Packet icmp(byte[] frame) {
        Ipv4Packet ip = Ipv4PacketTest.checked(frame);
        return new Icmpv4Packet().wrap(ip.segment(), ip.payloadOffset(), ip.payloadLength());
    }

    private static Icmpv4Packet checked(byte[] frame) {
        Icmpv4Packet p = icmp(frame);
        assertEquals(Icmpv4Packet.Status.OK, p.check());
        return p;
    }

    private static byte[] bytes(Icmpv4Packet p) {
        return p.segment().asSlice(p.offset(), p.length()).toArray(ValueLayout.JAVA_BYTE);
    }

    private static byte[] emitted(Icmpv4Repr repr) {
        byte[] out = new byte[repr.bufferLength()];
        Arrays.fill(out, (byte) 0x3c);
        repr.emit(new Icmpv4Packet().wrap(MemorySegment.ofArray(out), 0, out.length));
        return out;
    }

    /** @return the datagram (from its IP header on) of an untagged frame, padding excluded */
    private static byte[] datagram(byte[] frame) {
        Ipv4Packet ip = Ipv4PacketTest.checked(frame);
        return KernelFrames.range(frame, 14, 14 + ip.totalLength());
    }

    @Test
    void kernelEchoRequestAndReply() {
        Icmpv4Packet request = checked(KernelFrames.ECHO_REQUEST);
        assertEquals(Icmpv4Packet.TYPE_ECHO_REQUEST, request.type());
        assertEquals(0, request.code());
        assertEquals(0xda3c, request.checksum());
        assertEquals(0x2b52, request.echoIdentifier());
        assertEquals(1, request.echoSequenceNumber());
        assertEquals(21, request.dataLength(), "odd: the checksum pads the last byte");
        assertEquals(14 + 20 + 8, request.dataOffset());
        Icmpv4Packet reply = checked(KernelFrames.ECHO_REPLY);
        assertEquals(Icmpv4Packet.TYPE_ECHO_REPLY, reply.type());
        assertEquals(request.echoIdentifier(), reply.echoIdentifier());
        assertEquals(request.echoSequenceNumber(), reply.echoSequenceNumber());
    }

    /** Turning the request into a reply in place gives the kernel's reply, checksum included (RFC 1624). */
    @Test
    void echoReplyInPlaceMatchesTheKernel() {
        byte[][][] pairs = {
            {KernelFrames.ECHO_REQUEST, KernelFrames.ECHO_REPLY},
            {KernelFrames.ECHO_REQUEST_RECORD_ROUTE, KernelFrames.ECHO_REPLY_RECORD_ROUTE},
            {KernelFrames.PADDED_ECHO_REQUEST, KernelFrames.PADDED_ECHO_REPLY},
            {KernelFrames.TAGGED_ECHO_REQUEST, KernelFrames.TAGGED_ECHO_REPLY},
        };
        for (byte[][] pair : pairs) {
            EthernetFrame frame = new EthernetFrame().wrap(MemorySegment.ofArray(pair[0].clone()), 0, pair[0].length);
            assertEquals(EthernetFrame.Status.OK, frame.check());
            Ipv4Packet ip = new Ipv4Packet().wrap(frame.segment(), frame.payloadOffset(), frame.payloadLength());
            assertEquals(Ipv4Packet.Status.OK, ip.check());
            Icmpv4Packet echo = new Icmpv4Packet().wrap(ip.segment(), ip.payloadOffset(), ip.payloadLength());
            assertEquals(Icmpv4Packet.Status.OK, echo.check());
            Icmpv4Repr.EchoRequest request = assertInstanceOf(Icmpv4Repr.EchoRequest.class, Icmpv4Repr.parse(echo));
            echo.turnIntoEchoReply();
            assertEquals(Icmpv4Packet.Status.OK, echo.check());
            byte[] kernelReply = bytes(checked(pair[1]));
            assertArrayEquals(kernelReply, bytes(echo));
            // And the Repr way: parse, reply(), emit.
            assertArrayEquals(kernelReply, emitted(request.reply()));
        }
    }

    /** A whole reply datagram, IP header included, as the kernel built it. */
    @Test
    void wholeEchoReplyDatagram() {
        Icmpv4Repr.EchoRequest request = assertInstanceOf(Icmpv4Repr.EchoRequest.class,
                Icmpv4Repr.parse(checked(KernelFrames.ECHO_REQUEST)));
        Icmpv4Repr reply = request.reply();
        byte[] out = new byte[20 + reply.bufferLength()];
        Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
        ip.emit(0, 0x47e7, false, 64, Ipv4Packet.PROTOCOL_ICMP, IP_R, IP_A, reply.bufferLength());
        reply.emit(new Icmpv4Packet().wrap(ip.segment(), ip.payloadOffset(), reply.bufferLength()));
        assertArrayEquals(datagram(KernelFrames.ECHO_REPLY), out);
    }

    /**
     * Each error the kernel sent, rebuilt from the datagram that caused it with our quote and emit, IP header
     * included (TOS 0xc0, DF clear, TTL 64, as Linux sends them), is byte for byte the kernel's.
     */
    @Test
    void errorMessagesRebuiltFromTheOffendingDatagrams() {
        assertRebuilt(KernelFrames.TIME_EXCEEDED, KernelFrames.ECHO_REQUEST_TTL_1,
                q -> new Icmpv4Repr.TimeExceeded(Icmpv4Packet.CODE_TTL_EXCEEDED, q));
        assertRebuilt(KernelFrames.PORT_UNREACHABLE, KernelFrames.UDP_TO_CLOSED_PORT,
                q -> new Icmpv4Repr.DestinationUnreachable(Icmpv4Packet.CODE_PORT_UNREACHABLE, 0, q));
        assertRebuilt(KernelFrames.PROTOCOL_UNREACHABLE, KernelFrames.PROTOCOL_253,
                q -> new Icmpv4Repr.DestinationUnreachable(Icmpv4Packet.CODE_PROTOCOL_UNREACHABLE, 0, q));
        assertRebuilt(KernelFrames.PARAMETER_PROBLEM, KernelFrames.BAD_OPTION,
                q -> new Icmpv4Repr.ParameterProblem(Icmpv4Packet.CODE_POINTER_INDICATES_ERROR, 21, q));
        // R quotes the redirected datagram as it forwarded it, TTL already decremented.
        assertRebuilt(KernelFrames.REDIRECT, KernelFrames.FORWARDED_ECHO,
                q -> new Icmpv4Repr.Redirect(Icmpv4Packet.CODE_REDIRECT_HOST, Ipv4Address.of(IP_A2), q));
    }

    private static void assertRebuilt(byte[] errorFrame, byte[] offendingFrame,
            Function<byte[], Icmpv4Repr> kind) {
        byte[] quote = Icmpv4Repr.quote(Ipv4PacketTest.checked(offendingFrame), Ipv4Packet.MIN_HEADER_BYTES);
        assertArrayEquals(datagram(offendingFrame), quote, "short datagrams are quoted whole");
        Icmpv4Repr error = kind.apply(quote);
        assertTrue(error.isError());
        Ipv4Packet kernel = Ipv4PacketTest.checked(errorFrame);
        byte[] out = new byte[20 + error.bufferLength()];
        Ipv4Packet ip = new Ipv4Packet().wrap(MemorySegment.ofArray(out), 0, out.length);
        ip.emit(0xc0, kernel.identification(), false, 64, Ipv4Packet.PROTOCOL_ICMP, IP_R, IP_A,
                error.bufferLength());
        error.emit(new Icmpv4Packet().wrap(ip.segment(), ip.payloadOffset(), error.bufferLength()));
        assertArrayEquals(datagram(errorFrame), out, error.toString());
        assertEquals(error, Icmpv4Repr.parse(checked(errorFrame)));
    }

    /** RFC 1191 and RFC 1812 §4.3.2.3: the kernel's next-hop MTU, and its quote cut to a 576-byte error. */
    @Test
    void fragmentationNeeded() {
        Icmpv4Packet p = checked(KernelFrames.FRAGMENTATION_NEEDED);
        assertEquals(Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE, p.type());
        assertEquals(Icmpv4Packet.CODE_FRAGMENTATION_NEEDED, p.code());
        assertEquals(1280, p.nextHopMtu());
        assertEquals(548, p.dataLength());
        assertEquals(548, p.originalDatagramLength());
        assertEquals(Icmpv4Packet.MAX_ERROR_DATAGRAM_BYTES, 20 + 8 + p.dataLength());
        assertEquals(548, Icmpv4Packet.quoteLength(1328, 20), "the same cut as the kernel's");
        // The offending 1328-byte datagram: the quoted 548 bytes from the kernel, then ping's byte pattern.
        byte[] offending = new byte[1328];
        MemorySegment.copy(p.segment(), ValueLayout.JAVA_BYTE, p.dataOffset(), offending, 0, 548);
        for (int i = 548; i < offending.length; i++) {
            offending[i] = (byte) (i - 28);
        }
        Ipv4Packet offendingIp = new Ipv4Packet().wrap(MemorySegment.ofArray(offending), 0, offending.length);
        assertEquals(Ipv4Packet.Status.OK, offendingIp.check());
        byte[] quote = Icmpv4Repr.quote(offendingIp, 20);
        assertEquals(548, quote.length);
        Icmpv4Repr repr = new Icmpv4Repr.DestinationUnreachable(Icmpv4Packet.CODE_FRAGMENTATION_NEEDED, 1280, quote);
        assertArrayEquals(bytes(p), emitted(repr));
        assertEquals(repr, Icmpv4Repr.parse(p));
        // The flow in error, from the quoted headers: ours was an echo with this identifier, to C.
        Ipv4Packet quoted = new Ipv4Packet().wrap(p.segment(), p.dataOffset(), p.originalDatagramLength());
        assertTrue(quoted.checkQuoted());
        assertEquals(IP_C, quoted.destinationAddress());
        Icmpv4Packet quotedEcho = new Icmpv4Packet().wrap(quoted.segment(), quoted.payloadOffset(), 8);
        assertEquals(Icmpv4Packet.TYPE_ECHO_REQUEST, quotedEcho.type());
        assertEquals(0x2b54, quotedEcho.echoIdentifier());
    }

    @Test
    void quoteLengthStaysWithin576() {
        assertEquals(36, Icmpv4Packet.quoteLength(36, 20));
        assertEquals(548, Icmpv4Packet.quoteLength(548, 20));
        assertEquals(548, Icmpv4Packet.quoteLength(549, 20));
        assertEquals(548, Icmpv4Packet.quoteLength(65535, 20));
        assertEquals(508, Icmpv4Packet.quoteLength(65535, 60), "an error with options has less room");
    }

    @Test
    void kernelErrorFields() {
        Icmpv4Packet parameterProblem = checked(KernelFrames.PARAMETER_PROBLEM);
        assertEquals(21, parameterProblem.pointer(), "the malformed option's length byte");
        assertEquals(39, parameterProblem.originalDatagramLength(), "a 24-byte header and a 15-byte echo");
        Icmpv4Packet redirect = checked(KernelFrames.REDIRECT);
        assertEquals(Icmpv4Packet.TYPE_REDIRECT, redirect.type());
        assertEquals(Icmpv4Packet.CODE_REDIRECT_HOST, redirect.code());
        assertEquals(IP_A2, redirect.gatewayAddress());
        assertEquals(IP_A2, redirect.restOfHeader());
        Icmpv4Packet timeExceeded = checked(KernelFrames.TIME_EXCEEDED);
        assertEquals(0, timeExceeded.restOfHeader());
        assertEquals(36, timeExceeded.originalDatagramLength());
    }

    @Test
    void reprRoundTripsEveryKernelMessage() {
        for (byte[] frame : ICMP_FRAMES) {
            Icmpv4Packet p = checked(frame);
            Icmpv4Repr repr = Icmpv4Repr.parse(p);
            assertEquals(p.type(), repr.type());
            assertEquals(p.code(), repr.code());
            assertEquals(p.length(), repr.bufferLength());
            assertEquals(Icmpv4Packet.isErrorType(p.type()), repr.isError());
            assertArrayEquals(bytes(p), emitted(repr), repr.toString());
        }
    }

    @Test
    void otherTypesAreKeptUninterpreted() {
        // A Timestamp request (RFC 792): identifier 0x1234, sequence 7, three 32-bit timestamps.
        byte[] stamps = KernelFrames.hex("0112a880" + "00000000" + "00000000");
        Icmpv4Repr.Other timestamp = new Icmpv4Repr.Other(Icmpv4Packet.TYPE_TIMESTAMP_REQUEST, 0, 0x1234_0007,
                stamps);
        byte[] bytes = emitted(timestamp);
        assertEquals(20, bytes.length);
        Icmpv4Packet p = new Icmpv4Packet().wrap(MemorySegment.ofArray(bytes), 0, bytes.length);
        assertEquals(Icmpv4Packet.Status.OK, p.check());
        assertEquals(0x1234, p.echoIdentifier(), "timestamps share the echo layout");
        assertEquals(timestamp, Icmpv4Repr.parse(p));
        assertFalse(timestamp.isError());
        // Source Quench and unassigned types are Others as well.
        for (int type : new int[] {Icmpv4Packet.TYPE_SOURCE_QUENCH, 1, 42, 255}) {
            Icmpv4Repr.Other other = new Icmpv4Repr.Other(type, 9, 0, new byte[3]);
            byte[] b = emitted(other);
            Icmpv4Packet q = new Icmpv4Packet().wrap(MemorySegment.ofArray(b), 0, b.length);
            assertEquals(Icmpv4Packet.Status.OK, q.check());
            assertEquals(other, Icmpv4Repr.parse(q));
        }
    }

    @Test
    void truncatedAtEveryLength() {
        byte[] message = bytes(checked(KernelFrames.ECHO_REQUEST));
        for (int length = 0; length < Icmpv4Packet.HEADER_BYTES; length++) {
            assertEquals(Icmpv4Packet.Status.TRUNCATED,
                    new Icmpv4Packet().wrap(MemorySegment.ofArray(message), 0, length).check(), "length " + length);
        }
        // Cut anywhere after the header, the checksum no longer covers the message.
        for (int length = Icmpv4Packet.HEADER_BYTES; length < message.length; length++) {
            assertEquals(Icmpv4Packet.Status.BAD_CHECKSUM,
                    new Icmpv4Packet().wrap(MemorySegment.ofArray(message), 0, length).check(), "length " + length);
        }
    }

    @Test
    void everySingleBitErrorIsCaught() {
        for (byte[] frame : new byte[][] {KernelFrames.ECHO_REQUEST, KernelFrames.TIME_EXCEEDED}) {
            byte[] message = bytes(checked(frame));
            for (int bit = 0; bit < message.length * 8; bit++) {
                byte[] corrupt = message.clone();
                corrupt[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
                Icmpv4Packet p = new Icmpv4Packet().wrap(MemorySegment.ofArray(corrupt), 0, corrupt.length);
                assertEquals(Icmpv4Packet.Status.BAD_CHECKSUM, p.check(), "bit " + bit);
                assertFalse(p.isChecksumValid());
            }
        }
    }

    @Test
    void fillChecksum() {
        byte[] message = bytes(checked(KernelFrames.PORT_UNREACHABLE));
        byte[] copy = message.clone();
        copy[2] = 0x55;
        copy[3] = 0x55;
        Icmpv4Packet p = new Icmpv4Packet().wrap(MemorySegment.ofArray(copy), 0, copy.length);
        p.fillChecksum();
        assertArrayEquals(message, copy);
    }

    /** RFC 4884: a Length attribute in byte 5 ends the original datagram before an extension structure. */
    @Test
    void rfc4884LengthAttribute() {
        byte[] quote = new byte[128];
        byte[] inner = datagram(KernelFrames.ECHO_REQUEST_TTL_1);
        System.arraycopy(inner, 0, quote, 0, inner.length); // zero-padded to 128 bytes, as RFC 4884 §5.1 asks
        byte[] extension = KernelFrames.hex("20000000" + "000c0101" + "00000001" + "0000002a"); // version 2 + object
        byte[] message = new byte[8 + quote.length + extension.length];
        message[0] = Icmpv4Packet.TYPE_TIME_EXCEEDED;
        message[5] = (byte) (quote.length / 4);
        System.arraycopy(quote, 0, message, 8, quote.length);
        System.arraycopy(extension, 0, message, 8 + quote.length, extension.length);
        Icmpv4Packet p = new Icmpv4Packet().wrap(MemorySegment.ofArray(message), 0, message.length).fillChecksum();
        assertEquals(Icmpv4Packet.Status.OK, p.check());
        assertEquals(128, p.originalDatagramLength());
        assertEquals(144, p.dataLength());
        Icmpv4Repr.TimeExceeded repr = assertInstanceOf(Icmpv4Repr.TimeExceeded.class, Icmpv4Repr.parse(p));
        assertArrayEquals(quote, repr.originalDatagram(), "the extension is not part of the quote");
        // A Length attribute longer than the message is ignored (not RFC 4884): the whole body is the quote.
        message[5] = (byte) 40;
        p.fillChecksum();
        assertEquals(144, p.originalDatagramLength());
        // Echo does not have the attribute: byte 5 is part of the identifier.
        message[0] = Icmpv4Packet.TYPE_ECHO_REQUEST;
        message[5] = 4;
        assertEquals(144, p.originalDatagramLength());
        // Parameter Problem has it after the pointer.
        message[0] = Icmpv4Packet.TYPE_PARAMETER_PROBLEM;
        message[4] = 21;
        message[5] = 32;
        p.fillChecksum();
        Icmpv4Repr.ParameterProblem pp = assertInstanceOf(Icmpv4Repr.ParameterProblem.class, Icmpv4Repr.parse(p));
        assertEquals(21, pp.pointer());
        assertEquals(128, pp.originalDatagram().length);
    }

    @Test
    void isErrorOfTheKernelsDatagrams() {
        for (byte[] frame : new byte[][] {KernelFrames.FRAGMENTATION_NEEDED, KernelFrames.TIME_EXCEEDED,
                KernelFrames.PORT_UNREACHABLE, KernelFrames.PROTOCOL_UNREACHABLE, KernelFrames.PARAMETER_PROBLEM,
                KernelFrames.REDIRECT}) {
            assertTrue(Icmpv4Packet.isError(Ipv4PacketTest.checked(frame)));
        }
        for (byte[] frame : new byte[][] {KernelFrames.ECHO_REQUEST, KernelFrames.ECHO_REPLY,
                KernelFrames.ECHO_REQUEST_RECORD_ROUTE, KernelFrames.UDP_TO_CLOSED_PORT, KernelFrames.PROTOCOL_253,
                KernelFrames.FRAGMENT_1, KernelFrames.FRAGMENT_2, KernelFrames.FRAGMENT_3}) {
            assertFalse(Icmpv4Packet.isError(Ipv4PacketTest.checked(frame)));
        }
    }

    @Test
    void errorAndQueryTypes() {
        for (int type = 0; type < 256; type++) {
            boolean error = type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
            boolean query = type == 0 || type == 8 || (type >= 13 && type <= 18);
            assertEquals(error, Icmpv4Packet.isErrorType(type), "type " + type);
            assertEquals(query, Icmpv4Packet.isQueryType(type), "type " + type);
            // isError() on a datagram: like Linux, everything that is not a query counts as an error.
            byte[] d = datagram(KernelFrames.ECHO_REQUEST);
            d[20] = (byte) type;
            assertEquals(!query, Icmpv4Packet.isError(view(d)), "type " + type);
        }
        // A first fragment or datagram too short to show its ICMP type: assume the worst.
        byte[] headerOnly = datagram(KernelFrames.ECHO_REQUEST);
        Ipv4Packet bare = new Ipv4Packet().wrap(MemorySegment.ofArray(headerOnly), 0, 20);
        assertTrue(Icmpv4Packet.isError(bare));
    }

    private static Ipv4Packet view(byte[] datagram) {
        return new Ipv4Packet().wrap(MemorySegment.ofArray(datagram), 0, datagram.length);
    }

    @Test
    void mayReplyWithErrorFollowsRfc1122() {
        assertTrue(Icmpv4Packet.mayReplyWithError(Ipv4PacketTest.checked(KernelFrames.UDP_TO_CLOSED_PORT), false));
        assertTrue(Icmpv4Packet.mayReplyWithError(Ipv4PacketTest.checked(KernelFrames.ECHO_REQUEST_TTL_1), false));
        assertTrue(Icmpv4Packet.mayReplyWithError(Ipv4PacketTest.checked(KernelFrames.FRAGMENT_1), false),
                "a first fragment may be answered");
        assertFalse(Icmpv4Packet.mayReplyWithError(Ipv4PacketTest.checked(KernelFrames.FRAGMENT_2), false),
                "not a non-initial fragment");
        assertFalse(Icmpv4Packet.mayReplyWithError(Ipv4PacketTest.checked(KernelFrames.UDP_TO_CLOSED_PORT), true),
                "not a link-layer broadcast or multicast");
        assertFalse(Icmpv4Packet.mayReplyWithError(Ipv4PacketTest.checked(KernelFrames.TIME_EXCEEDED), false),
                "not an ICMP error");
        for (int destination : new int[] {0xffff_ffff, 0xe000_0001, 0xefff_fffa}) {
            assertFalse(Icmpv4Packet.mayReplyWithError(udpWith(IP_A, destination), false),
                    "not to broadcast or multicast " + Ipv4Address.of(destination));
        }
        for (int source : new int[] {0, 0x7f00_0001, 0xffff_ffff, 0xe000_00fb, 0xf000_0001}) {
            assertFalse(Icmpv4Packet.mayReplyWithError(udpWith(source, IP_R), false),
                    "not from " + Ipv4Address.of(source));
        }
        assertTrue(Icmpv4Packet.mayReplyWithError(udpWith(0xcb00_7101, IP_R), false));
    }

    private static Ipv4Packet udpWith(int source, int destination) {
        byte[] d = datagram(KernelFrames.UDP_TO_CLOSED_PORT);
        Ipv4Packet p = view(d).sourceAddress(source).destinationAddress(destination).fillHeaderChecksum();
        assertEquals(Ipv4Packet.Status.OK, p.check());
        return p;
    }

    @Test
    void reprValidation() {
        byte[] quote = datagram(KernelFrames.ECHO_REQUEST_TTL_1);
        assertThrows(IllegalArgumentException.class,
                () -> new Icmpv4Repr.DestinationUnreachable(Icmpv4Packet.CODE_PORT_UNREACHABLE, 1280, quote),
                "only code 4 has an MTU");
        assertThrows(IllegalArgumentException.class, () -> new Icmpv4Repr.DestinationUnreachable(4, 65536, quote));
        assertThrows(IllegalArgumentException.class, () -> new Icmpv4Repr.TimeExceeded(256, quote));
        assertThrows(IllegalArgumentException.class, () -> new Icmpv4Repr.ParameterProblem(0, 256, quote));
        assertThrows(IllegalArgumentException.class, () -> new Icmpv4Repr.EchoRequest(65536, 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Icmpv4Repr.EchoReply(0, -1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Icmpv4Repr.EchoRequest(0, 0, new byte[65508]));
        new Icmpv4Repr.EchoRequest(0, 0, new byte[65507]); // fills a 65535-byte datagram exactly
        assertThrows(NullPointerException.class, () -> new Icmpv4Repr.Redirect(0, null, quote));
        for (int type : new int[] {0, 3, 5, 8, 11, 12}) {
            assertThrows(IllegalArgumentException.class, () -> new Icmpv4Repr.Other(type, 0, 0, new byte[0]),
                    "type " + type + " has its own record");
        }
        assertThrows(IllegalArgumentException.class, () -> new Icmpv4Repr.Other(256, 0, 0, new byte[0]));
        Icmpv4Repr.EchoRequest echo = new Icmpv4Repr.EchoRequest(1, 2, new byte[] {1, 2, 3});
        assertThrows(IndexOutOfBoundsException.class,
                () -> echo.emit(new Icmpv4Packet().wrap(MemorySegment.ofArray(new byte[10]), 0, 10)));
    }

    @Test
    void reprsAreImmutableValues() {
        byte[] data = {1, 2, 3};
        Icmpv4Repr.EchoRequest echo = new Icmpv4Repr.EchoRequest(1, 2, data);
        data[0] = 9;
        assertEquals(1, echo.data()[0], "copied in");
        echo.data()[1] = 9;
        assertEquals(2, echo.data()[1], "copied out");
        assertEquals(new Icmpv4Repr.EchoRequest(1, 2, new byte[] {1, 2, 3}), echo);
        assertEquals(new Icmpv4Repr.EchoRequest(1, 2, new byte[] {1, 2, 3}).hashCode(), echo.hashCode());
        assertNotEquals(new Icmpv4Repr.EchoReply(1, 2, new byte[] {1, 2, 3}), echo);
        assertNotEquals(new Icmpv4Repr.EchoRequest(1, 2, new byte[] {1, 2}), echo);
        assertEquals("EchoRequest[identifier=1, sequenceNumber=2, data=010203]", echo.toString());
        byte[] quote = {0x45, 0};
        Icmpv4Repr.TimeExceeded t = new Icmpv4Repr.TimeExceeded(0, quote);
        quote[0] = 0;
        assertEquals(0x45, t.originalDatagram()[0]);
        assertEquals(new Icmpv4Repr.TimeExceeded(0, new byte[] {0x45, 0}), t);
        assertNotEquals(new Icmpv4Repr.TimeExceeded(1, new byte[] {0x45, 0}), t);
    }
}
