package org.bridgeway.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * When H2 cannot write its file (a full disk) it closes the database, and every connection to it fails from then on
 * with errors HikariCP does not know as fatal, so the pool would lend the dead connections for ever. These errors
 * evict the connection: the next one opened reopens the database, which works again once the disk has room.
 */
public final class ClosedH2ConnectionsEvicted implements SQLExceptionOverride {
    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return H2Failures.isDeadDatabase(e) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
