package org.bridgeway.delivery;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Brokers started in a test extended with this look for expired messages every second, not every minute, so that a
 * test of a delivery window of seconds sees it expire within seconds.
 */
public final class ShortExpiryScan implements BeforeEachCallback, AfterEachCallback {
    private static final String EVERY_SECOND = "1000";

    @Override
    public void beforeEach(ExtensionContext context) {
        System.setProperty(MailboxBroker.EXPIRY_SCAN_PROPERTY, EVERY_SECOND);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty(MailboxBroker.EXPIRY_SCAN_PROPERTY);
    }
}
