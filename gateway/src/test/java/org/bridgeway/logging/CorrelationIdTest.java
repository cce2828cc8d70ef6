package org.bridgeway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which id a request is logged under, and that a caller's id is kept only when it is safe in a log line and a URN. */
class CorrelationIdTest {
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @ParameterizedTest
    @ValueSource(strings = {"a", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "kent-case-system:req/2026-12-04T01:02:03Z",
            "YWJj+ZGVm/Zw==", "Root=1-5759e988-bd862e3f"})
    void aShortUriSafeTokenIsKept(String id) {
        assertThat(CorrelationId.valid(id)).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "two words", "line\nbreak", "carriage\rreturn", "tab\there", "esc\u001b[31m",
            "quote\"", "back\\slash", "percent%20", "ümlaut", "<script>", "{json}", "semi;colon"})
    void anythingElseIsNot(String id) {
        assertThat(CorrelationId.valid(id)).isEmpty();
    }

    @Test
    void atMost128Characters() {
        assertThat(CorrelationId.valid("x".repeat(128))).isPresent();
        assertThat(CorrelationId.valid("x".repeat(129))).isEmpty();
    }

    @Test
    void theIdIsTheTraceIdOrANewOneNeverTheCallersRequestId() {
        assertThat(CorrelationId.ofRequest("mine", TRACE).id()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(CorrelationId.ofRequest(null, TRACE).id()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(CorrelationId.ofRequest("not mine", TRACE).id()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(CorrelationId.ofRequest("mine", null).id()).matches(UUID_V7);
        assertThat(CorrelationId.ofRequest(null, "00-garbage").id()).matches(UUID_V7);
        assertThat(CorrelationId.ofRequest(null, null).id()).matches(UUID_V7);
    }

    @Test
    void theAnswerEchoesTheCallersValidRequestIdElseTheId() {
        assertThat(CorrelationId.ofRequest("mine", TRACE).echo()).isEqualTo("mine");
        CorrelationId.Request without = CorrelationId.ofRequest(null, null);
        assertThat(without.echo()).isEqualTo(without.id());
        CorrelationId.Request invalid = CorrelationId.ofRequest("not mine", null);
        assertThat(invalid.echo()).isEqualTo(invalid.id()).matches(UUID_V7);
    }

    @Test
    void aReplacedIdIsReportedAndAValidTraceparentKeptForTheAnswer() {
        CorrelationId.Request replaced = CorrelationId.ofRequest("x".repeat(200), null);
        assertThat(replaced.replaced()).isTrue();
        assertThat(replaced.traceParent()).isEmpty();
        CorrelationId.Request traced = CorrelationId.ofRequest(null, TRACE);
        assertThat(traced.replaced()).isFalse();
        assertThat(traced.traceParent()).hasValueSatisfying(t -> assertThat(t.header()).isEqualTo(TRACE));
    }

    @Test
    void theInstanceIsAUrnNamingTheId() {
        assertThat(CorrelationId.instance("abc-123")).isEqualTo("urn:bridgeway:request:abc-123");
        assertThat(java.net.URI.create(CorrelationId.instance("kent:req/1+2=3@x")).getScheme()).isEqualTo("urn");
    }
}
