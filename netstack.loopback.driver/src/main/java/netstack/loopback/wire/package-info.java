/**
 * The in-memory wire: two Ethernet interfaces joined inside one JVM, with a seeded impairment model per direction.
 * It is the test bench for the protocols (TCP over lossy links, reassembly under loss, simulations on a manual
 * clock) and the link of in-JVM benchmarks. Usable with or without OSGi: build a {@link netstack.loopback.wire.Wire}
 * and attach its two ends ({@link netstack.loopback.wire.WireEnd}, each a {@link netstack.api.link.LinkDriver}) to
 * two stacks, or to two interfaces of one stack. In the OSGi runtime, a {@code netstack.wire~NAME} factory
 * configuration creates one and registers both ends as driver services.
 *
 * <h2>A frame's way</h2>
 * <pre>
 *  transmit(t) ─► loss? ─► bottleneck queue ─► serializer ─► corrupt? ─┬─► delay + jitter (FIFO) ─┬─► deliver
 *                  │        (tail drop at       (rate: frame            │                          │
 *                  ▼         queue limit)        occupies the link      └─► reordered: no delay ───┘
 *                 gone                           size*8/rate)           duplicate: a copy follows through the queue,
 *                                                                        serializer and delay line
 * </pre>
 * {@link netstack.loopback.wire.Impairment} describes every step and its distribution. The frame is copied into a
 * buffer of the receiving stack (allocated from its {@code LinkContext}) when it enters the wire, and the sender's
 * buffer is released before {@code transmit} returns.
 *
 * <h2>Determinism</h2>
 * Every random decision for the {@code n}-th frame given to a direction's {@code transmit} (counting from 0, whatever
 * became of earlier frames) is a pure function of the wire's seed, the direction and {@code n}: the generator is
 * counter-based (SplitMix64 over {@code (seed, direction, n, purpose)}), so no thread timing and no earlier outcome
 * can shift it, and raising one probability never changes another impairment's decisions. Times depend in addition
 * on when frames were transmitted and on their lengths (and, through the queue limit, on earlier frames). On a
 * {@link netstack.loopback.wire.Wire.Mode#MANUAL} wire transmit times come from the manual clock, so a
 * single-threaded simulation delivers the same frames at the same times in every run. Default MAC addresses are
 * derived from the seed too.
 *
 * <h2>Threading: the three modes</h2>
 * <ul>
 *   <li><b>{@code THREAD}</b> (the default): each direction has a delivery thread (platform thread, daemon, named
 *       {@code netstack-wire-NAME-rx-INTERFACE}) that sleeps until the earliest frame is due and delivers due
 *       frames in batches of up to 64. {@code transmit} only schedules (it wakes the thread when the new frame is
 *       earlier than what it sleeps for), so the receiving stack runs on the wire's thread, exactly as on a NIC's
 *       receive thread: a stack that replies from inside {@code deliver} merely schedules the reply, and one
 *       direction's deliveries never overlap. Frames are delivered no earlier than due; how much later depends on
 *       the operating system's timer slack (typically tens of microseconds).</li>
 *   <li><b>{@code INLINE}</b>: no threads; {@code transmit} copies the frame and runs the receiving stack's
 *       {@code deliver} on the transmitting thread before it returns. This is the fastest (no hand-off, no wake-up)
 *       but only possible for impairments without time (loss, duplication, corruption). Re-entrancy is made safe
 *       by a per-thread trampoline: a frame transmitted from inside a delivery (a reply, or a frame forwarded onto
 *       another wire) is not delivered recursively but parked and sent by the outermost {@code transmit} after the
 *       delivery returned, so the Java stack depth is constant and no stack is re-entered from inside its own
 *       receive path. Deliveries of one direction are still serialised (a transmitter waits for another thread's
 *       delivery in that direction; no lock is held while waiting). The stack must not hold a lock across
 *       {@code LinkDriver.transmit} that its receive path also takes, since the outermost transmit runs that
 *       receive path (for parked replies too) before it returns.</li>
 *   <li><b>{@code MANUAL}</b>: simulated time on a {@link netstack.loopback.wire.ManualClock}. Nothing moves until
 *       {@link netstack.loopback.wire.Wire#advanceTo(long)}, which delivers on the calling thread every frame due by
 *       the target time, in order of arrival time (ties in the order scheduled), moving the clock to each frame's
 *       arrival time before delivering it; replies due in the same interval are delivered in the same call. A
 *       simulation that drives several wires and a stack's timers from one clock repeatedly advances to the
 *       smallest {@link netstack.loopback.wire.Wire#nextDueNanos()} and timer deadline.</li>
 * </ul>
 * <p>Why THREAD is the default and INLINE exists: THREAD gives each receiving stack the threading a real NIC gives it
 * (its own receive thread, no re-entrancy, no lock-order constraints between the two stacks), at the price of waking
 * a parked thread per burst. INLINE removes that hand-over: in {@code netstack.bench}'s {@code WireBenchmark} it
 * moves 8 million 64-byte frames a second from one thread and a frame hops in about 150 ns, against tens of
 * microseconds for a wake-up on a busy machine; neither mode allocates per frame.
 *
 * <p>In every mode {@code transmit} may be called from any thread, concurrently; the decisions follow the order in
 * which transmits take the direction's lock. Detach waits for a delivery in progress to that end (unless called
 * from inside it), and afterwards the wire makes no call on the old context and holds none of its buffers.
 * Lock order: a wire's lifecycle, then a direction's lock, then the receiving stack's pool; no wire lock is held
 * while a stack's {@code deliver} runs. A stack must not wait, inside {@code deliver}, for a thread that is
 * detaching the same end.
 *
 * <h2>Checksum offload</h2>
 * By default the ends announce no offload, so stacks compute and verify every checksum: the wire is then an honest
 * Ethernet, and corruption is caught where a real receiver would catch it. With
 * {@link netstack.loopback.wire.Wire.Builder#checksumOffload(boolean)} both ends announce {@code TX_CHECKSUM} and
 * {@code RX_CHECKSUM}, as a Linux veth pair does, and the wire behaves like veth with netem: a
 * {@code CHECKSUM_PARTIAL} frame crosses with its checksum field unfilled and arrives marked
 * {@code CHECKSUM_VERIFIED} (nothing in memory can damage it), <em>except</em> when the impairment corrupts it:
 * then the wire computes the checksum in software first and delivers the frame unmarked, so the receiver's
 * verification sees the flipped bit. Frames the sender checksummed itself arrive unmarked and are verified by the
 * receiver, so a sender's checksum bug is never hidden. {@code LOOPBACK} is never announced (the wire may lose and
 * corrupt frames), nor segmentation offload.
 *
 * <h2>Counters</h2>
 * {@link netstack.loopback.wire.Wire#counters} gives a consistent {@link netstack.loopback.wire.WireCounters}
 * snapshot per direction. The stacks see what a real link would show them: refused frames as a {@code false} from
 * {@code transmit} (the stack counts an output discard), a receiving stack without buffers as a receive discard
 * ({@code LinkContext.countDrop}); loss, corruption and frames cut off by a detach are invisible to them, as on a
 * real cable.
 *
 * <h2>Allocation</h2>
 * Steady state allocates nothing per frame: queues are growable rings of arrays, counters plain fields under the
 * direction's lock, randomness is arithmetic. Creating a wire, changing an impairment and reading counters allocate.
 *
 * <h2>Stability</h2>
 * Exported API, version 1.0.0. {@code Wire}, {@code WireEnd} and {@code ManualClock} are final classes, the
 * others records. A new impairment parameter will come as a new record component (a minor version) with the present
 * canonical constructor kept beside the new one, so existing callers keep compiling and linking; building impairments
 * from {@link netstack.loopback.wire.Impairment#NONE} with the {@code with…} methods reads best either way.
 */
@Export
@Version("1.0.0")
package netstack.loopback.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
