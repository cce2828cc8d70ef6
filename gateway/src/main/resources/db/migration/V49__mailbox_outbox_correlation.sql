-- The correlation id of the exchange that disclosed each message, kept with its outbox row so that a message the
-- outbox sweep relays after a broker outage or a restart carries the same id as one the exchange relayed itself
-- (docs/logging.md). An identifier, never content; null for rows written before V49.
ALTER TABLE mailbox_outbox ADD COLUMN correlation_id VARCHAR(128);
