-- The repeated-suspension early warning's memory (org.bridgeway.pipeline.RepeatedSuspensionWatch): one row per
-- suspension long enough to count, and no more than the watch needs. The pupil is named only by a match key, an
-- HMAC-SHA256 of the pupil's normalised identifiers under a key the gateway keeps in its keys/ folder; no name,
-- UPN or date of birth is stored. A row is deleted when it expires (the retention of
-- policies/early-warnings/repeated-suspensions.yaml after it was recorded).
-- V20 rather than the next free number: other branches may add migrations concurrently; Flyway allows the gap.
CREATE TABLE suspension_watch (
    match_key   CHAR(64)    NOT NULL,
    school_urn  VARCHAR(6)  NOT NULL,
    start_date  DATE        NOT NULL,
    sessions    INTEGER     NOT NULL,
    category    VARCHAR(4)  NOT NULL,
    expires_at  TIMESTAMP   NOT NULL,
    -- the same suspension reported again (a retry, a correction) is remembered once
    PRIMARY KEY (match_key, school_urn, start_date)
);
CREATE INDEX suspension_watch_expiry ON suspension_watch (expires_at);
