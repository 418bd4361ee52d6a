package netstack.posix.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Where a downcall linked with {@code Linker.Option.captureCallState("errno")} leaves {@code errno}: the JVM itself
 * may change the thread's {@code errno} between the native call and the next Java statement, so it is copied out
 * right after the call, into this segment.
 *
 * <p>Not thread-safe: one owner thread (or one lock) at a time. Allocated once and reused, so reading
 * {@link #errno()} allocates nothing.
 */
public final class CallState {

    /** The layout the linker fills in, for this platform. */
    static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));

    private final MemorySegment segment;

    /** Allocates the state in memory the garbage collector frees with this object. */
    public CallState() {
        this.segment = Arena.ofAuto().allocate(LAYOUT);
    }

    /** @return the segment to pass as a downcall's leading capture argument */
    MemorySegment segment() {
        return segment;
    }

    /** @return the {@code errno} captured by the last call that used this state */
    public int errno() {
        return segment.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }
}
