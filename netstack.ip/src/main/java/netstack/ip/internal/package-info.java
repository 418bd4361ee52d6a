/**
 * The stack core: interfaces ({@link netstack.ip.internal.Nic}) and their driver attachments, interface
 * configuration, routes, counters, transport-protocol binding, and the DS components that publish
 * {@link netstack.api.socket.NetStack} and {@link netstack.api.admin.StackAdmin}.
 *
 * <h2>Network layer</h2>
 * {@link netstack.ip.internal.Stack#networkInput} demultiplexes received frames by EtherType (or IP version on
 * raw-IP links). {@link netstack.ip.internal.Ipv4Layer} is IPv4 and ICMPv4 for the whole stack (validation, local
 * delivery, reassembly, echo, errors, the output path with routing and fragmentation);
 * {@link netstack.ip.internal.Ipv4Link} is IPv4 on one interface (its addresses, ARP, framing and next-hop
 * resolution). Building blocks: {@link netstack.ip.internal.NeighborCache} (RFC 4861 NUD for ARP and NDP, with
 * {@link netstack.ip.internal.NeighborTransitions} as pure rules), {@link netstack.ip.internal.RoutingTable}
 * (immutable longest-prefix match), {@link netstack.ip.internal.Reassembler} (bounded IPv4/IPv6 fragment
 * reassembly), {@link netstack.ip.internal.TokenBucket} (ICMP rate limits), {@link netstack.ip.internal.TimerWheel}
 * driven by the stack's timer thread {@link netstack.ip.internal.StackLoop}, and {@link netstack.ip.internal.Views},
 * each thread's reusable wire views.
 *
 * <h2>Threading</h2>
 * Tables read on the data path (interfaces by index, transports by protocol number, routes) are immutable arrays
 * or lists published through {@code volatile} fields and replaced copy-on-write under {@code Stack}'s
 * configuration lock; the data path takes no lock to read them. Counters are atomic arrays.
 *
 * Timers (neighbor probes, reassembly timeouts) run on the {@code netstack-timers} thread, which owns the timer wheel;
 * other threads schedule through {@link netstack.ip.internal.StackLoop#schedule}.
 *
 * <h2>Lock order</h2>
 * {@code Stack.configLock} → a {@code Nic}'s monitor. Nothing on the data path takes either. A neighbor cache's
 * lock and the reassembler's monitor are leaves: never held while calling out (the cache runs its actions after
 * unlocking).
 *
 * <h2>Allocation</h2>
 * The receive and transmit paths of {@code Nic} allocate nothing, nor do ARP resolution of a usable neighbor,
 * IPv4 validation and routing; an echo reply is built in the request's buffer. Fragmentation copies each fragment
 * into a new pooled buffer. Configuration paths allocate freely.
 *
 * <h2>Stability</h2>
 * Internal: not exported.
 */
package netstack.ip.internal;
