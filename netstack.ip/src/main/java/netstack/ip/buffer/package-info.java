/**
 * The stack's packet buffer pool: {@link netstack.ip.buffer.PacketPool} hands out
 * {@link netstack.api.link.PacketBuffer}s with headroom for prepending headers, takes them back on
 * {@code release()}, and can track every lease to find leaks and double releases.
 *
 * <h2>Ownership</h2>
 * A buffer has one owner from {@code allocate} to {@code release}; see {@link netstack.api.link.PacketBuffer}.
 *
 * <h2>Threading</h2>
 * {@code allocate} and {@code release} may be called from any thread. A buffer itself is used by its owner only.
 *
 * <h2>Allocation</h2>
 * In steady state {@code allocate}/{@code release} allocate nothing on the Java heap (a free stack of buffer
 * objects per size class), unless leak tracking is on, which records the allocation site.
 *
 * <h2>Stability</h2>
 * Exported for transport protocols, drivers' tests and benchmarks, version 1.0.0. {@code PacketPool} is a final
 * class; it grows only compatibly.
 */
@Export
@Version("1.0.0")
package netstack.ip.buffer;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
