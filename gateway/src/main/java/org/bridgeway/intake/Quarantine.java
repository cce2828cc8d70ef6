package org.bridgeway.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import org.bridgeway.observability.Meters;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.adapters.Digests;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.pipeline.OutcomeListeners;

/**
 * Where rejected input goes, whatever the exchange: every rejection is an audit entry (identifiers, digests and rule
 * ids only: the file's name as a digest, the row and column, the rule), an {@link Outcome.Rejected} for listeners, and
 * a line of a quarantine report ({@code <data>/quarantine/<kind>/<input digest>.json}) saying what to correct.
 */
public final class Quarantine {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final AuditLog auditLog;
    private final OutcomeListeners outcomes;
    private final Path directory;

    /**
     * One rejected part of an input.
     *
     * @param file    the input file's name as its sender gave it (reports and outcomes only; audited as a digest)
     * @param row     the row or record number; null when the whole file was refused
     * @param column  the column or canonical field; null when the problem is not with one
     */
    public record Rejection(String file, Integer row, String column, String rule, String message) {
    }

    private final MeterRegistry meters;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

    public Quarantine(AuditLog auditLog, OutcomeListeners outcomes, Path directory) {
        this(auditLog, outcomes, directory, Meters.none());
    }

    /**
     * Counts rejected rows and files ({@code bridgeway.notices.rejected}) by the input's kind ({@code input}):
     * a rejected row never became a notice, so it has no exchange type of its own.
     */
    public Quarantine(AuditLog auditLog, OutcomeListeners outcomes, Path directory, MeterRegistry meters) {
        this.auditLog = auditLog;
        this.outcomes = outcomes;
        this.directory = directory;
        this.meters = meters;
    }

    /**
     * Audits and reports the rejections of one input, and writes its quarantine report.
     *
     * @param kind        the input's kind, the report's folder ({@code ssda903}, {@code exclusions})
     * @param inputDigest SHA-256 of the input's content: the report's name and the link between the entries
     * @param sender      the organisation id the input came from
     * @param report      what the report holds (no personal data: names of files, numbers, rules, messages)
     */
    public void reject(String kind, String inputDigest, String sender, List<Rejection> rejections,
                       Map<String, Object> report) {
        if (rejections.isEmpty()) {
            return;
        }
        List<AuditEvent> events = new ArrayList<>();
        for (Rejection r : rejections) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("inputDigest", inputDigest);
            details.put("fileDigest", Digests.sha256(r.file()));
            if (r.row() != null) {
                details.put("row", r.row());
                details.put("column", r.column() == null ? "" : r.column());
            }
            details.put("rule", r.rule());
            events.add(new AuditEvent(AuditEventType.REJECTED, null, sender, null, details));
            outcomes.publish(new Outcome.Rejected(r.file(), r.row(), r.column(), r.rule(), r.message()));
        }
        auditLog.append(events);
        rejected.computeIfAbsent(kind, k -> Counter.builder("bridgeway.notices.rejected")
                .description("Input rows (or whole files) rejected and quarantined, by the input's kind")
                .tag("input", k).register(meters)).increment(rejections.size());
        Path file = reportOf(kind, inputDigest);
        // written beside the kinds' folders and moved in whole: whoever watches a folder never reads half a report
        Path partial = directory.resolve("." + kind + "-" + inputDigest + ".part");
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(partial.toFile(), report);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the quarantine report " + file, e);
        }
    }

    /** The report's path for an input, for log lines. */
    public Path reportOf(String kind, String inputDigest) {
        return directory.resolve(kind).resolve(inputDigest + ".json");
    }
}
