-- SSDA903 returns as batches: what a sender polls (GET /api/v1/ssda903/returns/{batchId}) while its return goes
-- through, and what a restart keeps. One row per return (digest of its files) and responsible authority: the same
-- return sent again is answered with its batch. Counts only: no row of the return, no file name.
CREATE TABLE ssda903_batch (
    batch_id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    input_digest          CHAR(64)     NOT NULL,
    responsible_authority VARCHAR(100) NOT NULL,
    source                VARCHAR(20)  NOT NULL,
    -- received, sending, done or failed
    state                 VARCHAR(20)  NOT NULL,
    rows_read             INTEGER      NOT NULL,
    rows_rejected         INTEGER      NOT NULL,
    files_refused         INTEGER      NOT NULL,
    notices_total         INTEGER      NOT NULL,
    notices_sent          INTEGER      NOT NULL,
    notices_duplicate     INTEGER      NOT NULL,
    failure               VARCHAR(200),
    received_at           TIMESTAMP    NOT NULL,
    -- the heartbeat of the node sending it: a batch not done whose heartbeat stopped was interrupted
    updated_at            TIMESTAMP    NOT NULL,
    finished_at           TIMESTAMP,
    -- the answer the upload gave before batches (counts, file summaries, row errors, refused files) as JSON
    summary               TEXT
);
CREATE UNIQUE INDEX ssda903_batch_return ON ssda903_batch (input_digest, responsible_authority);
