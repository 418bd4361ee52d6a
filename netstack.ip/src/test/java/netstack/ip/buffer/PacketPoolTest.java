package netstack.ip.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import netstack.api.link.PacketBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PacketPool} and {@link PooledBuffer}: window arithmetic, bounds, ownership, recycling, size classes and
 * the pool's documented limits, for heap and native memory. Leak detection is in {@link LeakDetectorTest}.
 */
class PacketPoolTest {

    private static final int HEADROOM = 128;

    private static PacketPool pool(boolean direct) {
        return new PacketPool(new PacketPool.Options(direct, HEADROOM, 8, false, null));
    }

    private static byte[] bytes(MemorySegment data) {
        return data.toArray(ValueLayout.JAVA_BYTE);
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void freshBufferHasEmptyWindowAtDefaultHeadroom(boolean direct) {
        try (PacketPool pool = pool(direct)) {
            PacketBuffer b = pool.allocate(1500);
            assertEquals(HEADROOM, b.start());
            assertEquals(HEADROOM, b.end());
            assertEquals(0, b.length());
            assertEquals(HEADROOM, b.headroom());
            assertEquals(PacketPool.MIN_CLASS_BYTES, b.capacity(), "1500 + 128 fits the smallest class");
            assertEquals(b.capacity() - HEADROOM, b.tailroom());
            assertTrue(b.tailroom() >= 1500);
            assertEquals(b.capacity(), b.segment().byteSize());
            assertEquals(direct, b.segment().isNative(), "heap or native as configured");
            assertEquals(0, b.flags());
            assertEquals(PacketBuffer.GSO_NONE, b.gsoType());
            assertEquals(0, b.gsoSize());
            assertEquals(1, pool.outstanding());
            b.release();
            assertEquals(0, pool.outstanding());
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void explicitHeadroom(boolean direct) {
        try (PacketPool pool = pool(direct)) {
            PacketBuffer none = pool.allocate(100, 0);
            assertEquals(0, none.start());
            assertEquals(0, none.headroom());
            assertThrows(IndexOutOfBoundsException.class, () -> none.prepend(1));
            PacketBuffer big = pool.allocate(0, 3000);
            assertEquals(3000, big.start());
            assertEquals(3000, big.end());
            assertEquals(4096, big.capacity(), "3000 bytes need the 4 KiB class");
            none.release();
            big.release();
        }
    }

    @Test
    void sizeClassesAndUnpooledRequests() {
        try (PacketPool pool = pool(false)) {
            List<PacketBuffer> leased = new ArrayList<>();
            PacketBuffer exact = pool.allocate(PacketPool.MIN_CLASS_BYTES - HEADROOM);
            leased.add(exact);
            assertEquals(PacketPool.MIN_CLASS_BYTES, exact.capacity());
            assertEquals(PacketPool.MIN_CLASS_BYTES - HEADROOM, exact.tailroom());
            PacketBuffer oneMore = pool.allocate(PacketPool.MIN_CLASS_BYTES - HEADROOM + 1);
            leased.add(oneMore);
            assertEquals(2 * PacketPool.MIN_CLASS_BYTES, oneMore.capacity());
            PacketBuffer largest = pool.allocate(PacketPool.MAX_CLASS_BYTES - HEADROOM);
            leased.add(largest);
            assertEquals(PacketPool.MAX_CLASS_BYTES, largest.capacity());
            assertEquals(0, pool.unpooled());

            PacketBuffer huge = pool.allocate(PacketPool.MAX_CLASS_BYTES - HEADROOM + 1);
            assertEquals(1, pool.unpooled(), "above the largest class is served unpooled");
            assertEquals(PacketPool.MAX_CLASS_BYTES + 1, huge.capacity(), "unpooled buffers are exactly as big");
            assertEquals(HEADROOM, huge.start());
            long created = pool.created();
            huge.release();
            PacketBuffer again = pool.allocate(PacketPool.MAX_CLASS_BYTES);
            assertNotSame(huge, again, "an unpooled buffer is never recycled");
            assertEquals(created + 1, pool.created());
            assertEquals(2, pool.unpooled());
            again.release();
            leased.forEach(PacketBuffer::release);
            assertEquals(0, pool.outstanding());
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void prependIntoHeadroomAppendAtTail(boolean direct) {
        try (PacketPool pool = pool(direct)) {
            PacketBuffer b = pool.allocate(64);
            MemorySegment s = b.segment();
            // Payload first, as a transport would write it.
            int payloadAt = b.end();
            b.append(4);
            s.asSlice(payloadAt, 4).copyFrom(MemorySegment.ofArray(new byte[] {'d', 'a', 't', 'a'}));
            assertEquals(HEADROOM, b.start());
            assertEquals(HEADROOM + 4, b.end());
            // Then headers are prepended in front of it, innermost first.
            b.prepend(8);
            assertEquals(HEADROOM - 8, b.start());
            assertEquals(HEADROOM - 8, b.headroom());
            s.asSlice(b.start(), 8).fill((byte) 0x11);
            b.prepend(20);
            s.asSlice(b.start(), 20).fill((byte) 0x45);
            assertEquals(HEADROOM - 28, b.start());
            assertEquals(32, b.length());
            byte[] data = bytes(b.data());
            assertEquals(32, data.length);
            assertEquals(0x45, data[0]);
            assertEquals(0x45, data[19]);
            assertEquals(0x11, data[20]);
            assertEquals(0x11, data[27]);
            assertEquals('d', data[28]);
            assertEquals('a', data[31]);
            assertEquals(b.capacity() - b.end(), b.tailroom());

            ByteBuffer view = b.asByteBuffer();
            assertEquals(0, view.position());
            assertEquals(32, view.limit());
            assertEquals(0x4545, view.getShort(0), "views are big-endian");

            // Parsing moves the start forward again; trimming padding moves the end back.
            b.consume(20);
            assertEquals(HEADROOM - 8, b.start());
            assertEquals(12, b.length());
            b.truncate(8);
            assertEquals(HEADROOM, b.end());
            assertEquals(8, b.length());
            b.window(10, 30);
            assertEquals(10, b.start());
            assertEquals(30, b.end());
            assertEquals(20, b.length());
            assertEquals(10, b.headroom());
            assertEquals(b.capacity() - 30, b.tailroom());
            b.window(0, b.capacity());
            assertEquals(0, b.headroom());
            assertEquals(0, b.tailroom());
            b.reset(HEADROOM);
            assertEquals(HEADROOM, b.start());
            assertEquals(0, b.length());
            b.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void overrunsThrowAndLeaveTheWindowAlone(boolean direct) {
        try (PacketPool pool = pool(direct)) {
            PacketBuffer b = pool.allocate(100);
            b.append(40);
            int start = b.start();
            int end = b.end();
            int capacity = b.capacity();
            assertOverrun(b, () -> b.prepend(start + 1), "prepend " + (start + 1), "headroom " + start);
            assertOverrun(b, () -> b.prepend(-1), "prepend -1");
            assertOverrun(b, () -> b.append(capacity - end + 1), "append " + (capacity - end + 1),
                    "tailroom " + (capacity - end));
            assertOverrun(b, () -> b.append(-1), "append -1");
            assertOverrun(b, () -> b.consume(41), "consume 41 bytes of 40");
            assertOverrun(b, () -> b.consume(-1), "consume -1");
            assertOverrun(b, () -> b.truncate(41), "truncate to 41 bytes of 40");
            assertOverrun(b, () -> b.truncate(-1), "truncate to -1");
            assertOverrun(b, () -> b.window(-1, 10), "window [-1, 10)");
            assertOverrun(b, () -> b.window(11, 10), "window [11, 10)");
            assertOverrun(b, () -> b.window(0, capacity + 1), "outside capacity " + capacity);
            assertOverrun(b, () -> b.reset(capacity + 1), "headroom " + (capacity + 1));
            assertOverrun(b, () -> b.reset(-1), "headroom -1");
            assertEquals(start, b.start());
            assertEquals(end, b.end());
            // Exactly filling head- and tailroom is allowed.
            b.prepend(start).append(capacity - end);
            assertEquals(0, b.headroom());
            assertEquals(0, b.tailroom());
            assertEquals(capacity, b.length());
            b.release();
        }
    }

    private static void assertOverrun(PacketBuffer b, Executable op, String... messageParts) {
        int start = b.start();
        int end = b.end();
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, op);
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should say '" + part + "'");
        }
        assertEquals(start, b.start(), "a failed operation leaves start alone");
        assertEquals(end, b.end(), "a failed operation leaves end alone");
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void appendFromCopiesRemainingBytes(boolean direct) {
        try (PacketPool pool = pool(direct)) {
            PacketBuffer b = pool.allocate(64);
            ByteBuffer heap = ByteBuffer.wrap(new byte[] {9, 9, 9, 1, 2, 3, 4, 9});
            heap.position(3).limit(7);
            b.appendFrom(heap);
            assertEquals(7, heap.position(), "the source's position advances to its limit");
            assertEquals(4, b.length());
            ByteBuffer native4 = ByteBuffer.allocateDirect(3).put(new byte[] {5, 6, 7}).flip();
            b.appendFrom(native4);
            assertFalse(native4.hasRemaining());
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7}, bytes(b.data()));
            assertEquals(HEADROOM, b.start());

            ByteBuffer tooBig = ByteBuffer.allocate(b.tailroom() + 1);
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> b.appendFrom(tooBig));
            assertTrue(e.getMessage().contains("tailroom " + b.tailroom()), e.getMessage());
            assertEquals(0, tooBig.position(), "nothing consumed from the source on failure");
            assertEquals(7, b.length(), "nothing appended on failure");
            b.release();
        }
    }

    @Test
    void offloadMetadata() {
        try (PacketPool pool = pool(false)) {
            PacketBuffer b = pool.allocate(64);
            b.flags(PacketBuffer.CHECKSUM_VERIFIED);
            b.checksumPartial(HEADROOM + 20, 16);
            assertEquals(PacketBuffer.CHECKSUM_VERIFIED | PacketBuffer.CHECKSUM_PARTIAL, b.flags(),
                    "checksumPartial adds its flag and keeps the others");
            assertEquals(HEADROOM + 20, b.checksumStart());
            assertEquals(16, b.checksumOffset());
            b.gso(PacketBuffer.GSO_TCPV6, 1440);
            assertEquals(PacketBuffer.GSO_TCPV6, b.gsoType());
            assertEquals(1440, b.gsoSize());
            b.reset(10);
            assertEquals(0, b.flags());
            assertEquals(0, b.checksumStart());
            assertEquals(0, b.checksumOffset());
            assertEquals(PacketBuffer.GSO_NONE, b.gsoType());
            assertEquals(0, b.gsoSize());
            b.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void useAfterReleaseIsAnError(boolean direct) {
        try (PacketPool pool = pool(direct)) {
            PacketBuffer b = pool.allocate(64);
            b.append(10);
            b.release();
            IllegalStateException e = assertThrows(IllegalStateException.class, b::segment);
            assertTrue(e.getMessage().contains("after release"), e.getMessage());
            assertThrows(IllegalStateException.class, b::data);
            assertThrows(IllegalStateException.class, b::asByteBuffer);
            assertThrows(IllegalStateException.class, () -> b.appendFrom(ByteBuffer.wrap(new byte[] {1})),
                    "appendFrom writes into the segment, so it must refuse a released buffer like segment()");
            assertTrue(b.toString().contains("released"), b.toString());
            assertEquals(0, pool.outstanding());
        }
    }

    @ParameterizedTest(name = "trackLeaks={0}")
    @ValueSource(booleans = {true, false})
    void doubleReleaseIsAnError(boolean track) {
        try (PacketPool pool = new PacketPool(new PacketPool.Options(false, HEADROOM, 8, track, r -> { }))) {
            PacketBuffer b = pool.allocate(64);
            b.release();
            IllegalStateException e = assertThrows(IllegalStateException.class, b::release);
            assertTrue(e.getMessage().contains("released twice"), e.getMessage());
            assertEquals(0, pool.outstanding(), "a refused release does not count");
            PacketBuffer next = pool.allocate(64);
            assertSame(b, next, "the buffer went back to the pool once, not twice");
            PacketBuffer other = pool.allocate(64);
            assertNotSame(next, other, "a double release must not put one buffer on the free list twice");
            if (track) {
                assertEquals(1, e.getSuppressed().length, "the first release site is attached");
                Throwable first = e.getSuppressed()[0];
                assertTrue(first.getMessage().contains("first released here"), first.getMessage());
                assertTrue(mentions(first, "doubleReleaseIsAnError"), "the first release site names this method");
                assertTrue(mentions(e, "doubleReleaseIsAnError"), "the second release site is the exception's own");
            } else {
                assertEquals(0, e.getSuppressed().length);
            }
            next.release();
            other.release();
        }
    }

    static boolean mentions(Throwable t, String methodName) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getMethodName().equals(methodName)) {
                return true;
            }
        }
        return false;
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void releasedBufferComesBackClean(boolean direct) {
        try (PacketPool pool = pool(direct)) {
            PacketBuffer b = pool.allocate(1000);
            b.append(500).prepend(40).flags(PacketBuffer.CHECKSUM_VERIFIED).gso(PacketBuffer.GSO_TCPV4, 1000);
            b.checksumPartial(HEADROOM, 6);
            b.segment().fill((byte) 0x5a);
            long created = pool.created();
            b.release();

            PacketBuffer again = pool.allocate(1000);
            assertSame(b, again, "the free stack returns the buffer just released");
            assertEquals(created, pool.created(), "recycled, not created");
            // allocate() promises an empty window at the headroom and (via reset) no offload metadata. It does not
            // promise zeroed memory: writers overwrite every byte they emit (STYLE.md), so contents are not checked.
            assertEquals(HEADROOM, again.start());
            assertEquals(HEADROOM, again.end());
            assertEquals(0, again.flags());
            assertEquals(0, again.checksumStart());
            assertEquals(0, again.checksumOffset());
            assertEquals(PacketBuffer.GSO_NONE, again.gsoType());
            assertEquals(0, again.gsoSize());
            assertNotNull(again.segment(), "usable again after the new lease");
            again.release();

            PacketBuffer noHeadroom = pool.allocate(1000, 0);
            assertSame(b, noHeadroom);
            assertEquals(0, noHeadroom.start(), "the new lease's headroom, not the old one's");
            noHeadroom.release();
        }
    }

    @Test
    void freeListIsBoundedPerClass() {
        try (PacketPool pool = new PacketPool(new PacketPool.Options(false, HEADROOM, 2, false, null))) {
            List<PacketBuffer> three = List.of(pool.allocate(100), pool.allocate(100), pool.allocate(100));
            assertEquals(3, pool.created());
            three.forEach(PacketBuffer::release);
            List<PacketBuffer> again = List.of(pool.allocate(100), pool.allocate(100), pool.allocate(100));
            assertEquals(4, pool.created(), "two kept on release, the third dropped and replaced");
            again.forEach(PacketBuffer::release);
        }
    }

    @Test
    void zeroFreePerClassKeepsNothing() {
        try (PacketPool pool = new PacketPool(new PacketPool.Options(false, HEADROOM, 0, false, null))) {
            PacketBuffer b = pool.allocate(100);
            b.release();
            PacketBuffer c = pool.allocate(100);
            assertNotSame(b, c, "maxFreePerClass 0: 'the most free buffers kept per size class' is none");
            assertEquals(2, pool.created());
            c.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {true, false})
    void anEmptyClassGrowsInsteadOfBlockingOrFailing(boolean direct) {
        try (PacketPool pool = new PacketPool(new PacketPool.Options(direct, HEADROOM, 1, false, null))) {
            Map<PacketBuffer, Boolean> distinct = new IdentityHashMap<>();
            for (int i = 0; i < 50; i++) {
                PacketBuffer b = pool.allocate(1500);
                assertNotNull(b, "the pool never returns null");
                distinct.put(b, Boolean.TRUE);
            }
            assertEquals(50, distinct.size(), "every lease is a different buffer");
            assertEquals(50, pool.outstanding());
            assertEquals(50, pool.created());
            distinct.keySet().forEach(PacketBuffer::release);
            assertEquals(0, pool.outstanding());
        }
    }

    @Test
    void rejectsBadSizes() {
        try (PacketPool pool = pool(false)) {
            assertThrows(IllegalArgumentException.class, () -> pool.allocate(-1));
            assertThrows(IllegalArgumentException.class, () -> pool.allocate(10, -1));
            IllegalArgumentException overflow = assertThrows(IllegalArgumentException.class,
                    () -> pool.allocate(Integer.MAX_VALUE, HEADROOM),
                    "capacity + headroom wrapping below zero must not hand out a 2 KiB buffer");
            assertTrue(overflow.getMessage().contains(String.valueOf(Integer.MAX_VALUE)), overflow.getMessage());
            assertThrows(IllegalArgumentException.class, () -> pool.allocate(Integer.MAX_VALUE - 10, 11));
            assertEquals(0, pool.outstanding());
            assertEquals(0, pool.created());
        }
    }

    @Test
    void optionsAreValidated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PacketPool.Options(true, -1, 8, false, null));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new PacketPool.Options(true, PacketPool.MIN_CLASS_BYTES, 8, false, null));
        assertTrue(e.getMessage().contains(String.valueOf(PacketPool.MIN_CLASS_BYTES)), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new PacketPool.Options(true, 0, -3, false, null));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());

        PacketPool.Options d = PacketPool.Options.defaults();
        assertTrue(d.direct());
        assertEquals(128, d.defaultHeadroom());
        assertEquals(1024, d.maxFreePerClass());
        PacketPool.Options heap = d.withDirect(false);
        assertFalse(heap.direct());
        assertEquals(d.defaultHeadroom(), heap.defaultHeadroom());
        assertTrue(d.withTrackLeaks(true).trackLeaks());
        assertFalse(d.withTrackLeaks(true).withTrackLeaks(false).trackLeaks());
        PacketPool.Options listening = d.withLeakListener(r -> { });
        assertTrue(listening.trackLeaks(), "setting a listener turns tracking on");
        assertNotNull(listening.leakListener());
    }

    @Test
    void closedPoolRefusesLeases() {
        PacketPool pool = pool(true);
        PacketBuffer stillLeased = pool.allocate(100);
        pool.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.allocate(100));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        // Native memory is freed by close(): the segment fails cleanly instead of reading freed memory.
        assertThrows(IllegalStateException.class, () -> stillLeased.segment().get(ValueLayout.JAVA_BYTE, 0));
        // A late release (e.g. from a driver thread) is accepted and counted, not recycled.
        stillLeased.release();
        assertEquals(0, pool.outstanding());
    }

    @Test
    void heapBuffersSurviveClose() {
        PacketPool pool = pool(false);
        PacketBuffer b = pool.allocate(100);
        pool.close();
        b.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1);
        assertEquals(1, b.segment().get(ValueLayout.JAVA_BYTE, 0));
        b.release();
        assertEquals(0, pool.outstanding());
    }

    @Test
    void toStringNamesKindAndCounts() {
        try (PacketPool pool = pool(true)) {
            PacketBuffer b = pool.allocate(10);
            assertTrue(pool.toString().contains("native"), pool.toString());
            assertTrue(pool.toString().contains("outstanding 1"), pool.toString());
            assertTrue(b.toString().contains(HEADROOM + ".." + HEADROOM), b.toString());
            b.release();
        }
    }
}
