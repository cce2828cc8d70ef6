-- The transactional outbox of recipients' mailboxes. A notice's messages are written here in the same transaction
-- as its DISCLOSED audit entries and its idempotency record, then relayed to the broker, which drops a message it
-- already holds (duplicate detection keyed by the message id); a row is deleted once its message is in the mailbox.
-- A crash at any instant therefore leaves a message either here or in the mailbox, never neither and never both
-- delivered. The payload is the rendered notice, base64, so that the column type is the same on H2 and PostgreSQL.
CREATE TABLE mailbox_outbox (
    message_id      VARCHAR(36)  NOT NULL PRIMARY KEY,
    exchange_id     VARCHAR(64)  NOT NULL,
    idempotency_key VARCHAR(100) NOT NULL,
    exchange_type   VARCHAR(60)  NOT NULL,
    sender          VARCHAR(100) NOT NULL,
    recipient       VARCHAR(100) NOT NULL,
    format          VARCHAR(40)  NOT NULL,
    media_type      VARCHAR(100) NOT NULL,
    -- when the row was written, epoch milliseconds: the background relay leaves a row to the exchange that wrote it
    -- for a few seconds
    accepted_millis BIGINT       NOT NULL,
    payload         VARCHAR(1000000) NOT NULL
);
CREATE INDEX mailbox_outbox_age ON mailbox_outbox (accepted_millis);

-- Every acknowledged message, recorded in the same transaction as its ACKNOWLEDGED audit entry: an acknowledgement
-- repeated after a crash (audited, but the message not yet removed) removes the message without a second entry.
CREATE TABLE mailbox_ack (
    message_id      VARCHAR(36)  NOT NULL PRIMARY KEY,
    recipient       VARCHAR(100) NOT NULL,
    acknowledged_at VARCHAR(40)  NOT NULL
);

-- A notice's idempotency record is now written in the same transaction as its audit entries and outbox messages,
-- so it is never 'pending'; claims left pending by earlier versions were never delivered and are released.
DELETE FROM notice_key WHERE state = 'pending';
