package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import netstack.api.net.Ipv4Address;

/**
 * An ICMP message for IPv4 (RFC 792) as values, one record per message kind, for the control paths that answer
 * echoes, build and deliver error messages, and for tests. {@link #parse} accepts every checked message: the kinds
 * the stack acts on get their own record, anything else (timestamps, router discovery, source quench, unassigned
 * types) is an {@link Other}.
 *
 * <p>Byte-array components are copied in and out, so the records are immutable and compare by content. An error
 * message's {@code originalDatagram} is the quoted datagram from its IP header on, without RFC 4884 extensions
 * (parse skips them, emit writes none and a zero Length attribute). Within that, {@code parse(emit(r))} equals
 * {@code r}. Creating one allocates; receive paths that only need a field read the {@link Icmpv4Packet} view.
 */
public sealed interface Icmpv4Repr {

    /** @return the ICMP Type */
    int type();

    /** @return the ICMP Code */
    int code();

    /** @return the message length {@link #emit} writes: 8 header bytes plus the body */
    int bufferLength();

    /** @return {@code true} for the error kinds ({@link Icmpv4Packet#isErrorType}) */
    default boolean isError() {
        return Icmpv4Packet.isErrorType(type());
    }

    /**
     * Writes the whole message, checksum included, at the start of the view's window.
     *
     * @param packet a view whose window holds at least {@link #bufferLength()} bytes; the checksum covers exactly
     *     those bytes
     * @throws IndexOutOfBoundsException if the window is shorter
     */
    void emit(Icmpv4Packet packet);

    /**
     * @param packet a message whose {@link Icmpv4Packet#check()} returned {@link Icmpv4Packet.Status#OK}
     * @return its values
     */
    static Icmpv4Repr parse(Icmpv4Packet packet) {
        int type = packet.type();
        int code = packet.code();
        return switch (type) {
            case Icmpv4Packet.TYPE_ECHO_REQUEST ->
                    new EchoRequest(packet.echoIdentifier(), packet.echoSequenceNumber(), data(packet));
            case Icmpv4Packet.TYPE_ECHO_REPLY ->
                    new EchoReply(packet.echoIdentifier(), packet.echoSequenceNumber(), data(packet));
            case Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE -> new DestinationUnreachable(code,
                    code == Icmpv4Packet.CODE_FRAGMENTATION_NEEDED ? packet.nextHopMtu() : 0, original(packet));
            case Icmpv4Packet.TYPE_TIME_EXCEEDED -> new TimeExceeded(code, original(packet));
            case Icmpv4Packet.TYPE_PARAMETER_PROBLEM -> new ParameterProblem(code, packet.pointer(), original(packet));
            case Icmpv4Packet.TYPE_REDIRECT ->
                    new Redirect(code, Ipv4Address.of(packet.gatewayAddress()), original(packet));
            default -> new Other(type, code, packet.restOfHeader(), data(packet));
        };
    }

    /**
     * Copies the part of an offending datagram that an error message about it quotes: from its IP header on,
     * {@link Icmpv4Packet#quoteLength} bytes, so that the error stays within 576 bytes (RFC 1812 §4.3.2.3).
     *
     * @param offending the datagram in error, after {@link Ipv4Packet#check()} (so its window ends at Total Length)
     * @param errorIpHeaderBytes the header length of the IP datagram that will carry the error (20 without options)
     * @return a new array with the quote
     */
    static byte[] quote(Ipv4Packet offending, int errorIpHeaderBytes) {
        int length = Icmpv4Packet.quoteLength(offending.length(), errorIpHeaderBytes);
        byte[] quoted = new byte[length];
        MemorySegment.copy(offending.segment(), ValueLayout.JAVA_BYTE, offending.offset(), quoted, 0, length);
        return quoted;
    }

    /**
     * Echo (type 8), answered by an {@link EchoReply} with the same identifier, sequence number and data.
     *
     * @param identifier Identifier, 0..65535
     * @param sequenceNumber Sequence Number, 0..65535
     * @param data the data (copied)
     */
    record EchoRequest(int identifier, int sequenceNumber, byte[] data) implements Icmpv4Repr {
        /** @throws IllegalArgumentException if a field is out of range */
        public EchoRequest {
            u16("identifier", identifier);
            u16("sequence number", sequenceNumber);
            data = data.clone();
            requireFits(data.length);
        }

        /** @return the reply to this request (RFC 792) */
        public EchoReply reply() {
            return new EchoReply(identifier, sequenceNumber, data);
        }

        @Override
        public int type() {
            return Icmpv4Packet.TYPE_ECHO_REQUEST;
        }

        @Override
        public int code() {
            return 0;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_BYTES + data.length;
        }

        @Override
        public void emit(Icmpv4Packet packet) {
            write(packet, type(), 0, (identifier << 16) | sequenceNumber, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EchoRequest e && e.identifier == identifier && e.sequenceNumber == sequenceNumber
                    && Arrays.equals(e.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(identifier, sequenceNumber, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "EchoRequest[identifier=" + identifier + ", sequenceNumber=" + sequenceNumber + ", data="
                    + hex(data) + "]";
        }
    }

    /**
     * Echo Reply (type 0).
     *
     * @param identifier Identifier of the request, 0..65535
     * @param sequenceNumber Sequence Number of the request, 0..65535
     * @param data the request's data (copied)
     */
    record EchoReply(int identifier, int sequenceNumber, byte[] data) implements Icmpv4Repr {
        /** @throws IllegalArgumentException if a field is out of range */
        public EchoReply {
            u16("identifier", identifier);
            u16("sequence number", sequenceNumber);
            data = data.clone();
            requireFits(data.length);
        }

        @Override
        public int type() {
            return Icmpv4Packet.TYPE_ECHO_REPLY;
        }

        @Override
        public int code() {
            return 0;
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_BYTES + data.length;
        }

        @Override
        public void emit(Icmpv4Packet packet) {
            write(packet, type(), 0, (identifier << 16) | sequenceNumber, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof EchoReply e && e.identifier == identifier && e.sequenceNumber == sequenceNumber
                    && Arrays.equals(e.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(identifier, sequenceNumber, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "EchoReply[identifier=" + identifier + ", sequenceNumber=" + sequenceNumber + ", data="
                    + hex(data) + "]";
        }
    }

    /**
     * Destination Unreachable (type 3).
     *
     * @param code e.g. {@link Icmpv4Packet#CODE_PORT_UNREACHABLE}, 0..255
     * @param nextHopMtu with {@link Icmpv4Packet#CODE_FRAGMENTATION_NEEDED}: the MTU of the next hop in bytes
     *     (RFC 1191 §4; 0 from routers that predate it); 0 with every other code
     * @param originalDatagram the quoted datagram from its IP header on (copied)
     */
    record DestinationUnreachable(int code, int nextHopMtu, byte[] originalDatagram) implements Icmpv4Repr {
        /** @throws IllegalArgumentException if a field is out of range */
        public DestinationUnreachable {
            u8("code", code);
            u16("next-hop MTU", nextHopMtu);
            if (nextHopMtu != 0 && code != Icmpv4Packet.CODE_FRAGMENTATION_NEEDED) {
                throw new IllegalArgumentException("only code 4 (fragmentation needed) carries a next-hop MTU");
            }
            originalDatagram = originalDatagram.clone();
            requireFits(originalDatagram.length);
        }

        @Override
        public int type() {
            return Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE;
        }

        @Override
        public byte[] originalDatagram() {
            return originalDatagram.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_BYTES + originalDatagram.length;
        }

        @Override
        public void emit(Icmpv4Packet packet) {
            write(packet, type(), code, nextHopMtu, originalDatagram);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DestinationUnreachable d && d.code == code && d.nextHopMtu == nextHopMtu
                    && Arrays.equals(d.originalDatagram, originalDatagram);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, nextHopMtu, Arrays.hashCode(originalDatagram));
        }

        @Override
        public String toString() {
            return "DestinationUnreachable[code=" + code + ", nextHopMtu=" + nextHopMtu + ", originalDatagram="
                    + hex(originalDatagram) + "]";
        }
    }

    /**
     * Time Exceeded (type 11).
     *
     * @param code {@link Icmpv4Packet#CODE_TTL_EXCEEDED} or {@link Icmpv4Packet#CODE_REASSEMBLY_TIME_EXCEEDED}
     *     (any 0..255 is represented)
     * @param originalDatagram the quoted datagram from its IP header on (copied)
     */
    record TimeExceeded(int code, byte[] originalDatagram) implements Icmpv4Repr {
        /** @throws IllegalArgumentException if a field is out of range */
        public TimeExceeded {
            u8("code", code);
            originalDatagram = originalDatagram.clone();
            requireFits(originalDatagram.length);
        }

        @Override
        public int type() {
            return Icmpv4Packet.TYPE_TIME_EXCEEDED;
        }

        @Override
        public byte[] originalDatagram() {
            return originalDatagram.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_BYTES + originalDatagram.length;
        }

        @Override
        public void emit(Icmpv4Packet packet) {
            write(packet, type(), code, 0, originalDatagram);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TimeExceeded t && t.code == code && Arrays.equals(t.originalDatagram, originalDatagram);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, Arrays.hashCode(originalDatagram));
        }

        @Override
        public String toString() {
            return "TimeExceeded[code=" + code + ", originalDatagram=" + hex(originalDatagram) + "]";
        }
    }

    /**
     * Parameter Problem (type 12).
     *
     * @param code {@link Icmpv4Packet#CODE_POINTER_INDICATES_ERROR} (any 0..255 is represented)
     * @param pointer the offset in the original datagram of the byte in error, 0..255
     * @param originalDatagram the quoted datagram from its IP header on (copied)
     */
    record ParameterProblem(int code, int pointer, byte[] originalDatagram) implements Icmpv4Repr {
        /** @throws IllegalArgumentException if a field is out of range */
        public ParameterProblem {
            u8("code", code);
            u8("pointer", pointer);
            originalDatagram = originalDatagram.clone();
            requireFits(originalDatagram.length);
        }

        @Override
        public int type() {
            return Icmpv4Packet.TYPE_PARAMETER_PROBLEM;
        }

        @Override
        public byte[] originalDatagram() {
            return originalDatagram.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_BYTES + originalDatagram.length;
        }

        @Override
        public void emit(Icmpv4Packet packet) {
            write(packet, type(), code, pointer << 24, originalDatagram);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ParameterProblem p && p.code == code && p.pointer == pointer
                    && Arrays.equals(p.originalDatagram, originalDatagram);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, pointer, Arrays.hashCode(originalDatagram));
        }

        @Override
        public String toString() {
            return "ParameterProblem[code=" + code + ", pointer=" + pointer + ", originalDatagram="
                    + hex(originalDatagram) + "]";
        }
    }

    /**
     * Redirect (type 5): use {@code gateway} for the original datagram's destination (code 1) or network (code 0).
     * A host accepts it only from its current first-hop router for that destination (RFC 1122 §3.2.2.2).
     *
     * @param code e.g. {@link Icmpv4Packet#CODE_REDIRECT_HOST}, 0..255
     * @param gateway the better first hop
     * @param originalDatagram the quoted datagram from its IP header on (copied)
     */
    record Redirect(int code, Ipv4Address gateway, byte[] originalDatagram) implements Icmpv4Repr {
        /** @throws IllegalArgumentException if a field is out of range */
        public Redirect {
            u8("code", code);
            Objects.requireNonNull(gateway, "gateway");
            originalDatagram = originalDatagram.clone();
            requireFits(originalDatagram.length);
        }

        @Override
        public int type() {
            return Icmpv4Packet.TYPE_REDIRECT;
        }

        @Override
        public byte[] originalDatagram() {
            return originalDatagram.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_BYTES + originalDatagram.length;
        }

        @Override
        public void emit(Icmpv4Packet packet) {
            write(packet, type(), code, gateway.bits(), originalDatagram);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Redirect r && r.code == code && r.gateway.equals(gateway)
                    && Arrays.equals(r.originalDatagram, originalDatagram);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, gateway, Arrays.hashCode(originalDatagram));
        }

        @Override
        public String toString() {
            return "Redirect[code=" + code + ", gateway=" + gateway + ", originalDatagram=" + hex(originalDatagram)
                    + "]";
        }
    }

    /**
     * Any other type, kept uninterpreted: header bytes 4..7 and the body as they are.
     *
     * @param type the Type; not one with its own record (0, 3, 5, 8, 11, 12)
     * @param code the Code, 0..255
     * @param restOfHeader header bytes 4..7
     * @param data the body (copied)
     */
    record Other(int type, int code, int restOfHeader, byte[] data) implements Icmpv4Repr {
        /** @throws IllegalArgumentException if the type has its own record or a field is out of range */
        public Other {
            u8("type", type);
            u8("code", code);
            if (type == Icmpv4Packet.TYPE_ECHO_REQUEST || type == Icmpv4Packet.TYPE_ECHO_REPLY
                    || type == Icmpv4Packet.TYPE_DESTINATION_UNREACHABLE || type == Icmpv4Packet.TYPE_TIME_EXCEEDED
                    || type == Icmpv4Packet.TYPE_PARAMETER_PROBLEM || type == Icmpv4Packet.TYPE_REDIRECT) {
                throw new IllegalArgumentException("ICMP type " + type + " has its own record");
            }
            data = data.clone();
            requireFits(data.length);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public int bufferLength() {
            return Icmpv4Packet.HEADER_BYTES + data.length;
        }

        @Override
        public void emit(Icmpv4Packet packet) {
            write(packet, type, code, restOfHeader, data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other x && x.type == type && x.code == code && x.restOfHeader == restOfHeader
                    && Arrays.equals(x.data, data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(type, code, restOfHeader, Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return "Other[type=" + type + ", code=" + code + ", restOfHeader=0x" + Integer.toHexString(restOfHeader)
                    + ", data=" + hex(data) + "]";
        }
    }

    private static void write(Icmpv4Packet packet, int type, int code, int restOfHeader, byte[] body) {
        int messageLength = Icmpv4Packet.HEADER_BYTES + body.length;
        if (packet.length() < messageLength) {
            throw new IndexOutOfBoundsException("this ICMP message needs " + messageLength + " bytes, the window has "
                    + packet.length());
        }
        packet.type(type).code(code).checksum(0).restOfHeader(restOfHeader);
        MemorySegment.copy(body, 0, packet.segment(), ValueLayout.JAVA_BYTE, packet.dataOffset(), body.length);
        packet.checksum(Checksum.compute(packet.segment(), packet.offset(), messageLength));
    }

    private static byte[] data(Icmpv4Packet packet) {
        return bytes(packet, packet.dataLength());
    }

    private static byte[] original(Icmpv4Packet packet) {
        return bytes(packet, packet.originalDatagramLength());
    }

    private static byte[] bytes(Icmpv4Packet packet, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(packet.segment(), ValueLayout.JAVA_BYTE, packet.dataOffset(), out, 0, length);
        return out;
    }

    private static void u8(String name, int value) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("ICMP " + name + " must be 0..255, not " + value);
        }
    }

    private static void u16(String name, int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("ICMP " + name + " must be 0..65535, not " + value);
        }
    }

    /** An ICMP message travels in one IPv4 datagram: at most 65535 - 20 - 8 body bytes. */
    private static void requireFits(int bodyLength) {
        int max = Ipv4Packet.MAX_TOTAL_LENGTH - Ipv4Packet.MIN_HEADER_BYTES - Icmpv4Packet.HEADER_BYTES;
        if (bodyLength > max) {
            throw new IllegalArgumentException("an ICMP body has at most " + max + " bytes, not " + bodyLength);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
