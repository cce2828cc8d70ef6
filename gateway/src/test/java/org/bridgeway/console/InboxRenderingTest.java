package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a notice's disclosed fields are laid out for a person to read: the notice itself, named in words. */
class InboxRenderingTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBridgewayEnvelopeShowsTheNoticeFieldsInDocumentOrderNamedInWords() {
        byte[] payload = utf8("""
                {"bridgeway":"1.0","exchangeId":"e-1","notice":{"child":{"givenName":"Ottoline","familyName":"B"},
                 "risks":["CSE","GANG"],"placement":{"emergency":true,"provider":null}}}""");

        List<Inbox.Field> fields = Inbox.fields("application/json", payload);

        assertThat(fields).containsExactly(
                new Inbox.Field("Child › Given name", "Ottoline"),
                new Inbox.Field("Child › Family name", "B"),
                new Inbox.Field("Risks 1", "CSE"),
                new Inbox.Field("Risks 2", "GANG"),
                new Inbox.Field("Placement › Emergency", "true"));
    }

    @Test
    void aDocumentThatIsNotJsonIsShownWholeAsText() {
        byte[] payload = utf8("<Notice><Child>Ottoline</Child></Notice>");

        assertThat(Inbox.fields("application/xml", payload))
                .containsExactly(new Inbox.Field("Notice", "<Notice><Child>Ottoline</Child></Notice>"));
        assertThat(Inbox.fields("application/json", utf8("{not json")))
                .containsExactly(new Inbox.Field("Notice", "{not json"));
    }

    @Test
    void anExchangeTypeReadsAsWords() {
        assertThat(Inbox.kind("placement-notification")).isEqualTo("Placement notification");
        assertThat(Inbox.kind("custody-handover")).isEqualTo("Custody handover");
        assertThat(Inbox.kind(null)).isEqualTo("Notice");
    }
}
