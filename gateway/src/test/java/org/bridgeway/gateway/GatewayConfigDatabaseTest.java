package org.bridgeway.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.bridgeway.model.Organisation;
import org.bridgeway.store.DatabasePassword;
import org.junit.jupiter.api.Test;

/** Where the gateway keeps its records, and that the database password never shows. */
class GatewayConfigDatabaseTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/bridgeway";

    private final GatewayConfig embedded = new GatewayConfig(Path.of("/project"), Path.of("/data"),
            Organisation.parseId("local-authority:886"), "127.0.0.1", Optional.empty(), false);

    @Test
    void theShortConstructorsKeepTheEmbeddedDatabaseUnderTheDataDirectory() {
        assertThat(embedded.databaseUrl()).isEmpty();
        assertThat(embedded.databaseUser()).isEqualTo(GatewayConfig.DEFAULT_DATABASE_USER);
        assertThat(embedded.embeddedDatabaseDirectory()).isEqualTo(Path.of("/data/db"));
    }

    @Test
    void withDatabaseReadsThePasswordFromTheEnvironmentUnlessGivenOne() {
        GatewayConfig fromEnvironment = embedded.withDatabase(URL, "gateway");
        assertThat(fromEnvironment.databaseUrl()).contains(URL);
        assertThat(fromEnvironment.databaseUser()).isEqualTo("gateway");
        assertThat(fromEnvironment.databasePassword()).isEqualTo(DatabasePassword.fromEnvironment());
        assertThat(fromEnvironment.databasePassword().reveal())
                .isEqualTo(System.getenv(DatabasePassword.ENVIRONMENT_VARIABLE));

        GatewayConfig given = embedded.withDatabase(URL, "gateway", DatabasePassword.of("s3cret-pw"));
        assertThat(given.databasePassword().reveal()).isEqualTo("s3cret-pw");
    }

    @Test
    void thePasswordIsNotInTheConfigurationsText() {
        GatewayConfig config = embedded.withDatabase(URL, "gateway", DatabasePassword.of("s3cret-pw"));
        assertThat(config.toString()).contains(URL, "gateway").doesNotContain("s3cret-pw");
        assertThat(DatabasePassword.of("s3cret-pw").toString()).doesNotContain("s3cret-pw");
    }

    @Test
    void theOtherCopiersKeepTheDatabase() {
        DatabasePassword password = DatabasePassword.of("s3cret-pw");
        GatewayConfig config = embedded.withDatabase(URL, "gateway", password)
                .withHttp("127.0.0.1", 8080).withInbox(true).withOpa("http://127.0.0.1:8181");
        assertThat(config.databaseUrl()).contains(URL);
        assertThat(config.databaseUser()).isEqualTo("gateway");
        assertThat(config.databasePassword()).isEqualTo(password);
    }
}
