-- The deadlines of custody handovers (org.bridgeway.handover.deadlines.JdbcHandoverTimers) as rows, written in the
-- audit transaction of the handover step that starts or stops them, so that they survive a restart and each fires
-- once however many gateway nodes share the database (the lease columns, as rhi_timer's). Identifiers, codes and
-- times only.
CREATE TABLE custody_handover_timer (
    timer_id     VARCHAR(40)  NOT NULL PRIMARY KEY,
    handover_id  VARCHAR(40)  NOT NULL REFERENCES custody_handover (handover_id),
    -- ACKNOWLEDGEMENT_REMINDER, ACKNOWLEDGEMENT_OVERDUE, ANSWER_REMINDER, ANSWER_OVERDUE, COLLECTION_REMINDER,
    -- COLLECTION_OVERDUE
    event        VARCHAR(32)  NOT NULL,
    -- the asked authority the timer concerns (acknowledgement: each asked one; collection: the owner); none for the
    -- answer, which every asked authority owes
    authority    CHAR(3),
    -- the deadline the timer is about, and when it fires (the deadline itself, or a reminder before it)
    deadline_at  TIMESTAMP    NOT NULL,
    due_at       TIMESTAMP    NOT NULL,
    -- PENDING, FIRED, CANCELLED
    state        VARCHAR(10)  NOT NULL,
    fired_at     TIMESTAMP,
    exchange_id  VARCHAR(64),
    lease_owner  VARCHAR(64),
    lease_until  TIMESTAMP
);
CREATE INDEX custody_handover_timer_due ON custody_handover_timer (state, due_at);
CREATE INDEX custody_handover_timer_handover ON custody_handover_timer (handover_id);
