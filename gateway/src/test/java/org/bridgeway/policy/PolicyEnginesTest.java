package org.bridgeway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyEnginesTest {

    @Test
    void embeddedLoadsTheAgreements() {
        PolicyDecisionPoint pdp = PolicyEngines.create("embedded", PolicyRoot.agreements(), Optional.empty());

        assertThat(pdp).isInstanceOf(EmbeddedDecisionPoint.class);
        assertThat(pdp.revision()).startsWith("sha256:");
    }

    @Test
    void embeddedIgnoresAnOpaUrlAndCase() {
        assertThat(PolicyEngines.create(" Embedded ", PolicyRoot.agreements(), Optional.of("http://127.0.0.1:1")))
                .isInstanceOf(EmbeddedDecisionPoint.class);
    }

    @Test
    void embeddedWithoutAgreementsDirectoryIsRefused() {
        assertThatThrownBy(() -> PolicyEngines.create("embedded", null, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("agreements directory");
    }

    @Test
    void embeddedWithAMissingDirectoryFailsToLoad() {
        assertThatThrownBy(() -> PolicyEngines.create("embedded", Path.of("no/such/dir"), Optional.empty()))
                .isInstanceOf(PolicyLoadException.class);
    }

    @Test
    void opaBuildsAClientOfTheUrl() throws Exception {
        PolicyDecisionPoint pdp = PolicyEngines.create("opa", null, Optional.of("http://127.0.0.1:8181/"));

        assertThat(pdp).isInstanceOf(OpaDecisionPoint.class);
        try (OpaDecisionPoint opa = (OpaDecisionPoint) pdp) {
            assertThat(opa.baseUri()).hasToString("http://127.0.0.1:8181");
            assertThat(opa.settings()).isEqualTo(OpaSettings.defaults());
        }
    }

    @Test
    void opaWithoutAUrlIsRefused() {
        assertThatThrownBy(() -> PolicyEngines.create("opa", PolicyRoot.agreements(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"opa\" needs the OPA server's URL");
        assertThatThrownBy(() -> PolicyEngines.create("opa", PolicyRoot.agreements(), Optional.of("  ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"opa\" needs the OPA server's URL");
    }

    @Test
    void opaWithAMalformedUrlIsRefused() {
        assertThatThrownBy(() -> PolicyEngines.create("opa", null, Optional.of("opa:8181")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }

    @Test
    void anUnknownEngineIsRefused() {
        assertThatThrownBy(() -> PolicyEngines.create("rego", PolicyRoot.agreements(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown policy engine \"rego\": expected \"embedded\" or \"opa\"");
        assertThatThrownBy(() -> PolicyEngines.create(null, PolicyRoot.agreements(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown policy engine");
    }

    @Test
    void settingsDefaultsAreSensibleAndValidated() {
        OpaSettings s = OpaSettings.defaults();
        assertThat(s.maxAttempts()).isGreaterThanOrEqualTo(2);
        assertThat(s.backoffBefore(1)).isZero();
        assertThat(s.backoffBefore(2)).isEqualTo(s.backoffBase());
        assertThat(s.backoffBefore(3)).isEqualTo(s.backoffBase().multipliedBy(2));
        assertThat(s.backoffBefore(40)).isEqualTo(OpaSettings.MAX_BACKOFF);
        assertThatThrownBy(() -> s.withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withRequestTimeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.withCircuitBreaker(0, java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
