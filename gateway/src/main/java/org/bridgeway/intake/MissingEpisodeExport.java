package org.bridgeway.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.adapters.missing.MissingCsvResult;
import org.bridgeway.model.MissingEpisodeNotice;

/**
 * A force's records-system export on its way through the gateway: its name, the digest of its content, the notices
 * of its valid rows, every row error, and what became of each notice sent (in file order: its exchange id and
 * episode, held or not, or the rule that refused it).
 */
public final class MissingEpisodeExport {
    private final String file;
    private final String digest;
    private final MissingCsvResult read;
    private final List<Map<String, Object>> sent = new ArrayList<>();

    MissingEpisodeExport(String file, String digest, MissingCsvResult read) {
        this.file = file;
        this.digest = digest;
        this.read = read;
    }

    public List<MissingEpisodeNotice> notices() {
        return read.notices();
    }

    /** Why the file was refused whole, if it was. */
    public Optional<String> refusal() {
        return read.refusal().map(r -> r.reason());
    }

    void sent(int notice, String exchangeId, boolean duplicate, Optional<String> episodeId, Optional<String> held) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("notice", notice);
        entry.put("exchangeId", exchangeId);
        entry.put("duplicate", duplicate);
        episodeId.ifPresent(id -> entry.put("episodeId", id));
        entry.put("held", held.isPresent());
        held.ifPresent(reason -> entry.put("reason", reason));
        add(entry);
    }

    void refused(int notice, int status, String rule, Map<String, String> details) {
        Map<String, Object> entry = new LinkedHashMap<>(details);
        entry.put("notice", notice);
        entry.put("refused", status);
        entry.put("rule", rule);
        add(entry);
    }

    void notSent(int notice, String reason) {
        add(Map.of("notice", notice, "notSent", reason));
    }

    private void add(Map<String, Object> entry) {
        synchronized (sent) {
            sent.add(entry);
        }
    }

    /** What is safe to tell the force: counts, ids, rules, and each rejected row's row, column and rule. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("file", file);
        s.put("digest", digest);
        s.put("rows", read.rowsRead());
        s.put("rowsRejected", read.rowsWithErrors());
        s.put("notices", read.notices().size());
        synchronized (sent) {
            s.put("sent", List.copyOf(sent));
        }
        s.put("errors", read.rowErrors());
        if (read.unlistedErrors() > 0) {
            s.put("unlistedErrors", read.unlistedErrors());
        }
        return s;
    }
}
