package netstack.ip.buffer;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import netstack.api.link.PacketBuffer;

/**
 * The pool's {@link PacketBuffer}. Lease state lives in a separate {@link Lease} object so that the leak
 * detector's cleaner can inspect it after the buffer itself became unreachable.
 */
final class PooledBuffer implements PacketBuffer {

    final PacketPool pool;
    final PacketPool.SizeClass home;
    final Lease lease;
    private final MemorySegment segment;
    private final int capacity;
    private int start;
    private int end;
    private int flags;
    private int checksumStart;
    private int checksumOffset;
    private int gsoType;
    private int gsoSize;

    PooledBuffer(PacketPool pool, MemorySegment segment, PacketPool.SizeClass home) {
        this.pool = pool;
        this.home = home;
        this.segment = segment;
        this.capacity = (int) segment.byteSize();
        this.lease = new Lease(pool);
    }

    void lease(int headroom, Throwable site) {
        lease.leased = true;
        lease.allocationSite = site;
        lease.releaseSite = null;
        reset(headroom);
    }

    @Override
    public MemorySegment segment() {
        checkLeased();
        return segment;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int start() {
        return start;
    }

    @Override
    public int end() {
        return end;
    }

    @Override
    public int length() {
        return end - start;
    }

    @Override
    public int headroom() {
        return start;
    }

    @Override
    public int tailroom() {
        return capacity - end;
    }

    @Override
    public PacketBuffer prepend(int bytes) {
        if (bytes < 0 || bytes > start) {
            throw new IndexOutOfBoundsException("prepend " + bytes + " bytes with headroom " + start);
        }
        start -= bytes;
        return this;
    }

    @Override
    public PacketBuffer append(int bytes) {
        if (bytes < 0 || bytes > capacity - end) {
            throw new IndexOutOfBoundsException("append " + bytes + " bytes with tailroom " + (capacity - end));
        }
        end += bytes;
        return this;
    }

    @Override
    public PacketBuffer consume(int bytes) {
        if (bytes < 0 || bytes > end - start) {
            throw new IndexOutOfBoundsException("consume " + bytes + " bytes of " + (end - start));
        }
        start += bytes;
        return this;
    }

    @Override
    public PacketBuffer truncate(int length) {
        if (length < 0 || length > end - start) {
            throw new IndexOutOfBoundsException("truncate to " + length + " bytes of " + (end - start));
        }
        end = start + length;
        return this;
    }

    @Override
    public PacketBuffer window(int newStart, int newEnd) {
        if (newStart < 0 || newStart > newEnd || newEnd > capacity) {
            throw new IndexOutOfBoundsException("window [" + newStart + ", " + newEnd + ") outside capacity "
                    + capacity);
        }
        start = newStart;
        end = newEnd;
        return this;
    }

    @Override
    public PacketBuffer reset(int headroom) {
        if (headroom < 0 || headroom > capacity) {
            throw new IndexOutOfBoundsException("headroom " + headroom + " exceeds capacity " + capacity);
        }
        start = headroom;
        end = headroom;
        flags = 0;
        checksumStart = 0;
        checksumOffset = 0;
        gsoType = GSO_NONE;
        gsoSize = 0;
        return this;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public PacketBuffer flags(int newFlags) {
        flags = newFlags;
        return this;
    }

    @Override
    public int checksumStart() {
        return checksumStart;
    }

    @Override
    public int checksumOffset() {
        return checksumOffset;
    }

    @Override
    public PacketBuffer checksumPartial(int csumStart, int csumOffset) {
        checksumStart = csumStart;
        checksumOffset = csumOffset;
        flags |= CHECKSUM_PARTIAL;
        return this;
    }

    @Override
    public int gsoType() {
        return gsoType;
    }

    @Override
    public int gsoSize() {
        return gsoSize;
    }

    @Override
    public PacketBuffer gso(int type, int size) {
        gsoType = type;
        gsoSize = size;
        return this;
    }

    @Override
    public PacketBuffer appendFrom(ByteBuffer src) {
        checkLeased();
        int n = src.remaining();
        if (n > capacity - end) {
            throw new IndexOutOfBoundsException("append " + n + " bytes with tailroom " + (capacity - end));
        }
        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, segment, end, n);
        src.position(src.limit());
        end += n;
        return this;
    }

    @Override
    public void release() {
        Lease l = lease;
        if (!l.leased) {
            IllegalStateException e = new IllegalStateException("packet buffer released twice (or never leased)");
            if (l.releaseSite != null) {
                e.addSuppressed(l.releaseSite);
            }
            throw e;
        }
        l.leased = false;
        if (l.allocationSite != null) {
            l.releaseSite = new Throwable("first released here");
            l.allocationSite = null;
        }
        pool.returned(this);
    }

    private void checkLeased() {
        if (!lease.leased) {
            throw new IllegalStateException("packet buffer used after release");
        }
    }

    @Override
    public String toString() {
        return "PacketBuffer[" + start + ".." + end + " of " + capacity + (lease.leased ? "" : ", released") + "]";
    }

    /** Lease state, reachable from the cleaner without the buffer. */
    static final class Lease implements Runnable {
        private final PacketPool pool;
        volatile boolean leased;
        volatile Throwable allocationSite;
        volatile Throwable releaseSite;

        Lease(PacketPool pool) {
            this.pool = pool;
        }

        /** Runs when the buffer became unreachable. */
        @Override
        public void run() {
            if (leased && allocationSite != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                allocationSite.printStackTrace(new java.io.PrintWriter(trace));
                pool.leaked("LEAK: a packet buffer was garbage-collected without release(). " + trace);
            }
        }
    }
}
