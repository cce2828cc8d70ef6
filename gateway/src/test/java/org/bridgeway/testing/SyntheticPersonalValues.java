package org.bridgeway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The personal values in the synthetic placements ({@link SyntheticPlacements#EVERY_FIELD}) and the sample SSDA903
 * return, for tests that look for them where they must never be: the audit log, the logs.
 */
public final class SyntheticPersonalValues {
    private SyntheticPersonalValues() {
    }

    /** Every personal value that went in, with what it is, in every form it might be written. */
    public static Map<String, String> all() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        for (SyntheticPlacements.Spec s : SyntheticPlacements.EVERY_FIELD) {
            values.put(s.localId(), "a child's local id");
            values.put(s.nhsNumber(), "an NHS number");
            values.put(s.nhsNumber().substring(0, 3) + " " + s.nhsNumber().substring(3, 6) + " "
                    + s.nhsNumber().substring(6), "an NHS number");
            values.put(s.upn(), "a UPN");
            values.put(s.givenName(), "a given name");
            values.put(s.familyName(), "a family name");
            values.put(s.ethnicity(), "an ethnicity code");
            dates(LocalDate.parse(s.dateOfBirth()), values);
            postcode(s.homePostcode(), "a home postcode", values);
            postcode(s.postcode(), "a placement postcode", values);
            values.put(s.sourceReference(), "the case-management system's reference");
        }
        Path sample = SyntheticPlacements.sampleReturn();
        for (Map<String, String> row : csv(sample.resolve("header.csv"))) {
            values.put(row.get("CHILD"), "a child's local id");
            values.put(row.get("ETHNIC"), "an ethnicity code");
            if (!row.get("UPN").startsWith("UN")) {
                values.put(row.get("UPN"), "a UPN");
            }
            dates(LocalDate.parse(row.get("DOB"), DateTimeFormatter.ofPattern("dd/MM/yyyy")), values);
        }
        for (Map<String, String> row : csv(sample.resolve("episodes.csv"))) {
            postcode(row.get("HOME_POST"), "a home postcode", values);
            postcode(row.get("PL_POST"), "a placement postcode", values);
        }
        values.remove("");
        return values;
    }

    private static void dates(LocalDate dob, Map<String, String> values) {
        for (String pattern : List.of("yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "dd.MM.yyyy", "yyyyMMdd",
                "ddMMyyyy", "yyyy/MM/dd", "d MMMM yyyy", "d MMM yyyy")) {
            values.put(dob.format(DateTimeFormatter.ofPattern(pattern, Locale.UK)), "a date of birth");
        }
    }

    private static void postcode(String postcode, String what, Map<String, String> values) {
        if (postcode == null || postcode.isBlank()) {
            return;
        }
        values.put(postcode, what);
        values.put(postcode.replace(" ", ""), what + " (no space)");
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i].trim() : "");
            }
            rows.add(row);
        }
        return rows;
    }
}
