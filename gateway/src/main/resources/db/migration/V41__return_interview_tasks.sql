-- Return home interviews as tracked work (org.bridgeway.workflow.JdbcReturnInterviewTasks): one task per missing
-- episode the child returned from, and its deadline timers as rows, so that they survive a restart and each fires
-- once however many gateway nodes share the database. Identifiers only: the child is named by the responsible
-- authority's own reference (child_local_id), which the task's notices carry back to that authority.
CREATE TABLE rhi_task (
    task_id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    episode_id          VARCHAR(64)  NOT NULL,
    responsible_la      CHAR(3)      NOT NULL,
    host_la             CHAR(3),
    -- organisation id of who holds the task now (the responsible authority, or the LA it handed the task to)
    owner               VARCHAR(100) NOT NULL,
    returned_at         TIMESTAMP    NOT NULL,
    -- from the deadline data when the task opened: a later change of policy does not move an open deadline (the
    -- escalation mailbox and contact are read when a notice is raised: an address book, not a deadline)
    due_at              TIMESTAMP    NOT NULL,
    -- OPEN, COMPLETED
    state               VARCHAR(12)  NOT NULL,
    -- the FOUND update's idempotency key: the task's timers fire only once that notice has been accepted
    source_key          VARCHAR(100) NOT NULL,
    police_reference    VARCHAR(64),
    reporting_force     VARCHAR(64),
    child_local_id      VARCHAR(64),
    -- the outcome that completes the task, recorded before it is accepted; it counts once its key is accepted
    outcome_exchange_id VARCHAR(64),
    outcome_key         VARCHAR(100),
    opened_at           TIMESTAMP    NOT NULL,
    updated_at          TIMESTAMP    NOT NULL,
    CONSTRAINT rhi_task_one_per_episode UNIQUE (episode_id)
);
CREATE INDEX rhi_task_owner ON rhi_task (owner);
CREATE INDEX rhi_task_responsible ON rhi_task (responsible_la);

CREATE TABLE rhi_timer (
    timer_id     VARCHAR(40)  NOT NULL PRIMARY KEY,
    task_id      VARCHAR(40)  NOT NULL REFERENCES rhi_task (task_id),
    -- OPENED, REMINDER, OVERDUE, REASSIGNED, COMPLETED
    kind         VARCHAR(12)  NOT NULL,
    due_at       TIMESTAMP    NOT NULL,
    -- the idempotency key of the notice that must have been accepted before this timer may fire
    gate_key     VARCHAR(100) NOT NULL,
    -- PENDING, FIRED, CANCELLED
    state        VARCHAR(10)  NOT NULL,
    fired_at     TIMESTAMP,
    -- the exchange id of the notice the timer raised
    exchange_id  VARCHAR(64),
    -- a node's claim: the timer is its to fire until lease_until; an expired lease may be claimed again, and the
    -- notice's idempotency key makes a second firing a duplicate of the first
    lease_owner  VARCHAR(64),
    lease_until  TIMESTAMP
);
CREATE INDEX rhi_timer_due ON rhi_timer (state, due_at);
CREATE INDEX rhi_timer_task ON rhi_timer (task_id);
