package org.bridgeway.adapters.fhir;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * SSDA903 ethnicity (DfE, 2011 census categories, 20 codes) to the NHS ethnic category of England (NHS Data
 * Dictionary "Ethnic Category", 2001 census categories; UK Core CodeSystem UKCore-EthnicCategoryEngland).
 *
 * <p>Most codes have one exact NHS counterpart. Where the NHS list has no category of its own the code goes to the
 * nearest "any other" category of the same group: Traveller of Irish heritage (WIRT) and Gypsy/Roma (WROM) to
 * C "White - Any other White background". Refused (REFU: the child or family was asked and declined) is
 * Z "Not stated"; information not yet obtained (NOBT: not asked, or not yet known) is 99 "Not known". The source
 * code travels beside it in Bridgeway's own SSDA903 ethnicity extension, so nothing the mapping folds together is
 * lost.
 */
public final class NhsEthnicCategory {
    /** An NHS ethnic category: its code and UK Core's display. */
    public record Category(String code, String display) {
    }

    /** Every NHS ethnic category of England, in the Data Dictionary's order. */
    public static final Map<String, Category> CATEGORIES = categories(
            "A", "White - British",
            "B", "White - Irish",
            "C", "White - Any other White background",
            "D", "Mixed - White and Black Caribbean",
            "E", "Mixed - White and Black African",
            "F", "Mixed - White and Asian",
            "G", "Mixed - Any other mixed background",
            "H", "Asian or Asian British - Indian",
            "J", "Asian or Asian British - Pakistani",
            "K", "Asian or Asian British - Bangladeshi",
            "L", "Asian or Asian British - Any other Asian background",
            "M", "Black or Black British - Caribbean",
            "N", "Black or Black British - African",
            "P", "Black or Black British - Any other Black background",
            "R", "Other Ethnic Groups - Chinese",
            "S", "Other Ethnic Groups - Any other ethnic group",
            "Z", "Not stated",
            "99", "Not known");

    /** SSDA903 ETHNIC code to NHS ethnic category code; the table docs/health-fhir.md shows. */
    public static final Map<String, String> FROM_SSDA903 = orderedPairs(
            "WBRI", "A",
            "WIRI", "B",
            "WOTH", "C",
            "WIRT", "C", // no NHS category of its own: nearest "any other White background"
            "WROM", "C", // likewise
            "MWBC", "D",
            "MWBA", "E",
            "MWAS", "F",
            "MOTH", "G",
            "AIND", "H",
            "APKN", "J",
            "ABAN", "K",
            "AOTH", "L",
            "BCRB", "M",
            "BAFR", "N",
            "BOTH", "P",
            "CHNE", "R",
            "OOTH", "S",
            "REFU", "Z",  // asked, and declined to say
            "NOBT", "99"); // not (yet) asked or known

    private NhsEthnicCategory() {
    }

    /** The NHS category of an SSDA903 ethnicity code; empty for a code outside the SSDA903 list. */
    public static Optional<Category> fromSsda903(String ssda903Code) {
        return Optional.ofNullable(ssda903Code).map(FROM_SSDA903::get).map(CATEGORIES::get);
    }

    private static Map<String, Category> categories(String... codeAndDisplay) {
        Map<String, Category> map = new LinkedHashMap<>();
        for (int i = 0; i < codeAndDisplay.length; i += 2) {
            map.put(codeAndDisplay[i], new Category(codeAndDisplay[i], codeAndDisplay[i + 1]));
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Map<String, String> orderedPairs(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
