package org.bridgeway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bridgeway.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * docs/configuration.md lists every option of {@code serve} as its {@code --help} has it: name, environment
 * variable, file key, default and description. An option added without its row fails here, printing the row.
 */
class ConfigurationDocumentedTest {
    private static final Path PAGE = GatewayConfig.locateProjectRoot().resolve("docs").resolve("configuration.md");
    private static final String HEADER = "| Option | Environment variable | File key | Default | Description |";

    @Test
    void theDocsTableIsServesOptionsWithTheirDefaults() throws IOException {
        List<String> documented = Files.readAllLines(PAGE).stream()
                .dropWhile(line -> !line.equals(HEADER)).skip(2).takeWhile(line -> line.startsWith("|")).toList();

        assertThat(documented).as("the table under '%s' in %s; the rows of serve's options are:%n%s%n", HEADER, PAGE,
                String.join("\n", rows())).containsExactlyInAnyOrderElementsOf(rows());
    }

    @Test
    void serveHelpPointsToTheDocsAndShowsTheDefaults() {
        String help = new CommandLine(new ServeCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help).contains("docs/configuration.md").contains("BRIDGEWAY_PORT").contains("--config");
        for (OptionSpec option : options()) {
            if (option.defaultValue() != null) {
                assertThat(help).as("%s's default in serve --help", option.longestName())
                        .contains(option.defaultValue());
            }
        }
    }

    private static List<OptionSpec> options() {
        return new CommandLine(new ServeCommand()).getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
    }

    static List<String> rows() {
        return options().stream().map(ConfigurationDocumentedTest::row).toList();
    }

    private static String row(OptionSpec option) {
        boolean configurable = ConfigurationDefaults.configurable(option);
        String description = String.join(" ", option.description())
                .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
        return "| " + code(option.longestName()) + " | "
                + code(option.longestName().equals(ConfigurationDefaults.CONFIG_OPTION)
                        ? ConfigurationDefaults.CONFIG_VARIABLE : ConfigurationDefaults.environmentVariable(option))
                + " | " + (configurable ? code(ConfigurationDefaults.fileKey(option)) : "—")
                + " | " + (option.defaultValue() == null ? "—" : code(option.defaultValue()))
                + " | " + description.replace("|", "\\|") + " |";
    }

    private static String code(String text) {
        return "`" + text + "`";
    }
}
