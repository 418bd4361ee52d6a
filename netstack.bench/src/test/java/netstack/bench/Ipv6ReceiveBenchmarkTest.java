package netstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmarked receive path must accept the packets it is timed on, or its timings mean nothing. */
class Ipv6ReceiveBenchmarkTest {

    @Test
    void everyCaseTakesTheSuccessfulPath() {
        Ipv6ReceiveBenchmark bench = new Ipv6ReceiveBenchmark();
        bench.setUp();
        try {
            assertEquals(40 + 0x1cbe, bench.echoRequest(), "ICMPv6 at 40, identifier 0x1cbe");
            assertEquals(40 + 8 + 16 + 24 + 0, bench.extensionChain(), "three headers, Router Alert 0");
            assertEquals(0x0200_0000_010aL + 1, bench.neighborSolicitation(), "MAC 02:00:00:00:01:0a, target ::1");
        } finally {
            bench.tearDown();
        }
    }
}
