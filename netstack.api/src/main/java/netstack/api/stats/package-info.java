/**
 * Counters, named after SNMP MIB-II (RFC 1213), the IP-MIB (RFC 4293) and the interfaces table (RFC 2863):
 * {@link netstack.api.stats.StackCounter} for the stack's protocols, {@link netstack.api.stats.InterfaceCounter}
 * per interface, read as immutable {@link netstack.api.stats.Counters} snapshots.
 *
 * <p><b>Threading:</b> snapshots are immutable. Counters are read without stopping the stack, so two counters of
 * one snapshot may be a few packets apart.
 *
 * <p><b>Stability:</b> exported API. New counters are appended to the enums (a minor version step); existing
 * names never change meaning.
 */
@Export
@Version("1.0.0")
package netstack.api.stats;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
