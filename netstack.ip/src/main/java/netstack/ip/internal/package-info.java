/**
 * The stack core: interfaces ({@link netstack.ip.internal.Nic}) and their driver attachments, interface
 * configuration, routes, counters, transport-protocol binding, and the DS components that publish
 * {@link netstack.api.socket.NetStack} and {@link netstack.api.admin.StackAdmin}.
 *
 * <h2>Threading</h2>
 * Tables read on the data path (interfaces by index, transports by protocol number, routes) are immutable arrays
 * or lists published through {@code volatile} fields and replaced copy-on-write under {@code Stack}'s
 * configuration lock; the data path takes no lock to read them. Counters are atomic arrays.
 *
 * <h2>Lock order</h2>
 * {@code Stack.configLock} → a {@code Nic}'s monitor. Nothing on the data path takes either.
 *
 * <h2>Allocation</h2>
 * The receive and transmit paths of {@code Nic} allocate nothing; configuration paths allocate freely.
 *
 * <h2>Stability</h2>
 * Internal: not exported.
 */
package netstack.ip.internal;
