-- The audit log becomes a Merkle tree (RFC 9162). Each entry is a leaf: its leaf hash is SHA-256(0x00 || entry_json).
ALTER TABLE audit_entry ADD COLUMN leaf_hash CHAR(64);

-- Perfect subtrees of level 1 and up: node (lvl, idx) covers leaves [idx * 2^lvl, (idx + 1) * 2^lvl). Written once
-- when complete, never changed; roots and proofs fold from O(log n) of them.
CREATE TABLE audit_node (
    lvl  SMALLINT NOT NULL,
    idx  BIGINT   NOT NULL,
    hash CHAR(64) NOT NULL,
    PRIMARY KEY (lvl, idx)
);

-- The sequencer: one row, locked by every append, so gateways sharing this database append one after another and
-- every index is used exactly once.
CREATE TABLE audit_tree_state (
    id        SMALLINT NOT NULL PRIMARY KEY,
    tree_size BIGINT   NOT NULL
);
INSERT INTO audit_tree_state (id, tree_size) VALUES (1, 0);

-- Signed tree heads: the C2SP checkpoint signed by the gateway, and an RFC 3161 timestamp token over it once the
-- time-stamping authority has answered.
CREATE TABLE audit_tree_head (
    tree_size       BIGINT        NOT NULL PRIMARY KEY,
    root_hash       CHAR(64)      NOT NULL,
    issued_at       VARCHAR(40)   NOT NULL,
    signed_note     VARCHAR(4000) NOT NULL,
    timestamp_token VARCHAR(16000),
    timestamped_at  VARCHAR(40)
);

-- Witnesses' cosignatures (c2sp.org/tlog-cosignature) of a tree head, with the witness's public key.
CREATE TABLE audit_cosignature (
    tree_size      BIGINT       NOT NULL,
    witness        VARCHAR(200) NOT NULL,
    public_key     VARCHAR(64)  NOT NULL,
    signature_line VARCHAR(400) NOT NULL,
    received_at    VARCHAR(40)  NOT NULL,
    PRIMARY KEY (tree_size, witness)
);
