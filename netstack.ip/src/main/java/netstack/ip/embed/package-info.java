/**
 * Running netstack without OSGi: {@link netstack.ip.embed.EmbeddedStack} builds a stack that plain Java code (or a
 * test, or a benchmark with several stacks in one JVM) wires up itself — drivers, transports, interface
 * configuration — and then uses through the ordinary socket API ({@link netstack.api.socket.NetStack}).
 *
 * <h2>Threading</h2>
 * Thread-safe, as the stack is; see the stack's threading notes (docs/THREADING.md).
 *
 * <h2>Stability</h2>
 * Exported, version 1.0.0. {@code EmbeddedStack} is a final class that grows only compatibly.
 */
@Export
@Version("1.0.0")
package netstack.ip.embed;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
