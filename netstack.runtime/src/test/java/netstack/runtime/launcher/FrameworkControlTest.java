package netstack.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FrameworkControlTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final FrameworkControl control = new FrameworkControl(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    private final AtomicInteger stops = new AtomicInteger();

    @Test
    void aStopRequestStopsTheRunningFrameworkOnce() {
        control.frameworkStarted(stops::incrementAndGet);
        control.requestStop("SIGTERM");
        control.requestStop("SIGINT");
        assertEquals(1, stops.get());
        assertTrue(out().contains("netstack: SIGTERM, stopping"), out());
    }

    @Test
    void aStopRequestedDuringStartUpIsCarriedOutOnceStarted() {
        control.requestStop("SIGTERM");
        assertEquals(0, stops.get());
        control.frameworkStarted(stops::incrementAndGet);
        assertEquals(1, stops.get());
        assertTrue(out().contains("during start-up"), out());
    }

    @Test
    void theBannerIsPrintedWhenStarted() {
        control.startedBanner("netstack: started");
        assertEquals("", out());
        control.frameworkStarted(stops::incrementAndGet);
        assertEquals("netstack: started" + System.lineSeparator(), out());
        assertEquals(0, stops.get());
    }

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
