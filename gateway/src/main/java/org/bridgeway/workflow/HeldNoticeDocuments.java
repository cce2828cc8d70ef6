package org.bridgeway.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.FoundCondition;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.MissingEpisodeNotice.Fields;
import org.bridgeway.model.MissingType;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.Postcode;
import org.bridgeway.model.PreventionInterview;
import org.bridgeway.model.ReportedBy;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.model.SchoolUrn;
import org.bridgeway.model.Upn;

/**
 * A held update as a document: its sender and its canonical fields ({@link MissingEpisodeNotice#fields()}, the
 * dotted names policies and audit speak of), from which the notice is built again, validating itself, when it is
 * released. Whatever the notice came in as (the JSON API, a row of a force's export), it is kept in this one form.
 */
public final class HeldNoticeDocuments implements HeldDocuments {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Override
    public String write(MissingEpisodeNotice notice) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("sender", notice.sender().id());
        document.put("fields", notice.fields());
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a held update", e);
        }
    }

    @Override
    public MissingEpisodeNotice read(String document, String exchangeId, String idempotencyKey) {
        Map<String, Object> read;
        try {
            read = JSON.readValue(document, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a held update's document cannot be read: exchange " + exchangeId, e);
        }
        @SuppressWarnings("unchecked")
        Map<String, String> f = (Map<String, String>) read.get("fields");
        Function<String, Optional<String>> text = name -> Optional.ofNullable(f.get(name));
        ChildIdentity identity = new ChildIdentity(text.apply(Fields.CHILD_LOCAL_ID),
                text.apply(Fields.CHILD_NHS_NUMBER).map(NhsNumber::parse), text.apply(Fields.CHILD_UPN).map(Upn::parse),
                text.apply(Fields.CHILD_GIVEN_NAME), text.apply(Fields.CHILD_FAMILY_NAME),
                text.apply(Fields.CHILD_DATE_OF_BIRTH).map(java.time.LocalDate::parse),
                text.apply(Fields.CHILD_SEX).map(s -> PlacementNotice.Sex.valueOf(s.toUpperCase(Locale.ROOT))),
                text.apply(Fields.CHILD_SCHOOL_URN).map(SchoolUrn::parse));
        MissingEpisodeNotice.Child child = new MissingEpisodeNotice.Child(identity,
                Boolean.parseBoolean(f.get(Fields.CHILD_LOOKED_AFTER)),
                text.apply(Fields.CHILD_PLACING_AUTHORITY).map(DfeLaCode::parse),
                text.apply(Fields.CHILD_HOME_POSTCODE).map(Postcode::parse));
        MissingEpisodeNotice.Episode episode = new MissingEpisodeNotice.Episode(
                MissingType.fromCode(f.get(Fields.TYPE)), OffsetDateTime.parse(f.get(Fields.START)),
                text.apply(Fields.RISK_LEVEL).map(RiskLevel::fromCode), text.apply(Fields.RISK_LEVEL_AS_SENT),
                text.apply(Fields.RISK_RATIONALE), text.apply(Fields.MISSING_FROM_POSTCODE).map(Postcode::parse),
                text.apply(Fields.LAST_SEEN_LOCATION), text.apply(Fields.HOST_AUTHORITY).map(DfeLaCode::parse),
                text.apply(Fields.CONCERNS), text.apply(Fields.CIRCUMSTANCES));
        Optional<MissingEpisodeNotice.Found> found = text.apply(Fields.END).map(end ->
                new MissingEpisodeNotice.Found(OffsetDateTime.parse(end),
                        text.apply(Fields.FOUND_AUTHORITY).map(DfeLaCode::parse), text.apply(Fields.FOUND_LOCATION),
                        text.apply(Fields.FOUND_WITH), text.apply(Fields.FOUND_CONDITION)
                                .map(c -> Arrays.stream(c.split(",")).map(FoundCondition::fromCode).toList())
                                .orElse(List.of()),
                        text.apply(Fields.PREVENTION_INTERVIEW).map(PreventionInterview::fromCode),
                        text.apply(Fields.SAFE_AND_WELL_CHECK).map(OffsetDateTime::parse),
                        text.apply(Fields.HEALTH_CONCERNS)));
        Optional<MissingEpisodeNotice.Philomena> philomena = text.apply(Fields.PHILOMENA_FORM_HELD).map(held ->
                new MissingEpisodeNotice.Philomena(text.apply(Fields.PHILOMENA_DESCRIPTION),
                        text.apply(Fields.PHILOMENA_ASSOCIATES), text.apply(Fields.PHILOMENA_PLACES_FREQUENTED),
                        text.apply(Fields.PHILOMENA_MEDICAL_NEEDS)));
        return new MissingEpisodeNotice(exchangeId, idempotencyKey, Organisation.parseId((String) read.get("sender")),
                EpisodeUpdate.fromCode(f.get(Fields.UPDATE)), OffsetDateTime.parse(f.get(Fields.UPDATED_AT)),
                text.apply(Fields.EPISODE_ID), ReportedBy.fromCode(f.get(Fields.REPORTED_BY)),
                text.apply(Fields.REPORTING_FORCE).map(PoliceForceCode::parse), text.apply(Fields.POLICE_REFERENCE),
                text.apply(Fields.REPORTER_REFERENCE), child, episode, found, philomena,
                text.apply(Fields.STRATEGY_DISCUSSION_PROMPT));
    }
}
