package org.bridgeway.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.adapters.exclusion.ReadError;
import org.bridgeway.model.ExclusionNotice;

/**
 * A school's XML file of exclusions on its way through the gateway: its name, the digest of its content, the notices
 * of its valid records, every problem found, and what became of each notice sent.
 */
public final class ExclusionFile {
    private final String document;
    private final String digest;
    private final List<ExclusionNotice> notices;
    private final List<ReadError> errors;
    private final int records;
    private final boolean refused;
    /** One entry per notice, in document order, as each comes back from the pipeline. */
    private final List<Map<String, Object>> sent = new ArrayList<>();

    /**
     * @param refused true when the document as a whole was refused (hostile, oversize, not the shape): nothing is sent
     * @param records the number of exclusion records read
     */
    public ExclusionFile(String document, String digest, List<ExclusionNotice> notices, List<ReadError> errors,
                         int records, boolean refused) {
        this.document = document;
        this.digest = digest;
        this.notices = List.copyOf(notices);
        this.errors = List.copyOf(errors);
        this.records = records;
        this.refused = refused;
    }

    public String document() {
        return document;
    }

    public List<ExclusionNotice> notices() {
        return notices;
    }

    public List<ReadError> errors() {
        return errors;
    }

    public boolean refused() {
        return refused;
    }

    /** The rule of a refused document: why nothing in it was used. */
    public String refusalRule() {
        return refused && !errors.isEmpty() ? errors.get(0).rule() : null;
    }

    /** A notice went through: its exchange id, and whether it was a re-submission of one sent before. */
    void sent(String exchangeId, boolean duplicate) {
        synchronized (sent) {
            sent.add(Map.of("exchangeId", exchangeId, "duplicate", duplicate));
        }
    }

    /** A notice was not sent (it could not be audited): send the file again later. */
    void notSent(int notice, String reason) {
        synchronized (sent) {
            sent.add(Map.of("notice", notice, "notSent", reason));
        }
    }

    /** What is safe to tell the school or print: counts, exchange ids, errors by record, line, field and rule. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("document", document);
        s.put("digest", digest);
        s.put("refused", refused);
        s.put("records", records);
        s.put("notices", notices.size());
        synchronized (sent) {
            s.put("sent", List.copyOf(sent));
        }
        s.put("errors", errors);
        return s;
    }
}
