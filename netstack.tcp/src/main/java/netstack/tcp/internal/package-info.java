/**
 * TCP (RFC 9293) for netstack, to be registered as a {@code netstack.ip.spi.TransportProtocol} service for IP
 * protocol 6. Not implemented yet: the bundle is present and active so that the runtime, its resolution and the
 * hot-swap wiring are exercised, and while it registers no protocol the stack answers TCP socket requests with
 * {@code ProtocolNotAvailableException}. Internal: nothing here is exported.
 */
package netstack.tcp.internal;
