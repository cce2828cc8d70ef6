-- Custody handovers (PACE 1984 s.38(6)) as tracked work (org.bridgeway.handover): one row per transfer request, its
-- asked authorities, and who answered first. Identifiers, codes and times only: the child and the charge are in the
-- notices, never here.
CREATE TABLE custody_handover (
    handover_id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    force                   VARCHAR(64)  NOT NULL,
    custody_reference       VARCHAR(64)  NOT NULL,
    suite_authority         CHAR(3)      NOT NULL,
    responsible_authority   CHAR(3),
    -- LOCATOR, HOME_POSTCODE, FORCE (the force named it and nothing contradicts it) or NOT_FOUND
    responsible_found_by    VARCHAR(16)  NOT NULL,
    accommodation_requested VARCHAR(12)  NOT NULL,
    requested_at            TIMESTAMP    NOT NULL,
    court_sitting_at        TIMESTAMP,
    -- OPEN (asked, nobody answered), ANSWERED (an authority owns it), TRANSFERRED, CERTIFIED
    state                   VARCHAR(12)  NOT NULL,
    owner_authority         CHAR(3),
    decision                VARCHAR(48),
    answered_at             TIMESTAMP,
    closed_at               TIMESTAMP,
    request_exchange_id     VARCHAR(64)  NOT NULL,
    CONSTRAINT custody_handover_one_per_record UNIQUE (force, custody_reference)
);
CREATE TABLE custody_handover_party (
    handover_id      VARCHAR(40)  NOT NULL REFERENCES custody_handover (handover_id),
    authority        CHAR(3)      NOT NULL,
    -- suite-authority or responsible-authority (one authority that is both is one row: suite-authority)
    relation         VARCHAR(40)  NOT NULL,
    acknowledged_at  TIMESTAMP,
    PRIMARY KEY (handover_id, authority)
);
CREATE INDEX custody_handover_state ON custody_handover (state);
CREATE INDEX custody_handover_party_authority ON custody_handover_party (authority);
