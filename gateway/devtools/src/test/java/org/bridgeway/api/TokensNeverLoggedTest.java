package org.bridgeway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.bridgeway.testing.CapturedLogs;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.bridgeway.testing.TestPki;
import org.bridgeway.testing.TestTokens;
import org.bridgeway.transport.PkiDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything the gateway, Camel's HTTP platform, Vert.x and Netty log, down to DEBUG, while a gateway checking
 * tokens starts, serves a system and a person, and refuses a missing, lifted and malformed token: no token (a
 * JWT starts "eyJ"), no password, no PEM.
 */
class TokensNeverLoggedTest {
    private static final String KENT = "local-authority:886";
    private static final String KENT_POLICE = "police:kent";

    @TempDir
    Path data;

    @Test
    void noTokenPasswordOrPemIsLogged() {
        String kentPolice = TestTokens.serviceAccount(KENT_POLICE).orElseThrow();
        String auditor = TestTokens.person(KENT, "sam.whitfield");
        List<String> lines;
        try (CapturedLogs logs = CapturedLogs.atDebug("org.bridgeway", "io.vertx", "io.netty",
                "org.apache.camel.component.platform", "org.apache.camel.component.rest", "com.nimbusds")) {
            try (GatewayFixture fixture = TlsGatewayFixture.startWithHttp(data)) {
                ApiClient api = new ApiClient(fixture.apiBase());
                assertThat(api.get("/audit/checkpoint", KENT_POLICE).statusCode()).isEqualTo(200);
                assertThat(api.get("/audit/entries?start=0&end=1", KENT, Optional.of(auditor)).statusCode())
                        .isEqualTo(200);
                assertThat(api.get("/audit/checkpoint", KENT_POLICE, Optional.empty()).statusCode()).isEqualTo(401);
                assertThat(api.get("/audit/checkpoint", KENT, Optional.of(kentPolice)).statusCode()).isEqualTo(401);
                assertThat(api.get("/audit/checkpoint", KENT_POLICE, Optional.of("eyJnot.a.token")).statusCode())
                        .isEqualTo(401);
            }
            lines = new ArrayList<>(logs.lines()); // with what the gateway logged as it stopped
            lines.addAll(logs.jsonLines()); // and as serve writes it: MDC, key-value pairs and stacks too
        }
        assertThat(lines).as("something was logged").isNotEmpty();
        assertThat(lines).as("the refusals were logged, by reason").anyMatch(l -> l.contains("certificate-mismatch"));
        Properties passwords = PkiDirectory.passwords(TestPki.directory());
        for (String line : lines) {
            assertThat(line).doesNotContain("eyJ", kentPolice.substring(20, 60), auditor.substring(20, 60),
                    "BEGIN CERTIFICATE", "PRIVATE KEY", "password=", "Bearer ");
            for (Object password : passwords.values()) {
                assertThat(line).doesNotContain((String) password);
            }
        }
    }
}
