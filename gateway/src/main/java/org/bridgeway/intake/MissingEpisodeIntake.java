package org.bridgeway.intake;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.bridgeway.adapters.Digests;
import org.bridgeway.adapters.missing.MissingCsvResult;
import org.bridgeway.adapters.missing.MissingEpisodeCsvReader;
import org.bridgeway.adapters.missing.MissingEpisodeJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.fault.Fault;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.pipeline.Dispatch;

/**
 * Missing-episode notices in, from a police force's or a council's system: one notice as JSON (the REST endpoint),
 * read and validated by the adapters with the gateway's time for the future-date rule (up to 5 minutes of clock skew
 * between the systems is accepted), or a force's records-system export as CSV (one row per update), whose rejected
 * rows are quarantined and audited while its valid rows go on. The sender is the authenticated caller, never what the
 * body says.
 */
public final class MissingEpisodeIntake {
    public static final String SCHEMA_RESOURCE = "/schemas/missing-episode.schema.json";
    /** The force export's columns as W3C CSV on the Web metadata (a table schema), kept to the reader's columns. */
    public static final String EXPORT_SCHEMA_RESOURCE = "/schemas/missing-episode-export.csv-metadata.json";

    static final String QUARANTINE_KIND = "missing-episodes";
    private static final String EXPORT_PROPERTY = "BridgewayMissingEpisodeExport";

    private final MissingEpisodeJsonReader jsonReader = new MissingEpisodeJsonReader();
    private final MissingEpisodeCsvReader csvReader = new MissingEpisodeCsvReader();
    private final Supplier<String> exchangeIds;
    private final Quarantine quarantine;
    private final Function<MissingEpisodeNotice, Optional<String>> episodeOf;
    private final Clock clock;

    /** @param episodeOf the episode a notice that went through belongs to, for the export's summary */
    public MissingEpisodeIntake(Supplier<String> exchangeIds, Quarantine quarantine,
                                Function<MissingEpisodeNotice, Optional<String>> episodeOf, Clock clock) {
        this.exchangeIds = exchangeIds;
        this.quarantine = quarantine;
        this.episodeOf = episodeOf;
        this.clock = clock;
    }

    /**
     * A force's export. The valid rows' notices are returned to be sent; the rejected rows (or the refused file) are
     * quarantined and audited with their row, column and rule.
     */
    public MissingEpisodeExport fromCsv(String file, byte[] content, Organisation sender) {
        byte[] bytes = content == null ? new byte[0] : content;
        MissingCsvResult read = csvReader.read(file, bytes, sender, clock.instant(), exchangeIds);
        String digest = Digests.sha256(bytes);
        java.util.List<Quarantine.Rejection> rejections = new java.util.ArrayList<>();
        read.refusal().ifPresent(r -> rejections.add(new Quarantine.Rejection(file, null, null, "csv.file.refused",
                r.reason())));
        read.rowErrors().forEach(e -> rejections.add(new Quarantine.Rejection(e.file(), e.row(), e.column(), e.rule(),
                e.message())));
        quarantine.reject(QUARANTINE_KIND, digest, sender.id(), rejections, Map.of("file", file, "digest", digest,
                "sender", sender.id(), "errors", read.rowErrors()));
        return new MissingEpisodeExport(file, digest, read);
    }

    /** Camel step before an export's notices are sent: they report back to it. */
    public void sending(MissingEpisodeExport export, Exchange exchange) {
        exchange.setProperty(EXPORT_PROPERTY, export);
    }

    /** Camel step: one notice of the export went through the pipeline (held, or a duplicate, perhaps). */
    public void sent(Dispatch dispatch, Exchange exchange) {
        export(exchange).sent(index(exchange), dispatch.exchangeId(), dispatch.duplicate(),
                episodeOf.apply((MissingEpisodeNotice) dispatch.notice()), dispatch.heldReason());
    }

    /** Camel step: one notice of the export was refused by a rule (a closed episode); the others go on. */
    public void refused(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (Fault.of(cause) instanceof Fault.Refused refused) {
            export(exchange).refused(index(exchange), refused.refusal().status(), refused.refusal().rule(),
                    refused.refusal().details());
        }
    }

    /** Camel step: one notice of the export could not be sent now; the summary says to send the file again. */
    public void notSent(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        export(exchange).notSent(index(exchange), cause instanceof AuditUnavailableException
                ? "the audit log could not record it, so it was not disclosed; send the file again later"
                : "the same notice is being processed; send the file again shortly");
    }

    private static MissingEpisodeExport export(Exchange exchange) {
        return exchange.getProperty(EXPORT_PROPERTY, MissingEpisodeExport.class);
    }

    private static int index(Exchange exchange) {
        Integer index = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        return index == null ? 1 : index + 1;
    }

    public static byte[] schemaDocument() {
        return PlacementJsonIntake.resource(SCHEMA_RESOURCE);
    }

    public static byte[] exportSchemaDocument() {
        return PlacementJsonIntake.resource(EXPORT_SCHEMA_RESOURCE);
    }

    /** One notice as JSON from {@code sender}: accepted, or refused with every violation (no submitted value). */
    public JsonIntakeResult fromJson(byte[] body, Organisation sender) {
        MissingReadResult<?> read = jsonReader.read(body == null ? new byte[0] : body, sender, clock.instant(),
                exchangeIds);
        if (read instanceof MissingReadResult.Refused<?> refused) {
            return new JsonIntakeResult.Refused(refused.violations().stream().map(Violation::of).toList());
        }
        return new JsonIntakeResult.Accepted(((MissingReadResult.Accepted<?>) read).notice());
    }

}
