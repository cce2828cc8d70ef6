-- Missing episodes (org.bridgeway.workflow.MissingEpisodes): the gateway's record of each episode it carried, so
-- that an update (risk regraded, found, closed) is applied to the right episode, in order, once. Written by the
-- episode ledger step in the same transaction as the notice's audit entries: a notice refused or failed leaves no
-- episode state. Identifiers, dates, codes and a keyed match key only: no name, no date of birth, no address.
-- V40 rather than the next free number: other branches add migrations concurrently; Flyway allows the gap.
CREATE TABLE missing_episode (
    episode_id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- the reporting organisation's own reference (council or home): "<sender id>|<reference>"
    reporter_key        VARCHAR(200),
    reported_by         VARCHAR(20)  NOT NULL,
    reporter            VARCHAR(100) NOT NULL,
    reporting_force     VARCHAR(60),
    police_reference    VARCHAR(100),
    responsible_la      VARCHAR(3)   NOT NULL,
    host_la             VARCHAR(3),
    handling_force      VARCHAR(60),
    home_force          VARCHAR(60),
    found_authority     VARCHAR(3),
    -- OPEN, FOUND or CLOSED
    state               VARCHAR(10)  NOT NULL,
    episode_type        VARCHAR(1)   NOT NULL,
    start_at            TIMESTAMP    NOT NULL,
    end_at              TIMESTAMP,
    risk_level          VARCHAR(20)  NOT NULL,
    child_local_id      VARCHAR(100),
    -- KeyedDigest of the responsible LA and the child's local id, or of name and date of birth
    child_match_key     CHAR(64)     NOT NULL,
    -- the last update applied: its kind, the sender's date-time and the notice's idempotency key
    last_update         VARCHAR(20)  NOT NULL,
    last_updated_at     TIMESTAMP    NOT NULL,
    last_idempotency_key VARCHAR(200) NOT NULL,
    -- a keyed digest of the report's fields: the same report sent again is a duplicate, another one under the same
    -- reference a conflict
    report_fingerprint  CHAR(64)     NOT NULL,
    -- the first report's idempotency key: the repeated-missing watch knows an episode by it, since a report passes
    -- the watch before its episode is recorded
    report_key          VARCHAR(200) NOT NULL,
    -- the child was looked after when reported: only their episodes belong in the authority's SSDA903 return
    looked_after        BOOLEAN      NOT NULL,
    created_at          TIMESTAMP    NOT NULL,
    changed_at          TIMESTAMP    NOT NULL
);
-- One episode per police report and per reporter's reference (NULLs do not collide, in H2 or PostgreSQL).
CREATE UNIQUE INDEX missing_episode_police ON missing_episode (reporting_force, police_reference);
CREATE UNIQUE INDEX missing_episode_reporter ON missing_episode (reporter_key);
CREATE INDEX missing_episode_responsible ON missing_episode (responsible_la, start_at);
CREATE INDEX missing_episode_child ON missing_episode (child_match_key, start_at);

-- Updates that arrived before the report they update, or behind an update still held: admitted and audited
-- (RECEIVED, HELD), kept here in the published JSON form until their episode exists, then released through the
-- pipeline in kind order (REPORTED < RISK_REGRADED < FOUND < CLOSED) and the sender's date-time, exactly once.
-- The document holds the notice as sent (personal data, like the mailbox outbox); it is cleared when released.
CREATE TABLE missing_update_held (
    held_id             VARCHAR(64)  NOT NULL PRIMARY KEY,
    exchange_id         VARCHAR(64)  NOT NULL,
    idempotency_key     VARCHAR(200) NOT NULL,
    sender              VARCHAR(100) NOT NULL,
    -- how the update names its episode: "episode:<id>", "police:<force>|<ref>" or "reporter:<sender>|<ref>"
    episode_ref         VARCHAR(300) NOT NULL,
    update_kind         VARCHAR(20)  NOT NULL,
    kind_order          INTEGER      NOT NULL,
    updated_at          TIMESTAMP    NOT NULL,
    reason              VARCHAR(40)  NOT NULL,
    document            TEXT,
    held_at             TIMESTAMP    NOT NULL,
    -- set when the update went through (or was refused on release, with the rule)
    released_at         TIMESTAMP,
    episode_id          VARCHAR(64),
    outcome             VARCHAR(60)
);
CREATE UNIQUE INDEX missing_update_held_key ON missing_update_held (idempotency_key);
CREATE INDEX missing_update_held_waiting ON missing_update_held (released_at, episode_ref);
CREATE INDEX missing_update_held_sender ON missing_update_held (sender, held_at);

-- The repeated-missing watch's memory: one row per episode of a child, named by the keyed match key only, kept
-- until it expires (the watch's retention).
CREATE TABLE missing_pattern (
    match_key           CHAR(64)     NOT NULL,
    episode_id          VARCHAR(64)  NOT NULL,
    responsible_la      VARCHAR(3)   NOT NULL,
    start_at            TIMESTAMP    NOT NULL,
    end_at              TIMESTAMP,
    risk_level          VARCHAR(20)  NOT NULL,
    prompted_at         TIMESTAMP,
    expires_at          TIMESTAMP    NOT NULL,
    PRIMARY KEY (match_key, episode_id)
);
CREATE INDEX missing_pattern_expiry ON missing_pattern (expires_at);
