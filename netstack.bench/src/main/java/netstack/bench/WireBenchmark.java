package netstack.bench;

import java.util.concurrent.TimeUnit;
import netstack.api.link.LinkContext;
import netstack.api.link.PacketBuffer;
import netstack.ip.buffer.PacketPool;
import netstack.loopback.wire.Wire;
import netstack.loopback.wire.WireEnd;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-memory wire's hand-over cost with no impairment: a frame taken from the sender's pool, transmitted on end
 * A, copied into a buffer of the receiver's pool and delivered to a receiver that only releases it.
 * <ul>
 *   <li>{@code burst}: 32 frames transmitted back to back, then waiting (spinning) until all 32 were delivered;
 *       the score is per frame, i.e. frames per second end to end.</li>
 *   <li>{@code oneByOne}: one frame, waiting for its delivery before the next: the round trip of one hand-over
 *       (what a request/response exchange pays per hop).</li>
 * </ul>
 * {@code THREAD} hands frames to the direction's delivery thread (a wake-up when it sleeps); {@code INLINE}
 * delivers on the transmitting thread. Run with {@code -prof gc} to see that neither allocates per frame.
 *
 * <p>Measured on the shared 2-core build machine (JDK 25, load average 5 to 9 from other builds, so THREAD figures
 * mostly measure the scheduler), {@code -wi 3 -i 5}:
 * <pre>
 *                       64 B frames                 1514 B frames        allocation
 *   INLINE  burst       8.2 M frames/s (± 4 %)      4.1 M frames/s       0 B/frame
 *   INLINE  oneByOne    143 ns                      186 ns               0 B/frame
 *   THREAD  burst       0.05 - 2.2 M frames/s       0.03 - 0.1 M/s       0 B/frame
 *   THREAD  oneByOne    ~20 us                      ~21 us               0 B/frame
 * </pre>
 * The THREAD hand-over is the wake-up of a parked thread (a futex round trip, then waiting for a core); INLINE has
 * none, which is why benchmarks of the stack over a perfect wire use INLINE.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WireBenchmark {

    static final int BURST = 32;

    @Param({"THREAD", "INLINE"})
    public String mode;

    @Param({"64", "1514"})
    public int frameBytes;

    private PacketPool senderPool;
    private PacketPool receiverPool;
    private Wire wire;
    private WireEnd sender;
    private Counting receiver;

    @Setup
    public void setUp() {
        senderPool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(false));
        receiverPool = new PacketPool(PacketPool.Options.defaults().withTrackLeaks(false));
        wire = Wire.builder().name("bench").mode(Wire.Mode.valueOf(mode)).build();
        receiver = new Counting(receiverPool);
        wire.b().attach(receiver);
        wire.a().attach(new Counting(senderPool));
        sender = wire.a();
    }

    @TearDown
    public void tearDown() {
        wire.close();
        senderPool.close();
        receiverPool.close();
    }

    private PacketBuffer frame() {
        PacketBuffer frame = senderPool.allocate(frameBytes);
        return frame.append(frameBytes);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BURST)
    public long burst() {
        long target = receiver.delivered + BURST;
        for (int i = 0; i < BURST; i++) {
            sender.transmit(frame());
        }
        while (receiver.delivered < target) {
            Thread.onSpinWait();
        }
        return target;
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long oneByOne() {
        long target = receiver.delivered + 1;
        sender.transmit(frame());
        while (receiver.delivered < target) {
            Thread.onSpinWait();
        }
        return target;
    }

    /** A receiver that releases every frame and counts it (one writer: the wire's delivery token holder). */
    static final class Counting implements LinkContext {
        private final PacketPool pool;
        volatile long delivered;

        Counting(PacketPool pool) {
            this.pool = pool;
        }

        @Override
        public String interfaceName() {
            return "bench";
        }

        @Override
        public PacketBuffer allocate(int minCapacity) {
            return pool.allocate(minCapacity);
        }

        @Override
        public void deliver(PacketBuffer frame) {
            frame.release();
            delivered = delivered + 1;
        }

        @Override
        public void linkStateChanged(boolean up) {
        }

        @Override
        public void countDrop(boolean receive, boolean error) {
        }
    }
}
