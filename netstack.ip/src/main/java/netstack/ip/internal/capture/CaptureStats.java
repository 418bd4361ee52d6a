package netstack.ip.internal.capture;

/**
 * A snapshot of a {@link Capture}'s counters. While the capture runs the counters move independently (a snapshot
 * is not atomic, except that {@code writtenPackets <= capturedPackets} always holds); once it is
 * {@link Capture.State#STOPPED} or {@link Capture.State#FAILED} they are final, with one exception: a producer
 * that claimed ring space before the stop and was stalled past the stop's wait (2 s) counts its frame as captured
 * (and so lost) when it finally finishes.
 *
 * @param state the capture's state
 * @param capturedPackets frames accepted into the ring
 * @param droppedPackets frames refused because the ring was full (in bytes or in frames)
 * @param invalidPackets calls with bad arguments, or whose memory could not be read
 * @param writtenPackets Enhanced Packet Blocks written to the file (staged ones included)
 * @param writtenBytes bytes written to the file
 * @param ioErrors I/O errors on the writer thread: 0, or 1 for the error that ended the capture
 * @param error the message of that error; null if none
 */
public record CaptureStats(Capture.State state, long capturedPackets, long droppedPackets, long invalidPackets,
        long writtenPackets, long writtenBytes, long ioErrors, String error) {

    /**
     * @return frames accepted but not (yet) in the file: after a stop, those an I/O error or a producer stalled
     *     past the stop kept out of it
     */
    public long lostPackets() {
        return capturedPackets - writtenPackets;
    }
}
