package netstack.api.socket;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives readiness changes of a socket (see {@link NetSocket#onReadiness}).
 */
@ConsumerType
@FunctionalInterface
public interface ReadinessListener {

    /**
     * Called on a stack thread when readiness of interest is gained. Must return quickly, must not block and must
     * not call blocking socket methods; typically it wakes or schedules the code that will do the I/O with the
     * non-blocking {@code try…} methods. A listener that throws is logged and stays registered.
     *
     * @param socket the socket whose readiness changed
     * @param readiness the socket's readiness bits at the time of the call
     */
    void onReadiness(NetSocket socket, int readiness);
}
