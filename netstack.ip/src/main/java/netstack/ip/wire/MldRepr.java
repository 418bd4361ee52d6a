package netstack.ip.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import netstack.api.net.Ipv6Address;

/**
 * An MLD message (RFC 2710, RFC 3810) as a value: to build the stack's listener reports and, on control paths and
 * in tests, to read queries and reports.
 *
 * <p>An MLD message travels with hop limit 1, from a link-local source (or {@code ::} before one is ready), in a
 * packet with a Hop-by-Hop header carrying Router Alert 0 (RFC 3810 §5): the sender writes that header with
 * {@link Ipv6OptionsHeader#emitRouterAlert}, then this message, then fills the ICMPv6 checksum. Reports go to
 * {@link MldPacket#ALL_MLDV2_ROUTERS} (MLDv2) or to the group itself (MLDv1 Report), Dones to {@code ff02::2}.
 */
public sealed interface MldRepr {

    /** @return the ICMPv6 type */
    int type();

    /** @return the message's length in bytes */
    int length();

    /**
     * Writes every byte of the message, checksum zero, and shortens the view's window to it.
     *
     * @param packet a view whose window holds at least {@link #length()} bytes
     * @throws IndexOutOfBoundsException if the window is too short
     */
    void emit(MldPacket packet);

    /**
     * @param packet a message that passed {@link MldPacket#check}
     * @return its value
     * @throws IllegalArgumentException if the message is not an MLD type
     */
    static MldRepr parse(MldPacket packet) {
        return switch (packet.type()) {
            case Icmpv6Packet.MLD_QUERY -> {
                if (!packet.isVersion2Query()) {
                    yield new Mldv1Query(packet.maximumResponseCode(), packet.multicastAddress());
                }
                List<Ipv6Address> sources = new ArrayList<>(packet.sourceCount());
                for (int i = 0; i < packet.sourceCount(); i++) {
                    sources.add(packet.source(i));
                }
                yield new Mldv2Query(packet.maximumResponseCode(), packet.multicastAddress(),
                        packet.suppressRouterSideProcessing(), packet.querierRobustness(),
                        packet.queryIntervalCode(), sources);
            }
            case Icmpv6Packet.MLDV1_REPORT -> new Mldv1Report(packet.multicastAddress());
            case Icmpv6Packet.MLDV1_DONE -> new Mldv1Done(packet.multicastAddress());
            case Icmpv6Packet.MLDV2_REPORT -> {
                List<AddressRecord> records = new ArrayList<>(packet.recordCount());
                for (int at = packet.firstRecord(); at >= 0; at = packet.nextRecord(at)) {
                    List<Ipv6Address> sources = new ArrayList<>(packet.recordSourceCount(at));
                    for (int i = 0; i < packet.recordSourceCount(at); i++) {
                        sources.add(packet.recordSource(at, i));
                    }
                    records.add(new AddressRecord(packet.recordType(at), packet.recordMulticastAddress(at), sources));
                }
                yield new Mldv2Report(records);
            }
            default -> throw new IllegalArgumentException("ICMPv6 type " + packet.type() + " is not MLD");
        };
    }

    private static void start(MldPacket packet, int type, int length) {
        if (packet.length() < length) {
            throw new IndexOutOfBoundsException("this message needs " + length + " bytes, the window has "
                    + packet.length());
        }
        packet.wrap(packet.segment(), packet.offset(), length);
        packet.u32(0, type << 24); // type, code 0, checksum 0
        packet.u32(4, 0);
    }

    private static int address(MldPacket packet, int at, Ipv6Address address) {
        packet.segment().set(Flyweight.U64, packet.offset() + at, address.high());
        packet.segment().set(Flyweight.U64, packet.offset() + at + 8, address.low());
        return at + 16;
    }

    private static void v1(MldPacket packet, int type, int maximumResponseDelayMillis, Ipv6Address group) {
        start(packet, type, MldPacket.MLDV1_LENGTH);
        packet.u16(MldPacket.MAXIMUM_RESPONSE, maximumResponseDelayMillis);
        address(packet, MldPacket.MULTICAST_ADDRESS, group);
    }

    /**
     * MLDv1 Query (RFC 2710 §3.6): a General Query has the unspecified multicast address.
     *
     * @param maximumResponseDelayMillis 0..65535
     * @param multicastAddress the group, or {@code ::} for a General Query
     */
    record Mldv1Query(int maximumResponseDelayMillis, Ipv6Address multicastAddress) implements MldRepr {
        /** @throws IllegalArgumentException if the delay does not fit 16 bits */
        public Mldv1Query {
            Ipv6Repr.requireBits("maximum response delay", maximumResponseDelayMillis, 16);
            Objects.requireNonNull(multicastAddress, "multicastAddress");
        }

        @Override
        public int type() {
            return Icmpv6Packet.MLD_QUERY;
        }

        @Override
        public int length() {
            return MldPacket.MLDV1_LENGTH;
        }

        @Override
        public void emit(MldPacket packet) {
            v1(packet, type(), maximumResponseDelayMillis, multicastAddress);
        }
    }

    /**
     * MLDv1 Report (RFC 2710 §3): sent to the group it reports; the delay field is zero.
     *
     * @param multicastAddress the group listened to
     */
    record Mldv1Report(Ipv6Address multicastAddress) implements MldRepr {
        /** @throws NullPointerException if the address is null */
        public Mldv1Report {
            Objects.requireNonNull(multicastAddress, "multicastAddress");
        }

        @Override
        public int type() {
            return Icmpv6Packet.MLDV1_REPORT;
        }

        @Override
        public int length() {
            return MldPacket.MLDV1_LENGTH;
        }

        @Override
        public void emit(MldPacket packet) {
            v1(packet, type(), 0, multicastAddress);
        }
    }

    /**
     * MLDv1 Done (RFC 2710 §3): sent to all-routers when leaving a group.
     *
     * @param multicastAddress the group left
     */
    record Mldv1Done(Ipv6Address multicastAddress) implements MldRepr {
        /** @throws NullPointerException if the address is null */
        public Mldv1Done {
            Objects.requireNonNull(multicastAddress, "multicastAddress");
        }

        @Override
        public int type() {
            return Icmpv6Packet.MLDV1_DONE;
        }

        @Override
        public int length() {
            return MldPacket.MLDV1_LENGTH;
        }

        @Override
        public void emit(MldPacket packet) {
            v1(packet, type(), 0, multicastAddress);
        }
    }

    /**
     * MLDv2 Query (RFC 3810 §5.1). Codes are kept as sent; {@link #maximumResponseDelayMillis()} and
     * {@link #queryIntervalSeconds()} decode them.
     *
     * @param maximumResponseCode the 16-bit Maximum Response Code
     * @param multicastAddress {@code ::} for a General Query, else the group
     * @param suppressRouterSideProcessing the S flag
     * @param querierRobustness QRV, 0..7
     * @param queryIntervalCode QQIC, 8 bits
     * @param sources the sources of a Group-and-Source-Specific Query
     */
    record Mldv2Query(int maximumResponseCode, Ipv6Address multicastAddress, boolean suppressRouterSideProcessing,
            int querierRobustness, int queryIntervalCode, List<Ipv6Address> sources) implements MldRepr {
        /** @throws IllegalArgumentException if a field does not fit */
        public Mldv2Query {
            Ipv6Repr.requireBits("maximum response code", maximumResponseCode, 16);
            Objects.requireNonNull(multicastAddress, "multicastAddress");
            Ipv6Repr.requireBits("QRV", querierRobustness, 3);
            Ipv6Repr.requireBits("QQIC", queryIntervalCode, 8);
            sources = List.copyOf(sources);
            Ipv6Repr.requireBits("number of sources", sources.size(), 16);
        }

        /** @return the Maximum Response Delay in milliseconds (RFC 3810 §5.1.3) */
        public long maximumResponseDelayMillis() {
            return MldPacket.decodeMaximumResponseCode(maximumResponseCode);
        }

        /** @return the querier's query interval in seconds (RFC 3810 §5.1.9) */
        public int queryIntervalSeconds() {
            return MldPacket.decodeQueryIntervalCode(queryIntervalCode);
        }

        @Override
        public int type() {
            return Icmpv6Packet.MLD_QUERY;
        }

        @Override
        public int length() {
            return MldPacket.MLDV2_QUERY_MIN_LENGTH + 16 * sources.size();
        }

        @Override
        public void emit(MldPacket packet) {
            start(packet, type(), length());
            packet.u16(MldPacket.MAXIMUM_RESPONSE, maximumResponseCode);
            address(packet, MldPacket.MULTICAST_ADDRESS, multicastAddress);
            packet.u8(MldPacket.S_QRV, (suppressRouterSideProcessing ? 0x08 : 0) | querierRobustness);
            packet.u8(MldPacket.QQIC, queryIntervalCode);
            packet.u16(MldPacket.NUMBER_OF_SOURCES, sources.size());
            int at = MldPacket.SOURCES;
            for (Ipv6Address source : sources) {
                at = address(packet, at, source);
            }
        }
    }

    /**
     * A Multicast Address Record of an MLDv2 Report (RFC 3810 §5.2.4), without auxiliary data (§5.2.10: MLDv2
     * senders include none).
     *
     * @param type {@link MldPacket#MODE_IS_INCLUDE}..{@link MldPacket#BLOCK_OLD_SOURCES}
     * @param multicastAddress the group
     * @param sources the source list
     */
    record AddressRecord(int type, Ipv6Address multicastAddress, List<Ipv6Address> sources) {
        /** @throws IllegalArgumentException if the type or the number of sources is out of range */
        public AddressRecord {
            if (type < MldPacket.MODE_IS_INCLUDE || type > MldPacket.BLOCK_OLD_SOURCES) {
                throw new IllegalArgumentException("record type " + type + " is not 1..6 (RFC 3810 §5.2.12)");
            }
            Objects.requireNonNull(multicastAddress, "multicastAddress");
            sources = List.copyOf(sources);
            Ipv6Repr.requireBits("number of sources", sources.size(), 16);
        }

        /** @return the record's length in bytes */
        public int length() {
            return MldPacket.RECORD_HEADER_LENGTH + 16 * sources.size();
        }
    }

    /**
     * MLDv2 Report (RFC 3810 §5.2). Splitting records over several Reports so that each fits the link MTU
     * (§5.2.15) is the sender's.
     *
     * @param records the records
     */
    record Mldv2Report(List<AddressRecord> records) implements MldRepr {
        /** @throws IllegalArgumentException if there are more than 65535 records */
        public Mldv2Report {
            records = List.copyOf(records);
            Ipv6Repr.requireBits("number of records", records.size(), 16);
        }

        @Override
        public int type() {
            return Icmpv6Packet.MLDV2_REPORT;
        }

        @Override
        public int length() {
            int n = MldPacket.RECORDS;
            for (AddressRecord r : records) {
                n += r.length();
            }
            return n;
        }

        @Override
        public void emit(MldPacket packet) {
            start(packet, type(), length());
            packet.u16(MldPacket.NUMBER_OF_RECORDS, records.size());
            int at = MldPacket.RECORDS;
            for (AddressRecord r : records) {
                packet.u8(at, r.type());
                packet.u8(at + 1, 0);
                packet.u16(at + 2, r.sources().size());
                at = address(packet, at + 4, r.multicastAddress());
                for (Ipv6Address source : r.sources()) {
                    at = address(packet, at, source);
                }
            }
        }
    }
}
