package org.bridgeway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every place the deployment artifacts run the Bridgeway image: what runs (a bridgeway command line, or one of the
 * image's scripts) and the environment it is given. The command lines are as the container sees them: compose's
 * variables substituted from a filled-in docker/.env, and a Kubernetes {@code --config} pointing at a copy of the
 * ConfigMap's file.
 *
 * @param origin      where it is written, for messages (compose service, manifest and container, Dockerfile)
 * @param entrypoint  empty for the image's ENTRYPOINT (java -jar the production jar): args are a bridgeway command
 *                    line; else the program run instead (one of the image's scripts)
 * @param args        the arguments
 * @param environment the variables given to the container, by name (values only where the file holds them)
 */
record Invocation(String origin, List<String> entrypoint, List<String> args, Map<String, String> environment) {

    boolean bridgewayCommand() {
        return entrypoint.isEmpty();
    }

    DeployFiles.Subcommand subcommand() {
        return DeployFiles.subcommand(args);
    }

    /** The compose services that run the Bridgeway image. */
    static List<Invocation> compose() {
        JsonNode services = DeployFiles.compose().path("services");
        List<Invocation> found = new ArrayList<>();
        for (String name : DeployFiles.fieldNames(services)) {
            JsonNode service = services.get(name);
            if (!runsBridgewayImage(service)) {
                continue;
            }
            Map<String, String> env = new LinkedHashMap<>();
            service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            found.add(new Invocation("compose service " + name, DeployFiles.strings(service.get("entrypoint")),
                    DeployFiles.strings(service.get("command")), env));
        }
        return found;
    }

    static boolean runsBridgewayImage(JsonNode service) {
        return service.path("image").asText().equals(DeployFiles.COMPOSE_IMAGE)
                || service.path("build").path("dockerfile").asText().equals("docker/Dockerfile");
    }

    /** The containers (init containers too) of the Kubernetes workloads that run the Bridgeway image. */
    static List<Invocation> kubernetes(Path configCopies) {
        List<Invocation> found = new ArrayList<>();
        for (Manifests.Resource workload : Manifests.load().workloads()) {
            JsonNode pod = workload.podSpec();
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode container : pod.path(list)) {
                    if (!container.path("image").asText().equals(DeployFiles.K8S_IMAGE)) {
                        continue;
                    }
                    Map<String, String> env = new LinkedHashMap<>();
                    for (JsonNode variable : container.path("env")) {
                        env.put(variable.path("name").asText(), variable.has("value")
                                ? variable.get("value").asText() : "<from " + variable.path("valueFrom") + ">");
                    }
                    List<String> args = withConfigCopies(workload, container, DeployFiles.strings(container.get("args")),
                            configCopies);
                    found.add(new Invocation(workload.describe() + " container " + container.path("name").asText(),
                            DeployFiles.strings(container.get("command")), args, env));
                }
            }
        }
        return found;
    }

    /** A --config naming a file of a mounted ConfigMap is pointed at a copy of that file, as the pod would read it. */
    private static List<String> withConfigCopies(Manifests.Resource workload, JsonNode container, List<String> args,
                                                 Path copies) {
        List<String> result = new ArrayList<>(args);
        int i = result.indexOf("--config");
        if (i < 0) {
            return result;
        }
        String path = result.get(i + 1);
        JsonNode mount = Manifests.mountOf(container, path).orElseThrow(() -> new AssertionError(
                workload.describe() + ": --config " + path + " is in no mounted volume"));
        JsonNode volume = Manifests.volume(workload.podSpec(), mount.path("name").asText());
        String configMap = volume.path("configMap").path("name").asText(null);
        if (configMap == null) {
            throw new AssertionError(workload.describe() + ": --config " + path + " is not in a ConfigMap volume");
        }
        String key = Path.of(mount.path("mountPath").asText()).relativize(Path.of(path)).toString();
        JsonNode data = Manifests.load().configMap(configMap).path("data").path(key);
        if (data.isMissingNode()) {
            throw new AssertionError(workload.describe() + ": ConfigMap " + configMap + " has no key " + key);
        }
        try {
            Path copy = Files.createTempFile(copies, configMap + "-", "-" + key);
            Files.writeString(copy, data.asText());
            result.set(i + 1, copy.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** The image's default command (ENTRYPOINT java -jar ..., CMD serve ...). */
    static Invocation dockerfile() {
        Dockerfile.Stage image = Dockerfile.read().finalStage();
        List<String> cmd = image.last("CMD").orElseThrow(() -> new AssertionError("docker/Dockerfile has no CMD"))
                .execForm();
        return new Invocation("docker/Dockerfile CMD", List.of(), cmd, image.env());
    }

    /** All of them. */
    static List<Invocation> all(Path configCopies) {
        List<Invocation> all = new ArrayList<>();
        all.add(dockerfile());
        all.addAll(compose());
        all.addAll(kubernetes(configCopies));
        return all;
    }
}
