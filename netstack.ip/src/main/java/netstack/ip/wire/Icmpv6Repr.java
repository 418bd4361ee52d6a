package netstack.ip.wire;

/**
 * The 8-byte header of an RFC 4443 message as a value, for control paths and tests: one record per message kind.
 * What follows the header (echo data, the quoted invoking packet) is not part of the value: the sender places it
 * after {@link #emit}, then calls {@link Icmpv6Packet#fillChecksum}.
 *
 * <p>Neighbor Discovery and MLD messages have their own values ({@link NdpRepr}, {@link MldRepr}); {@link #parse}
 * gives {@link Other} for them and for types it does not know.
 */
public sealed interface Icmpv6Repr {

    /** @return the ICMPv6 type */
    int type();

    /** @return the ICMPv6 code */
    int code();

    /** @return the 32-bit body after the checksum */
    int body();

    /** @return {@code true} for an error message (RFC 4443 §2.1) */
    default boolean isError() {
        return Icmpv6Packet.isError(type());
    }

    /**
     * Writes the 8-byte header: type, code, a zero checksum, body.
     *
     * @param packet a view whose window holds at least 8 bytes
     * @throws IndexOutOfBoundsException if the window is shorter
     */
    default void emit(Icmpv6Packet packet) {
        if (packet.length() < Icmpv6Packet.HEADER_LENGTH) {
            throw new IndexOutOfBoundsException("an ICMPv6 header needs 8 bytes, the window has " + packet.length());
        }
        packet.type(type()).code(code()).checksum(0).body(body());
    }

    /**
     * @param packet a view that passed {@link Icmpv6Packet#check()}
     * @return the message's header as a value
     */
    static Icmpv6Repr parse(Icmpv6Packet packet) {
        int code = packet.code();
        boolean full = packet.length() >= Icmpv6Packet.HEADER_LENGTH;
        return switch (packet.type()) {
            case Icmpv6Packet.ECHO_REQUEST -> new EchoRequest(packet.identifier(), packet.sequenceNumber());
            case Icmpv6Packet.ECHO_REPLY -> new EchoReply(packet.identifier(), packet.sequenceNumber());
            case Icmpv6Packet.DESTINATION_UNREACHABLE -> new DestinationUnreachable(code);
            case Icmpv6Packet.PACKET_TOO_BIG -> new PacketTooBig(packet.mtu());
            case Icmpv6Packet.TIME_EXCEEDED -> new TimeExceeded(code);
            case Icmpv6Packet.PARAMETER_PROBLEM -> new ParameterProblem(code, packet.pointer());
            default -> new Other(packet.type(), code, full ? packet.body() : 0);
        };
    }

    /**
     * Echo Request (RFC 4443 §4.1).
     *
     * @param identifier the identifier, 16 bits
     * @param sequenceNumber the sequence number, 16 bits
     */
    record EchoRequest(int identifier, int sequenceNumber) implements Icmpv6Repr {
        /** @throws IllegalArgumentException if a field does not fit 16 bits */
        public EchoRequest {
            Ipv6Repr.requireBits("identifier", identifier, 16);
            Ipv6Repr.requireBits("sequence number", sequenceNumber, 16);
        }

        @Override
        public int type() {
            return Icmpv6Packet.ECHO_REQUEST;
        }

        @Override
        public int code() {
            return 0;
        }

        @Override
        public int body() {
            return (identifier << 16) | sequenceNumber;
        }

        /** @return the reply to this request (RFC 4443 §4.2: same identifier and sequence number) */
        public EchoReply reply() {
            return new EchoReply(identifier, sequenceNumber);
        }
    }

    /**
     * Echo Reply (RFC 4443 §4.2).
     *
     * @param identifier the identifier of the request, 16 bits
     * @param sequenceNumber the sequence number of the request, 16 bits
     */
    record EchoReply(int identifier, int sequenceNumber) implements Icmpv6Repr {
        /** @throws IllegalArgumentException if a field does not fit 16 bits */
        public EchoReply {
            Ipv6Repr.requireBits("identifier", identifier, 16);
            Ipv6Repr.requireBits("sequence number", sequenceNumber, 16);
        }

        @Override
        public int type() {
            return Icmpv6Packet.ECHO_REPLY;
        }

        @Override
        public int code() {
            return 0;
        }

        @Override
        public int body() {
            return (identifier << 16) | sequenceNumber;
        }
    }

    /**
     * Destination Unreachable (RFC 4443 §3.1); the body is unused and zero.
     *
     * @param code {@link Icmpv6Packet#NO_ROUTE} .. {@link Icmpv6Packet#REJECT_ROUTE}, or a later one
     */
    record DestinationUnreachable(int code) implements Icmpv6Repr {
        /** @throws IllegalArgumentException if the code does not fit 8 bits */
        public DestinationUnreachable {
            Ipv6Repr.requireBits("code", code, 8);
        }

        @Override
        public int type() {
            return Icmpv6Packet.DESTINATION_UNREACHABLE;
        }

        @Override
        public int body() {
            return 0;
        }
    }

    /**
     * Packet Too Big (RFC 4443 §3.2); code 0.
     *
     * @param mtuBytes the MTU of the next-hop link, unsigned 32 bits
     */
    record PacketTooBig(long mtuBytes) implements Icmpv6Repr {
        /** @throws IllegalArgumentException if the MTU does not fit 32 bits */
        public PacketTooBig {
            Ipv6Repr.requireBits("MTU", mtuBytes, 32);
        }

        @Override
        public int type() {
            return Icmpv6Packet.PACKET_TOO_BIG;
        }

        @Override
        public int code() {
            return 0;
        }

        @Override
        public int body() {
            return (int) mtuBytes;
        }
    }

    /**
     * Time Exceeded (RFC 4443 §3.3); the body is unused and zero.
     *
     * @param code {@link Icmpv6Packet#HOP_LIMIT_EXCEEDED} or {@link Icmpv6Packet#REASSEMBLY_TIME_EXCEEDED}
     */
    record TimeExceeded(int code) implements Icmpv6Repr {
        /** @throws IllegalArgumentException if the code does not fit 8 bits */
        public TimeExceeded {
            Ipv6Repr.requireBits("code", code, 8);
        }

        @Override
        public int type() {
            return Icmpv6Packet.TIME_EXCEEDED;
        }

        @Override
        public int body() {
            return 0;
        }
    }

    /**
     * Parameter Problem (RFC 4443 §3.4).
     *
     * @param code 0..3 (RFC 4443, RFC 7112) or the RFC 8883 codes
     * @param pointer the offset in the invoking packet where the problem is, unsigned 32 bits
     */
    record ParameterProblem(int code, long pointer) implements Icmpv6Repr {
        /** @throws IllegalArgumentException if a field does not fit */
        public ParameterProblem {
            Ipv6Repr.requireBits("code", code, 8);
            Ipv6Repr.requireBits("pointer", pointer, 32);
        }

        @Override
        public int type() {
            return Icmpv6Packet.PARAMETER_PROBLEM;
        }

        @Override
        public int body() {
            return (int) pointer;
        }
    }

    /**
     * Any other message: its type, code and first 32 bits of body (zero if the message is shorter than 8 bytes).
     *
     * @param type the type
     * @param code the code
     * @param body the 32 bits after the checksum
     */
    record Other(int type, int code, int body) implements Icmpv6Repr {
        /** @throws IllegalArgumentException if type or code does not fit 8 bits */
        public Other {
            Ipv6Repr.requireBits("type", type, 8);
            Ipv6Repr.requireBits("code", code, 8);
        }
    }
}
