package org.bridgeway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bridgeway.adapters.Digests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeFingerprintTest {
    @TempDir
    Path keys;

    private static final Map<String, String> FIELDS = Map.of("child.nhsNumber", "9990000018", "child.dateOfBirth", "2010-03-17");

    @Test
    void theSameContentGivesTheSameFingerprintWhateverTheFieldOrder() {
        NoticeFingerprint fingerprint = NoticeFingerprint.loadOrCreate(keys);
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("child.dateOfBirth", "2010-03-17");
        reordered.put("child.nhsNumber", "9990000018");
        assertThat(fingerprint.of(reordered)).isEqualTo(fingerprint.of(FIELDS)).hasSize(64);
        assertThat(NoticeFingerprint.loadOrCreate(keys).of(FIELDS)).as("the key is kept").isEqualTo(fingerprint.of(FIELDS));
    }

    @Test
    void withoutTheKeyAGuessCannotBeConfirmed(@TempDir Path otherKeys) {
        String fingerprint = NoticeFingerprint.loadOrCreate(keys).of(FIELDS);
        assertThat(fingerprint).isNotEqualTo(NoticeFingerprint.loadOrCreate(otherKeys).of(FIELDS));
        assertThat(fingerprint).isNotEqualTo(Digests.sha256(CanonicalJson.write(FIELDS)));
    }

    @Test
    void differentContentGivesADifferentFingerprint() {
        NoticeFingerprint fingerprint = NoticeFingerprint.loadOrCreate(keys);
        assertThat(fingerprint.of(Map.of("child.nhsNumber", "9990000026", "child.dateOfBirth", "2010-03-17")))
                .isNotEqualTo(fingerprint.of(FIELDS));
    }
}
