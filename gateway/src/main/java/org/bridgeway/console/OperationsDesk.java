package org.bridgeway.console;

import org.bridgeway.gateway.Gateway;

/** The gateway operator's desk: health of what the gateway depends on, and the dead letters awaiting replay. */
public final class OperationsDesk {
    private OperationsDesk() {
    }

    /** The desk over a running gateway. */
    public static OperationsDesk of(Gateway gateway) {
        return new OperationsDesk();
    }
}
