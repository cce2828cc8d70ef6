package org.bridgeway.audit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows written in the same database transaction as an audit append (the decision log's, say), so that both are
 * stored or neither is. Runs on the audit log's connection; must not commit or roll back.
 */
@FunctionalInterface
public interface SameTransaction {
    SameTransaction NOTHING = connection -> { };

    void write(Connection connection) throws SQLException;
}
