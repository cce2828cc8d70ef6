package org.bridgeway.model;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** A synthetic exclusion notice (made-up school, pupil and names) for tests in every package. */
public final class ExclusionFixtures {
    public static final String URN = "113456";
    public static final String SCHOOL_NAME = "Exmoor Vale Community College";
    public static final String LA = "878";
    public static final String UPN = TestUpns.withCheckLetter("878400119001");
    public static final String LOCAL_ID = "DCC-7781204";
    public static final String GIVEN_NAME = "Alfie";
    public static final String FAMILY_NAME = "Testbrook";
    public static final LocalDate DATE_OF_BIRTH = LocalDate.of(2011, 4, 3);
    public static final LocalDate START_DATE = LocalDate.of(2025, 11, 3);

    private ExclusionFixtures() {
    }

    public static ExclusionNotice.School school() {
        return new ExclusionNotice.School(new SchoolUrn(URN), new DfeLaCode(LA), Optional.of(SCHOOL_NAME));
    }

    public static ExclusionNotice.Child child() {
        return new ExclusionNotice.Child(new Upn(UPN), Optional.of(LOCAL_ID), GIVEN_NAME, FAMILY_NAME, DATE_OF_BIRTH);
    }

    /** A four-session (two-day) suspension for physical assault against an adult and verbal abuse of an adult. */
    public static ExclusionNotice.Exclusion suspension() {
        return new ExclusionNotice.Exclusion(ExclusionCategory.SUSPENSION, START_DATE, Optional.of(4),
                Optional.of(new BigDecimal("2")), List.of(ExclusionReason.PA, ExclusionReason.VA));
    }

    public static ExclusionNotice notice() {
        return new ExclusionNotice("bx-ex-0001", "exclusion:test", school(), child(), suspension());
    }
}
