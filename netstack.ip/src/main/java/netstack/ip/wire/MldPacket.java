package netstack.ip.wire;

import java.lang.foreign.MemorySegment;
import netstack.api.net.Ipv6Address;

/**
 * View of a Multicast Listener Discovery message: MLDv1 (RFC 2710) Query, Report and Done, and MLDv2 (RFC 3810)
 * Query and Report. All are ICMPv6 messages; this view starts at the type byte.
 *
 * <pre>
 * MLDv1 Query (130), Report (131), Done (132): 24 bytes      MLDv2 Query (130): 28 + 16 N bytes
 * +-------+-------+---------------+                         +-------+-------+---------------+
 * | Type  | Code  |   Checksum    |                         | Type  | Code  |   Checksum    |
 * +-------+-------+---------------+                         +-------+-------+---------------+
 * | Max Resp Delay|   Reserved    |                         | Max Resp Code |   Reserved    |
 * +---------------+---------------+                         +---------------+---------------+
 * |  Multicast Address (16 bytes) |                         |  Multicast Address (16 bytes) |
 * +-------------------------------+                         +-+-+---+-------+---------------+
 *                                                           |Resv|S|QRV| QQIC | N sources   |
 * MLDv2 Report (143)                                        +-------+-------+---------------+
 * +-------+-------+---------------+                         |  Source Address [1..N]        |
 * | Type  | Resv  |   Checksum    |                         +-------------------------------+
 * +-------+-------+---------------+
 * |   Reserved    | Nr of Records |     Multicast Address Record (RFC 3810 §5.2.4)
 * +---------------+---------------+     +-----------+--------------+---------------+
 * |  Multicast Address Record [1] |     |Record Type|Aux Data Len  | N sources     |
 * +-------------------------------+     +-----------+--------------+---------------+
 * |  ...                          |     |  Multicast Address (16 bytes)            |
 *                                       |  Source Address [1..N] (16 bytes each)   |
 *                                       |  Auxiliary Data (Aux Data Len words)     |
 *                                       +------------------------------------------+
 * </pre>
 *
 * A Query of 24 bytes is MLDv1, one of 28 bytes or more MLDv2, any other length is ignored (RFC 3810 §8.1).
 * Records of a Report are walked with an {@code int} cursor after {@link #check} has checked that they all fit:
 *
 * <pre>{@code
 * for (int at = mld.firstRecord(); at >= 0; at = mld.nextRecord(at)) { mld.recordType(at) ... }
 * }</pre>
 *
 * <p>Allocation-free except where a method says otherwise; one instance per thread.
 */
public final class MldPacket extends Flyweight {

    /** Type field. */
    public static final int TYPE = 0;
    /** Code field. */
    public static final int CODE = 1;
    /** Checksum field. */
    public static final int CHECKSUM = 2;
    /** MLDv1 Maximum Response Delay (ms) or MLDv2 Maximum Response Code. */
    public static final int MAXIMUM_RESPONSE = 4;
    /** Multicast Address of a Query or MLDv1 message. */
    public static final int MULTICAST_ADDRESS = 8;
    /** MLDv2 Query: Resv (4 bits), S flag, QRV (3 bits). */
    public static final int S_QRV = 24;
    /** MLDv2 Query: Querier's Query Interval Code. */
    public static final int QQIC = 25;
    /** MLDv2 Query: Number of Sources. */
    public static final int NUMBER_OF_SOURCES = 26;
    /** MLDv2 Query: first Source Address. */
    public static final int SOURCES = 28;
    /** MLDv2 Report: Nr of Mcast Address Records. */
    public static final int NUMBER_OF_RECORDS = 6;
    /** MLDv2 Report: first record. */
    public static final int RECORDS = 8;

    /** Length of every MLDv1 message and of an MLDv1 Query. */
    public static final int MLDV1_LENGTH = 24;
    /** The smallest MLDv2 Query. */
    public static final int MLDV2_QUERY_MIN_LENGTH = 28;
    /** Length of a record before its sources. */
    public static final int RECORD_HEADER_LENGTH = 20;

    /** Record type 1: MODE_IS_INCLUDE, a Current State Record (RFC 3810 §5.2.12). */
    public static final int MODE_IS_INCLUDE = 1;
    /** Record type 2: MODE_IS_EXCLUDE, a Current State Record. */
    public static final int MODE_IS_EXCLUDE = 2;
    /** Record type 3: CHANGE_TO_INCLUDE_MODE, a Filter Mode Change Record. */
    public static final int CHANGE_TO_INCLUDE_MODE = 3;
    /** Record type 4: CHANGE_TO_EXCLUDE_MODE, a Filter Mode Change Record. */
    public static final int CHANGE_TO_EXCLUDE_MODE = 4;
    /** Record type 5: ALLOW_NEW_SOURCES, a Source List Change Record. */
    public static final int ALLOW_NEW_SOURCES = 5;
    /** Record type 6: BLOCK_OLD_SOURCES, a Source List Change Record. */
    public static final int BLOCK_OLD_SOURCES = 6;

    /** The MLDv2 Report destination: all MLDv2-capable routers, {@code ff02::16} (RFC 3810 §5.2.14). */
    public static final Ipv6Address ALL_MLDV2_ROUTERS = new Ipv6Address(0xff02L << 48, 0x16);
    /** The hop limit every MLD message is sent with (RFC 3810 §5, RFC 2710 §3). */
    public static final int HOP_LIMIT = 1;

    /** What {@link #check} found. */
    public enum Check {
        /** Valid as far as the packet alone can tell. */
        OK,
        /** Not an MLD type (130, 131, 132, 143). */
        NOT_MLD,
        /** Shorter than the message needs, or records or sources run past the end. */
        TRUNCATED,
        /** A Query whose length is neither 24 nor at least 28 bytes: ignored (RFC 3810 §8.1). */
        BAD_QUERY_LENGTH,
        /** A Query from a source that is not link-local, or a Report or Done from neither link-local nor {@code ::}
         *  (RFC 3810 §5.1.14, §5.2.13; RFC 2710 §3). */
        BAD_SOURCE,
        /** A Query whose hop limit is not 1 (RFC 3810 §6.2). */
        BAD_HOP_LIMIT,
        /** A Query without a Router Alert option of value 0 in a Hop-by-Hop header (RFC 3810 §6.2). */
        NO_ROUTER_ALERT
    }

    /** Where the records end, as {@link #firstRecord()} or {@link #check} found; bytes after them are ignored. */
    private int recordsEnd;

    @Override
    public MldPacket wrap(MemorySegment newSegment, long newOffset, int newLength) {
        super.wrap(newSegment, newOffset, newLength);
        return this;
    }

    /**
     * The validity checks a node applies to a received MLD message. Queries get all of RFC 3810 §6.2 (link-local
     * source, hop limit 1, Router Alert), Reports and Dones the source rule of §5.2.13 / RFC 2710 §3; the Code is
     * ignored on receipt, as both RFCs say. After {@link Check#OK} every accessor, sources and records included,
     * reads inside the window.
     *
     * @param ip the checked IPv6 packet that carried the message
     * @param routerAlert the Router Alert value its Hop-by-Hop header carried ({@link
     *     Ipv6ExtensionHeaders#routerAlert()}), -1 for none
     * @return {@link Check#OK} or the first broken rule
     */
    public Check check(Ipv6Packet ip, int routerAlert) {
        recordsEnd = 0;
        if (length < 4) {
            return Check.TRUNCATED;
        }
        long sourceHigh = ip.sourceAddressHigh();
        boolean linkLocal = (sourceHigh >>> 54) == (0xfe80L >>> 6);
        boolean unspecified = sourceHigh == 0 && ip.sourceAddressLow() == 0;
        switch (type()) {
            case Icmpv6Packet.MLD_QUERY -> {
                if (length < MLDV1_LENGTH) {
                    return Check.TRUNCATED;
                }
                if (length != MLDV1_LENGTH && length < MLDV2_QUERY_MIN_LENGTH) {
                    return Check.BAD_QUERY_LENGTH;
                }
                if (length >= MLDV2_QUERY_MIN_LENGTH && SOURCES + 16 * sourceCount() > length) {
                    return Check.TRUNCATED;
                }
                if (!linkLocal) {
                    return Check.BAD_SOURCE;
                }
                if (ip.hopLimit() != HOP_LIMIT) {
                    return Check.BAD_HOP_LIMIT;
                }
                if (routerAlert != Ipv6OptionsHeader.ROUTER_ALERT_MLD) {
                    return Check.NO_ROUTER_ALERT;
                }
            }
            case Icmpv6Packet.MLDV1_REPORT, Icmpv6Packet.MLDV1_DONE -> {
                if (length < MLDV1_LENGTH) {
                    return Check.TRUNCATED;
                }
                if (!linkLocal && !unspecified) {
                    return Check.BAD_SOURCE;
                }
            }
            case Icmpv6Packet.MLDV2_REPORT -> {
                if (length < RECORDS) {
                    return Check.TRUNCATED;
                }
                if (walkRecords() != recordCount()) {
                    return Check.TRUNCATED;
                }
                if (!linkLocal && !unspecified) {
                    return Check.BAD_SOURCE;
                }
            }
            default -> {
                return Check.NOT_MLD;
            }
        }
        return Check.OK;
    }

    /** @return the ICMPv6 type */
    public int type() {
        return u8(TYPE);
    }

    /** @return the code (ignored on receipt) */
    public int code() {
        return u8(CODE);
    }

    /** @return {@code true} for a Query of MLDv2 form (28 bytes or more) */
    public boolean isVersion2Query() {
        return type() == Icmpv6Packet.MLD_QUERY && length >= MLDV2_QUERY_MIN_LENGTH;
    }

    /** @return the raw 16-bit Maximum Response field: a delay in ms (MLDv1) or a code (MLDv2) */
    public int maximumResponseCode() {
        return u16(MAXIMUM_RESPONSE);
    }

    /**
     * @return a Query's maximum response delay in milliseconds: the field itself for MLDv1, decoded from the code
     *     for MLDv2 (RFC 3810 §5.1.3)
     */
    public long maximumResponseDelayMillis() {
        return isVersion2Query() ? decodeMaximumResponseCode(maximumResponseCode()) : maximumResponseCode();
    }

    /** @return the multicast address's first 64 bits (of a Query or MLDv1 message) */
    public long multicastAddressHigh() {
        return segment.get(U64, offset + MULTICAST_ADDRESS);
    }

    /** @return the multicast address's last 64 bits */
    public long multicastAddressLow() {
        return segment.get(U64, offset + MULTICAST_ADDRESS + 8);
    }

    /** @return the multicast address ({@code ::} in a General Query); allocates */
    public Ipv6Address multicastAddress() {
        return new Ipv6Address(multicastAddressHigh(), multicastAddressLow());
    }

    /** @return MLDv2 Query: the S flag, suppress router-side processing (RFC 3810 §5.1.7) */
    public boolean suppressRouterSideProcessing() {
        return (u8(S_QRV) & 0x08) != 0;
    }

    /** @return MLDv2 Query: the Querier's Robustness Variable, 0 if above 7 (RFC 3810 §5.1.8) */
    public int querierRobustness() {
        return u8(S_QRV) & 0x07;
    }

    /** @return MLDv2 Query: the raw Querier's Query Interval Code */
    public int queryIntervalCode() {
        return u8(QQIC);
    }

    /** @return MLDv2 Query: the querier's query interval in seconds, decoded (RFC 3810 §5.1.9) */
    public int queryIntervalSeconds() {
        return decodeQueryIntervalCode(queryIntervalCode());
    }

    /** @return MLDv2 Query: the number of sources */
    public int sourceCount() {
        return u16(NUMBER_OF_SOURCES);
    }

    /**
     * @param index 0-based
     * @return MLDv2 Query: that source address; allocates
     */
    public Ipv6Address source(int index) {
        long at = offset + SOURCES + 16L * index;
        return new Ipv6Address(segment.get(U64, at), segment.get(U64, at + 8));
    }

    /** @return MLDv2 Report: the number of multicast address records */
    public int recordCount() {
        return u16(NUMBER_OF_RECORDS);
    }

    /**
     * Starts a walk over the records. The walk yields only records that lie wholly inside the window, at most
     * {@link #recordCount()} of them, whether or not {@link #check} was called.
     *
     * @return MLDv2 Report: the cursor of the first record, or -1 if there is none
     */
    public int firstRecord() {
        walkRecords();
        return recordsEnd > RECORDS ? RECORDS : -1;
    }

    /** Counts the records that fit in the window, up to the number claimed, and notes where they end. */
    private int walkRecords() {
        int at = RECORDS;
        int n = 0;
        int count = length >= RECORDS ? recordCount() : 0;
        while (n < count && at + RECORD_HEADER_LENGTH <= length) {
            int next = at + recordLength(at);
            if (next > length) {
                break;
            }
            at = next;
            n++;
        }
        recordsEnd = at;
        return n;
    }

    /**
     * @param at a record cursor from {@link #firstRecord()} or this method
     * @return the next record's cursor, or -1 after the last
     */
    public int nextRecord(int at) {
        int next = at + recordLength(at);
        return next < recordsEnd ? next : -1;
    }

    /**
     * @param at a record cursor
     * @return the record's length in bytes, sources and auxiliary data included
     */
    public int recordLength(int at) {
        return RECORD_HEADER_LENGTH + 16 * recordSourceCount(at) + 4 * recordAuxDataWords(at);
    }

    /**
     * @param at a record cursor
     * @return the record type, {@link #MODE_IS_INCLUDE}..{@link #BLOCK_OLD_SOURCES}
     */
    public int recordType(int at) {
        return u8(at);
    }

    /**
     * @param at a record cursor
     * @return Aux Data Len in 32-bit words (RFC 3810 §5.2.6: receivers skip the data)
     */
    public int recordAuxDataWords(int at) {
        return u8(at + 1);
    }

    /**
     * @param at a record cursor
     * @return the number of sources
     */
    public int recordSourceCount(int at) {
        return u16(at + 2);
    }

    /**
     * @param at a record cursor
     * @return the multicast address's first 64 bits
     */
    public long recordMulticastAddressHigh(int at) {
        return segment.get(U64, offset + at + 4);
    }

    /**
     * @param at a record cursor
     * @return the multicast address's last 64 bits
     */
    public long recordMulticastAddressLow(int at) {
        return segment.get(U64, offset + at + 12);
    }

    /**
     * @param at a record cursor
     * @return the multicast address; allocates
     */
    public Ipv6Address recordMulticastAddress(int at) {
        return new Ipv6Address(recordMulticastAddressHigh(at), recordMulticastAddressLow(at));
    }

    /**
     * @param at a record cursor
     * @param index 0-based source index
     * @return that source address; allocates
     */
    public Ipv6Address recordSource(int at, int index) {
        long where = offset + at + RECORD_HEADER_LENGTH + 16L * index;
        return new Ipv6Address(segment.get(U64, where), segment.get(U64, where + 8));
    }

    /**
     * RFC 3810 §5.1.3: codes below 32768 are milliseconds; above, a floating-point value
     * {@code (mant | 0x1000) << (exp + 3)} with 3 exponent and 12 mantissa bits.
     *
     * @param code the 16-bit Maximum Response Code
     * @return the Maximum Response Delay in milliseconds
     */
    public static long decodeMaximumResponseCode(int code) {
        if (code < 0x8000) {
            return code;
        }
        int exp = (code >>> 12) & 7;
        int mant = code & 0xfff;
        return (long) (mant | 0x1000) << (exp + 3);
    }

    /**
     * The inverse of {@link #decodeMaximumResponseCode}: exact below 32768 ms, rounded down above (the largest
     * delay that can be sent is 8387584 ms).
     *
     * @param delayMillis the delay
     * @return the code
     */
    public static int encodeMaximumResponseCode(long delayMillis) {
        if (delayMillis < 0x8000) {
            return (int) Math.max(0, delayMillis);
        }
        for (int exp = 7; exp >= 0; exp--) {
            long mant = (delayMillis >>> (exp + 3)) - 0x1000;
            if (mant >= 0) {
                return 0x8000 | (exp << 12) | (int) Math.min(mant, 0xfff);
            }
        }
        throw new AssertionError("unreachable for delays of 32768 ms and more");
    }

    /**
     * RFC 3810 §5.1.9: codes below 128 are seconds; above, {@code (mant | 0x10) << (exp + 3)} with 3 exponent and
     * 4 mantissa bits.
     *
     * @param code the 8-bit QQIC
     * @return the query interval in seconds
     */
    public static int decodeQueryIntervalCode(int code) {
        if (code < 0x80) {
            return code;
        }
        int exp = (code >>> 4) & 7;
        int mant = code & 0xf;
        return (mant | 0x10) << (exp + 3);
    }

    /**
     * The inverse of {@link #decodeQueryIntervalCode}: exact below 128 s, rounded down above (at most 31744 s).
     *
     * @param seconds the interval
     * @return the code
     */
    public static int encodeQueryIntervalCode(int seconds) {
        if (seconds < 0x80) {
            return Math.max(0, seconds);
        }
        for (int exp = 7; exp >= 0; exp--) {
            int mant = (seconds >>> (exp + 3)) - 0x10;
            if (mant >= 0) {
                return 0x80 | (exp << 4) | Math.min(mant, 0xf);
            }
        }
        throw new AssertionError("unreachable for intervals of 128 s and more");
    }
}
