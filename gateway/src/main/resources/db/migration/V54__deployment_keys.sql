-- What every gateway node of one deployment must share: a fingerprint of each key (the audit signing key's public
-- half, and each keyed digest's secret), recorded by the first node to start. A node whose keys differ refuses to
-- start, rather than sign the shared audit log with another key or derive match keys no other node derives.
CREATE TABLE deployment_key (
    key_name    VARCHAR(64)  NOT NULL PRIMARY KEY,
    fingerprint CHAR(64)     NOT NULL,
    recorded_at TIMESTAMP    NOT NULL
);
