package netstack.api.socket;

/**
 * A snapshot of one TCP connection's statistics, after Linux {@code struct tcp_info}. Times are in nanoseconds,
 * windows in bytes.
 *
 * @param state the connection state
 * @param congestionControl the congestion-control algorithm, e.g. {@code "cubic"} or {@code "newreno"}
 * @param rttNanos the smoothed round-trip time (SRTT, RFC 6298), 0 before the first sample
 * @param rttVarNanos the round-trip time variation (RTTVAR)
 * @param rtoNanos the current retransmission timeout
 * @param sendMss the maximum segment size for sending
 * @param receiveMss the maximum segment size announced to the peer
 * @param congestionWindowBytes cwnd
 * @param slowStartThresholdBytes ssthresh; {@link Integer#MAX_VALUE} while unset
 * @param sendWindowBytes the peer's advertised window (scaled)
 * @param receiveWindowBytes the window this side advertises (scaled)
 * @param bytesInFlight sent and not yet acknowledged
 * @param retransmits consecutive retransmissions of the current oldest unacknowledged segment
 * @param totalRetransmits segments retransmitted over the connection's life
 * @param segmentsSent segments sent
 * @param segmentsReceived segments received
 * @param bytesAcked bytes of this side's data acknowledged by the peer
 * @param bytesReceived bytes of the peer's data received in order
 * @param sendBufferBytes bytes queued in the send buffer
 * @param receiveBufferBytes bytes waiting in the receive buffer to be read
 */
public record TcpInfo(
        TcpState state,
        String congestionControl,
        long rttNanos,
        long rttVarNanos,
        long rtoNanos,
        int sendMss,
        int receiveMss,
        long congestionWindowBytes,
        long slowStartThresholdBytes,
        long sendWindowBytes,
        long receiveWindowBytes,
        long bytesInFlight,
        int retransmits,
        long totalRetransmits,
        long segmentsSent,
        long segmentsReceived,
        long bytesAcked,
        long bytesReceived,
        long sendBufferBytes,
        long receiveBufferBytes) {
}
