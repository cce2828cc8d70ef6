-- The decision log: every policy decision (allow and deny), one row per (exchange, recipient), written in the
-- transaction of the audit append that refers to it by decision_id. Like the audit log it holds no personal
-- data: the input is kept only as a digest, and the input itself holds organisation ids, roles, field names and
-- a date.
CREATE TABLE policy_decision (
    decision_id       CHAR(36)      NOT NULL PRIMARY KEY,   -- a UUID, named in the audit DECISION_* entry
    exchange_id       VARCHAR(64)   NOT NULL,
    recipient         VARCHAR(100)  NOT NULL,               -- organisation id, e.g. police:kent
    decided_at        VARCHAR(40)   NOT NULL,               -- ISO-8601 instant, UTC
    input_digest      CHAR(64)      NOT NULL,               -- SHA-256 hex of the canonical JSON of the PolicyInput
    agreement_id      VARCHAR(100),                         -- null on a denial no agreement explains
    agreement_version VARCHAR(40),
    policy_revision   VARCHAR(100)  NOT NULL,               -- the policy set that decided, sha256:...
    result            VARCHAR(5)    NOT NULL CHECK (result IN ('allow', 'deny')),
    reasons           VARCHAR(20000) NOT NULL,              -- JSON array of strings
    permitted         VARCHAR(8000) NOT NULL,               -- JSON array of canonical field names
    withheld          VARCHAR(8000) NOT NULL,               -- JSON array of canonical field names
    lawful_basis      VARCHAR(4000),                        -- JSON object (LawfulBasis); null on deny
    retention         VARCHAR(40),                          -- ISO-8601 period; null on deny
    obligations       VARCHAR(8000) NOT NULL                -- JSON array of strings
);
CREATE INDEX policy_decision_exchange ON policy_decision (exchange_id);
