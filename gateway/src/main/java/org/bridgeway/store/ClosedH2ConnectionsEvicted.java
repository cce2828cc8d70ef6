package org.bridgeway.store;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;
import org.h2.api.ErrorCode;

/**
 * When H2 cannot write its file (a full disk) it closes the database, and every connection to it fails from then on
 * with errors HikariCP does not know as fatal, so the pool would lend the dead connections for ever. These errors
 * evict the connection: the next one opened reopens the database, which works again once the disk has room.
 */
public final class ClosedH2ConnectionsEvicted implements SQLExceptionOverride {
    private static final Set<Integer> DEAD_DATABASE = Set.of(ErrorCode.DATABASE_IS_CLOSED,
            ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.CONNECTION_BROKEN_1, ErrorCode.IO_EXCEPTION_1,
            ErrorCode.IO_EXCEPTION_2, ErrorCode.FILE_CORRUPTED_1, ErrorCode.OBJECT_CLOSED);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return DEAD_DATABASE.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
