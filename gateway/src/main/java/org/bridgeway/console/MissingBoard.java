package org.bridgeway.console;

import org.bridgeway.gateway.Gateway;

/** The missing-children board: an organisation's open missing episodes and return home interview tasks. */
public final class MissingBoard {
    private MissingBoard() {
    }

    /** The board over a running gateway. */
    public static MissingBoard of(Gateway gateway) {
        return new MissingBoard();
    }
}
