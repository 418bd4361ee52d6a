/**
 * Packet capture to pcapng files that Wireshark and tshark read: {@link netstack.ip.internal.capture.Capture} is
 * what the stack's receive and transmit paths call per frame, {@link netstack.ip.internal.capture.PcapngWriter}
 * writes the file format (draft-ietf-opsawg-pcapng: Section Header, Interface Description and Enhanced Packet
 * Blocks, nanosecond timestamps, direction in {@code epb_flags}).
 *
 * <h2>Threading</h2>
 * Producers (driver receive threads, sending threads) copy frames into a bounded many-producer ring
 * ({@code CaptureRing}) with a compare-and-set and never wait; one platform daemon thread per capture,
 * {@code netstack-capture-<file>}, drains the ring into the file and flushes whenever the ring is empty. When the
 * ring is empty the writer dozes for 10 ms at a time and producers wake it early only once the ring is a quarter
 * full, so under steady traffic frames are written in batches and producers rarely pay for a wake-up; after 100 ms
 * without frames it sleeps until the next frame wakes it. {@code Capture.stop()} closes the ring to new frames, and
 * the writer drains it, flushes and closes the file. No locks are taken on either side.
 *
 * <h2>Allocation</h2>
 * {@code Capture.record} allocates nothing in steady state (the counters are {@code LongAdder}s, whose cells are
 * created once under contention). The writer thread allocates only when it first meets an interface. Ring memory
 * (native, automatic arena) and the writer's staging buffer (native, freed on close) are allocated at start.
 *
 * <h2>Errors</h2>
 * Full ring: the frame is dropped and counted. Bad arguments or an unreadable segment: counted as invalid. An I/O
 * error: the capture ends, the error is counted and its message kept; nothing is thrown into the data path. Opening
 * the file is the only step that throws, at {@code Capture.start}.
 *
 * <h2>Stability</h2>
 * Internal: not exported. A Gogo command or the stack core drives it.
 */
package netstack.ip.internal.capture;
