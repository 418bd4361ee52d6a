package netstack.api.admin;

import java.util.Objects;

/**
 * What a packet capture ({@link StackAdmin#startCapture}) did, as reported when it stops.
 *
 * @param file the pcapng file written
 * @param capturedPackets frames accepted into the capture
 * @param droppedPackets frames lost because the capture's buffer was full (the data path never waits for a
 *     capture)
 * @param writtenPackets frames written to the file
 * @param writtenBytes bytes written to the file, block headers included
 * @param error why writing stopped early (an I/O error), or {@code null} if it did not
 */
public record CaptureSummary(String file, long capturedPackets, long droppedPackets, long writtenPackets,
        long writtenBytes, String error) {

    /** Checks the values. */
    public CaptureSummary {
        Objects.requireNonNull(file, "file");
    }
}
