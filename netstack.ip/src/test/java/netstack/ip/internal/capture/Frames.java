package netstack.ip.internal.capture;

import java.nio.ByteBuffer;

/**
 * Hand-built test traffic: Ethernet II / IPv4 / UDP frames and bare IPv4 / UDP packets between documentation
 * addresses 192.0.2.1 and 192.0.2.2, with correct IPv4 and UDP checksums, so that Wireshark dissects them without
 * expert complaints. The IPv4 identification carries a sequence number and the UDP source port a producer number,
 * which tests read back through tshark.
 */
final class Frames {

    static final int ETHERNET_HEADER_BYTES = 14;
    static final int IPV4_HEADER_BYTES = 20;
    static final int UDP_HEADER_BYTES = 8;
    /** The shortest complete Ethernet / IPv4 / UDP frame. */
    static final int MIN_ETHERNET_UDP_BYTES = ETHERNET_HEADER_BYTES + IPV4_HEADER_BYTES + UDP_HEADER_BYTES;
    /** Source port of producer 0; producer {@code p} sends from {@code BASE_PORT + p}. */
    static final int BASE_PORT = 49152;
    /** Discard (RFC 863): Wireshark shows the payload as plain data, so no dissector can complain about its bytes. */
    static final int DESTINATION_PORT = 9;

    static final byte[] SOURCE_MAC = {0x02, 0, 0, 0, 0, 0x01};
    static final byte[] DESTINATION_MAC = {0x02, 0, 0, 0, 0, 0x02};
    static final byte[] SOURCE_IP = {(byte) 192, 0, 2, 1};
    static final byte[] DESTINATION_IP = {(byte) 192, 0, 2, 2};

    private Frames() {
    }

    /**
     * An Ethernet frame of exactly {@code length} bytes. From {@link #MIN_ETHERNET_UDP_BYTES} up to 65549 bytes
     * the frame is exactly Ethernet + IPv4 + UDP; longer frames carry a 65535-byte IPv4 packet and an Ethernet
     * trailer (as a GSO super-frame would be cut); shorter ones are the first {@code length} bytes of a minimal
     * frame, i.e. runts.
     */
    static byte[] ethernetUdp(int length, int producer, int sequence) {
        int ipLength = Math.max(IPV4_HEADER_BYTES + UDP_HEADER_BYTES, Math.min(length - ETHERNET_HEADER_BYTES, 65535));
        byte[] packet = ipv4Udp(ipLength, producer, sequence);
        byte[] frame = new byte[length];
        ByteBuffer b = ByteBuffer.allocate(ETHERNET_HEADER_BYTES + packet.length);
        b.put(DESTINATION_MAC).put(SOURCE_MAC).putShort((short) 0x0800).put(packet);
        System.arraycopy(b.array(), 0, frame, 0, Math.min(length, b.capacity()));
        for (int i = b.capacity(); i < length; i++) {
            frame[i] = (byte) (i * 31 + 7);
        }
        return frame;
    }

    /** A bare IPv4 / UDP packet of {@code length} bytes, 28 to 65535. */
    static byte[] ipv4Udp(int length, int producer, int sequence) {
        if (length < IPV4_HEADER_BYTES + UDP_HEADER_BYTES || length > 65535) {
            throw new IllegalArgumentException("IPv4/UDP length " + length);
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) length).putShort((short) sequence)
                .putShort((short) 0x4000) // DF, no fragmentation
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(SOURCE_IP).put(DESTINATION_IP);
        b.putShort(10, (short) checksum(b.array(), 0, IPV4_HEADER_BYTES, 0));
        int udpLength = length - IPV4_HEADER_BYTES;
        b.putShort((short) (BASE_PORT + producer)).putShort((short) DESTINATION_PORT).putShort((short) udpLength)
                .putShort((short) 0);
        for (int i = IPV4_HEADER_BYTES + UDP_HEADER_BYTES; i < length; i++) {
            b.put((byte) (i * 7 + sequence));
        }
        // RFC 768: pseudo-header (addresses, zero, protocol, UDP length) + UDP header + data.
        long pseudo = sum16(SOURCE_IP) + sum16(DESTINATION_IP) + 17 + udpLength;
        int udp = checksum(b.array(), IPV4_HEADER_BYTES, udpLength, pseudo);
        b.putShort(IPV4_HEADER_BYTES + 6, (short) (udp == 0 ? 0xFFFF : udp));
        return b.array();
    }

    private static long sum16(byte[] bytes) {
        long sum = 0;
        for (int i = 0; i < bytes.length; i += 2) {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
        }
        return sum;
    }

    /** RFC 1071 Internet checksum over {@code length} bytes from {@code offset}, starting from {@code sum}. */
    static int checksum(byte[] bytes, int offset, int length, long sum) {
        for (int i = 0; i + 1 < length; i += 2) {
            sum += ((bytes[offset + i] & 0xFF) << 8) | (bytes[offset + i + 1] & 0xFF);
        }
        if ((length & 1) != 0) {
            sum += (bytes[offset + length - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
