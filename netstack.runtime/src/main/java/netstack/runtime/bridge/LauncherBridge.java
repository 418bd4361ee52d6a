package netstack.runtime.bridge;

import netstack.runtime.launcher.FrameworkControl;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * bnd launcher plugin: hands {@link FrameworkControl} the way to stop the framework, once the framework has
 * reached the start level of every bundle (so every bundle that is to run has been started).
 *
 * <p>This is not a bundle's activator (netstack bundles use Declarative Services only): bnd's launcher starts
 * the class named by the {@code Embedded-Activator} header of a {@code -runpath} jar with the system bundle's
 * context, outside the framework. That is the one place, besides a bundle, where the framework object is at
 * hand; a bundle would have to import {@code sun.misc} and could not act before SCR activated it.
 *
 * <p>bnd's launcher starts this after it asked every run bundle to start, but with start levels (see
 * {@code -runstartlevel} in {@code netstack.bndrun}) the framework is still at level 1 then and raises the
 * level afterwards, asynchronously; hence the wait for the last {@code STARTLEVEL_CHANGED}.
 */
public final class LauncherBridge implements BundleActivator {

    /** Read by bnd's launcher: start this after the run bundles have been started. */
    public static final String IMMEDIATE = "AFTER_BUNDLES_START";

    /** Created by bnd's launcher. */
    public LauncherBridge() {
    }

    @Override
    public void start(BundleContext context) {
        Bundle framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        Runnable stopFramework = () -> {
            try {
                framework.stop(); // asynchronous: the framework stops every bundle on its own thread
            } catch (BundleException | IllegalStateException e) {
                System.err.println("netstack: cannot stop the framework: " + e);
            }
        };
        Readiness readiness = new Readiness(context, stopFramework);
        context.addFrameworkListener(readiness);
        readiness.check();
    }

    @Override
    public void stop(BundleContext context) {
        // Nothing to undo: the listener removes itself, the stop action is only used while the framework runs.
    }

    /** Reports the framework started once its start level is at least every bundle's. */
    private static final class Readiness implements FrameworkListener {

        private final BundleContext context;
        private final Runnable stopFramework;
        private boolean reported; // guarded by this

        Readiness(BundleContext context, Runnable stopFramework) {
            this.context = context;
            this.stopFramework = stopFramework;
        }

        @Override
        public void frameworkEvent(FrameworkEvent event) {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                check();
            }
        }

        void check() {
            synchronized (this) {
                if (reported || !everyStartLevelReached()) {
                    return;
                }
                reported = true;
            }
            context.removeFrameworkListener(this);
            FrameworkControl.process().frameworkStarted(stopFramework);
        }

        private boolean everyStartLevelReached() {
            int current = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)
                    .adapt(FrameworkStartLevel.class).getStartLevel();
            for (Bundle bundle : context.getBundles()) {
                BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
                if (level != null && level.getStartLevel() > current) {
                    return false;
                }
            }
            return true;
        }
    }
}
