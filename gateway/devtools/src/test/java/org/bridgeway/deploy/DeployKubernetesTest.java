package org.bridgeway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.io.StringReader;
import org.bridgeway.cli.ConfigurationDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/**
 * docker/k8s: every resource conforms to the Kubernetes API type of its kind (strict: no field the API does not
 * define), the probes are on the management ports the command lines open, a disruption budget keeps a gateway pod,
 * TLS files and keys come from Secrets and passwords from secret references, and the workloads find each other where
 * they listen.
 */
class DeployKubernetesTest {
    @TempDir
    Path configCopies;

    private final Manifests manifests = Manifests.load();

    @Test
    void theKustomizationListsEveryManifestAndNoSecret() throws Exception {
        JsonNode kustomization = DeployFiles.yaml(DeployFiles.read(DeployFiles.K8S.resolve("kustomization.yaml")));
        assertThat(DeployFiles.strings(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(
                Manifests.files());
        assertThat(kustomization.path("namespace").asText()).isEqualTo(manifests.ofKind("Namespace").get(0).name());
        // Secrets are made by the operator (README.md), never kept here
        assertThat(manifests.resources()).noneMatch(r -> r.kind().equals("Secret"));
        assertThat(manifests.ofKind("Deployment")).isNotEmpty();
    }

    @Test
    void everyResourceConformsToItsKubernetesApiType() {
        List<String> problems = new ArrayList<>();
        for (Manifests.Resource resource : manifests.resources()) {
            Manifests.validate(resource.document()).ifPresent(p -> problems.add(resource.describe() + ": " + p));
        }
        assertThat(problems).isEmpty();
        assertThat(manifests.resources()).extracting(Manifests.Resource::kind)
                .contains("Deployment", "StatefulSet", "Service", "PodDisruptionBudget", "ConfigMap");
    }

    @Test
    void theTypeCheckRefusesUnknownFieldsMissingFieldsAndWrongTypes() {
        JsonNode gateway = manifests.named("Deployment", "bridgeway-gateway").document();
        ObjectNode unknown = gateway.deepCopy();
        ((ObjectNode) unknown.at("/spec/template/spec/containers/0/readinessProbe")).put("httpGett", "x");
        assertThat(Manifests.validate(unknown)).get().asString().contains("httpGett");
        ObjectNode deepUnknown = gateway.deepCopy();
        ((ObjectNode) deepUnknown.at("/spec/template/spec/volumes/1/secret")).put("defaultMod", 288);
        assertThat(Manifests.validate(deepUnknown)).get().asString().contains("defaultMod");
        ObjectNode missing = gateway.deepCopy();
        ((ObjectNode) missing.at("/spec")).remove("selector");
        assertThat(Manifests.validate(missing)).get().asString().contains("selector");
        ObjectNode wrongType = gateway.deepCopy();
        ((ObjectNode) wrongType.at("/spec/template/spec/containers/0/ports/0")).put("containerPort", "eighty");
        assertThat(Manifests.validate(wrongType)).isPresent();
        ObjectNode wrongVersion = gateway.deepCopy();
        wrongVersion.put("apiVersion", "extensions/v1beta1");
        assertThat(Manifests.validate(wrongVersion)).isPresent();
    }

    @Test
    void theGatewayRunsTwoReplicasAndADisruptionBudgetKeepsOne() {
        Manifests.Resource gateway = manifests.named("Deployment", "bridgeway-gateway");
        assertThat(gateway.document().at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(Manifests.selects(gateway.document().at("/spec/selector/matchLabels"), gateway.podLabels())).isTrue();
        List<Manifests.Resource> budgets = manifests.ofKind("PodDisruptionBudget").stream()
                .filter(b -> Manifests.selects(b.document().at("/spec/selector/matchLabels"), gateway.podLabels()))
                .toList();
        assertThat(budgets).hasSize(1);
        JsonNode budget = budgets.get(0).document().path("spec");
        assertThat(budget.path("minAvailable").asInt()).isEqualTo(1);
        // every budget covers some pods, and leaves room to evict one of them
        for (Manifests.Resource pdb : manifests.ofKind("PodDisruptionBudget")) {
            int pods = manifests.workloads().stream()
                    .filter(w -> Manifests.selects(pdb.document().at("/spec/selector/matchLabels"), w.podLabels()))
                    .mapToInt(w -> w.document().at("/spec/replicas").asInt(1)).sum();
            assertThat(pods).as(pdb.describe()).isGreaterThan(pdb.document().at("/spec/minAvailable").asInt());
        }
    }

    @Test
    void probesAreOnTheManagementPortTheCommandLineOpens() {
        int checked = 0;
        for (Manifests.Resource workload : manifests.workloads()) {
            for (JsonNode container : workload.podSpec().path("containers")) {
                if (!container.path("image").asText().equals(DeployFiles.K8S_IMAGE)) {
                    continue;
                }
                List<String> args = configCopied(workload, container);
                CommandSpec parsed = DeployFiles.parse(args, Map.of());
                int management = (Integer) DeployFiles.value(parsed, "--management-port");
                assertThat(DeployFiles.value(parsed, "--management-host")).as(workload.describe()
                        + ": the kubelet probes the pod's address").isEqualTo("0.0.0.0");
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    JsonNode get = container.path(probe).path("httpGet");
                    assertThat(get.isMissingNode()).as(workload.describe() + " " + probe).isFalse();
                    assertThat(Manifests.containerPort(container, get.path("port"))).as(workload.describe() + " "
                            + probe + " port").contains(management);
                    assertThat(get.path("path").asText()).isEqualTo(
                            probe.equals("readinessProbe") ? "/health/ready" : "/health/live");
                }
                checked++;
            }
        }
        assertThat(checked).as("the gateway and both brokers").isEqualTo(3);
    }

    @Test
    void podsRunAsANumericNonRootUserWithAReadOnlyRootAndLimits() {
        List<String> problems = new ArrayList<>();
        for (Manifests.Resource workload : manifests.workloads()) {
            JsonNode pod = workload.podSpec();
            JsonNode context = pod.path("securityContext");
            if (!context.path("runAsNonRoot").asBoolean() || context.path("runAsUser").asInt(0) <= 0) {
                problems.add(workload.describe() + ": not a numeric non-root user");
            }
            if (!context.path("seccompProfile").path("type").asText().equals("RuntimeDefault")) {
                problems.add(workload.describe() + ": no RuntimeDefault seccomp profile");
            }
            if (pod.path("automountServiceAccountToken").asBoolean(true)) {
                problems.add(workload.describe() + ": mounts a service account token it does not use");
            }
            // a Service named bridgeway would give every pod BRIDGEWAY_PORT=tcp://..., which serve reads as --port
            if (pod.path("enableServiceLinks").asBoolean(true)) {
                problems.add(workload.describe() + ": service links set <SERVICE>_PORT variables");
            }
            for (JsonNode container : workload.containers()) {
                String name = workload.describe() + " container " + container.path("name").asText();
                JsonNode security = container.path("securityContext");
                if (security.path("allowPrivilegeEscalation").asBoolean(true)
                        || !security.path("readOnlyRootFilesystem").asBoolean(false)
                        || !DeployFiles.strings(security.path("capabilities").get("drop")).contains("ALL")) {
                    problems.add(name + ": escalation, a writable root or capabilities left");
                }
                if (container.path("resources").path("requests").isEmpty()
                        || container.path("resources").path("limits").path("memory").isMissingNode()) {
                    problems.add(name + ": no requests or memory limit");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(manifests.ofKind("Namespace").get(0).document().at("/metadata/labels")
                .path("pod-security.kubernetes.io/enforce").asText()).isEqualTo("restricted");
    }

    @Test
    void tlsFilesComeFromASecretAndPasswordsFromSecretReferences() {
        Manifests.Resource gateway = manifests.named("Deployment", "bridgeway-gateway");
        JsonNode container = gateway.podSpec().path("containers").get(0);
        List<String> args = DeployFiles.strings(container.get("args"));
        for (String option : List.of("--tls-key-store", "--tls-trust-anchor", "--tls-intermediate", "--tls-crl",
                "--token-trust")) {
            String path = DeployFiles.argument(args, option);
            JsonNode mount = Manifests.mountOf(container, path).orElseThrow(() ->
                    new AssertionError(option + " " + path + " is in no mounted volume"));
            JsonNode secret = Manifests.volume(gateway.podSpec(), mount.path("name").asText()).path("secret");
            assertThat(secret.isMissingNode()).as(option + " comes from a Secret").isFalse();
            assertThat(mount.path("readOnly").asBoolean()).isTrue();
            String file = Path.of(mount.path("mountPath").asText()).relativize(Path.of(path)).toString();
            List<String> items = new ArrayList<>();
            secret.path("items").forEach(i -> items.add(i.path("path").asText()));
            assertThat(items).as(option + ": the Secret's items").contains(file);
        }
        List<String> problems = new ArrayList<>();
        for (Manifests.Resource workload : manifests.workloads()) {
            for (JsonNode c : workload.containers()) {
                for (JsonNode variable : c.path("env")) {
                    String name = variable.path("name").asText();
                    if (DeployFiles.secretName(name) && (variable.has("value")
                            || variable.at("/valueFrom/secretKeyRef/name").isMissingNode())) {
                        problems.add(workload.describe() + " " + name + " is not a secretKeyRef");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyNodeCopiesTheSharedKeysFromTheSecretIntoItsKeysFolder() {
        Manifests.Resource gateway = manifests.named("Deployment", "bridgeway-gateway");
        JsonNode serve = gateway.podSpec().path("containers").get(0);
        String keys = DeployFiles.argument(DeployFiles.strings(serve.get("args")), "--keys");
        JsonNode keysMount = Manifests.mountOf(serve, keys).orElseThrow();
        assertThat(keysMount.path("mountPath").asText()).isEqualTo(keys);
        JsonNode keysVolume = Manifests.volume(gateway.podSpec(), keysMount.path("name").asText());
        assertThat(keysVolume.has("emptyDir")).as("a folder of the pod's own").isTrue();
        JsonNode init = gateway.podSpec().path("initContainers").get(0);
        assertThat(DeployFiles.strings(init.get("command"))).containsExactly(DeployFiles.IMAGE_BIN + "copy-keys");
        List<String> fromTo = DeployFiles.strings(init.get("args"));
        assertThat(fromTo.get(1)).isEqualTo(keys);
        assertThat(Manifests.mountOf(init, fromTo.get(1)).orElseThrow().path("name").asText())
                .isEqualTo(keysMount.path("name").asText());
        JsonNode fromMount = Manifests.mountOf(init, fromTo.get(0)).orElseThrow();
        assertThat(fromMount.path("mountPath").asText()).isEqualTo(fromTo.get(0));
        JsonNode secret = Manifests.volume(gateway.podSpec(), fromMount.path("name").asText()).path("secret");
        List<String> items = new ArrayList<>();
        secret.path("items").forEach(i -> {
            assertThat(i.path("key").asText()).isEqualTo(i.path("path").asText());
            items.add(i.path("path").asText());
        });
        assertThat(items).containsExactlyInAnyOrderElementsOf(DeployFiles.sharedKeys());
        String mode = Integer.toOctalString(secret.path("defaultMode").asInt());
        assertThat(mode).as("readable by the pod's group (fsGroup), no one else").isEqualTo("440");
        assertThat(gateway.podSpec().at("/securityContext/fsGroup").asInt())
                .isEqualTo(gateway.podSpec().at("/securityContext/runAsGroup").asInt());
    }

    @Test
    void theConfigMapHoldsServeOptionsAndNoSecret() throws Exception {
        String file = manifests.configMap("bridgeway-gateway").path("data").path("gateway.properties").asText();
        Properties properties = new Properties();
        properties.load(new StringReader(file));
        CommandSpec serve = DeployFiles.subcommand(List.of("serve")).spec();
        assertThat(properties.stringPropertyNames()).isNotEmpty().allSatisfy(key -> {
            assertThat(serve.findOption("--" + key)).as("serve --" + key).isNotNull();
            assertThat(ConfigurationDefaults.namesASecret(key)).as(key).isFalse();
            ConfigurationDefaults.refuseCredentialsInUrl(serve, key, "the ConfigMap", properties.getProperty(key));
        });
        // the pod's own layout stays in its arguments, beside the probes, mounts and ports that depend on it
        assertThat(properties.stringPropertyNames()).doesNotContain("port", "management-port", "management-host",
                "data", "keys", "tls-key-store", "tls-trust-anchor", "tls-crl");
    }

    @Test
    void theWorkloadsFindEachOtherWhereTheyListen() {
        Map<String, Integer> brokers = new LinkedHashMap<>();
        for (Manifests.Resource set : manifests.ofKind("StatefulSet")) {
            JsonNode container = set.podSpec().path("containers").get(0);
            CommandSpec parsed = DeployFiles.parse(DeployFiles.strings(container.get("args")), Map.of());
            int bind = Integer.parseInt(String.valueOf(DeployFiles.value(parsed, "--bind")).split(":")[1]);
            Manifests.Resource service = manifests.named("Service", set.document().at("/spec/serviceName").asText());
            assertThat(Manifests.selects(service.document().at("/spec/selector"), set.podLabels())).isTrue();
            assertThat(service.document().at("/spec/clusterIP").asText()).isEqualTo("None");
            assertThat(service.document().at("/spec/publishNotReadyAddresses").asBoolean())
                    .as("the peer reaches a broker that is not ready yet").isTrue();
            assertThat(servicePortTo(service, container, bind)).as(service.describe()).isPresent();
            assertThat(DeployFiles.value(parsed, "--advertise")).isEqualTo(service.name() + ":"
                    + servicePortTo(service, container, bind).get());
            brokers.put(service.name(), servicePortTo(service, container, bind).get());
            assertThat(set.document().at("/spec/volumeClaimTemplates/0/metadata/name").asText())
                    .isEqualTo(Manifests.mountOf(container, String.valueOf(DeployFiles.value(parsed, "--data")))
                            .orElseThrow().path("name").asText());
        }
        assertThat(brokers).hasSize(2);
        for (Manifests.Resource set : manifests.ofKind("StatefulSet")) {
            List<String> args = DeployFiles.strings(set.podSpec().path("containers").get(0).get("args"));
            assertThat(brokers.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()))
                    .contains(DeployFiles.argument(args, "--peer"));
        }
        Manifests.Resource gateway = manifests.named("Deployment", "bridgeway-gateway");
        JsonNode serve = gateway.podSpec().path("containers").get(0);
        CommandSpec parsed = DeployFiles.parse(configCopied(gateway, serve), Map.of());
        assertThat(DeployFiles.hostPorts(String.valueOf(DeployFiles.value(parsed, "--broker-url"))))
                .containsExactlyInAnyOrderElementsOf(brokers.entrySet().stream()
                        .map(e -> e.getKey() + ":" + e.getValue()).toList());
        String opa = DeployFiles.hostPorts(String.valueOf(DeployFiles.value(parsed, "--opa-url"))).get(0);
        Manifests.Resource opaService = manifests.named("Service", opa.split(":")[0]);
        Manifests.Resource opaPods = manifests.named("Deployment", "opa");
        assertThat(Manifests.selects(opaService.document().at("/spec/selector"), opaPods.podLabels())).isTrue();
        JsonNode opaContainer = opaPods.podSpec().path("containers").get(0);
        String addr = DeployFiles.argument(DeployFiles.strings(opaContainer.get("args")), "--addr").replace(":", "");
        assertThat(servicePortTo(opaService, opaContainer, Integer.parseInt(addr)))
                .contains(Integer.parseInt(opa.split(":")[1]));
        // the API Service reaches the pods' --port, as TCP, keeping the callers' addresses
        Manifests.Resource api = manifests.named("Service", "bridgeway-api");
        assertThat(Manifests.selects(api.document().at("/spec/selector"), gateway.podLabels())).isTrue();
        assertThat(servicePortTo(api, serve, (Integer) DeployFiles.value(parsed, "--port"))).isPresent();
        assertThat(api.document().at("/spec/externalTrafficPolicy").asText()).isEqualTo("Local");
        for (Manifests.Resource service : manifests.ofKind("Service")) {
            assertThat(manifests.workloads()).as(service.describe() + " selects pods")
                    .anyMatch(w -> Manifests.selects(service.document().at("/spec/selector"), w.podLabels()));
        }
    }

    @Test
    void opaStartsOnlyOnTheBundleThePoliciesMakeAndIsReadyOnlyWhileServingIt() {
        Manifests.Resource opa = manifests.named("Deployment", "opa");
        JsonNode init = opa.podSpec().path("initContainers").get(0);
        List<String> args = DeployFiles.strings(init.get("args"));
        assertThat(args.subList(0, 2)).containsExactly("policy", "bundle");
        assertThat(init.path("image").asText()).isEqualTo(DeployFiles.K8S_IMAGE);
        String out = DeployFiles.argument(args, "--out");
        String volume = Manifests.mountOf(init, out).orElseThrow().path("name").asText();
        JsonNode server = opa.podSpec().path("containers").get(0);
        String bundle = DeployFiles.argument(DeployFiles.strings(server.get("args")), "--bundle");
        JsonNode mount = Manifests.mountOf(server, bundle).orElseThrow();
        assertThat(mount.path("name").asText()).isEqualTo(volume);
        assertThat(mount.path("mountPath").asText()).isEqualTo(bundle);
        assertThat(String.join(" ", DeployFiles.strings(server.at("/readinessProbe/exec/command"))))
                .contains("/opa eval --fail").contains("/v1/data/bridgeway/revision");
        // the same OPA configuration as compose's
        JsonNode config = DeployFiles.yaml(manifests.configMap("opa-config").at("/data/config.yaml").asText());
        assertThat(config).isEqualTo(DeployFiles.yaml(DeployFiles.read(DeployFiles.DOCKER.resolve("opa/config.yaml"))));
        assertThat(DeployFiles.argument(DeployFiles.strings(server.get("args")), "--config-file"))
                .startsWith(Manifests.mountOf(server, "/config/config.yaml").orElseThrow().path("mountPath").asText());
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private List<String> configCopied(Manifests.Resource workload, JsonNode container) {
        return Invocation.kubernetes(configCopies).stream()
                .filter(i -> i.origin().equals(workload.describe() + " container " + container.path("name").asText()))
                .findFirst().orElseThrow().args();
    }

    /** The Service port that reaches the container's port (by number or by the port's name). */
    private static Optional<Integer> servicePortTo(Manifests.Resource service, JsonNode container, int containerPort) {
        for (JsonNode port : service.document().at("/spec/ports")) {
            JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
            if (Manifests.containerPort(container, target).filter(p -> p == containerPort).isPresent()) {
                return Optional.of(port.path("port").asInt());
            }
        }
        return Optional.empty();
    }
}
