-- The signed, hash-chained audit log. Entries hold identifiers and digests only, never personal data.
CREATE TABLE audit_entry (
    seq         BIGINT        NOT NULL PRIMARY KEY,
    recorded_at VARCHAR(40)   NOT NULL,
    event_type  VARCHAR(40)   NOT NULL,
    exchange_id VARCHAR(64),
    entry_json  VARCHAR(8000) NOT NULL,
    prev_hash   CHAR(64)      NOT NULL,
    entry_hash  CHAR(64)      NOT NULL,
    signature   VARCHAR(128)  -- on the last entry of each committed batch: it vouches for the chain up to it
);
CREATE INDEX audit_entry_exchange ON audit_entry (exchange_id);

-- Every input file set (an SSDA903 return, an upload) by digest of its content: a re-drop is recognised.
CREATE TABLE processed_input (
    input_digest CHAR(64)      NOT NULL PRIMARY KEY,
    source       VARCHAR(400)  NOT NULL,
    processed_at TIMESTAMP     NOT NULL,
    summary      VARCHAR(2000) NOT NULL
);

-- Every notice by its idempotency key: the same notice submitted twice keeps its first exchange id.
CREATE TABLE notice_key (
    idempotency_key VARCHAR(100) NOT NULL PRIMARY KEY,
    exchange_id     VARCHAR(64) NOT NULL,
    received_at     TIMESTAMP   NOT NULL
);
