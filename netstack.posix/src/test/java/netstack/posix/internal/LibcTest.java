package netstack.posix.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exercises the bindings on descriptors any user may create: socket pairs, eventfds, the loopback interface. */
class LibcTest {

    private final CallState state = new CallState();
    private int[] pair;

    @BeforeEach
    void openPair() throws ErrnoException {
        pair = Libc.socketpair(state, Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
    }

    @AfterEach
    void closePair() {
        Libc.closeQuietly(pair[0]);
        Libc.closeQuietly(pair[1]);
    }

    @Test
    void writeFromHeapAndReadIntoNativeAndBack() {
        byte[] sent = {1, 2, 3, 4, 5};
        assertEquals(5, Libc.write(state, pair[0], MemorySegment.ofArray(sent), 5));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(64);
            assertEquals(5, Libc.read(state, pair[1], in, 64));
            assertArrayEquals(sent, in.asSlice(0, 5).toArray(ValueLayout.JAVA_BYTE));
            assertEquals(5, Libc.write(state, pair[1], in, 5));
        }
        byte[] back = new byte[16];
        assertEquals(5, Libc.read(state, pair[0], MemorySegment.ofArray(back), 16));
        assertEquals(3, back[2]);
    }

    @Test
    void readOfAnEmptyNonBlockingSocketSaysEagain() {
        assertEquals(-1, Libc.read(state, pair[1], MemorySegment.ofArray(new byte[8]), 8));
        assertEquals(Errno.EAGAIN, state.errno());
    }

    @Test
    void sliceOfAHeapSegmentIsReadAtItsOffset() {
        byte[] big = new byte[32];
        assertEquals(3, Libc.write(state, pair[0], MemorySegment.ofArray(new byte[] {7, 8, 9}), 3));
        assertEquals(3, Libc.read(state, pair[1], MemorySegment.ofArray(big).asSlice(10), 22));
        assertEquals(7, big[10]);
        assertEquals(9, big[12]);
        assertEquals(0, big[9]);
    }

    @Test
    void countLargerThanTheBufferIsRefusedBeforeTheCall() {
        assertThrows(IndexOutOfBoundsException.class,
                () -> Libc.read(state, pair[1], MemorySegment.ofArray(new byte[4]), 5));
    }

    @Test
    void recvfromWithMsgTruncReportsTheRealLengthAndEmptyDatagramsReadAsZero() {
        assertEquals(100, Libc.send(state, pair[0], MemorySegment.ofArray(new byte[100]), 100, Libc.MSG_DONTWAIT));
        assertEquals(0, Libc.send(state, pair[0], MemorySegment.ofArray(new byte[1]), 0, Libc.MSG_DONTWAIT));
        byte[] small = new byte[10];
        assertEquals(100, Libc.recvfrom(state, pair[1], MemorySegment.ofArray(small), 10, Libc.MSG_TRUNC,
                MemorySegment.NULL, MemorySegment.NULL));
        assertEquals(0, Libc.recvfrom(state, pair[1], MemorySegment.ofArray(small), 10, Libc.MSG_TRUNC,
                MemorySegment.NULL, MemorySegment.NULL));
    }

    @Test
    void errnoBecomesAnIoExceptionWithTheOperationAndTheReason() {
        int fd = Libc.open(state, "/nonexistent/netstack-test", Libc.O_RDWR);
        assertEquals(-1, fd);
        assertEquals(Errno.ENOENT, state.errno());
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Libc.check(fd, state, "open /nonexistent/netstack-test"));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().startsWith("open /nonexistent/netstack-test: No such file or directory"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("(ENOENT, errno 2)"), e.getMessage());
    }

    @Test
    void closingTwiceSaysEbadf() {
        int fd = (int) assertDoesNotFail(Libc.eventfd(state, 0, Libc.EFD_CLOEXEC));
        assertEquals(0, Libc.close(state, fd));
        assertEquals(-1, Libc.close(state, fd));
        assertEquals(Errno.EBADF, state.errno());
    }

    @Test
    void describeKnowsUnknownNumbersToo() {
        assertEquals("Operation not permitted (EPERM, errno 1)", Errno.describe(Errno.EPERM));
        assertTrue(Errno.describe(4000).contains("errno 4000"), Errno.describe(4000));
    }

    @Test
    void eventFdWakesAPollAndDrainResetsIt() throws ErrnoException {
        try (EventFd wake = new EventFd(); Arena arena = Arena.ofConfined()) {
            MemorySegment fds = PollFd.allocate(arena, 1);
            PollFd.set(fds, 0, wake.fd(), PollFd.POLLIN);
            assertEquals(0, Libc.poll(state, fds, 1, 0));
            assertTrue(wake.signal());
            assertTrue(wake.signal());
            PollFd.set(fds, 0, wake.fd(), PollFd.POLLIN);
            assertEquals(1, Libc.poll(state, fds, 1, 1000));
            assertEquals(PollFd.POLLIN, PollFd.revents(fds, 0));
            wake.drain();
            PollFd.set(fds, 0, wake.fd(), PollFd.POLLIN);
            assertEquals(0, Libc.poll(state, fds, 1, 0));
            wake.close();
            assertEquals(-1, wake.fd());
            assertEquals(false, wake.signal());
        }
    }

    @Test
    void pollWakesAcrossThreads() throws Exception {
        try (EventFd wake = new EventFd(); Arena arena = Arena.ofShared()) {
            MemorySegment fds = PollFd.allocate(arena, 1);
            PollFd.set(fds, 0, wake.fd(), PollFd.POLLIN);
            int[] result = new int[1];
            Thread sleeper = Thread.ofPlatform().start(() -> result[0] = Libc.poll(new CallState(), fds, 1, 10_000));
            Thread.sleep(50);
            wake.signal();
            sleeper.join(5_000);
            assertEquals(false, sleeper.isAlive());
            assertEquals(1, result[0]);
        }
    }

    @Test
    void loopbackInterfaceIndexMtuAndHardwareFamily() throws ErrnoException {
        int index = Libc.ifNameToIndex(state, "lo");
        assertTrue(index > 0, "lo has an index");
        assertEquals(0, Libc.ifNameToIndex(state, "nsnonexist0"));
        assertEquals(Errno.ENODEV, state.errno());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ifr = IfReq.allocate(arena, "lo");
            assertEquals(0, Libc.ioctl(state, pair[0], IfReq.SIOCGIFMTU, ifr));
            assertTrue(IfReq.intValue(ifr) >= 1280, "lo MTU " + IfReq.intValue(ifr));
            ifr = IfReq.allocate(arena, "lo");
            assertEquals(0, Libc.ioctl(state, pair[0], IfReq.SIOCGIFHWADDR, ifr));
            assertEquals(772, IfReq.hardwareFamily(ifr), "ARPHRD_LOOPBACK");
            assertArrayEquals(new byte[6], IfReq.hardwareAddress(ifr));
            assertEquals("lo", IfReq.name(ifr));
            ifr = IfReq.allocate(arena, "nsnonexist0");
            assertEquals(-1, Libc.ioctl(state, pair[0], IfReq.SIOCGIFMTU, ifr));
            assertEquals(Errno.ENODEV, state.errno());
        }
    }

    @Test
    void interfaceNamesAreChecked() {
        assertEquals("veth-abc", IfReq.checkName("veth-abc"));
        assertThrows(IllegalArgumentException.class, () -> IfReq.checkName("sixteen-chars-xx"));
        assertThrows(IllegalArgumentException.class, () -> IfReq.checkName(""));
        assertThrows(IllegalArgumentException.class, () -> IfReq.checkName("a/b"));
        assertThrows(IllegalArgumentException.class, () -> IfReq.checkName("a b"));
        assertThrows(IllegalArgumentException.class, () -> IfReq.checkName(".."));
    }

    @Test
    void socketOptionsRoundTrip() throws ErrnoException {
        assertTrue(Libc.getsockoptInt(state, pair[0], Libc.SOL_SOCKET, Libc.SO_RCVBUF) > 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(ValueLayout.JAVA_INT, 65536);
            assertEquals(0, Libc.setsockopt(state, pair[0], Libc.SOL_SOCKET, Libc.SO_RCVBUF, v, 4));
        }
        assertTrue(Libc.getsockoptInt(state, pair[0], Libc.SOL_SOCKET, Libc.SO_RCVBUF) >= 65536);
    }

    @Test
    void htonsSwapsOnLittleEndianHosts() {
        int expected = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0x0300 : 0x0003;
        assertEquals(expected, Libc.htons(0x0003));
    }

    private static long assertDoesNotFail(long result) {
        assertTrue(result >= 0, "call failed: " + result);
        return result;
    }
}
