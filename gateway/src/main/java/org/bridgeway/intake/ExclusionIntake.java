package org.bridgeway.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.bridgeway.adapters.Digests;
import org.bridgeway.adapters.exclusion.ExclusionJsonReader;
import org.bridgeway.adapters.exclusion.ExclusionJsonResult;
import org.bridgeway.adapters.exclusion.ExclusionXmlReader;
import org.bridgeway.adapters.exclusion.ExclusionXmlResult;
import org.bridgeway.adapters.exclusion.ReadError;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.audit.AuditUnavailableException;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.reference.ReferenceData;

/**
 * Exclusion notices in, from a school: one notice as JSON (the REST endpoint) or a school's XML file of exclusions
 * (the REST endpoint, the demo). The adapters read and validate them (the XML behind secure StAX settings: no DTD,
 * no external entities, bounded size, depth and element count); here the school's local authority must also be one
 * the reference data knows, since it is the notice's first recipient. A file's rejected records are quarantined and
 * audited; its valid records go on.
 */
public final class ExclusionIntake {
    public static final String SCHEMA_RESOURCE = "/schemas/exclusion-notice.schema.json";
    static final String QUARANTINE_KIND = "exclusions";
    static final String UNKNOWN_AUTHORITY = "school.localAuthority.unknown";
    private static final String FILE_PROPERTY = "BridgewayExclusionFile";

    private final ExclusionJsonReader jsonReader = new ExclusionJsonReader();
    private final ExclusionXmlReader xmlReader = new ExclusionXmlReader();
    private final ReferenceData reference;
    private final Supplier<String> exchangeIds;
    private final Quarantine quarantine;

    public ExclusionIntake(ReferenceData reference, Supplier<String> exchangeIds, Quarantine quarantine) {
        this.reference = reference;
        this.exchangeIds = exchangeIds;
        this.quarantine = quarantine;
    }

    public static byte[] schemaDocument() {
        return PlacementJsonIntake.resource(SCHEMA_RESOURCE);
    }

    /** One notice as JSON: accepted, or refused with every violation (field and rule; no submitted value). */
    public JsonIntakeResult fromJson(byte[] body) {
        ExclusionJsonResult result = jsonReader.read(body, exchangeIds);
        if (result instanceof ExclusionJsonResult.Refused refused) {
            return new JsonIntakeResult.Refused(refused.violations().stream().map(Violation::of).toList());
        }
        ExclusionNotice notice = ((ExclusionJsonResult.Accepted) result).notice();
        if (!knowsAuthorityOf(notice)) {
            return new JsonIntakeResult.Refused(List.of(new Violation(ExclusionNotice.Fields.SCHOOL_LOCAL_AUTHORITY,
                    UNKNOWN_AUTHORITY, unknownAuthority())));
        }
        return new JsonIntakeResult.Accepted(notice);
    }

    /**
     * A school's XML file. The valid records' notices are returned to be sent; every problem is reported, and the
     * rejected records (or the refused document) are quarantined and audited — unless {@code submitter}, when given,
     * is not the school the file is from: then nothing is recorded and the caller refuses it.
     *
     * @param submitter the organisation that sent the file, or null when the gateway read it itself (the demo)
     */
    public ExclusionFile fromXml(String document, byte[] content, Organisation submitter) {
        ExclusionXmlResult read = xmlReader.read(document, content, exchangeIds);
        String digest = Digests.sha256(content);
        List<ExclusionNotice> notices = read.notices();
        List<ReadError> errors = new ArrayList<>(read.errors());
        if (!notices.isEmpty() && !knowsAuthorityOf(notices.get(0))) {
            // the school (and so its authority) is the file's header: every record is affected alike
            errors.add(0, new ReadError(document, 0, 0, ExclusionNotice.Fields.SCHOOL_LOCAL_AUTHORITY,
                    UNKNOWN_AUTHORITY, unknownAuthority()));
            notices = List.of();
        }
        ExclusionFile file = new ExclusionFile(document, digest, notices, errors, read.records(), read.refused());
        if (submitter != null && !read.notices().isEmpty() && !read.notices().get(0).sender().equals(submitter)) {
            return file;
        }
        String sender = submitter != null ? submitter.id()
                : read.notices().isEmpty() ? "unknown" : read.notices().get(0).sender().id();
        quarantine.reject(QUARANTINE_KIND, digest, sender, errors.stream().map(e -> new Quarantine.Rejection(
                        e.document(), e.record() == 0 ? null : e.record(), e.field(), e.rule(), e.message())).toList(),
                Map.of("document", document, "digest", digest, "sender", sender, "errors", errors));
        return file;
    }

    /** Camel step before a file's notices are sent: they report back to it. */
    public void sending(ExclusionFile file, Exchange exchange) {
        exchange.setProperty(FILE_PROPERTY, file);
    }

    /** Camel step: one notice of the file went through the pipeline. */
    public void sent(Dispatch dispatch, Exchange exchange) {
        exchange.getProperty(FILE_PROPERTY, ExclusionFile.class).sent(dispatch.exchangeId(), dispatch.duplicate());
    }

    /** Camel step: one notice of the file could not be sent now; the others go on. */
    public void notSent(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Integer index = exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class);
        exchange.getProperty(FILE_PROPERTY, ExclusionFile.class).notSent(index == null ? 0 : index + 1,
                cause instanceof AuditUnavailableException
                        ? "the audit log could not record it, so it was not disclosed; send the file again later"
                        : "the same notice is being processed; send the file again shortly");
    }

    private boolean knowsAuthorityOf(ExclusionNotice notice) {
        return reference.localAuthority(notice.school().localAuthority()).isPresent();
    }

    private static String unknownAuthority() {
        return "the school's local authority is not a known English children's services authority";
    }
}
