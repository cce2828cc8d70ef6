package org.bridgeway.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.PropertiesDefaultProvider;

/**
 * A command's options from the environment and a configuration file, under its command line. One precedence:
 * the command line, then the environment, then the file, then the option's built-in default. Picocli asks this
 * provider only for the options the command line left out, so the first step is Picocli's own.
 *
 * <p>One rule names an option everywhere, from its long name: {@code --management-port} is the file key
 * {@code management-port} and the environment variable {@code BRIDGEWAY_MANAGEMENT_PORT}. An option added to the
 * command is configurable without more code. The file is a Java properties file named by {@code --config} (or
 * {@value #CONFIG_VARIABLE}); Picocli's {@link PropertiesDefaultProvider} reads the values. A key that is no option
 * is refused with its line, so a typo is not silently ignored, and so is a key that names a secret: secrets come
 * from the environment or a file of their own, never from a file that is copied around and checked in.
 *
 * <p>A repeatable option takes several values in one string, separated as its {@code split} says (a comma for every
 * such option of {@code serve}); the value of one from the environment or the file replaces, not extends, its
 * built-in default.
 */
public final class ConfigurationDefaults implements IDefaultValueProvider {
    public static final String ENVIRONMENT_PREFIX = "BRIDGEWAY_";
    public static final String CONFIG_OPTION = "--config";
    public static final String CONFIG_VARIABLE = ENVIRONMENT_PREFIX + "CONFIG";

    /** Names that hold a secret; a {@code -file} naming where one is kept is not one. */
    private static final Pattern SECRET = Pattern.compile("(^|-)(password|passphrase|secret|token|api-key|private-key)$");

    /** Where the secrets a file might try to carry come from instead. */
    private static final java.util.Map<String, String> SECRET_VARIABLES = java.util.Map.of(
            "database-password", org.bridgeway.store.DatabasePassword.ENVIRONMENT_VARIABLE,
            "tls-key-store-password", ServeCommand.KEY_STORE_PASSWORD_VARIABLE);

    /** A URL's user information with a password in it: {@code scheme://user:password@host}. */
    private static final Pattern URL_USERINFO_PASSWORD = Pattern.compile("://[^/?#@]*:[^/?#@]*@");
    /** A URL query or JDBC parameter holding a secret: {@code ?password=}, {@code &sslpassword=}, {@code ;token=}. */
    private static final Pattern URL_SECRET_PARAMETER =
            Pattern.compile("[?&;][^=&;#]*(password|passwd|secret|token)[^=&;#]*=", Pattern.CASE_INSENSITIVE);

    /** Where the password a URL-valued option might try to carry comes from instead. */
    private static final java.util.Map<String, String> URL_SECRET_VARIABLES = java.util.Map.of(
            "database-url", org.bridgeway.store.DatabasePassword.ENVIRONMENT_VARIABLE,
            "broker-url", org.bridgeway.delivery.BrokerCredentials.PASSWORD_VARIABLE);

    private final Function<String, String> environment;
    private Path loadedFrom;
    private PropertiesDefaultProvider loaded;

    public ConfigurationDefaults(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The file key of an option: its long name without the dashes. */
    public static String fileKey(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** The environment variable of an option: {@value #ENVIRONMENT_PREFIX} and its file key in capitals. */
    public static String environmentVariable(OptionSpec option) {
        return ENVIRONMENT_PREFIX + fileKey(option).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Whether the environment and the file can set this option: all but help, version and the file's own name. */
    public static boolean configurable(OptionSpec option) {
        return !option.usageHelp() && !option.versionHelp() && !option.longestName().equals(CONFIG_OPTION);
    }

    /** Whether a file key or option name names a secret, which no file or flag may carry. */
    public static boolean namesASecret(String key) {
        return SECRET.matcher(key.replaceFirst("^-+", "").toLowerCase(Locale.ROOT)).find();
    }

    /**
     * Refuses a URL value that carries a credential (a password in its user information, or a password, secret or
     * token parameter), which would otherwise sit in a file, an environment listing or {@code ps}: the message names
     * where the value came from and where the credential goes instead, never the value.
     *
     * @param key   the option's file key, e.g. {@code database-url}
     * @param where where the value was given, e.g. {@code "the environment variable BRIDGEWAY_DATABASE_URL"}
     */
    public static void refuseCredentialsInUrl(CommandSpec command, String key, String where, String value) {
        if (value == null || !value.contains("://")) {
            return;
        }
        String carries = URL_USERINFO_PASSWORD.matcher(value).find() ? "a password in its user:password@"
                : URL_SECRET_PARAMETER.matcher(value).find() ? "a password, secret or token parameter" : null;
        if (carries != null) {
            throw new ParameterException(command.commandLine(), "'" + key + "' in " + where + " carries " + carries
                    + ": a URL never holds a secret; give it in " + URL_SECRET_VARIABLES.getOrDefault(key,
                    "the environment variable of its own") + " (see docs/configuration.md, Secrets)");
        }
    }

    @Override
    public String defaultValue(ArgSpec arg) throws Exception {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        if (option.longestName().equals(CONFIG_OPTION)) {
            return environment.apply(CONFIG_VARIABLE);
        }
        if (!configurable(option)) {
            return null;
        }
        String value = environment.apply(environmentVariable(option));
        refuseCredentialsInUrl(option.command(), fileKey(option), "the environment variable "
                + environmentVariable(option), value);
        if (value == null) {
            PropertiesDefaultProvider file = file(option.command());
            value = file == null ? null : file.defaultValue(option);
        }
        if (value != null && option.isMultiValue() && option.splitRegex().isEmpty()) {
            // Picocli hands a configured value over as one argument: without a split it would be one value
            throw new ParameterException(option.command().commandLine(), option.longestName() + " is repeatable "
                    + "but declares no split, so the environment and configuration file cannot give it several values");
        }
        return value;
    }

    private PropertiesDefaultProvider file(CommandSpec command) {
        OptionSpec option = command.findOption(CONFIG_OPTION);
        Object given = option == null ? null : option.getValue();
        String named = given != null ? given.toString() : environment.apply(CONFIG_VARIABLE);
        if (named == null || named.isBlank()) {
            return null;
        }
        Path path = Path.of(named).toAbsolutePath();
        if (!path.equals(loadedFrom)) {
            loaded = new PropertiesDefaultProvider(read(command, path));
            loadedFrom = path;
        }
        return loaded;
    }

    /** The file's properties, every key checked against the command's options. */
    private static Properties read(CommandSpec command, Path path) {
        Properties properties = new Properties();
        List<String> lines;
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "cannot read the configuration file " + path + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        Set<String> keys = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            if (configurable(option)) {
                keys.add(fileKey(option));
            }
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String where = path + " line " + lineOf(lines, key);
            if (namesASecret(key)) {
                throw new ParameterException(command.commandLine(), "'" + key + "' in " + where + " is a secret: a "
                        + "configuration file never holds one; give it in " + SECRET_VARIABLES.getOrDefault(key,
                        "its environment variable") + " (see docs/configuration.md, Secrets)");
            }
            refuseCredentialsInUrl(command, key, where, properties.getProperty(key));
            if (key.equals(CONFIG_OPTION.substring(2))) {
                throw new ParameterException(command.commandLine(), "'" + key + "' in " + where + ": a configuration "
                        + "file cannot name another; give one with --config or " + CONFIG_VARIABLE);
            }
            if (!keys.contains(key)) {
                throw new ParameterException(command.commandLine(), "unknown key '" + key + "' in " + where + ": "
                        + command.qualifiedName() + " has no option --" + key + " (the keys are the long option names of "
                        + "its --help, without the dashes)");
            }
        }
        return properties;
    }

    /** The line a key is on, for the message about it (Properties does not keep lines). */
    private static int lineOf(List<String> lines, String key) {
        Pattern start = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*([=:\\s]|$)");
        for (int i = 0; i < lines.size(); i++) {
            if (start.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "the environment (" + ENVIRONMENT_PREFIX + "*) and the configuration file ("
                + CONFIG_OPTION + ", " + CONFIG_VARIABLE + ")";
    }
}
