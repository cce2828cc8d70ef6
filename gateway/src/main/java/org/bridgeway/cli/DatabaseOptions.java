package org.bridgeway.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.store.Database;
import org.bridgeway.store.DatabasePassword;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a command finds the gateway's records: PostgreSQL when given, else the embedded H2 database. */
final class DatabaseOptions {
    @Option(names = "--database-url", description = "The gateway's records in this PostgreSQL database "
            + "(jdbc:postgresql://host:port/name) instead of the embedded H2 database under --data. The password is "
            + "read from the environment variable " + DatabasePassword.ENVIRONMENT_VARIABLE + ", never from the command line.")
    void url(String value) {
        // the environment and the file were checked as they were read, naming where: this catches the command line
        ConfigurationDefaults.refuseCredentialsInUrl(mixee, "database-url", "the command line", value);
        url = value;
    }

    String url;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--database-user", defaultValue = GatewayConfig.DEFAULT_DATABASE_USER,
            description = "The PostgreSQL user (default ${DEFAULT-VALUE}).")
    String user;

    /** Whether the records are in the embedded database under the data directory. */
    boolean embedded() {
        return url == null;
    }

    GatewayConfig applyTo(GatewayConfig config) {
        return url == null ? config : config.withDatabase(url, user, DatabasePassword.fromEnvironment());
    }

    Database open(Path embeddedDirectory) {
        return Database.open(Optional.ofNullable(url), user, DatabasePassword.fromEnvironment(), embeddedDirectory);
    }
}
