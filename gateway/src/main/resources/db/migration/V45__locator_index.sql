-- The locator index (issue 14; org.bridgeway.locator): which authority is responsible for a child, found only by
-- keyed digests. No NHS number, name, date of birth, postcode or address is kept: an entry holds the authorities,
-- the kind of involvement, its dates and where it came from; its keys are HMAC-SHA256 digests under the locator's own
-- key (keys/locator-match.key), one for the exact NHS number and one per postcode for the exact name, date of birth
-- and postcode together.
CREATE TABLE locator_entry (
    entry_id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    -- what the entry is the entry of, unique: 'placement:<placing authority>:<digest of the child's local id>' for an
    -- entry filled from placement notices, 'registered:<authority>:<the council's reference>' for a registration
    origin                VARCHAR(200) NOT NULL,
    responsible_authority CHAR(3)      NOT NULL,
    host_authority        CHAR(3),
    -- LOOKED_AFTER, CHILD_PROTECTION_PLAN, UNBORN_CHILD_PROTECTION_PLAN
    involvement           VARCHAR(32)  NOT NULL,
    started_on            DATE         NOT NULL,
    ended_on              DATE,
    -- the exchange id of the placement notice that last changed it, or the council's own reference
    source                VARCHAR(80)  NOT NULL,
    -- the digest of the NHS number when the entry has one: two entries under one key with different ones are two
    -- children, and the query answers nothing
    nhs_key               VARCHAR(64),
    -- ended_on plus the configured retention; never answered from then on, and swept
    expires_at            TIMESTAMP,
    updated_at            TIMESTAMP    NOT NULL,
    CONSTRAINT locator_entry_one_per_origin UNIQUE (origin)
);
CREATE INDEX locator_entry_expiry ON locator_entry (expires_at);

CREATE TABLE locator_key (
    match_key  VARCHAR(64) NOT NULL,
    entry_id   VARCHAR(40) NOT NULL REFERENCES locator_entry (entry_id) ON DELETE CASCADE,
    -- NHS_NUMBER or NAME_BIRTH_POSTCODE
    key_kind   VARCHAR(24) NOT NULL,
    PRIMARY KEY (match_key, entry_id)
);
CREATE INDEX locator_key_entry ON locator_key (entry_id);

-- Each matched query's access notice to the responsible authority, written in the query's audit transaction and
-- relayed down the notice pipeline in the background (once: the idempotency key is the access id). The row holds what
-- the notice says of the entry as the query read it, so an entry withdrawn or swept before the relay still has its
-- authority told. The case reference is the caller's, kept only until the notice is raised; a raised row is deleted
-- by the locator's sweep.
CREATE TABLE locator_access (
    access_id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    entry_id              VARCHAR(40)  NOT NULL,
    entry_source          VARCHAR(80)  NOT NULL,
    involvement           VARCHAR(32)  NOT NULL,
    started_on            DATE         NOT NULL,
    responsible_authority CHAR(3)      NOT NULL,
    host_authority        CHAR(3),
    asked_by              VARCHAR(80)  NOT NULL,
    asked_by_person       VARCHAR(200),
    purpose               VARCHAR(32)  NOT NULL,
    case_reference        VARCHAR(64),
    asked_at              TIMESTAMP    NOT NULL,
    raised_at             TIMESTAMP,
    exchange_id           VARCHAR(64)
);
CREATE INDEX locator_access_pending ON locator_access (raised_at);
