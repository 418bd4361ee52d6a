package netstack.api.socket;

import org.osgi.annotation.versioning.ProviderType;

/** A handle to a registered listener. */
@ProviderType
public interface Registration extends AutoCloseable {

    /** Stops further calls to the listener. Idempotent; a call already running may still finish. */
    @Override
    void close();
}
