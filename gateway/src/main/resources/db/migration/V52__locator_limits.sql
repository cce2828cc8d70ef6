-- The locator's limits per caller (org.bridgeway.locator.LocatorLimits), shared by every gateway node on the database:
-- a token bucket and the probing rule's count of unanswered queries. Behind a balancer a caller gets the rate once,
-- not once per node, and a probing refusal holds on every node. A caller is who asks (the organisation's id, '|', and
-- the person or system its token or certificate names: at most 80 and 200 characters, as in locator_access); nothing
-- here is about a child. Rows idle beyond the probing window are pruned.
CREATE TABLE locator_limit (
    caller            VARCHAR(300)     NOT NULL PRIMARY KEY,
    -- the bucket: tokens left when last refilled (never above the burst), and when that was
    tokens            DOUBLE PRECISION NOT NULL,
    refilled_at       TIMESTAMP        NOT NULL,
    -- the probing rule: unanswered queries counted since the window started (no window running: null)
    miss_window_start TIMESTAMP,
    misses            INTEGER          NOT NULL,
    -- the refusal in force or last in force, and its rule (locator.rate-limited, locator.probing)
    refused_until     TIMESTAMP,
    refused_by        VARCHAR(40),
    last_seen         TIMESTAMP        NOT NULL
);
CREATE INDEX locator_limit_idle ON locator_limit (last_seen);
