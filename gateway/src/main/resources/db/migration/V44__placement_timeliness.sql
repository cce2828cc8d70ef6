-- How timely each placement notice was (issue 19 point 4; org.bridgeway.timeliness.TimelinessRecords): one row per
-- notice the gateway accepted, written in the notice's own audit transaction, so that a notice refused or failed
-- later leaves no row. Read for the report per placing authority and period. No child, no placement date: the
-- placing authority, the rule and the two dates the measure compares, and the exchange to find the rest in the
-- audit log.
CREATE TABLE placement_timeliness (
    exchange_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    placing_authority  CHAR(3)      NOT NULL,
    -- REGULATION_13 (a start), REGULATION_14 (an end)
    regulation         VARCHAR(16)  NOT NULL,
    emergency          BOOLEAN      NOT NULL,
    -- CASE_SYSTEM, SSDA903_RETURN
    source             VARCHAR(16)  NOT NULL,
    due_by             DATE         NOT NULL,
    received_on        DATE         NOT NULL,
    working_days_late  INTEGER      NOT NULL,
    recorded_at        TIMESTAMP    NOT NULL
);
CREATE INDEX placement_timeliness_by_authority ON placement_timeliness (placing_authority, received_on);
