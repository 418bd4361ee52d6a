/**
 * Operations: the {@link netstack.api.admin.StackAdmin} service and the read-only views it returns — interfaces
 * and their addresses, routes, neighbors — for shells, JMX and monitoring.
 *
 * <p><b>Threading:</b> views are immutable snapshots; {@code StackAdmin} is thread-safe.
 *
 * <p><b>Stability:</b> exported API; {@code StackAdmin} is {@code @ProviderType}.
 */
@Export
@Version("1.0.0")
package netstack.api.admin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
