package netstack.api.admin;

import java.time.Duration;
import java.util.Objects;
import netstack.api.net.IpAddress;

/**
 * An answer to an ICMP echo request sent by {@link StackAdmin#echo}: who answered, which request it answers, and
 * how long it took.
 *
 * @param from the address the reply came from
 * @param sequence the echo sequence number of the request it answers (RFC 792)
 * @param payloadBytes the bytes of echo data in the reply (after the 8-byte ICMP header)
 * @param hopLimit the reply's TTL (IPv4) or hop limit (IPv6) as received
 * @param roundTrip the time from sending the request to receiving the reply, on the stack's clock
 */
public record EchoReply(IpAddress from, int sequence, int payloadBytes, int hopLimit, Duration roundTrip) {

    /** Checks the values. */
    public EchoReply {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(roundTrip, "roundTrip");
    }
}
