package org.bridgeway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bridgeway.model.Organisation;

/**
 * Registers, in the run's Keycloak, a partner system the realm file does not have (a test's "police:essex"), as
 * the realm registers the demo ones: a confidential client {@code bw-<file name>} authenticating with the exact
 * subject of its {@link TestPki} certificate, certificate-bound tokens, the {@code bridgeway-gateway} scope, and a
 * service account with role {@code system} and the organisation's {@code org_id}/{@code org_type}. So the tests of
 * organisations beyond the demo ones get real tokens too.
 */
final class KeycloakPartners {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> REGISTERED = new HashSet<>();

    private KeycloakPartners() {
    }

    /** Registers the system of {@code organisationId} ("police:essex") once per run. */
    static synchronized void ensure(String organisationId) {
        String file = TestTokens.fileName(organisationId);
        if (REGISTERED.contains(file)) {
            return;
        }
        TestPki.client(organisationId); // issues the certificate if the PKI has none yet
        KeycloakServer keycloak = KeycloakServer.get();
        X509Certificate certificate = keycloak.certificate(file);
        Organisation organisation = Organisation.parseId(organisationId);
        String clientId = "bw-" + file;
        int created = keycloak.admin("POST", "/clients", client(clientId,
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).toString());
        if (created != 201 && created != 409) {
            throw new IllegalStateException("Keycloak did not register " + clientId + ": HTTP " + created);
        }
        String id = read(keycloak.adminGet("/clients?clientId=" + clientId)).get(0).path("id").asText();
        ObjectNode user = (ObjectNode) read(keycloak.adminGet("/clients/" + id + "/service-account-user"));
        ObjectNode attributes = user.putObject("attributes");
        attributes.putArray("org_id").add(organisation.id());
        attributes.putArray("org_type").add(organisation.type().slug());
        check(keycloak.admin("PUT", "/users/" + user.path("id").asText(), user.toString()), "its service account");
        ArrayNode roles = JSON.createArrayNode().add(read(keycloak.adminGet("/roles/system")));
        check(keycloak.admin("POST", "/users/" + user.path("id").asText() + "/role-mappings/realm", roles.toString()),
                "the system role");
        REGISTERED.add(file);
    }

    private static ObjectNode client(String clientId, String subject) {
        ObjectNode client = JSON.createObjectNode();
        client.put("clientId", clientId);
        client.put("enabled", true);
        client.put("protocol", "openid-connect");
        client.put("publicClient", false);
        client.put("clientAuthenticatorType", "client-x509");
        client.put("serviceAccountsEnabled", true);
        client.put("standardFlowEnabled", false);
        client.put("directAccessGrantsEnabled", false);
        client.put("fullScopeAllowed", true);
        ObjectNode attributes = client.putObject("attributes");
        attributes.put("x509.subjectdn", subject);
        attributes.put("x509.allow.regex.pattern.comparison", "false");
        attributes.put("tls.client.certificate.bound.access.tokens", "true");
        attributes.put("use.refresh.tokens", "false");
        client.putArray("defaultClientScopes").add("bridgeway-gateway");
        return client;
    }

    private static void check(int status, String what) {
        if (status != 204) {
            throw new IllegalStateException("Keycloak did not set " + what + ": HTTP " + status);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
