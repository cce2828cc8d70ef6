-- What a decision says (its reasons, fields, lawful basis, retention and obligations) apart from whom it was for and
-- when: the same for every notice of one kind to one kind of recipient on one day, so kept once and named by each
-- decision. Before this each decision row carried its own copy, about 2 KB of text, most of what the gateway wrote
-- per notice.
CREATE TABLE policy_explanation (
    explanation_id VARCHAR(64)    NOT NULL PRIMARY KEY,  -- SHA-256 hex of the content; a migrated row: its decision id
    reasons        VARCHAR(20000) NOT NULL,              -- JSON array of strings
    permitted      VARCHAR(8000)  NOT NULL,              -- JSON array of canonical field names
    withheld       VARCHAR(8000)  NOT NULL,              -- JSON array of canonical field names
    lawful_basis   VARCHAR(4000),                        -- JSON object (LawfulBasis); null on deny
    retention      VARCHAR(40),                          -- ISO-8601 period; null on deny
    obligations    VARCHAR(8000)  NOT NULL               -- JSON array of strings
);

-- decisions recorded before: each keeps its own explanation, named by its decision id
INSERT INTO policy_explanation (explanation_id, reasons, permitted, withheld, lawful_basis, retention, obligations)
SELECT decision_id, reasons, permitted, withheld, lawful_basis, retention, obligations FROM policy_decision;

ALTER TABLE policy_decision ADD COLUMN explanation_id VARCHAR(64);
UPDATE policy_decision SET explanation_id = decision_id;
ALTER TABLE policy_decision ALTER COLUMN explanation_id SET NOT NULL;
ALTER TABLE policy_decision DROP COLUMN reasons;
ALTER TABLE policy_decision DROP COLUMN permitted;
ALTER TABLE policy_decision DROP COLUMN withheld;
ALTER TABLE policy_decision DROP COLUMN lawful_basis;
ALTER TABLE policy_decision DROP COLUMN retention;
ALTER TABLE policy_decision DROP COLUMN obligations;
