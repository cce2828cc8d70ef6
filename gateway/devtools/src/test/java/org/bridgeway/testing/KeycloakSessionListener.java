package org.bridgeway.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the run's Keycloak when the JUnit launcher session ends, however the tests went. */
public final class KeycloakSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        KeycloakServer.stopIfStarted();
    }
}
