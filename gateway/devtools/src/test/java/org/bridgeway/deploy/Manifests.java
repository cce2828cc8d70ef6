package org.bridgeway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * docker/k8s as kustomize renders it: the resources its kustomization lists, and the checks of each against the
 * Kubernetes API's own types.
 *
 * <p>The types are the official Kubernetes Java client's (io.kubernetes:client-java-api), generated from the
 * Kubernetes OpenAPI specification. Each one's {@code validateJsonElement} refuses a field the API does not define
 * (strict, at every level), a missing required field and a value of the wrong shape; reading the document into the
 * type then refuses a wrong scalar type (a port that is not an integer).
 */
record Manifests(List<Resource> resources) {

    /** The kinds these manifests may use, each with its API version and the client's type for it. */
    static final Map<String, Kind> KINDS = Map.of(
            "Namespace", new Kind("v1", V1Namespace.class),
            "ConfigMap", new Kind("v1", V1ConfigMap.class),
            "Service", new Kind("v1", V1Service.class),
            "Deployment", new Kind("apps/v1", V1Deployment.class),
            "StatefulSet", new Kind("apps/v1", V1StatefulSet.class),
            "PodDisruptionBudget", new Kind("policy/v1", V1PodDisruptionBudget.class));

    record Kind(String apiVersion, Class<?> type) {
    }

    /** Gson as the client reads its types; its timestamps (none in these manifests) are ISO 8601 strings. */
    private static final Gson TYPED = new GsonBuilder()
            .registerTypeAdapter(OffsetDateTime.class, (JsonDeserializer<OffsetDateTime>) (json, type, context) ->
                    OffsetDateTime.parse(json.getAsString()))
            .create();

    record Resource(Path file, JsonNode document) {
        String kind() {
            return document.path("kind").asText();
        }

        String name() {
            return document.path("metadata").path("name").asText();
        }

        String describe() {
            return DeployFiles.ROOT.relativize(file) + " " + kind() + " " + name();
        }

        JsonNode podSpec() {
            return document.path("spec").path("template").path("spec");
        }

        JsonNode podLabels() {
            return document.path("spec").path("template").path("metadata").path("labels");
        }

        List<JsonNode> containers() {
            List<JsonNode> all = new ArrayList<>();
            podSpec().path("initContainers").forEach(all::add);
            podSpec().path("containers").forEach(all::add);
            return all;
        }
    }

    static Manifests load() {
        JsonNode kustomization = DeployFiles.yaml(DeployFiles.read(DeployFiles.K8S.resolve("kustomization.yaml")));
        List<Resource> resources = new ArrayList<>();
        for (String file : DeployFiles.strings(kustomization.get("resources"))) {
            Path path = DeployFiles.K8S.resolve(file);
            for (JsonNode document : DeployFiles.yamlDocuments(path)) {
                resources.add(new Resource(path, document));
            }
        }
        return new Manifests(resources);
    }

    /** The manifest files in docker/k8s besides the kustomization. */
    static List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(DeployFiles.K8S)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals("kustomization.yaml"))
                    .sorted().toList();
        }
    }

    List<Resource> ofKind(String kind) {
        return resources.stream().filter(r -> r.kind().equals(kind)).toList();
    }

    List<Resource> workloads() {
        return resources.stream().filter(r -> r.kind().equals("Deployment") || r.kind().equals("StatefulSet")).toList();
    }

    Resource named(String kind, String name) {
        return resources.stream().filter(r -> r.kind().equals(kind) && r.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in docker/k8s"));
    }

    JsonNode configMap(String name) {
        return named("ConfigMap", name).document();
    }

    /** Checks one resource against the Kubernetes API type of its kind; the problem, or empty when it conforms. */
    static Optional<String> validate(JsonNode document) {
        String kind = document.path("kind").asText();
        Kind expected = KINDS.get(kind);
        if (expected == null) {
            return Optional.of("kind " + kind + " is none of " + KINDS.keySet());
        }
        if (!expected.apiVersion().equals(document.path("apiVersion").asText())) {
            return Optional.of(kind + " is served as apiVersion " + expected.apiVersion() + ", not "
                    + document.path("apiVersion").asText());
        }
        String json = document.toString();
        JsonElement element = JsonParser.parseString(json);
        try {
            expected.type().getMethod("validateJsonElement", JsonElement.class).invoke(null, element);
        } catch (InvocationTargetException e) {
            return Optional.of(e.getCause().getMessage().replaceFirst("(?s) JSON: .*", ""));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        try {
            TYPED.fromJson(json, expected.type());
        } catch (RuntimeException e) {
            return Optional.of("a value of the wrong type: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The container's volume mount holding {@code path}, the longest mount path that contains it. */
    static Optional<JsonNode> mountOf(JsonNode container, String path) {
        JsonNode best = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            String at = mount.path("mountPath").asText();
            if (Path.of(path).startsWith(Path.of(at))
                    && (best == null || at.length() > best.path("mountPath").asText().length())) {
                best = mount;
            }
        }
        return Optional.ofNullable(best);
    }

    static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode volume : podSpec.path("volumes")) {
            if (volume.path("name").asText().equals(name)) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + name + " in the pod");
    }

    /** The container port a probe's or a Service's port names (a number, or the name of a container port). */
    static Optional<Integer> containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return Optional.of(port.asInt());
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return Optional.of(p.path("containerPort").asInt());
            }
        }
        return Optional.empty();
    }

    /** Whether every label a selector asks for is on the pod. */
    static boolean selects(JsonNode selector, JsonNode podLabels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        for (String key : DeployFiles.fieldNames(selector)) {
            if (!selector.get(key).asText().equals(podLabels.path(key).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
