package org.bridgeway.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.bridgeway.adapters.ssda903.Ssda903Codes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SSDA903 ethnicity to the NHS ethnic category of England: one case per code, and no code the readers take left out. */
class NhsEthnicCategoryTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "WBRI, A, White - British",
            "WIRI, B, White - Irish",
            "WOTH, C, White - Any other White background",
            "WIRT, C, White - Any other White background",
            "WROM, C, White - Any other White background",
            "MWBC, D, Mixed - White and Black Caribbean",
            "MWBA, E, Mixed - White and Black African",
            "MWAS, F, Mixed - White and Asian",
            "MOTH, G, Mixed - Any other mixed background",
            "AIND, H, Asian or Asian British - Indian",
            "APKN, J, Asian or Asian British - Pakistani",
            "ABAN, K, Asian or Asian British - Bangladeshi",
            "AOTH, L, Asian or Asian British - Any other Asian background",
            "BCRB, M, Black or Black British - Caribbean",
            "BAFR, N, Black or Black British - African",
            "BOTH, P, Black or Black British - Any other Black background",
            "CHNE, R, Other Ethnic Groups - Chinese",
            "OOTH, S, Other Ethnic Groups - Any other ethnic group",
            "REFU, Z, Not stated",
            "NOBT, 99, Not known"})
    void eachSsda903CodeHasItsNhsCategory(String ssda903, String nhsCode, String display) {
        assertThat(NhsEthnicCategory.fromSsda903(ssda903))
                .contains(new NhsEthnicCategory.Category(nhsCode, display));
    }

    @Test
    void everyEthnicityCodeTheReadersAcceptIsMappedAndNothingElse() {
        assertThat(NhsEthnicCategory.FROM_SSDA903.keySet()).containsExactlyInAnyOrderElementsOf(Ssda903Codes.ETHNIC);
        assertThat(NhsEthnicCategory.CATEGORIES.keySet()).containsAll(NhsEthnicCategory.FROM_SSDA903.values());
    }

    @Test
    void theNhsListIsTheDataDictionarysEighteenCategories() {
        assertThat(NhsEthnicCategory.CATEGORIES.keySet()).containsExactly("A", "B", "C", "D", "E", "F", "G", "H", "J",
                "K", "L", "M", "N", "P", "R", "S", "Z", "99");
    }

    @Test
    void aCodeOutsideTheListHasNoCategory() {
        assertThat(NhsEthnicCategory.fromSsda903("XXXX")).isEmpty();
        assertThat(NhsEthnicCategory.fromSsda903(null)).isEmpty();
        assertThat(NhsEthnicCategory.fromSsda903("wbri")).as("codes are exact, as the readers hand them on").isEmpty();
    }
}
