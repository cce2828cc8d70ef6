package org.bridgeway.warmup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bridgeway.adapters.missing.MissingEpisodeJsonReader;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.intake.ExclusionIntake;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.Upn;
import org.bridgeway.store.TimeOrderedIds;

/**
 * Synthetic notices as the JSON documents partner systems send, in the mix a gateway carries: in every four, two
 * placement notices (Kent placing out of area), a force's report of a looked-after child missing from a placement in
 * Manchester (which passes the episode ledger and the repeated-missing watch and goes to the child's health team as
 * a FHIR message) and a school's exclusion notice (which passes the repeated-suspension watch). Every child is a
 * different made-up child: NHS numbers from the 999 test range, UPNs with valid check letters, names of letters only.
 * The rehearsal at start and the benchmarks use the same mix, so what one warms is what the other measures.
 */
public final class SyntheticNotices {
    /** One synthetic JSON document and the exchange type it is a notice of. */
    public record Document(String kind, byte[] json) {
    }

    public static final String PLACEMENT = "placement-notification";
    public static final String EXCLUSION = "exclusion-notice";
    public static final String MISSING = "missing-episode";
    public static final List<String> KINDS = List.of(PLACEMENT, EXCLUSION, MISSING);

    /** The force that reports the synthetic missing children: Manchester, where they are placed. */
    private static final Organisation REPORTING_FORCE =
            new Organisation(OrganisationType.POLICE_FORCE, "greater-manchester", null);
    private static final String[][] PLACEMENTS = {
            {"887", "ME4 4AA"}, {"352", "M13 9PL"}, {"846", "BN3 2AA"}, {"330", "B5 4BU"},
            {"383", "LS6 2AA"}, {"888", "L39 2AA"}, {"210", "SE16 2AA"}};
    /** Kent and Devon schools; a non-criminal suspension, a permanent exclusion, a drug-related suspension. */
    private static final String[][] SCHOOLS = {{"886", "148812"}, {"878", "113456"}};
    private static final String[][] EXCLUSIONS = {
            {"SUSP", ",\"sessions\":8", "\"VA\",\"PD\""}, {"PERM", "", "\"PD\""},
            {"SUSP", ",\"sessions\":4", "\"DR\""}};
    private static final int EXCLUSION_EVERY = 4;
    private static final int MISSING_AT = 1;

    private final Random random;
    /** Each call's documents are a new batch: their UPNs (and so their notices) are never another batch's. */
    private int batch;

    public SyntheticNotices(long seed) {
        random = new Random(seed);
    }

    /** {@code count} documents of the mix, their references and children marked with {@code run}. */
    public synchronized List<Document> documents(int count, String run) {
        batch++;
        List<Document> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (i % EXCLUSION_EVERY == EXCLUSION_EVERY - 1) {
                docs.add(exclusion(i));
            } else if (i % EXCLUSION_EVERY == MISSING_AT) {
                docs.add(missingReport(i, run));
            } else {
                docs.add(placement(i, run));
            }
        }
        return docs;
    }

    /** Only placement notices, for the paths that carry nothing else. */
    public List<Document> placements(int count, String run) {
        return ofKind(PLACEMENT, count, run);
    }

    /** {@code count} documents of one kind: {@link #PLACEMENT}, {@link #EXCLUSION} or {@link #MISSING}. */
    public synchronized List<Document> ofKind(String kind, int count, String run) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("no synthetic notices of kind " + kind + "; there are " + KINDS);
        }
        batch++;
        List<Document> docs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            docs.add(switch (kind) {
                case EXCLUSION -> exclusion(i);
                case MISSING -> missingReport(i, run);
                default -> placement(i, run);
            });
        }
        return docs;
    }

    private Document placement(int i, String run) {
        String[] where = PLACEMENTS[i % PLACEMENTS.length];
        String json = """
                {"placingAuthority":"886","sourceReference":"bench/%s/%d/%d",
                 "child":{"localId":"%s","nhsNumber":"%s","sex":"%s","dateOfBirth":"2010-0%d-1%d",
                          "ethnicity":"WBRI","givenName":"Test","familyName":"%s"},
                 "placement":{"startDate":"2025-06-0%d","reasonForNewEpisode":"P","legalStatus":"C2",
                              "categoryOfNeed":"N1","type":"U4","provider":"PR4","postcode":"%s"},
                 "risks":["MISSING_HISTORY"]}
                """.formatted(run, batch, i, childId("BENCH", i), nhsNumber(), i % 2 == 0 ? "male" : "female",
                1 + i % 9, i % 10, familyName("Child", i), 1 + i % 9, where[1]);
        return new Document(PLACEMENT, json.getBytes(StandardCharsets.UTF_8));
    }

    private Document exclusion(int i) {
        String[] school = SCHOOLS[i % SCHOOLS.length];
        String[] kind = EXCLUSIONS[(i / EXCLUSION_EVERY) % EXCLUSIONS.length];
        // a UPN unique to this batch and document (for a thousand batches of up to a million): the 3-digit LA, then
        // 9 digits of batch and index
        String upn = Upn.withCheckLetter(school[0] + "%03d%06d".formatted(batch % 1000, i % 1_000_000)).value();
        String json = """
                {"school":{"urn":"%s","localAuthority":"%s"},
                 "child":{"upn":"%s","givenName":"Test","familyName":"%s","dateOfBirth":"2011-0%d-1%d"},
                 "exclusion":{"category":"%s","startDate":"2025-10-0%d"%s,"reasons":[%s]}}
                """.formatted(school[1], school[0], upn, familyName("Pupil", i), 1 + i % 9, i % 10, kind[0],
                1 + i % 9, kind[1], kind[2]);
        return new Document(EXCLUSION, json.getBytes(StandardCharsets.UTF_8));
    }

    private Document missingReport(int i, String run) {
        String json = """
                {"episode":{"update":"REPORTED","updatedAt":"2026-10-0%dT21:05:00Z","reportedBy":"POLICE",
                            "reportingForce":"greater-manchester","policeReference":"BENCH/%s/%d/%d","type":"M",
                            "start":"2026-10-0%dT18:30:00Z","riskLevel":"MEDIUM","missingFromPostcode":"M13 9PL",
                            "hostAuthority":"352","concerns":"CCE"},
                 "child":{"localId":"%s","nhsNumber":"%s","givenName":"Test","familyName":"%s",
                          "dateOfBirth":"2010-0%d-1%d","sex":"female","homePostcode":"ME14 2LP",
                          "lookedAfter":true,"placingAuthority":"886"}}
                """.formatted(1 + i % 9, run, batch, i, 1 + i % 9, childId("BENCHM", i), nhsNumber(),
                familyName("Missing", i), 1 + i % 9, i % 10);
        return new Document(MISSING, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The authority's id of the child, different for each document of each batch, as the names are: the watches
     * match a child by its authority and id, so an id repeated in every batch would be one child missing once a
     * batch, its episodes counted at every report.
     */
    private String childId(String stem, int i) {
        return stem + "%d-%07d".formatted(batch, i);
    }

    /**
     * A family name of letters only, different for each document of each batch: the watches fold names to their
     * letters, so "Missing12" and "Missing13" would be one child with thousands of episodes.
     */
    private String familyName(String stem, int i) {
        StringBuilder name = new StringBuilder(stem);
        for (long n = (long) batch * 1_000_000 + i; n > 0; n /= 26) {
            name.append((char) ('a' + n % 26));
        }
        return name.toString();
    }

    /** A valid NHS number from the 999 test range (modulus-11 check digit). */
    private String nhsNumber() {
        while (true) {
            StringBuilder digits = new StringBuilder("999");
            for (int i = 0; i < 6; i++) {
                digits.append(random.nextInt(10));
            }
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (digits.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 10) {
                continue;
            }
            return digits.append(check == 11 ? 0 : check).toString();
        }
    }

    /** Each kind of document through its own intake, as the API would read it. */
    public record Intakes(PlacementJsonIntake placements, ExclusionIntake exclusions,
                          MissingEpisodeJsonReader missing) {
        /** The intakes of a gateway, as its API reads each kind of document. */
        public static Intakes of(Gateway gateway) {
            return new Intakes(new PlacementJsonIntake(gateway.reference(), TimeOrderedIds::next),
                    gateway.exclusionIntake(), new MissingEpisodeJsonReader());
        }

        /** The notice an intake makes of a synthetic document; a refusal is a fault of the generator. */
        public Notice accepted(Document document) {
            if (document.kind().equals(MISSING)) {
                MissingReadResult<MissingEpisodeNotice> read = missing.read(document.json(), REPORTING_FORCE,
                        Instant.now(), TimeOrderedIds::next);
                if (read instanceof MissingReadResult.Accepted<MissingEpisodeNotice> a) {
                    return a.notice();
                }
                throw new IllegalStateException("synthetic missing report refused: "
                        + ((MissingReadResult.Refused<MissingEpisodeNotice>) read).violations());
            }
            JsonIntakeResult result = document.kind().equals(EXCLUSION) ? exclusions.fromJson(document.json())
                    : placements.parse(document.json());
            if (result instanceof JsonIntakeResult.Accepted a) {
                return a.notice();
            }
            throw new IllegalStateException("synthetic notice refused: "
                    + ((JsonIntakeResult.Refused) result).violations());
        }
    }
}
