/*
 * A Bridgeway partner system in one file: Java 17 and nothing but the JDK. Copy it, change what you need, run it:
 *
 *   java BridgewayPartner.java council                  a council notifies a placement and reads its receipts
 *   java BridgewayPartner.java school                   a school reports a suspension
 *   java BridgewayPartner.java police                   a force reports a child missing and asks for a custody handover
 *   java BridgewayPartner.java edt [HANDOVER_ID]        an emergency duty team acknowledges and accepts a handover
 *   java BridgewayPartner.java recipient ORG [EXCHANGE_ID]  a recipient lists, fetches and acknowledges a message
 *   java BridgewayPartner.java auditor EXCHANGE_ID      checks a receipt's entry against the signed tree head
 *
 * Settings, from the environment (the same as the curl examples in docs/examples/curl):
 *   BRIDGEWAY_URL           the gateway (default https://127.0.0.1:8080)
 *   BRIDGEWAY_PKI           a development PKI folder as `./bridgeway certs-dev` writes it (default certs-dev/out)
 *   BRIDGEWAY_CLIENT        the client certificate's name in it (each role has its default, e.g. police-kent)
 *   BRIDGEWAY_CERT          or your own PKCS#12 (key and chain), its password in BRIDGEWAY_CERT_PASSWORD
 *   BRIDGEWAY_CA            the root CA of the gateway's server certificate (default $BRIDGEWAY_PKI/root-ca.pem)
 *   BRIDGEWAY_TOKEN         an access token, when the gateway checks tokens (sent as Authorization: Bearer)
 *   BRIDGEWAY_SAMPLES       the synthetic request bodies (default samples/)
 *   BRIDGEWAY_ORIGIN        the audit log's origin, bridgeway/<operator org id> (default bridgeway/local-authority:886)
 *   SCHOOL_URN, SUITE_AUTHORITY   as in school.sh and police.sh
 *
 * Everything sent is synthetic: the bodies are the repository's samples (made-up children, NHS numbers from the
 * 999 test range).
 */

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

public final class BridgewayPartner {
    private final String url = env("BRIDGEWAY_URL", "https://127.0.0.1:8080");
    private final Path samples = Path.of(env("BRIDGEWAY_SAMPLES", "samples"));
    private final HttpClient http;

    BridgewayPartner(String defaultClient) throws Exception {
        http = HttpClient.newBuilder().sslContext(mutualTls(defaultClient)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static void main(String[] args) throws Exception {
        String role = args.length > 0 ? args[0] : "";
        switch (role) {
            case "council" -> new BridgewayPartner("local-authority-886").council();
            case "school" -> new BridgewayPartner("school-118000").school(env("SCHOOL_URN", "118000"));
            case "police" -> new BridgewayPartner("police-greater-manchester").police(env("SUITE_AUTHORITY", "352"));
            case "edt" -> new BridgewayPartner("local-authority-352-edt").edt(args.length > 1 ? args[1] : null);
            case "recipient" -> new BridgewayPartner("police-greater-manchester")
                    .recipient(arg(args, 1, "ORG"), args.length > 2 ? args[2] : null);
            case "auditor" -> new BridgewayPartner("local-authority-886").auditor(arg(args, 1, "EXCHANGE_ID"),
                    env("BRIDGEWAY_ORIGIN", "bridgeway/local-authority:886"));
            default -> {
                System.err.println("usage: java BridgewayPartner.java council | school | police | edt [HANDOVER_ID]"
                        + " | recipient ORG [EXCHANGE_ID] | auditor EXCHANGE_ID");
                System.exit(2);
            }
        }
    }

    // ---- the roles --------------------------------------------------------------------------------------------

    /** A council's case-management system notifies a placement, then reads the receipts of the exchange. */
    void council() throws Exception {
        Map<String, Object> answer = object(post("/api/v1/placements",
                Files.readString(samples.resolve("placements/01-emergency-placement-manchester.json"))));
        String exchangeId = (String) answer.get("exchangeId");
        System.out.println("exchange " + exchangeId + " duplicate " + answer.get("duplicate"));
        List<Object> receipts = list(object(get("/api/v1/exchanges/" + exchangeId + "/receipts").body())
                .get("receipts"));
        System.out.println("receipts " + receipts.size() + " " + object(receipts.get(0)).get("leafHash"));
    }

    /** A school reports a suspension; the sample is Exmoor Vale's, so it becomes this school's (its certificate's). */
    void school(String urn) throws Exception {
        Map<String, Object> notice = object(Files.readString(samples.resolve("exclusions/03-suspension.json")));
        object(notice.get("school")).put("urn", urn);
        Map<String, Object> answer = object(post("/api/v1/exclusions", Json.write(notice)));
        System.out.println("exchange " + answer.get("exchangeId") + " duplicate " + answer.get("duplicate"));
    }

    /** A force reports a child missing, then asks for a child charged and refused bail to be moved (PACE s.38(6)). */
    void police(String suiteAuthority) throws Exception {
        Map<String, Object> missing = object(post("/api/v1/missing-episodes",
                Files.readString(samples.resolve("missing/1-reported-by-greater-manchester-police.json"))));
        System.out.println("exchange " + missing.get("exchangeId") + " duplicate " + missing.get("duplicate"));

        Map<String, Object> request = shiftedToNow(samples.resolve(
                "custody-handover/1-kai-charged-at-patchway.request.json"), "transfer", "requestTime");
        object(request.get("handover")).put("suiteAuthority", suiteAuthority);
        // The custody record reference makes a request unique (the same again is a duplicate).
        object(request.get("custody")).put("reference", "ONBOARD/" + System.currentTimeMillis());
        Map<String, Object> handover = object(post("/api/v1/custody-handovers", Json.write(request)));
        List<String> asked = new ArrayList<>();
        list(handover.get("askedAuthorities")).forEach(a -> asked.add((String) object(a).get("code")));
        System.out.println("handover " + handover.get("handoverId") + " asked " + String.join(",", asked));
    }

    /** An emergency duty team acknowledges a handover it was asked, then accepts it. */
    void edt(String handoverId) throws Exception {
        if (handoverId == null) {
            handoverId = list(object(get("/api/v1/custody-handovers").body()).get("handovers")).stream()
                    .map(BridgewayPartner::object).filter(h -> "OPEN".equals(h.get("state")))
                    .map(h -> (String) h.get("handoverId")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no open handover was asked of this authority"));
        }
        System.out.println("handover " + handoverId);
        Map<String, Object> ack = object(post("/api/v1/custody-handovers/" + handoverId + "/acknowledgement",
                Json.write(shiftedToNow(samples.resolve(
                        "custody-handover/2-south-gloucestershire-acknowledges.acknowledgement.json"),
                        "handover", "acknowledgedAt"))));
        System.out.println("acknowledged " + ack.get("state"));
        Map<String, Object> answer = object(post("/api/v1/custody-handovers/" + handoverId + "/answer",
                Json.write(shiftedToNow(samples.resolve("custody-handover/4-south-gloucestershire-accepts.answer.json"),
                        "handover", "decisionTime"))));
        System.out.println("answered " + answer.get("state") + " owner " + answer.get("owner"));
    }

    /** A recipient lists its mailbox, fetches one message and acknowledges it, which removes it (audited). */
    void recipient(String organisation, String exchangeId) throws Exception {
        String mailbox = "/api/v1/mailboxes/" + organisation + "/messages";
        List<Object> waiting = list(object(get(mailbox).body()).get("messages"));
        System.out.println("waiting " + waiting.size());
        String messageId = waiting.stream().map(BridgewayPartner::object)
                .filter(m -> exchangeId == null || exchangeId.equals(m.get("exchangeId")))
                .map(m -> (String) m.get("messageId")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no such message in " + organisation + "'s mailbox"));

        HttpResponse<String> message = get(mailbox + "/" + messageId);
        String mediaType = message.headers().firstValue("Content-Type").orElse("");
        System.out.println("fetched " + messageId + " " + mediaType);
        if (mediaType.startsWith("application/fhir+json")) {
            Map<String, Object> bundle = object(message.body());
            System.out.println("bundle " + bundle.get("resourceType") + " " + bundle.get("type") + " "
                    + object(object(list(bundle.get("entry")).get(0)).get("resource")).get("resourceType"));
        }
        // Acknowledge only once the message is safely in your own system: the gateway then deletes its copy.
        send(HttpRequest.newBuilder(URI.create(url + mailbox + "/" + messageId + "/ack"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        System.out.println("acknowledged " + messageId);
    }

    /**
     * Checks, with nothing but the JDK, that the first audit entry of an exchange is in the gateway's log: the
     * receipt's leaf hash is its entry's, the latest tree head is signed by the gateway's audit key for the expected
     * log, and the inclusion proof leads from the leaf to that head's root (RFC 9162, C2SP signed notes; the
     * formats are in docs/audit.md).
     */
    void auditor(String exchangeId, String origin) throws Exception {
        X509Certificate auditCertificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(
                        get("/api/v1/audit/certificate").body().getBytes(StandardCharsets.US_ASCII)));
        // In production, compare this fingerprint with the one the operator published before trusting the key.
        System.out.println("audit key " + HexFormat.of().formatHex(sha256(auditCertificate.getEncoded())));

        Map<String, Object> receipt = object(list(object(get("/api/v1/exchanges/" + exchangeId + "/receipts").body())
                .get("receipts")).get(0));
        byte[] leafHash = HexFormat.of().parseHex((String) receipt.get("leafHash"));
        byte[] entry = ((String) receipt.get("entry")).getBytes(StandardCharsets.UTF_8);
        check(Arrays.equals(leafHash, sha256(new byte[] {0}, entry)), "the receipt's leaf hash is not its entry's");

        Checkpoint head = Checkpoint.open((String) object(get("/api/v1/audit/tree-head").body()).get("checkpoint"),
                origin, auditCertificate.getPublicKey());
        Map<String, Object> proof = object(get("/api/v1/audit/proof/inclusion?leafHash=" + receipt.get("leafHash")
                + "&treeSize=" + head.size()).body());
        long index = ((Number) proof.get("index")).longValue();
        List<byte[]> path = new ArrayList<>();
        list(proof.get("inclusionProof")).forEach(h -> path.add(Base64.getDecoder().decode((String) h)));
        check(Arrays.equals(rootFromInclusionProof(leafHash, index, head.size(), path), head.root()),
                "the inclusion proof does not lead to the signed root");
        System.out.println("verified: entry " + index + " of " + origin + " is in the tree of size " + head.size()
                + " signed at " + head.issued());
    }

    // ---- mutual TLS and HTTP ----------------------------------------------------------------------------------

    /** Presents the partner's certificate (PKCS#12: key and chain) and trusts only the gateway operator's root. */
    private static SSLContext mutualTls(String defaultClient) throws Exception {
        String pki = env("BRIDGEWAY_PKI", "certs-dev/out");
        String client = env("BRIDGEWAY_CLIENT", defaultClient);
        Path store = Path.of(env("BRIDGEWAY_CERT", pki + "/clients/" + client + ".p12"));
        String password = System.getenv("BRIDGEWAY_CERT_PASSWORD");
        if (password == null) { // the development PKI keeps its store passwords beside them
            Properties passwords = new Properties();
            try (InputStream in = Files.newInputStream(Path.of(pki, "passwords.properties"))) {
                passwords.load(in);
            }
            password = passwords.getProperty("clients/" + client + ".p12");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password.toCharArray());

        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(env("BRIDGEWAY_CA", pki + "/root-ca.pem")))) {
            trusted.setCertificateEntry("gateway-root",
                    CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trusted);

        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET());
    }

    private String post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))).body();
    }

    /** Sends with the token when there is one; a 4xx or 5xx answer (problem+json) ends the run with it. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        String token = System.getenv("BRIDGEWAY_TOKEN");
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            System.err.println(response.statusCode() + " " + response.request().uri().getPath() + ": "
                    + response.body());
            System.exit(1);
        }
        return response;
    }

    // ---- the audit log's formats (docs/audit.md) --------------------------------------------------------------

    /** A signed tree head opened against the log the caller expects: origin first, then the signature of that name. */
    record Checkpoint(String origin, long size, byte[] root, String issued) {
        static Checkpoint open(String note, String expectedOrigin, PublicKey auditKey) throws GeneralSecurityException {
            int end = note.indexOf("\n\n");
            check(end > 0, "the checkpoint is not a signed note");
            String body = note.substring(0, end + 1);
            String[] lines = body.split("\n");
            check(lines[0].equals(expectedOrigin), "the head is of log " + lines[0] + ", not " + expectedOrigin);
            byte[] rawKey = Arrays.copyOfRange(auditKey.getEncoded(), auditKey.getEncoded().length - 32,
                    auditKey.getEncoded().length); // an Ed25519 SubjectPublicKeyInfo ends with the 32-byte key
            byte[] keyHash = Arrays.copyOf(sha256((expectedOrigin + "\n").getBytes(StandardCharsets.UTF_8),
                    new byte[] {1}, rawKey), 4);
            boolean signed = false;
            for (String line : note.substring(end + 2).split("\n")) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("\u2014") && parts[1].equals(expectedOrigin)) {
                    byte[] signature = Base64.getDecoder().decode(parts[2]);
                    if (Arrays.equals(Arrays.copyOf(signature, 4), keyHash)) {
                        Signature ed25519 = Signature.getInstance("Ed25519");
                        ed25519.initVerify(auditKey);
                        ed25519.update(body.getBytes(StandardCharsets.UTF_8));
                        signed = ed25519.verify(Arrays.copyOfRange(signature, 4, signature.length));
                    }
                }
            }
            check(signed, "the head is not signed by the gateway's audit key");
            return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]),
                    lines.length > 3 ? lines[3].replaceFirst("^issued ", "") : "");
        }
    }

    /** RFC 9162 §2.1.3.2: the root an inclusion proof leads to from a leaf. */
    static byte[] rootFromInclusionProof(byte[] leafHash, long index, long treeSize, List<byte[]> proof) {
        check(index < treeSize, "the entry is not in the tree");
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            check(sn != 0, "the proof is too long");
            if ((fn & 1) == 1 || fn == sn) {
                r = sha256(new byte[] {1}, p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = sha256(new byte[] {1}, r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        check(sn == 0, "the proof is too short");
        return r;
    }

    // ---- small helpers ----------------------------------------------------------------------------------------

    /** A sample with every ISO-8601 instant moved by one amount so that {@code section.field} is a few seconds ago. */
    private static Map<String, Object> shiftedToNow(Path sample, String section, String field) throws IOException {
        Map<String, Object> body = object(Json.parse(Files.readString(sample)));
        Instant anchor = Instant.parse((String) object(body.get(section)).get(field));
        return object(shift(body, Duration.between(anchor, Instant.now().minusSeconds(5))));
    }

    private static Object shift(Object value, Duration by) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> shifted = new LinkedHashMap<>();
            map.forEach((k, v) -> shifted.put((String) k, shift(v, by)));
            return shifted;
        }
        if (value instanceof List<?> items) {
            return items.stream().map(v -> shift(v, by)).toList();
        }
        if (value instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")) {
            return Instant.parse(s).plus(by).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        }
        return value;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(boolean holds, String otherwise) {
        if (!holds) {
            System.out.println("NOT VERIFIED: " + otherwise);
            System.exit(1);
        }
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? otherwise : value;
    }

    private static String arg(String[] args, int at, String name) {
        if (args.length <= at) {
            System.err.println("give " + name);
            System.exit(2);
        }
        return args[at];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object json) {
        return (Map<String, Object>) (json instanceof String s ? Json.parse(s) : json);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object json) {
        return (List<Object>) json;
    }

    /** Just enough JSON for the example (the JDK has none): objects keep their order; use your own library instead. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.at != text.length()) {
                throw new IllegalArgumentException("trailing characters at " + json.at);
            }
            return value;
        }

        static String write(Object value) {
            if (value == null || value instanceof Boolean || value instanceof Number) {
                return String.valueOf(value);
            }
            if (value instanceof String s) {
                StringBuilder out = new StringBuilder("\"");
                for (char c : s.toCharArray()) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                    }
                }
                return out.append('"').toString();
            }
            if (value instanceof Map<?, ?> map) {
                List<String> members = new ArrayList<>();
                map.forEach((k, v) -> members.add(write(k) + ":" + write(v)));
                return "{" + String.join(",", members) + "}";
            }
            List<String> items = new ArrayList<>();
            ((List<?>) value).forEach(v -> items.add(write(v)));
            return "[" + String.join(",", items) + "]";
        }

        private Object value() {
            space();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                at++;
                space();
                if (text.charAt(at) == '}') {
                    at++;
                    return map;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                } while (text.charAt(at++) == ',');
                return map;
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                at++;
                space();
                if (text.charAt(at) == ']') {
                    at++;
                    return list;
                }
                do {
                    list.add(value());
                    space();
                } while (text.charAt(at++) == ',');
                return list;
            }
            if (c == '"') {
                return string();
            }
            for (String literal : new String[] {"true", "false", "null"}) {
                if (text.startsWith(literal, at)) {
                    at += literal.length();
                    return literal.equals("null") ? null : Boolean.valueOf(literal);
                }
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            BigDecimal number = new BigDecimal(text.substring(start, at));
            return number.scale() <= 0 ? (Number) number.longValueExact() : number;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            for (char c = text.charAt(at++); c != '"'; c = text.charAt(at++)) {
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(e);
                }
            }
            return out.toString();
        }

        private void expect(char c) {
            if (text.charAt(at++) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + (at - 1));
            }
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
