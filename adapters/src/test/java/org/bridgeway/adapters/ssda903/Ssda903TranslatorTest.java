package org.bridgeway.adapters.ssda903;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PlacementNotice;
import org.junit.jupiter.api.Test;

class Ssda903TranslatorTest {
    private static final Ssda903Translator TRANSLATOR = new Ssda903Translator(TestReferenceData.REFERENCE);

    private static Ssda903Result translate(Path dir) {
        return TRANSLATOR.translate(Ssda903Golden.files(dir), TestReferenceData.KENT, Ssda903Golden.PERIOD,
                Ssda903Golden.exchangeIds());
    }

    private static List<Path> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(Ssda903GoldenTest.CASES)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void everyRuleIsExercisedByTheGoldenFiles() throws IOException {
        Set<String> seen = new HashSet<>();
        for (Path dir : cases()) {
            translate(dir).rowErrors().forEach(e -> seen.add(e.rule()));
        }
        assertThat(seen).containsExactlyInAnyOrder(
                "ssda903.row.column-count", "ssda903.row.csv-syntax",
                "ssda903.child.missing", "ssda903.child.duplicate",
                "ssda903.sex.missing", "ssda903.sex.code",
                "ssda903.dob.missing", "ssda903.dob.format", "ssda903.dob.not-a-date",
                "ssda903.ethnic.missing", "ssda903.ethnic.code",
                "upn.format", "upn.check-letter",
                "ssda903.mother.code", "ssda903.mc_dob.format", "ssda903.mc_dob.not-a-date",
                "episodes.child-unknown", "episodes.child-header-invalid",
                "ssda903.decom.missing", "ssda903.decom.format", "ssda903.decom.not-a-date",
                "ssda903.decom.before-dob", "ssda903.decom.age-18-or-over", "ssda903.decom.overlap",
                "ssda903.decom.future", "ssda903.decom.after-collection-year",
                "ssda903.dec.future", "ssda903.dec.after-collection-year",
                "text.control-character", "text.bidi-control", "text.max-length",
                "ssda903.rne.missing", "ssda903.rne.code",
                "ssda903.ls.missing", "ssda903.ls.code",
                "ssda903.cin.missing", "ssda903.cin.code",
                "ssda903.place.missing", "ssda903.place.code",
                "ssda903.place_provider.code",
                "ssda903.dec.format", "ssda903.dec.not-a-date", "ssda903.dec.before-decom",
                "ssda903.rec.code", "ssda903.reason_place_change.code",
                "postcode.format", "ssda903.pl_post.missing",
                "ssda903.pl_post.district-spans-authorities", "ssda903.pl_post.district-unknown",
                "ssda903.urn.format");
    }

    /** No message or refusal repeats an input value that could be personal data (dates, postcodes, UPNs, ...). */
    @Test
    void messagesNeverRepeatRejectedValues() throws IOException {
        for (Path dir : cases()) {
            Set<String> values = new HashSet<>();
            for (Ssda903File f : Ssda903Golden.files(dir)) {
                try {
                    for (CSVRecord r : CSVFormat.DEFAULT.parse(new java.io.StringReader(f.content()))) {
                        for (String v : r) {
                            String t = v.trim();
                            if (t.length() >= 5 && t.chars().anyMatch(Character::isDigit)) {
                                values.add(t);
                            }
                        }
                    }
                } catch (RuntimeException e) {
                    // unreadable files are refused whole; their values are not at stake here
                }
            }
            Ssda903Result result = translate(dir);
            List<String> texts = new ArrayList<>();
            result.rowErrors().forEach(e -> texts.add(e.message()));
            result.refusals().forEach(r -> texts.add(r.reason()));
            for (String text : texts) {
                for (String v : values) {
                    assertThat(text).as("case %s", dir.getFileName()).doesNotContain(v);
                }
            }
        }
    }

    @Test
    void aFileFullOfBadRowsListsTheFirstThousandErrorsAndCountsTheRestWhileItsGoodRowsGoOn() {
        Path dir = Ssda903GoldenTest.CASES.resolve("clean");
        List<Ssda903File> files = new ArrayList<>();
        for (Ssda903File f : Ssda903Golden.files(dir)) {
            if (f.name().equals("header.csv")) {
                StringBuilder header = new StringBuilder(f.content().stripTrailing()).append('\n');
                for (int i = 0; i < 5_000; i++) {
                    header.append("BAD").append(i).append(",9,01/01/2010,WBRI,UN1,,\n");
                }
                files.add(new Ssda903File(f.name(), header.toString()));
            } else {
                files.add(f);
            }
        }
        Ssda903Result clean = translate(dir);
        Ssda903Result flooded = TRANSLATOR.translate(files, TestReferenceData.KENT, Ssda903Golden.PERIOD,
                Ssda903Golden.exchangeIds());

        assertThat(flooded.rowErrors()).filteredOn(e -> e.file().equals("header.csv"))
                .hasSize(Ssda903Translator.MAX_LISTED_ROW_ERRORS);
        assertThat(flooded.files()).filteredOn(f -> f.file().equals("header.csv")).singleElement()
                .satisfies(f -> {
                    assertThat(f.rowsWithErrors()).isEqualTo(5_000);
                    assertThat(f.note()).contains("4000 further row error(s) not listed");
                });
        assertThat(flooded.notices()).map(PlacementNotice::fields)
                .containsExactlyElementsOf(clean.notices().stream().map(PlacementNotice::fields).toList());
    }

    @Test
    void resultDoesNotDependOnTheOrderOfTheFiles() {
        Path dir = Ssda903GoldenTest.CASES.resolve("clean");
        List<Ssda903File> files = new ArrayList<>(Ssda903Golden.files(dir));
        Ssda903Result sorted = TRANSLATOR.translate(files, TestReferenceData.KENT, Ssda903Golden.PERIOD,
                Ssda903Golden.exchangeIds());
        Collections.reverse(files);
        Ssda903Result reversed = TRANSLATOR.translate(files, TestReferenceData.KENT, Ssda903Golden.PERIOD,
                Ssda903Golden.exchangeIds());
        assertThat(reversed.notices()).map(PlacementNotice::fields)
                .containsExactlyElementsOf(sorted.notices().stream().map(PlacementNotice::fields).toList());
        assertThat(reversed.notNotifiable()).isEqualTo(sorted.notNotifiable());
    }

    @Test
    void idempotencyKeyIsStableAcrossSubmissionsAndHoldsNoPersonalData() {
        Path dir = Ssda903GoldenTest.CASES.resolve("clean");
        Ssda903Result first = translate(dir);
        Ssda903Result again = TRANSLATOR.translate(Ssda903Golden.files(dir), TestReferenceData.KENT,
                Ssda903Golden.PERIOD, () -> "another-exchange-id");
        assertThat(again.notices()).map(PlacementNotice::idempotencyKey)
                .containsExactlyElementsOf(first.notices().stream().map(PlacementNotice::idempotencyKey).toList());
        assertThat(first.notices()).map(PlacementNotice::idempotencyKey).doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).matches("ssda903:[0-9a-f]{64}"));
        for (PlacementNotice n : first.notices()) {
            assertThat(n.idempotencyKey()).doesNotContain(n.child().localId());
        }
    }

    @Test
    void theSameEpisodeOfAnotherResponsibleAuthorityHasAnotherKey() {
        List<Ssda903File> files = Ssda903Golden.files(Ssda903GoldenTest.CASES.resolve("clean"));
        Organisation medway = new Organisation(OrganisationType.LOCAL_AUTHORITY, "887", "Medway");
        Ssda903Result kent = TRANSLATOR.translate(files, TestReferenceData.KENT, Ssda903Golden.PERIOD,
                Ssda903Golden.exchangeIds());
        Ssda903Result asMedway = TRANSLATOR.translate(files, medway, Ssda903Golden.PERIOD, Ssda903Golden.exchangeIds());
        // as Medway, the ME4 placement is in area and the Kent placements (ME15, CT1) are out of area
        assertThat(asMedway.notices()).extracting(n -> n.placement().localAuthority().code()).doesNotContain("887")
                .contains("886");
        assertThat(asMedway.notices()).map(PlacementNotice::idempotencyKey)
                .doesNotContainAnyElementsOf(kent.notices().stream().map(PlacementNotice::idempotencyKey).toList());
    }

    @Test
    void exchangeIdsAreTakenOncePerNoticeInOrder() {
        Ssda903Result result = translate(Ssda903GoldenTest.CASES.resolve("clean"));
        assertThat(result.notices()).map(PlacementNotice::exchangeId)
                .containsExactly("ex-0001", "ex-0002", "ex-0003", "ex-0004", "ex-0005", "ex-0006");
        assertThat(result.notices()).allSatisfy(n -> {
            assertThat(n.isOutOfArea()).isTrue();
            assertThat(n.sender()).isEqualTo(TestReferenceData.KENT);
            assertThat(n.child().nhsNumber()).isEmpty();
            assertThat(n.child().givenName()).isEmpty();
            assertThat(n.child().familyName()).isEmpty();
            assertThat(n.placement().reasonForNewEpisode()).isNotEqualTo("L");
        });
    }

    @Test
    void theResponsibleAuthorityMustBeALocalAuthority() {
        Organisation force = new Organisation(OrganisationType.POLICE_FORCE, "kent", "Kent Police");
        assertThatThrownBy(() -> TRANSLATOR.translate(List.of(), force, Ssda903Golden.PERIOD, () -> "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyReturnGivesAnEmptyResult() {
        Ssda903Result result = TRANSLATOR.translate(List.of(), TestReferenceData.KENT, Ssda903Golden.PERIOD,
                () -> "x");
        assertThat(result.notices()).isEmpty();
        assertThat(result.rowErrors()).isEmpty();
        assertThat(result.refusals()).isEmpty();
        assertThat(result.files()).isEmpty();
    }

    /** The demo's sample return (samples/ssda903/kent-2025) translates as its README says. */
    @Test
    void sampleReturnForTheDemo() {
        Path sample = Path.of("../samples/ssda903/kent-2025");
        Ssda903Result result = translate(sample);
        assertThat(result.refusals()).isEmpty();
        assertThat(result.notices()).extracting(n -> n.placement().localAuthority().code())
                .containsExactly("352", "887", "846", "888", "330", "210", "383");
        assertThat(result.notNotifiable()).isEqualTo(3);
        assertThat(result.rowErrors()).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("episodes.csv");
            assertThat(e.row()).isEqualTo(12);
            assertThat(e.rule()).isEqualTo("ssda903.urn.format");
        });
        assertThat(result.files()).extracting(FileSummary::rowsRead).containsExactly(11, 8);
    }
}
