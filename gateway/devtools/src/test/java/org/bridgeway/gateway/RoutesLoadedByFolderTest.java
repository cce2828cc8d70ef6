package org.bridgeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Route;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.TlsGatewayFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which route files a gateway loads is decided by folder, not by a list in Java: every file of {@code routes/}, those
 * of {@code routes/api/} only with an HTTP API, and of {@code routes/inbox/} only when the gateway watches the inbox.
 */
class RoutesLoadedByFolderTest {
    @TempDir
    Path data;

    /** The folders, relative to {@code routes/}, that the gateway's routes were read from ("" for routes/ itself). */
    private static Set<String> folders(GatewayFixture fixture) {
        Path routes = fixture.gateway().config().routesDirectory().toAbsolutePath();
        Set<String> folders = new TreeSet<>();
        for (Route route : fixture.gateway().camel().getRoutes()) {
            String location = route.getSourceLocation();
            if (location != null && location.startsWith("file:")) {
                Path file = Path.of(location.substring("file:".length()).replaceFirst(":\\d+$", ""));
                folders.add(routes.relativize(file.getParent()).toString());
            }
        }
        return folders;
    }

    @Test
    void withoutAnApiOrAnInboxOnlyTheTopFolderIsLoaded() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            assertThat(folders(fixture)).containsExactly("");
            assertThat(fixture.gateway().camel().getRoute("notice-pipeline")).isNotNull();
            assertThat(fixture.gateway().camel().getRoute("exclusion-file")).isNotNull();
            assertThat(fixture.gateway().camel().getRoute("ssda903-batch")).isNotNull();
        }
    }

    @Test
    void watchingTheInboxAddsTheInboxFolder() {
        try (GatewayFixture fixture = GatewayFixture.start(GatewayFixture.config(data).withInbox(true))) {
            assertThat(folders(fixture)).containsExactly("", "inbox");
            assertThat(fixture.gateway().camel().getRoute("ssda903-inbox")).isNotNull();
        }
    }

    @Test
    void servingTheApiAddsTheApiFolder() {
        try (GatewayFixture fixture = TlsGatewayFixture.startWithHttpCertificateOnly(data)) {
            assertThat(folders(fixture)).containsExactly("", "api");
            assertThat(fixture.gateway().camel().getRoute("placement-api")).isNotNull();
            assertThat(fixture.gateway().camel().getRoute("audit-entries")).isNotNull();
        }
    }
}
