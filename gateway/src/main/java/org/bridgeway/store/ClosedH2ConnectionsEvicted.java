package org.bridgeway.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * When H2 cannot write its file (a full disk) it closes the database, and every connection to it fails from then on
 * with errors HikariCP does not know as fatal, so the pool would lend the dead connections for ever. These errors
 * evict the connection, and every other one of the pool with it: they were all to the database that closed, and the
 * pool lends one used in the last half second without checking it, so after a burst of failures callers would meet
 * them one by one. The next connection opened reopens the database, which works again once the disk has room.
 */
public final class ClosedH2ConnectionsEvicted implements SQLExceptionOverride {
    private volatile Runnable evictAll = () -> { };

    /** How to evict every connection of the pool (set once the pool exists). */
    void evictAllWith(Runnable evictAll) {
        this.evictAll = evictAll;
    }

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        if (!H2Failures.isDeadDatabase(e)) {
            return Override.CONTINUE_EVICT;
        }
        evictAll.run();
        return Override.MUST_EVICT;
    }
}
