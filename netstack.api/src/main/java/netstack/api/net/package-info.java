/**
 * Value types for link- and network-layer addresses: {@link netstack.api.net.IpAddress} (sealed over
 * {@link netstack.api.net.Ipv4Address} and {@link netstack.api.net.Ipv6Address}), {@link netstack.api.net.IpPrefix}
 * (CIDR), {@link netstack.api.net.InetEndpoint} (address and port) and {@link netstack.api.net.MacAddress}.
 *
 * <p><b>Threading:</b> every type here is immutable and safe to share between threads.
 *
 * <p><b>Parsing:</b> every {@code parse} method accepts only literal addresses and reports a malformed string with
 * an {@link java.lang.IllegalArgumentException} whose message quotes the input and says what is wrong. Nothing in
 * this package ever resolves a host name: there is no DNS lookup hidden anywhere, unlike
 * {@link java.net.InetAddress#getByName(String)}.
 *
 * <p><b>Allocation:</b> the types are small records or final classes; the network layer keeps raw {@code int}/
 * {@code long} forms on its data path and creates these objects only at API boundaries.
 *
 * <p><b>Stability:</b> exported API, semantically versioned; consumers import it with a {@code [1.0,2)} range.
 */
@Export
@Version("1.0.0")
package netstack.api.net;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
