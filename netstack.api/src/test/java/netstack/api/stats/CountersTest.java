package netstack.api.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CountersTest {

    @Test
    void snapshotIsACopyAndSubtracts() {
        long[] values = new long[InterfaceCounter.values().length];
        values[InterfaceCounter.IF_IN_OCTETS.ordinal()] = 100;
        Counters<InterfaceCounter> a = new Counters<>(InterfaceCounter.class, values);
        values[InterfaceCounter.IF_IN_OCTETS.ordinal()] = 999;
        assertEquals(100, a.get(InterfaceCounter.IF_IN_OCTETS));
        long[] later = new long[values.length];
        later[InterfaceCounter.IF_IN_OCTETS.ordinal()] = 160;
        assertEquals(60, new Counters<>(InterfaceCounter.class, later).minus(a).get(InterfaceCounter.IF_IN_OCTETS));
        assertThrows(IllegalArgumentException.class, () -> new Counters<>(InterfaceCounter.class, new long[1]));
    }

    @Test
    void mibNamesAreUnique() {
        Set<String> names = new HashSet<>();
        for (StackCounter c : StackCounter.values()) {
            assertTrue(names.add(c.mibName()), c.mibName());
        }
        for (InterfaceCounter c : InterfaceCounter.values()) {
            assertTrue(names.add(c.mibName()), c.mibName());
        }
    }
}
