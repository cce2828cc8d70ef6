package org.bridgeway.api;

import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.bridgeway.intake.ExclusionFile;
import org.bridgeway.intake.ExclusionIntake;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;

/**
 * {@code POST /api/v1/exclusions}: a school's safeguarding or MIS system sends exclusions.
 * <ul>
 *   <li>{@code application/json}: one notice; the answers of every single-notice endpoint ({@link NoticeSubmissions}).</li>
 *   <li>{@code application/xml}: the school's XML file of exclusions. 202 with a summary: the notices sent (exchange
 *       ids) and every rejected record's errors by document, record, line, field and rule. A document refused as a
 *       whole (a DOCTYPE, external entities, too large, too deep, not well-formed, not the shape) gets 400, or 413 when
 *       too large, with the reason, and nothing from it is used. 403 when the file is not the caller's own school's.</li>
 * </ul>
 */
public final class ExclusionApi {
    /** The name a school's upload is known by in errors and reports. */
    static final String UPLOAD = "upload.xml";

    private final ExclusionIntake intake;
    private final CallerIdentity callers;

    public ExclusionApi(ExclusionIntake intake, CallerIdentity callers) {
        this.intake = intake;
        this.callers = callers;
    }

    /** One notice as JSON: the body becomes the notice, or the refusal is written. */
    public void acceptNotice(Exchange exchange) {
        NoticeSubmissions.accept(exchange, callers, intake::fromJson, "exclusion notice");
    }

    /** A school's XML file: the body becomes the file's valid notices and errors, or the refusal is written. */
    public void acceptFile(Exchange exchange) {
        Optional<Organisation> caller = ApiResponses.authenticated(callers, exchange);
        if (caller.isEmpty()) {
            return;
        }
        if (caller.get().type() != OrganisationType.SCHOOL) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "only a school submits its exclusions", null);
            return;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        ExclusionFile file = intake.fromXml(UPLOAD, body == null ? new byte[0] : body, caller.get());
        if (file.refused()) {
            boolean tooLarge = "xml.too-large".equals(file.refusalRule());
            ApiResponses.refuse(exchange, tooLarge ? 413 : 400, tooLarge ? "Document too large" : "Document refused",
                    file.errors().get(0).message() + "; nothing from the document was used",
                    Map.of("rule", file.refusalRule(), "errors", file.errors()));
            return;
        }
        if (!file.notices().isEmpty() && !file.notices().get(0).sender().equals(caller.get())) {
            ApiResponses.refuse(exchange, 403, "Forbidden", "a school may submit only its own exclusions: the file's"
                    + " source school is not the caller", null);
            return;
        }
        exchange.getMessage().setBody(file);
    }

    /** After the file's notices went through: 202 with what was sent and what was rejected. */
    public void fileAccepted(ExclusionFile file, Exchange exchange) {
        ApiResponses.json(exchange, 202, file.summary());
    }

    public void schema(Exchange exchange) {
        ApiResponses.bytes(exchange, 200, "application/schema+json", ExclusionIntake.schemaDocument());
    }
}
