package org.bridgeway.store;

import java.sql.SQLException;
import java.util.Set;
import org.h2.api.ErrorCode;

/** H2's errors that mean the database itself is gone (it closed itself, typically because it could not write). */
final class H2Failures {
    private static final Set<Integer> DEAD_DATABASE = Set.of(ErrorCode.DATABASE_IS_CLOSED,
            ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.CONNECTION_BROKEN_1, ErrorCode.IO_EXCEPTION_1,
            ErrorCode.IO_EXCEPTION_2, ErrorCode.FILE_CORRUPTED_1, ErrorCode.OBJECT_CLOSED);

    private H2Failures() {
    }

    static boolean isDeadDatabase(SQLException e) {
        return DEAD_DATABASE.contains(e.getErrorCode());
    }
}
