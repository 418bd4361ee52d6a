package netstack.ip.internal.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Channels with controlled behaviour for writer and capture tests. */
final class TestChannels {

    private TestChannels() {
    }

    /**
     * Collects everything written in memory; optionally writes at most {@code maxPerWrite} bytes per call (partial
     * writes, as a pipe or socket may do), optionally fails once {@code failAfterBytes} have been accepted, and
     * optionally holds its first write until {@link #release()} (to keep a writer thread busy while a test fills
     * the ring).
     */
    static final class Memory implements WritableByteChannel {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final int maxPerWrite;
        private final long failAfterBytes;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch gate;
        private volatile boolean open = true;
        private volatile int closeCalls;

        Memory() {
            this(Integer.MAX_VALUE, Long.MAX_VALUE, false);
        }

        Memory(int maxPerWrite, long failAfterBytes, boolean gated) {
            this.maxPerWrite = maxPerWrite;
            this.failAfterBytes = failAfterBytes;
            this.gate = new CountDownLatch(gated ? 1 : 0);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            entered.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test gate never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted at the test gate", e);
            }
            synchronized (bytes) {
                if (bytes.size() >= failAfterBytes) {
                    throw new IOException("injected failure after " + bytes.size() + " bytes");
                }
                int n = (int) Math.min(Math.min(src.remaining(), maxPerWrite), failAfterBytes - bytes.size());
                for (int i = 0; i < n; i++) {
                    bytes.write(src.get());
                }
                return n;
            }
        }

        /** Waits until a write call has begun (and, if gated, is held). */
        void awaitWriteEntered() throws InterruptedException {
            if (!entered.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("no write within 30 s");
            }
        }

        void release() {
            gate.countDown();
        }

        byte[] toByteArray() {
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
            closeCalls++;
        }

        int closeCalls() {
            return closeCalls;
        }
    }
}
