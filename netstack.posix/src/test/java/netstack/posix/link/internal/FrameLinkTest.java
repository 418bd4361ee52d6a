package netstack.posix.link.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import netstack.posix.testing.RecordingContext;
import netstack.api.link.PacketBuffer;
import netstack.api.net.MacAddress;
import netstack.ip.buffer.PacketPool;
import netstack.posix.internal.CallState;
import netstack.posix.internal.Errno;
import netstack.posix.internal.ErrnoException;
import netstack.posix.internal.Libc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link FrameLink} through a datagram socket pair, which keeps frame boundaries like a TAP device or a
 * packet socket and needs no privileges: the test writes "received" frames into the peer end and reads what the
 * link transmits from it. Buffers come from the stack's real pool, with leak tracking on.
 */
class FrameLinkTest {

    private static final int MTU = 1500;
    private static final MacAddress MAC = MacAddress.parse("02:00:5e:00:53:01");

    private final CallState state = new CallState();
    private PacketPool pool;
    private int peer;
    private FrameLink link;
    private RecordingContext context;

    @BeforeEach
    void setUp() throws ErrnoException {
        pool = new PacketPool(PacketPool.Options.defaults().withDirect(true).withTrackLeaks(true));
        int[] pair = Libc.socketpair(state, Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        peer = pair[1];
        link = new FrameLink("test0", pair[0], MTU, MAC, "test link");
        context = new RecordingContext(pool);
    }

    @AfterEach
    void tearDown() {
        link.close();
        Libc.closeQuietly(peer);
        assertEquals(0, pool.outstanding(), "buffers not released");
        pool.close();
    }

    @Test
    void receivedFramesAreDeliveredInOrderWithTheirBytes() throws Exception {
        link.attach(context);
        for (int i = 0; i < 200; i++) {
            sendFromPeer(frame(60 + i, (byte) i));
        }
        for (int i = 0; i < 200; i++) {
            byte[] got = context.next();
            assertNotNull(got, "frame " + i + " never arrived");
            assertArrayEquals(frame(60 + i, (byte) i), got, "frame " + i);
        }
        assertEquals(0, context.drops.get());
    }

    @Test
    void largestFrameIsDeliveredAndOneByteMoreIsACountedError() throws Exception {
        link.attach(context);
        sendFromPeer(frame(MTU + FrameLink.LINK_OVERHEAD_BYTES, (byte) 1));
        sendFromPeer(frame(MTU + FrameLink.LINK_OVERHEAD_BYTES + 1, (byte) 2));
        sendFromPeer(frame(64, (byte) 3));
        assertEquals(MTU + FrameLink.LINK_OVERHEAD_BYTES, context.next().length);
        assertArrayEquals(frame(64, (byte) 3), context.next(), "the loop goes on after a bad frame");
        assertEquals(1, context.receiveErrors.get());
    }

    @Test
    void emptyAndRuntFramesAreCountedAndTheLoopGoesOn() throws Exception {
        link.attach(context);
        sendFromPeer(new byte[0]);
        sendFromPeer(new byte[FrameLink.ETHERNET_HEADER_BYTES - 1]);
        sendFromPeer(frame(FrameLink.ETHERNET_HEADER_BYTES, (byte) 7));
        assertArrayEquals(frame(FrameLink.ETHERNET_HEADER_BYTES, (byte) 7), context.next());
        assertEquals(2, context.receiveErrors.get());
    }

    @Test
    void anEmptyPoolDrainsTheDeviceAndCountsDiscards() throws Exception {
        context.starve = true;
        link.attach(context);
        sendFromPeer(frame(100, (byte) 1));
        sendFromPeer(frame(100, (byte) 2));
        assertTrue(context.awaitDiscards(2), "two discards counted");
        context.starve = false;
        sendFromPeer(frame(100, (byte) 3));
        assertArrayEquals(frame(100, (byte) 3), context.next(), "starved frames were drained, not queued");
        assertEquals(0, context.receiveErrors.get());
    }

    @Test
    void aFailingDeliveryDoesNotStopTheLoop() throws Exception {
        context.failNext = true;
        link.attach(context);
        sendFromPeer(frame(80, (byte) 1));
        sendFromPeer(frame(80, (byte) 2));
        assertArrayEquals(frame(80, (byte) 2), context.next());
    }

    @Test
    void transmitWritesEachFrameAndReleasesEveryBuffer() throws Exception {
        PacketBuffer[] frames = new PacketBuffer[4];
        frames[0] = buffer(frame(60, (byte) 1));
        frames[1] = buffer(frame(10, (byte) 2)); // shorter than an Ethernet header: dropped
        frames[2] = buffer(frame(MTU + FrameLink.LINK_OVERHEAD_BYTES + 1, (byte) 3)); // too long: dropped
        frames[3] = buffer(frame(1514, (byte) 4));
        assertEquals(2, link.transmit(frames, 0, 4));
        assertArrayEquals(frame(60, (byte) 1), readFromPeer());
        assertArrayEquals(frame(1514, (byte) 4), readFromPeer());
        assertNull(readFromPeer(), "nothing else was written");
    }

    @Test
    void detachStopsTheThreadAndReattachResumes() throws Exception {
        link.attach(context);
        assertThrows(IllegalStateException.class, () -> link.attach(context));
        sendFromPeer(frame(60, (byte) 1));
        assertNotNull(context.next());
        link.detach();
        assertFalse(receiveThreadAlive(), "receive thread ended");
        sendFromPeer(frame(60, (byte) 2));
        RecordingContext second = new RecordingContext(pool);
        link.attach(second);
        assertArrayEquals(frame(60, (byte) 2), second.next(), "queued frame goes to the new context");
        assertNull(context.frames.poll(), "the old context got nothing after detach");
        link.detach();
        link.detach(); // idempotent
    }

    @Test
    void afterCloseTransmitDropsAndReleasesAndAttachFails() {
        link.close();
        link.close(); // idempotent
        assertEquals(0, link.transmit(new PacketBuffer[] {buffer(frame(60, (byte) 1))}, 0, 1));
        assertThrows(IllegalStateException.class, () -> link.attach(context));
        assertFalse(receiveThreadAlive());
    }

    @Test
    void describesItself() {
        assertEquals("test0", link.interfaceName());
        assertEquals(MTU, link.mtu());
        assertEquals(MAC, link.macAddress());
        assertEquals("test link", link.description());
    }

    private static boolean receiveThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("netstack-rx-test0") && t.isAlive());
    }

    private static byte[] frame(int length, byte seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private PacketBuffer buffer(byte[] bytes) {
        PacketBuffer b = pool.allocate(bytes.length);
        MemorySegment.copy(bytes, 0, b.segment(), ValueLayout.JAVA_BYTE, b.end(), bytes.length);
        b.append(bytes.length);
        return b;
    }

    private void sendFromPeer(byte[] bytes) {
        long n = Libc.write(state, peer, MemorySegment.ofArray(bytes), bytes.length);
        assertEquals(bytes.length, n, () -> "write failed: " + Errno.describe(state.errno()));
    }

    /** @return the next frame the link wrote, waiting a little, or null if none came */
    private byte[] readFromPeer() throws InterruptedException {
        byte[] room = new byte[70_000];
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (true) {
            long n = Libc.read(state, peer, MemorySegment.ofArray(room), room.length);
            if (n >= 0) {
                byte[] out = new byte[(int) n];
                System.arraycopy(room, 0, out, 0, out.length);
                return out;
            }
            assertEquals(Errno.EAGAIN, state.errno());
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(1);
        }
    }
}
