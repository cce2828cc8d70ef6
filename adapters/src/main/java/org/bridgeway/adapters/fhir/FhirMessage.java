package org.bridgeway.adapters.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import java.util.Date;
import java.util.function.Function;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Organisation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The frame every Bridgeway FHIR message shares, whatever its exchange: the message {@code Bundle} (identifier the
 * exchange id, timestamp the issue time in UTC to the millisecond), its {@code MessageHeader} first (event, source
 * endpoint {@value FhirPlacementRenderer#SOURCE_ENDPOINT} named after the sender, one destination: the recipient's
 * mailbox, sender, focus), and the sender and recipient {@code Organization}s last, each entry declaring its UK
 * Core profile. Resource ids are deterministic
 * ({@link FhirPlacementRenderer#uuid}).
 */
final class FhirMessage {
    static final String SENDER = "sender";
    static final String RECIPIENT = "recipient";
    private static final String ORGANIZATION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/organization-type";

    private FhirMessage() {
    }

    /** A message bundle holding its header, whose focus is the resource at {@code focusUrl}. */
    /**
     * The message bundle of {@code notice} as {@code build} makes it, for a renderer of {@code type} only; a value
     * FHIR cannot carry is refused with the exchange id, never the value.
     */
    static Bundle of(MinimisedNotice notice, ExchangeType type, String renderer,
                     Function<MinimisedNotice, Bundle> build) {
        if (notice.exchangeType() != type) {
            throw new IllegalArgumentException(renderer + " renders " + type.slug() + " notices only, not "
                    + notice.exchangeType().slug());
        }
        try {
            return build.apply(notice);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("notice " + notice.exchangeId() + " has a value FHIR cannot carry: "
                    + e.getMessage(), e);
        }
    }

    static Bundle start(MinimisedNotice n, Coding event, String focusUrl) {
        Bundle bundle = new Bundle(); // no UK Core profile on the root: UkCore says why
        bundle.setId(FhirPlacementRenderer.uuid(n, "bundle").toString());
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setIdentifier(new Identifier().setSystem(FhirPlacementRenderer.EXCHANGE_ID_SYSTEM)
                .setValue(n.exchangeId()));
        InstantType timestamp = new InstantType(Date.from(n.issuedAt()), TemporalPrecisionEnum.MILLI);
        timestamp.setTimeZoneZulu(true);
        bundle.setTimestampElement(timestamp);

        MessageHeader header = UkCore.profiled(new MessageHeader(), UkCore.MESSAGE_HEADER);
        header.setEvent(event);
        header.setSource(new MessageHeader.MessageSourceComponent()
                .setName(n.sender().name())
                .setEndpoint(FhirPlacementRenderer.SOURCE_ENDPOINT));
        header.addDestination()
                .setName(n.recipient().name())
                .setEndpoint(FhirPlacementRenderer.DESTINATION_ENDPOINT_PREFIX + n.recipient().id())
                .setReceiver(reference(fullUrl(n, RECIPIENT), n.recipient().name()));
        header.setSender(reference(fullUrl(n, SENDER), n.sender().name()));
        header.addFocus(new Reference(focusUrl));
        add(bundle, fullUrl(n, "message-header"), header);
        return bundle;
    }

    /** Adds the sender and recipient organisations, the last entries of every message. */
    static void addOrganisations(Bundle bundle, MinimisedNotice n) {
        add(bundle, fullUrl(n, SENDER), organization(n.sender()));
        add(bundle, fullUrl(n, RECIPIENT), organization(n.recipient()));
    }

    static Organization organization(Organisation org) {
        Organization resource = UkCore.profiled(new Organization(), UkCore.ORGANIZATION);
        resource.addIdentifier().setSystem(FhirPlacementRenderer.identifierSystem(org)).setValue(org.code());
        resource.setActive(true);
        String type = switch (org.type()) {
            case LOCAL_AUTHORITY, POLICE_FORCE -> "govt";
            case HEALTH_TEAM -> "prov";
            case SCHOOL -> "edu";
        };
        resource.addType(new CodeableConcept(new Coding(ORGANIZATION_TYPE_SYSTEM, type, null)));
        resource.setName(org.name());
        return resource;
    }

    static AdministrativeGender gender(String sex) {
        return switch (sex) {
            case "male" -> AdministrativeGender.MALE;
            case "female" -> AdministrativeGender.FEMALE;
            default -> AdministrativeGender.UNKNOWN;
        };
    }

    static Reference reference(String url, String display) {
        return new Reference(url).setDisplay(display);
    }

    static void add(Bundle bundle, String fullUrl, Resource resource) {
        resource.setId(fullUrl.substring("urn:uuid:".length()));
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    }

    static String fullUrl(MinimisedNotice notice, String role) {
        return "urn:uuid:" + FhirPlacementRenderer.uuid(notice, role);
    }
}
