package org.bridgeway.delivery.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bridgeway.delivery.MailWaitingHook;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.reference.ReferenceData;

/**
 * Which police forces take their notices by SOAP push, and where: {@code push-endpoints.yaml} in the data directory.
 * It is deployment configuration (addresses differ between test and live), so it lives beside the deployment's
 * other state rather than with the policies. No file means no push: every recipient pulls from its mailbox.
 *
 * <pre>
 * tls:                        # optional; how the gateway speaks TLS to the forces (PushTls)
 *   keyStore: push-client.p12           # the gateway's client certificate (clientAuth), PKCS#12
 *   keyStorePasswordFile: push-client.pw # its password, in a file of its own (never in this one)
 *   trustAnchors: [police-roots.pem]    # roots the forces' server certificates must chain to
 * retry:                      # optional; these are the defaults
 *   firstDelay: 30s
 *   multiplier: 2
 *   maxDelay: 30m
 *   maxAttempts: 12
 * forces:
 *   police:kent:
 *     url: https://records.kent.example/bridgeway/intake
 *     connectTimeout: 5s      # optional, default 5s
 *     receiveTimeout: 30s     # optional, default 30s
 *     trustAnchors: [kent-root.pem]  # optional: this force's roots instead of tls.trustAnchors
 * mailWaiting:                # optional: webhooks that tell a pulling recipient's system mail is waiting
 *   local-authority:352:
 *     url: https://cases.manchester.example/bridgeway/mail-waiting
 *     secretFile: secrets/mail-waiting-352   # or secretEnv: BW_MAIL_WAITING_352; a Standard Webhooks secret,
 *                                            # whsec_ and base64 of 24 to 64 random bytes
 * </pre>
 *
 * Paths are relative to the data directory. Without a {@code tls} block the gateway presents the client
 * certificate of its own PKI folder ({@code gateway-client.p12} beside its server key store, as {@code certs-dev}
 * writes it) and trusts the roots it trusts for partners.
 *
 * Durations are a whole number with {@code ms}, {@code s}, {@code m} or {@code h}. The file is checked whole when
 * the gateway starts: a force that is not a known police force, an address that is not https (plain http is allowed
 * only to a loopback address, for tests), an unknown key or an out-of-range value stops the start, and the message
 * names the file and the field.
 */
public final class PushEndpoints {
    public static final String FILE_NAME = "push-endpoints.yaml";
    /** Push queues share this prefix: {@code push.police.kent}. */
    public static final String QUEUE_PREFIX = "push.";

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_RECEIVE_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final Set<String> TOP_KEYS = Set.of("tls", "retry", "forces", "mailWaiting");
    private static final Set<String> TLS_KEYS = Set.of("keyStore", "keyStorePasswordFile", "trustAnchors");
    private static final Set<String> HOOK_KEYS = Set.of("url", "secretFile", "secretEnv");
    private static final Set<String> RETRY_KEYS = Set.of("firstDelay", "multiplier", "maxDelay", "maxAttempts");
    private static final Set<String> FORCE_KEYS = Set.of("url", "connectTimeout", "receiveTimeout", "trustAnchors");

    /**
     * The file's {@code tls} block: the gateway's client key store with the file holding its password, and the
     * roots the forces' server certificates chain to; what is absent falls back to the gateway's own TLS material.
     */
    public record ClientTls(Optional<Path> keyStore, Optional<Path> keyStorePasswordFile, List<Path> trustAnchors) {
        public static final ClientTls NONE = new ClientTls(Optional.empty(), Optional.empty(), List.of());

        public ClientTls {
            trustAnchors = List.copyOf(trustAnchors);
        }
    }

    private final ClientTls tls;
    private final RetryPolicy retry;
    private final Map<String, ForceEndpoint> forces;
    private final List<MailWaitingHook> mailWaiting;
    /** Where the settings came from, for messages about them. */
    private final String source;

    public PushEndpoints(RetryPolicy retry, List<ForceEndpoint> forces) {
        this(retry, forces, List.of());
    }

    public PushEndpoints(RetryPolicy retry, List<ForceEndpoint> forces, List<MailWaitingHook> mailWaiting) {
        this(ClientTls.NONE, retry, forces, mailWaiting, FILE_NAME);
    }

    public PushEndpoints(ClientTls tls, RetryPolicy retry, List<ForceEndpoint> forces,
                         List<MailWaitingHook> mailWaiting, String source) {
        this.tls = tls;
        this.source = source;
        this.retry = retry;
        this.mailWaiting = List.copyOf(mailWaiting);
        Map<String, ForceEndpoint> byForce = new LinkedHashMap<>();
        forces.forEach(f -> byForce.put(f.force(), f));
        this.forces = java.util.Collections.unmodifiableMap(byForce);
    }

    /** No force takes push delivery. */
    public static PushEndpoints none() {
        return new PushEndpoints(RetryPolicy.DEFAULT, List.of());
    }

    /** Where the configuration lives in a data directory. */
    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve(FILE_NAME);
    }

    /** Reads {@code push-endpoints.yaml} from the data directory; none when there is no such file. */
    public static PushEndpoints load(Path dataDirectory, ReferenceData reference) {
        Path file = file(dataDirectory);
        if (!Files.exists(file)) {
            return none();
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new PushEndpointsException(file.toString(), List.of("not readable YAML: " + e.getMessage()));
        }
        return parse(root, file.toString(), reference, dataDirectory);
    }

    static PushEndpoints parse(JsonNode root, String fileName, ReferenceData reference) {
        return parse(root, fileName, reference, Path.of("."));
    }

    static PushEndpoints parse(JsonNode root, String fileName, ReferenceData reference, Path base) {
        List<String> problems = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return none();
        }
        if (!root.isObject()) {
            throw new PushEndpointsException(fileName, List.of("the document must be a mapping with retry and forces"));
        }
        unknownKeys(root, TOP_KEYS, "", problems);
        ClientTls tls = tls(root.path("tls"), base, problems);
        RetryPolicy retry = retry(root.path("retry"), problems);
        List<ForceEndpoint> forces = new ArrayList<>();
        JsonNode forcesNode = root.path("forces");
        if (!forcesNode.isMissingNode() && !forcesNode.isNull() && !forcesNode.isObject()) {
            problems.add("forces: must be a mapping of police:<force> to its endpoint");
        } else if (forcesNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = forcesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                force(entry.getKey(), entry.getValue(), reference, base, problems).ifPresent(forces::add);
            }
        }
        List<MailWaitingHook> hooks = new ArrayList<>();
        JsonNode hooksNode = root.path("mailWaiting");
        if (!hooksNode.isMissingNode() && !hooksNode.isNull() && !hooksNode.isObject()) {
            problems.add("mailWaiting: must be a mapping of organisation id to its webhook");
        } else if (hooksNode.isObject()) {
            Path directory = Path.of(fileName).toAbsolutePath().getParent();
            for (Iterator<Map.Entry<String, JsonNode>> it = hooksNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                mailWaitingHook(entry.getKey(), entry.getValue(), directory, forces, problems).ifPresent(hooks::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new PushEndpointsException(fileName, problems);
        }
        return new PushEndpoints(tls, retry, forces, hooks, fileName);
    }

    private static ClientTls tls(JsonNode node, Path base, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return ClientTls.NONE;
        }
        if (!node.isObject()) {
            problems.add("tls: must be a mapping of " + String.join(", ", TLS_KEYS.stream().sorted().toList()));
            return ClientTls.NONE;
        }
        unknownKeys(node, TLS_KEYS, "tls.", problems);
        Optional<Path> keyStore = node.has("keyStore") ? file(node.get("keyStore"), "tls.keyStore", base, problems)
                : Optional.empty();
        Optional<Path> passwordFile = node.has("keyStorePasswordFile")
                ? file(node.get("keyStorePasswordFile"), "tls.keyStorePasswordFile", base, problems) : Optional.empty();
        if (node.has("keyStore") != node.has("keyStorePasswordFile")) {
            problems.add("tls: keyStore and keyStorePasswordFile go together");
        }
        return new ClientTls(keyStore, passwordFile, files(node.path("trustAnchors"), "tls.trustAnchors", base,
                problems));
    }

    /** A list of existing files, or one; relative paths from the data directory. */
    private static List<Path> files(JsonNode node, String at, Path base, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                file(node.get(i), at + "[" + i + "]", base, problems).ifPresent(files::add);
            }
        } else {
            file(node, at, base, problems).ifPresent(files::add);
        }
        return files;
    }

    private static Optional<Path> file(JsonNode node, String at, Path base, List<String> problems) {
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(at + ": must be the path of a file");
            return Optional.empty();
        }
        Path path = base.resolve(node.asText().trim()).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            problems.add(at + ": no readable file " + path);
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private static RetryPolicy retry(JsonNode node, List<String> problems) {
        RetryPolicy d = RetryPolicy.DEFAULT;
        if (node.isMissingNode() || node.isNull()) {
            return d;
        }
        if (!node.isObject()) {
            problems.add("retry: must be a mapping of " + String.join(", ", RETRY_KEYS));
            return d;
        }
        unknownKeys(node, RETRY_KEYS, "retry.", problems);
        Duration first = duration(node, "firstDelay", "retry.", d.firstDelay(), Duration.ofMillis(50),
                Duration.ofHours(1), problems);
        Duration max = duration(node, "maxDelay", "retry.", d.maxDelay(), Duration.ofMillis(50), Duration.ofHours(24),
                problems);
        double multiplier = d.multiplier();
        if (node.has("multiplier")) {
            JsonNode m = node.get("multiplier");
            if (!m.isNumber() || m.asDouble() < 1.0 || m.asDouble() > 10.0) {
                problems.add("retry.multiplier: must be a number from 1 to 10");
            } else {
                multiplier = m.asDouble();
            }
        }
        int attempts = d.maxAttempts();
        if (node.has("maxAttempts")) {
            JsonNode a = node.get("maxAttempts");
            if (!a.isInt() || a.asInt() < 1 || a.asInt() > 100) {
                problems.add("retry.maxAttempts: must be a whole number from 1 to 100");
            } else {
                attempts = a.asInt();
            }
        }
        if (max.compareTo(first) < 0) {
            problems.add("retry.maxDelay: must not be shorter than retry.firstDelay");
        }
        return new RetryPolicy(first, multiplier, max, attempts);
    }

    private static Optional<ForceEndpoint> force(String key, JsonNode node, ReferenceData reference, Path base,
                                                 List<String> problems) {
        String at = "forces." + key;
        Organisation force;
        try {
            force = Organisation.parseId(key);
        } catch (InvalidValueException e) {
            problems.add(at + ": not an organisation id (police:<force>): " + e.getMessage());
            return Optional.empty();
        }
        if (force.type() != OrganisationType.POLICE_FORCE) {
            problems.add(at + ": only police forces take push delivery");
            return Optional.empty();
        }
        if (reference.policeForce(new PoliceForceCode(force.code())).isEmpty()) {
            problems.add(at + ": no such police force in the reference data");
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(at + ": must be a mapping with url (and optionally connectTimeout, receiveTimeout)");
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(node, FORCE_KEYS, at + ".", problems);
        URI url = url(node.path("url"), at + ".url", problems);
        Duration connect = duration(node, "connectTimeout", at + ".", DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(100),
                Duration.ofMinutes(2), problems);
        Duration receive = duration(node, "receiveTimeout", at + ".", DEFAULT_RECEIVE_TIMEOUT, Duration.ofMillis(100),
                Duration.ofMinutes(10), problems);
        List<Path> trustAnchors = files(node.path("trustAnchors"), at + ".trustAnchors", base, problems);
        return problems.size() == before ? Optional.of(new ForceEndpoint(force.id(), url, connect, receive,
                trustAnchors)) : Optional.empty();
    }

    private static Optional<MailWaitingHook> mailWaitingHook(String key, JsonNode node, Path directory,
                                                             List<ForceEndpoint> forces, List<String> problems) {
        String at = "mailWaiting." + key;
        Organisation organisation;
        try {
            organisation = Organisation.parseId(key);
        } catch (InvalidValueException e) {
            problems.add(at + ": not an organisation id: " + e.getMessage());
            return Optional.empty();
        }
        if (forces.stream().anyMatch(f -> f.force().equals(organisation.id()))) {
            problems.add(at + ": this force takes push delivery; nothing waits in its mailbox");
            return Optional.empty();
        }
        if (!node.isObject()) {
            problems.add(at + ": must be a mapping with url and secretFile or secretEnv");
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(node, HOOK_KEYS, at + ".", problems);
        URI url = url(node.path("url"), at + ".url", "the address of the recipient's webhook", problems);
        byte[] secret = webhookSecret(node, at, directory, problems);
        return problems.size() == before ? Optional.of(new MailWaitingHook(organisation.id(), url, secret))
                : Optional.empty();
    }

    /** A Standard Webhooks secret ({@code whsec_} and base64 of 24 to 64 bytes) from a file or the environment. */
    private static byte[] webhookSecret(JsonNode node, String at, Path directory, List<String> problems) {
        boolean file = node.hasNonNull("secretFile");
        boolean env = node.hasNonNull("secretEnv");
        if (file == env) {
            problems.add(at + ": give exactly one of secretFile and secretEnv (never the secret itself)");
            return null;
        }
        String text;
        if (file) {
            Path path = directory.resolve(node.get("secretFile").asText());
            try {
                text = Files.readString(path).trim();
            } catch (IOException e) {
                problems.add(at + ".secretFile: cannot read " + path);
                return null;
            }
        } else {
            text = System.getenv(node.get("secretEnv").asText());
            if (text == null) {
                problems.add(at + ".secretEnv: the environment has no " + node.get("secretEnv").asText());
                return null;
            }
            text = text.trim();
        }
        String where = at + (file ? ".secretFile" : ".secretEnv");
        if (!text.startsWith("whsec_")) {
            problems.add(where + ": the secret must be whsec_ followed by base64");
            return null;
        }
        byte[] key;
        try {
            key = java.util.Base64.getDecoder().decode(text.substring("whsec_".length()));
        } catch (IllegalArgumentException e) {
            problems.add(where + ": the secret must be whsec_ followed by base64");
            return null;
        }
        if (key.length < 24 || key.length > 64) {
            problems.add(where + ": the secret must hold 24 to 64 bytes");
            return null;
        }
        return key;
    }

    private static URI url(JsonNode node, String at, List<String> problems) {
        return url(node, at, "the address of the force's PoliceRecordsIntake service", problems);
    }

    private static URI url(JsonNode node, String at, String what, List<String> problems) {
        if (!node.isTextual() || node.asText().isBlank()) {
            problems.add(at + ": required, " + what);
            return null;
        }
        URI url;
        try {
            url = new URI(node.asText().trim());
        } catch (URISyntaxException e) {
            problems.add(at + ": not a URL: " + e.getReason());
            return null;
        }
        if (!url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
            problems.add(at + ": must be an absolute http(s) URL with a host, no user name and no fragment");
            return null;
        }
        String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (scheme.equals("http") && !isLoopback(url.getHost())) {
            // notices carry personal data: in clear only to this machine (a test stand-in)
            problems.add(at + ": must be https; plain http is allowed only to a loopback address");
            return null;
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add(at + ": must be https");
            return null;
        }
        return url;
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name other than localhost is not resolved here: it could point anywhere
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Duration duration(JsonNode parent, String key, String prefix, Duration fallback, Duration min,
                                     Duration max, List<String> problems) {
        if (!parent.has(key)) {
            return fallback;
        }
        Matcher m = DURATION.matcher(parent.get(key).asText().trim());
        if (!parent.get(key).isValueNode() || !m.matches()) {
            problems.add(prefix + key + ": must be a duration such as 500ms, 30s, 5m or 1h");
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problems.add(prefix + key + ": must be from " + human(min) + " to " + human(max));
            return fallback;
        }
        return d;
    }

    private static String human(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + "ms" : d.toSeconds() < 60 ? d.toSeconds() + "s"
                : d.toMinutes() < 60 ? d.toMinutes() + "m" : d.toHours() + "h";
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String prefix, List<String> problems) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                problems.add(prefix + k + ": unknown key (expected one of " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        });
    }

    /** The push queue of a force: "police:kent" → "push.police.kent". */
    public static String queueName(String forceId) {
        return QUEUE_PREFIX + Organisation.parseId(forceId).id().replace(':', '.');
    }

    public RetryPolicy retry() {
        return retry;
    }

    /** The {@code tls} block; {@link ClientTls#NONE} when the file has none. */
    public ClientTls tls() {
        return tls;
    }

    /** The file the settings were read from, for messages about them. */
    public String source() {
        return source;
    }

    /** The push forces, in the order the file lists them. */
    public List<ForceEndpoint> forces() {
        return List.copyOf(forces.values());
    }

    public Optional<ForceEndpoint> endpoint(String forceId) {
        return Optional.ofNullable(forces.get(forceId));
    }

    /** The pulling recipients' mail-waiting webhooks, in the order the file lists them. */
    public List<MailWaitingHook> mailWaiting() {
        return mailWaiting;
    }

    public boolean isEmpty() {
        return forces.isEmpty();
    }
}
