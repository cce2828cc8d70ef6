package org.bridgeway.testing;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.bridgeway.adapters.Digests;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.ExclusionCategory;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.model.SchoolUrn;
import org.bridgeway.model.Upn;

/**
 * Synthetic exclusion notices for pipeline tests: made-up schools and pupils, UPNs with valid check letters, and
 * distinctive values, so that a test can look for a value in a delivered payload with a plain substring search.
 */
public final class SyntheticExclusions {
    /** Exmoor Vale Community College, in Devon (878): its force, Devon and Cornwall, is a party to ISA-EX-2026. */
    public static final School EXMOOR_VALE = new School("113456", "878", "Exmoor Vale Community College");
    /** Medway Sample Academy, in Kent (886): Kent Police is a party too. */
    public static final School MEDWAY = new School("148812", "886", "Medway Sample Academy");
    /** A school in Durham (840), whose force has not signed the exclusion protocol. */
    public static final School DURHAM = new School("114290", "840", "Wearside Example School");

    public record School(String urn, String localAuthority, String name) {
        public String id() {
            return "school:" + urn;
        }
    }

    /** A pupil: the UPN from its 12 digits (check letter computed), names and date of birth. */
    public record Pupil(String upnDigits, String localId, String givenName, String familyName, LocalDate dateOfBirth) {
        public String upn() {
            return Upn.withCheckLetter(upnDigits).value();
        }
    }

    private SyntheticExclusions() {
    }

    /** A suspension of {@code sessions} sessions (half days) starting on {@code start}. */
    public static ExclusionNotice suspension(School school, Pupil pupil, LocalDate start, int sessions,
                                             ExclusionReason... reasons) {
        return notice(school, pupil, ExclusionCategory.SUSPENSION, start, sessions, reasons);
    }

    public static ExclusionNotice permanent(School school, Pupil pupil, LocalDate start, ExclusionReason... reasons) {
        return notice(school, pupil, ExclusionCategory.PERMANENT, start, null, reasons);
    }

    public static ExclusionNotice notice(School school, Pupil pupil, ExclusionCategory category, LocalDate start,
                                         Integer sessions, ExclusionReason... reasons) {
        return new ExclusionNotice(UUID.randomUUID().toString(),
                // a digest, as the readers make it: an idempotency key is audited and must not carry the UPN
                "exclusion-test:" + Digests.sha256(school.urn() + "|" + pupil.upn() + "|" + category.code() + "|" + start),
                new ExclusionNotice.School(new SchoolUrn(school.urn()), new DfeLaCode(school.localAuthority()),
                        Optional.of(school.name())),
                new ExclusionNotice.Child(Upn.parse(pupil.upn()), Optional.ofNullable(pupil.localId()),
                        pupil.givenName(), pupil.familyName(), pupil.dateOfBirth()),
                new ExclusionNotice.Exclusion(category, start, Optional.ofNullable(sessions), Optional.empty(),
                        List.of(reasons)));
    }
}
