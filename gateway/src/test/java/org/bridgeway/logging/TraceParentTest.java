package org.bridgeway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** traceparent parsed as W3C Trace Context says, with the recommendation's own examples. */
class TraceParentTest {
    private static final String EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void theRecommendationsExampleIsReadFieldByField() {
        TraceParent trace = TraceParent.parse(EXAMPLE).orElseThrow();
        assertThat(trace.version()).isEqualTo("00");
        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(trace.flags()).isEqualTo("01");
        assertThat(trace.header()).isEqualTo(EXAMPLE);
    }

    @Test
    void aLaterVersionMayAddFieldsAfterADash() {
        assertThat(TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds"))
                .hasValueSatisfying(t -> assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",              // no flags
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",     // version 00 has four fields
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",           // version ff is invalid
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",           // all-zero trace-id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",           // all-zero parent-id
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",           // upper-case hex
            "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",           // fields of the wrong length
            "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",           // not dashes
            "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.more",      // a later version, no dash
            "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"})          // not hex
    void anythingElseIsNotATraceparent(String header) {
        assertThat(TraceParent.parse(header)).isEmpty();
    }

    @Test
    void noHeaderIsNoTraceparent() {
        assertThat(TraceParent.parse(null)).isEmpty();
    }
}
