package netstack.loopback.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import netstack.ip.buffer.PacketPool;

/**
 * A wire between two stand-in stacks with separate, leak-tracked pools. Closing it closes the wire and checks that
 * every buffer of both pools came back.
 */
final class Bench implements AutoCloseable {

    final PacketPool poolA = TestFrames.trackedPool();
    final PacketPool poolB = TestFrames.trackedPool();
    final Wire wire;
    final TestContext ctxA;
    final TestContext ctxB;

    Bench(Wire.Builder builder) {
        wire = builder.build();
        ctxA = new TestContext(wire.a().interfaceName(), poolA, wire::nowNanos);
        ctxB = new TestContext(wire.b().interfaceName(), poolB, wire::nowNanos);
    }

    /** Attaches both ends; returns this. */
    Bench attach() {
        wire.a().attach(ctxA);
        wire.b().attach(ctxB);
        return this;
    }

    /** Transmits frame {@code sequence} of {@code length} bytes from A. */
    boolean sendA(int sequence, int length) {
        return wire.a().transmit(TestFrames.frame(poolA, sequence, length));
    }

    /** Transmits frame {@code sequence} of {@code length} bytes from B. */
    boolean sendB(int sequence, int length) {
        return wire.b().transmit(TestFrames.frame(poolB, sequence, length));
    }

    WireCounters ab() {
        return wire.counters(Wire.Direction.A_TO_B);
    }

    WireCounters ba() {
        return wire.counters(Wire.Direction.B_TO_A);
    }

    @Override
    public void close() {
        wire.close();
        try {
            assertEquals(0, poolA.outstanding(), "buffers of pool A not released");
            assertEquals(0, poolB.outstanding(), "buffers of pool B not released");
            assertEquals(0, poolA.leaks(), "buffers of pool A leaked");
            assertEquals(0, poolB.leaks(), "buffers of pool B leaked");
        } finally {
            poolA.close();
            poolB.close();
        }
    }
}
