/**
 * Wire-format support shared by every protocol bundle: the {@link netstack.ip.wire.Flyweight} base for header
 * views over packet memory, and {@link netstack.ip.wire.Checksum}, the one Internet-checksum implementation
 * (RFC 1071, with RFC 1624 incremental update).
 *
 * <h2>Conventions</h2>
 * A flyweight is re-pointed with {@code wrap(...)} and never allocated per packet. Its {@code check()} gate
 * validates lengths once, after which no accessor can read outside the packet. Multi-byte fields are big-endian.
 *
 * <h2>Threading and allocation</h2>
 * A flyweight belongs to one thread. Every method here is allocation-free.
 *
 * <h2>Stability</h2>
 * Exported SPI for protocol bundles, version 1.0.0.
 */
@Export
@Version("1.0.0")
package netstack.ip.wire;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
