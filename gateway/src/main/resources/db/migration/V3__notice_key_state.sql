-- A notice's idempotency key is 'pending' from admission until its messages are in the mailboxes, then
-- 'delivered'. Only a delivered key makes a re-submission a duplicate; a pending key left by a crash is released
-- at the next start, so the notice can be sent again rather than lost (recipients de-duplicate by the key).
ALTER TABLE notice_key ADD COLUMN state VARCHAR(10) DEFAULT 'delivered' NOT NULL;
