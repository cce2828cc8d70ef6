/**
 * The gateway's relational store as such: {@link org.bridgeway.store.Database} opens embedded H2 or PostgreSQL
 * behind a connection pool, runs the Flyway migrations, and makes what was committed durable when asked
 * ({@code syncCommitted}, before anyone is told). Embedded H2's commits are made durable by a write-ahead commit
 * journal ({@code JournalledDataSource}, {@code CommitJournal}, {@code JournalRecord}: the connections it hands out
 * record each transaction's writes, {@code RecordingConnection} and {@code RecordingStatement}; {@code H2ReopenPoint}
 * reads from H2's file what it would reopen at, so the journal keeps what a crash could still need); {@link org.bridgeway.store.DatabasePassword} keeps the password off the command line and
 * out of logs; {@link org.bridgeway.store.TimeOrderedIds} makes the ids rows are keyed by, and
 * {@link org.bridgeway.store.NodeId} names this process among the nodes sharing the database.
 *
 * <p>It holds no business rules and no table's SQL: each package that owns a table keeps its statements (the audit
 * tables in {@code org.bridgeway.audit.store}, decisions in {@code policy.DecisionLog}, the outbox in
 * {@code delivery.MailboxOutbox}, ...), portable between H2 and PostgreSQL. It depends on no other Bridgeway package.
 */
package org.bridgeway.store;
