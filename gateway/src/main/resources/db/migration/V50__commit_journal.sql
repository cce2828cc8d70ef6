-- Embedded H2's commit journal (org.bridgeway.store.JournalledDataSource): the sequence number of the last journalled
-- transaction the database holds, written by every journalled transaction, so that after a crash only the journal's
-- later transactions are replayed. Unused on PostgreSQL, whose own write-ahead log makes each commit durable.
CREATE TABLE commit_journal (
    id          SMALLINT NOT NULL PRIMARY KEY,
    applied_seq BIGINT   NOT NULL
);
INSERT INTO commit_journal (id, applied_seq) VALUES (1, 0);
