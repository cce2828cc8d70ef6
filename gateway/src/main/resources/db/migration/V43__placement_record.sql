-- Placement records (org.bridgeway.workflow.PlacementRecords): each placement the gateway carried, and who was told
-- of it, so that its change or end goes to exactly those organisations and to no other (CPPCR Regulations 2010
-- reg 14; issue 19). Written by the placement ledger step in the same transaction as the notice's audit entries: a
-- notice refused or failed leaves no record. Identifiers, codes and dates only: no name, no address.
CREATE TABLE placement_record (
    placement_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    -- the placement's natural key: the placing authority (DfE number), its child id and the placement's start
    placing_la          VARCHAR(3)   NOT NULL,
    child_local_id      VARCHAR(100) NOT NULL,
    start_date          DATE         NOT NULL,
    -- the notice that began it: a start, or the change that began it (a new carer or address)
    exchange_id         VARCHAR(64)  NOT NULL,
    -- DfE number of the area the child is placed in
    local_authority     VARCHAR(3)   NOT NULL,
    -- the organisations the notice that began it was disclosed to, each "<organisation id>|<relation>", joined by
    -- commas in the order decided; empty when every recipient was denied
    recipients          VARCHAR(2000) NOT NULL,
    -- CHANGED (a later placement replaced it) or ENDED once the notice that says so was accepted; NULL while current
    closed_by_event     VARCHAR(10),
    closed_by_exchange  VARCHAR(64),
    created_at          TIMESTAMP    NOT NULL,
    changed_at          TIMESTAMP    NOT NULL
);
CREATE UNIQUE INDEX placement_record_key ON placement_record (placing_la, child_local_id, start_date);
