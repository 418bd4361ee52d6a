package netstack.runtime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts {@code target/netstack.jar} the way a user does and checks what the user would see: the console, the
 * bundles, the components, the configuration, the exit status.
 */
class NetstackJarIT {

    private static final List<String> NETSTACK_BUNDLES = List.of("netstack.api", "netstack.ip", "netstack.tcp",
            "netstack.udp", "netstack.loopback.driver", "netstack.tap.driver", "netstack.eth.driver", "netstack.shell");

    /** A row of Gogo's {@code lb}: {@code "    3|Active     |    2|netstack.ip (1.0.0.SNAPSHOT)|1.0.0.SNAPSHOT"}. */
    private static final Pattern LB_ROW = Pattern.compile("(?m)^\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|(.+?) \\(");

    private static final String PROMPT = "g! ";

    @TempDir
    Path dir;

    @Test
    void interactiveConsoleListsEveryBundleActiveAndStopsWithStatus0() throws Exception {
        try (NetstackProcess netstack = NetstackProcess.start()) {
            netstack.awaitOutput("Gogo prompt", NetstackProcess.START, out -> out.contains(PROMPT));

            int mark = netstack.output().length();
            netstack.type("lb");
            String lb = netstack.awaitOutputAfter(mark, "lb listing every netstack bundle", NetstackProcess.START,
                    out -> bundleStates(out).keySet().containsAll(NETSTACK_BUNDLES) && out.contains("\n" + PROMPT));
            Map<String, String> states = bundleStates(lb);
            for (String bundle : NETSTACK_BUNDLES) {
                assertEquals("Active", states.get(bundle), bundle + " in\n" + lb);
            }
            states.forEach((bundle, state) -> assertEquals("Active", state, bundle + " in\n" + lb));
            assertTrue(states.containsKey("Apache Felix Declarative Services"), lb);
            assertTrue(states.containsKey("Apache Felix Configurator Service"), lb);
            assertFalse(states.containsKey("netstack.posix"), "netstack.posix is embedded in the drivers\n" + lb);

            mark = netstack.output().length();
            netstack.type("scr:list");
            String components = netstack.awaitOutputAfter(mark, "scr:list", NetstackProcess.START,
                    out -> out.contains("netstack.loopback in bundle") && out.contains("\n" + PROMPT));
            assertComponentActive(components, "netstack.stack");
            assertComponentActive(components, "netstack.loopback");

            // The built-in configuration: lo gets 127.0.0.1/8 and ::1/128.
            String info = scrInfoOfInterface(netstack);
            assertTrue(info.contains("service.pid<String> = netstack.interface~lo"), info);
            assertTrue(info.contains("addresses<String[]> = [127.0.0.1/8, ::1/128]"), info);

            // The operator's view through the netstack shell commands.
            mark = netstack.output().length();
            netstack.type("netstack:ifconfig lo");
            String ifconfig = netstack.awaitOutputAfter(mark, "ifconfig lo", NetstackProcess.START,
                    out -> out.contains("inet6 ::1/128") && out.contains("\n" + PROMPT));
            assertTrue(ifconfig.contains("lo: <UP> mtu 65536 raw-ip"), ifconfig);
            assertTrue(ifconfig.contains("inet 127.0.0.1/8 static preferred"), ifconfig);
            mark = netstack.output().length();
            netstack.type("route");
            String routes = netstack.awaitOutputAfter(mark, "route", NetstackProcess.START,
                    out -> out.contains("::1/128 dev lo") && out.contains("\n" + PROMPT));
            assertTrue(routes.contains("127.0.0.0/8 dev lo connected"), routes);
            // The stack pings itself through the loopback driver.
            mark = netstack.output().length();
            netstack.type("ping -c 2 -i 0 127.0.0.1");
            String ping = netstack.awaitOutputAfter(mark, "ping", NetstackProcess.START,
                    out -> out.contains("packet loss") && out.contains("\n" + PROMPT));
            assertTrue(ping.contains("2 packets transmitted, 2 received, 0% packet loss"), ping);
            assertTrue(ping.contains("64 bytes from 127.0.0.1: icmp_seq="), ping);

            netstack.type("stop 0");
            assertEquals(0, netstack.awaitExit(NetstackProcess.STOP), netstack.output());
            assertTrue(netstack.output().contains("netstack: stopped"), netstack.output());
        }
    }

    @Test
    void headlessRunsWithoutConsoleAndStopsCleanlyOnSigterm() throws Exception {
        try (NetstackProcess netstack = NetstackProcess.start("-Dnetstack.headless=true")) {
            netstack.awaitOutput("start-up banner", NetstackProcess.START,
                    out -> out.contains("netstack: started, headless (configuration: built-in default)"));
            netstack.awaitOutput("loopback attached", NetstackProcess.START,
                    out -> out.contains("interface lo: attached"));

            netstack.terminate(); // SIGTERM
            int status = netstack.awaitExit(NetstackProcess.STOP);
            String out = netstack.output();
            assertEquals(0, status, out);
            assertFalse(out.contains(PROMPT), "headless must start no console:\n" + out);
            assertTrue(out.contains("netstack: SIGTERM, stopping"), out);
            // The stack's deactivation detached the loopback driver: the framework stopped the bundles.
            assertTrue(out.contains("interface lo: detached"), "netstack.ip did not detach lo on stop:\n" + out);
            assertTrue(out.indexOf("interface lo: detached") < out.indexOf("netstack: stopped"), out);
        }
    }

    @Test
    void missingConfigurationFileStopsStartupNamingTheFile() throws Exception {
        Path missing = dir.resolve("no-such-dir").resolve("netstack-missing.json");
        try (NetstackProcess netstack = NetstackProcess.start("-Dnetstack.config=" + missing)) {
            int status = netstack.awaitExit(NetstackProcess.STOP);
            String out = netstack.output();
            assertEquals(NetstackLauncher.EXIT_CONFIGURATION, status, out);
            assertTrue(out.contains(missing.toString()), out);
            assertTrue(out.contains("does not exist"), out);
            assertFalse(out.contains("Gogo"), "nothing may start:\n" + out);
        }
    }

    @Test
    void malformedConfigurationFileStopsStartupWithLineAndColumn() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, """
                {
                  ":configurator:symbolic-name": "site",
                  ":configurator:version": "1",
                  "netstack.interface~lo": { "addresses": ["127.0.0.1/8",] }
                }
                """);
        try (NetstackProcess netstack = NetstackProcess.start("-Dnetstack.config=" + file)) {
            int status = netstack.awaitExit(NetstackProcess.STOP);
            String out = netstack.output();
            assertEquals(NetstackLauncher.EXIT_CONFIGURATION, status, out);
            assertTrue(out.contains(file.toString()) && out.contains("line 4"), out);
        }
    }

    @Test
    void configurationFileReplacesTheBuiltInDefault() throws Exception {
        Path file = dir.resolve("site, with comma.json"); // a ',' must not split the Configurator's URL list
        Files.writeString(file, """
                // the loopback interface without IPv6, plus a documentation address (RFC 5737)
                {
                  ":configurator:resource-version": 1,
                  ":configurator:symbolic-name": "site",
                  ":configurator:version": "1.0.0",
                  "netstack.interface~lo": {
                    "addresses": ["127.0.0.1/8", "192.0.2.1/24"]
                  }
                }
                """);
        try (NetstackProcess netstack = NetstackProcess.start("-Dnetstack.config=" + file)) {
            netstack.awaitOutput("Gogo prompt", NetstackProcess.START, out -> out.contains(PROMPT));
            String info = scrInfoOfInterface(netstack);
            assertTrue(info.contains("addresses<String[]> = [127.0.0.1/8, 192.0.2.1/24]"), info);
            assertFalse(info.contains("::1/128"), "the built-in default must not apply as well:\n" + info);

            netstack.type("stop 0");
            assertEquals(0, netstack.awaitExit(NetstackProcess.STOP), netstack.output());
        }
    }

    /** Asks {@code scr:info netstack.interface} until it shows an active configured instance (it applies async). */
    private static String scrInfoOfInterface(NetstackProcess netstack) throws Exception {
        long deadline = System.nanoTime() + NetstackProcess.START.toNanos();
        while (true) {
            int mark = netstack.output().length();
            netstack.type("scr:info netstack.interface");
            String info = netstack.awaitOutputAfter(mark, "scr:info", NetstackProcess.START,
                    out -> out.contains("CommandNotFoundException")
                            || out.contains("Component Description: netstack.interface") && out.contains("\n" + PROMPT)
                            && (!out.contains("Component Configuration Id") || out.contains("References:")));
            // The prompt comes once every bundle is active; the configuration reaches the component a moment later.
            if (info.contains("State:        ACTIVE") || System.nanoTime() > deadline) {
                return info;
            }
            Thread.sleep(200);
        }
    }

    private static void assertComponentActive(String scrList, String component) {
        Pattern active = Pattern.compile("(?m)^" + Pattern.quote(component)
                + " in bundle \\d+ .*enabled, 1 instance\\.\\s*\\n\\s+Id: \\d+, State:ACTIVE");
        assertTrue(active.matcher(scrList).find(), component + " not active in\n" + scrList);
    }

    /** @return Bundle-Name to state, from {@code lb} output */
    private static Map<String, String> bundleStates(String lb) {
        Map<String, String> states = new LinkedHashMap<>();
        Matcher m = LB_ROW.matcher(lb);
        while (m.find()) {
            states.put(m.group(3), m.group(2));
        }
        return states;
    }
}
