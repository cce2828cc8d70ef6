-- Issue 13: the repeated-missing watch's memory and the SSDA903 Missing reconciliation reports.
-- V42 rather than the next free number: other branches add V40 and V41 concurrently; Flyway allows the gap.

-- The repeated-missing watch (org.bridgeway.pipeline.RepeatedMissingWatch): one row per episode of a child and match
-- key (a child has up to three: of the NHS number, of name and date of birth, of the responsible authority and its
-- child id), no more than the watch needs. The episode is episode_key, the SHA-256 of the idempotency key of its
-- first report: a report passes the watch before the gateway has recorded its episode id. The child is named only
-- by the match key, an HMAC-SHA256 under a key the gateway keeps in its keys/ folder; no name, NHS number or date of birth is stored. prompted_by is the SHA-256 of
-- the idempotency key of the notice that carried the episode's strategy-discussion prompt: the prompt is given once
-- per episode, and again only to that same notice sent again (a retry after a failure). A row is deleted when it
-- expires (the retention of policies/early-warnings/repeated-missing.yaml after the episode's last update).
CREATE TABLE missing_watch (
    match_key    CHAR(64)     NOT NULL,
    episode_key  CHAR(64)     NOT NULL,
    start_at     TIMESTAMP    NOT NULL,
    end_at       TIMESTAMP,
    risk_level   VARCHAR(20)  NOT NULL,
    prompted_by  CHAR(64),
    expires_at   TIMESTAMP    NOT NULL,
    PRIMARY KEY (match_key, episode_key)
);
CREATE INDEX missing_watch_expiry ON missing_watch (expires_at);
CREATE INDEX missing_watch_episode ON missing_watch (episode_key);

-- The SSDA903 Missing reconciliation (org.bridgeway.intake.reconciliation): one report per accepted return's batch,
-- for the council that sent it (GET /api/v1/ssda903/returns/{batchId}/missing-reconciliation). The report names
-- episodes by the council's child id, the return's row and the gateway's episode id, with dates and type; no name.
CREATE TABLE missing_reconciliation (
    batch_id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    responsible_authority VARCHAR(100) NOT NULL,
    reconciled_at         TIMESTAMP    NOT NULL,
    report                TEXT         NOT NULL
);
