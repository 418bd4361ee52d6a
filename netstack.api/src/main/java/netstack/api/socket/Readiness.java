package netstack.api.socket;

/**
 * Readiness bits of a socket, combined in an {@code int}. Modelled on {@code poll(2)}: READABLE is
 * {@code POLLIN}, WRITABLE is {@code POLLOUT}, ERROR is {@code POLLERR}, HANGUP is {@code POLLHUP}, READ_HANGUP is
 * {@code POLLRDHUP}.
 */
public final class Readiness {

    /** Data (or a connection to accept, or EOF) can be read without blocking. */
    public static final int READABLE = 1;
    /** Data can be written without blocking; for a connecting TCP socket, the connection is established. */
    public static final int WRITABLE = 1 << 1;
    /** An error is pending; the next operation reports it. */
    public static final int ERROR = 1 << 2;
    /** Both directions are shut down or the connection is gone. */
    public static final int HANGUP = 1 << 3;
    /** The peer shut down its sending side (a FIN arrived). */
    public static final int READ_HANGUP = 1 << 4;
    /** All bits. */
    public static final int ALL = READABLE | WRITABLE | ERROR | HANGUP | READ_HANGUP;

    /** Constants only. */
    private Readiness() {
    }

    /**
     * Names the bits of a readiness mask, for logs and messages. Bits not defined here are ignored.
     *
     * @param mask a readiness bit set
     * @return e.g. {@code "READABLE|WRITABLE"}, or {@code "NONE"}
     */
    public static String toString(int mask) {
        if ((mask & ALL) == 0) {
            return "NONE";
        }
        StringBuilder sb = new StringBuilder();
        String[] names = {"READABLE", "WRITABLE", "ERROR", "HANGUP", "READ_HANGUP"};
        for (int bit = 0; bit < names.length; bit++) {
            if ((mask & (1 << bit)) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[bit]);
            }
        }
        return sb.toString();
    }
}
