package netstack.ip.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import netstack.api.link.PacketBuffer;
import netstack.ip.buffer.PacketPool;
import org.junit.jupiter.api.Test;

/** {@link Flyweight}: window handling and big-endian accessors, with the kernel's IPv4 header as golden bytes. */
class FlyweightTest {

    /** The smallest subclass: exposes the protected accessors under IPv4 header field names (RFC 791 §3.1). */
    static final class View extends Flyweight {
        static final int VERSION_IHL = 0;
        static final int TOTAL_LENGTH = 2;
        static final int IDENTIFICATION = 4;
        static final int FLAGS_FRAGMENT_OFFSET = 6;
        static final int TIME_TO_LIVE = 8;
        static final int PROTOCOL = 9;
        static final int HEADER_CHECKSUM = 10;
        static final int SOURCE_ADDRESS = 12;
        static final int DESTINATION_ADDRESS = 16;

        int get8(int at) {
            return u8(at);
        }

        int get16(int at) {
            return u16(at);
        }

        int get32(int at) {
            return u32(at);
        }

        void set8(int at, int v) {
            u8(at, v);
        }

        void set16(int at, int v) {
            u16(at, v);
        }

        void set32(int at, int v) {
            u32(at, v);
        }
    }

    /** An Ethernet frame (loopback: zero MACs, EtherType 0x0800) carrying the kernel's echo request. */
    private static final byte[] FRAME = HexFormat.of().parseHex("0000000000000000000000000800"
            + "4500002c909340004001ac3b7f0000017f000001"
            + "08008fbebe6300016e6574737461636b2072666331303731");

    @Test
    void readsGoldenIpv4HeaderInsideAFrame() {
        View v = new View();
        assertSame(v, v.wrap(MemorySegment.ofArray(FRAME), 14, 20));
        assertEquals(14, v.offset());
        assertEquals(20, v.length());
        assertEquals(0x45, v.get8(View.VERSION_IHL), "accessors are relative to the window");
        assertEquals(44, v.get16(View.TOTAL_LENGTH));
        assertEquals(0x9093, v.get16(View.IDENTIFICATION), "u16 widens unsigned");
        assertEquals(0x4000, v.get16(View.FLAGS_FRAGMENT_OFFSET));
        assertEquals(64, v.get8(View.TIME_TO_LIVE));
        assertEquals(1, v.get8(View.PROTOCOL));
        assertEquals(0xac3b, v.get16(View.HEADER_CHECKSUM));
        assertEquals(0x7f00_0001, v.get32(View.SOURCE_ADDRESS));
        assertEquals(0x7f00_0001, v.get32(View.DESTINATION_ADDRESS));
        assertEquals(0, Checksum.compute(v.segment(), v.offset(), v.length()));
    }

    @Test
    void unsignedWidening() {
        View v = new View();
        v.wrap(MemorySegment.ofArray(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}), 0, 4);
        assertEquals(255, v.get8(0));
        assertEquals(65535, v.get16(0));
        assertEquals(-1, v.get32(0), "u32 is the raw int; the caller widens");
        assertEquals(0xffff_ffffL, Integer.toUnsignedLong(v.get32(0)));
        v.wrap(MemorySegment.ofArray(new byte[] {(byte) 0x80, 0, 0, 0}), 0, 4);
        assertEquals(0x80, v.get8(0));
        assertEquals(0x8000, v.get16(0));
        assertEquals(Integer.MIN_VALUE, v.get32(0));
    }

    @Test
    void writesBigEndianLowBitsOnly() {
        try (Arena arena = Arena.ofConfined()) {
            for (MemorySegment s : new MemorySegment[] {MemorySegment.ofArray(new byte[16]), arena.allocate(16)}) {
                View v = new View();
                v.wrap(s, 3, 12); // an odd window start: every access below is unaligned
                v.set8(0, 0x1ab);
                v.set16(1, 0x1_c0de);
                v.set32(3, 0xc000_0201);
                v.set16(7, 0xffff);
                v.set8(9, -1);
                byte[] expected = HexFormat.of().parseHex("000000" + "ab" + "c0de" + "c0000201" + "ffff" + "ff"
                        + "000000");
                assertArrayEquals(expected, s.toArray(ValueLayout.JAVA_BYTE), "native=" + s.isNative());
                assertEquals(0xab, v.get8(0));
                assertEquals(0xc0de, v.get16(1));
                assertEquals(0xc000_0201, v.get32(3));
            }
        }
    }

    @Test
    void wrapRejectsWindowsOutsideTheSegmentAndKeepsTheOldOne() {
        MemorySegment s = MemorySegment.ofArray(new byte[20]);
        View v = new View();
        v.wrap(s, 4, 8);
        for (long[] bad : new long[][] {{-1, 4}, {0, -1}, {0, 21}, {20, 1}, {17, 4}}) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> v.wrap(s, bad[0], (int) bad[1]));
            assertTrue(e.getMessage().contains("20 bytes"), e.getMessage());
            assertEquals(4, v.offset(), "a rejected wrap keeps the previous window");
            assertEquals(8, v.length());
            assertSame(s, v.segment());
        }
        v.wrap(s, 20, 0);
        assertEquals(0, v.length(), "an empty window at the very end is inside");
        v.wrap(s, 0, 20);
        assertEquals(20, v.length());
    }

    @Test
    void accessOutsideTheSegmentThrows() {
        View v = new View();
        assertSame(MemorySegment.NULL, v.segment(), "an unwrapped view points nowhere");
        assertThrows(IndexOutOfBoundsException.class, () -> v.get8(0), "an unwrapped view cannot read");
        v.wrap(MemorySegment.ofArray(new byte[8]), 4, 4);
        assertEquals(0, v.get32(0));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get32(1), "past the segment's end");
        assertThrows(IndexOutOfBoundsException.class, () -> v.get16(3));
        assertThrows(IndexOutOfBoundsException.class, () -> v.get8(-5));
        assertThrows(IndexOutOfBoundsException.class, () -> v.set16(3, 0));
    }

    @Test
    void wrapsAPacketBuffersDataWindow() {
        try (PacketPool pool = new PacketPool(new PacketPool.Options(true, 64, 4, false, null))) {
            PacketBuffer b = pool.allocate(100);
            b.append(FRAME.length);
            b.segment().asSlice(b.start(), FRAME.length).copyFrom(MemorySegment.ofArray(FRAME));
            b.consume(14); // past the Ethernet header
            View v = new View();
            v.wrap(b);
            assertEquals(b.start(), v.offset());
            assertEquals(b.length(), v.length());
            assertEquals(0x45, v.get8(View.VERSION_IHL));
            assertEquals(0xac3b, v.get16(View.HEADER_CHECKSUM));
            // Rewrite a field and fix the checksum incrementally, as a forwarding path would (TTL 64 -> 63).
            int oldWord = v.get16(View.TIME_TO_LIVE);
            v.set8(View.TIME_TO_LIVE, 63);
            v.set16(View.HEADER_CHECKSUM, Checksum.update(v.get16(View.HEADER_CHECKSUM), oldWord,
                    v.get16(View.TIME_TO_LIVE)));
            assertEquals(0, Checksum.compute(v.segment(), v.offset(), 20), "still a valid header");
            b.release();
            assertThrows(IllegalStateException.class, () -> v.wrap(b), "a released buffer cannot be wrapped");
        }
    }
}
