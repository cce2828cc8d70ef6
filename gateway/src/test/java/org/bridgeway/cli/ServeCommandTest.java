package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The serve command's database options; a password is not one of them. */
class ServeCommandTest {
    @Test
    void takesTheDatabaseUrlAndUserButNoPassword() {
        ServeCommand serve = new ServeCommand();
        CommandLine cli = new CommandLine(serve);
        cli.parseArgs("--database-url", "jdbc:postgresql://db:5432/bridgeway", "--database-user", "gateway");
        assertThat(serve.databaseUrl).isEqualTo("jdbc:postgresql://db:5432/bridgeway");
        assertThat(serve.databaseUser).isEqualTo("gateway");

        assertThat(cli.getCommandSpec().optionsMap().keySet()).noneMatch(name -> name.contains("password"));
        assertThat(cli.getUsageMessage()).contains("BRIDGEWAY_DB_PASSWORD");
    }

    @Test
    void withoutADatabaseUrlTheEmbeddedDatabaseIsUsed() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertThat(serve.databaseUrl).isNull();
        assertThat(serve.databaseUser).isEqualTo("bridgeway");
    }
}
