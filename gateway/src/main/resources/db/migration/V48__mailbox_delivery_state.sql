-- Where each recipient's copy of an exchange stands, for its sender (GET /api/v1/exchanges/{id}/deliveries) and for
-- the delivery window. A row is written with the message's outbox row, in the transaction of its DISCLOSED entry;
-- the relay, the fetch and the expiry fill in their times. Identifiers and times only, never content.
CREATE TABLE mailbox_delivery (
    message_id      VARCHAR(36)  NOT NULL PRIMARY KEY,
    exchange_id     VARCHAR(64)  NOT NULL,
    sender          VARCHAR(100) NOT NULL,
    recipient       VARCHAR(100) NOT NULL,
    accepted_at     VARCHAR(40)  NOT NULL,
    -- the agreement's delivery window, seconds: the broker expires the message that long after it reached the mailbox
    window_seconds  BIGINT       NOT NULL,
    -- when the relay put it in the mailbox (the first time), when the recipient first fetched it
    delivered_at    VARCHAR(40),
    fetched_at      VARCHAR(40)
);
CREATE INDEX mailbox_delivery_exchange ON mailbox_delivery (exchange_id);

-- Every message that expired unacknowledged, recorded in the same transaction as its DELIVERY_EXPIRED audit entry and
-- the non-delivery report put in the sender's outbox: the primary key makes the report and the entry once-only even
-- when the broker offers the expired message again after a crash.
CREATE TABLE mailbox_expiry (
    message_id        VARCHAR(36)  NOT NULL PRIMARY KEY,
    exchange_id       VARCHAR(64)  NOT NULL,
    recipient         VARCHAR(100) NOT NULL,
    expired_at        VARCHAR(40)  NOT NULL,
    report_message_id VARCHAR(36)  NOT NULL
);
