package org.bridgeway.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** docker/Dockerfile read instruction by instruction (continuations joined, comments dropped), by stage. */
record Dockerfile(List<Stage> stages) {

    record Instruction(String keyword, String arguments) {
        /** The exec form (a JSON array) of CMD, ENTRYPOINT or HEALTHCHECK ... CMD. */
        List<String> execForm() {
            String json = arguments.substring(arguments.indexOf('['));
            try {
                return DeployFiles.strings(DeployFiles.JSON.readTree(json));
            } catch (JsonProcessingException e) {
                throw new AssertionError(keyword + " is not in exec form (a JSON array): " + arguments, e);
            }
        }
    }

    record Stage(String from, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }

        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                String[] kv = i.arguments().split("=", 2);
                env.put(kv[0].trim(), kv[1].trim());
            }
            return env;
        }

        /** COPY instructions as (options, sources, destination). */
        List<Copy> copies() {
            List<Copy> copies = new ArrayList<>();
            for (Instruction i : all("COPY")) {
                List<String> words = new ArrayList<>(List.of(i.arguments().trim().split("\\s+")));
                List<String> options = new ArrayList<>();
                while (words.get(0).startsWith("--")) {
                    options.add(words.remove(0));
                }
                String destination = words.remove(words.size() - 1);
                copies.add(new Copy(options, words, destination));
            }
            return copies;
        }
    }

    record Copy(List<String> options, List<String> sources, String destination) {
        Optional<String> from() {
            return options.stream().filter(o -> o.startsWith("--from=")).map(o -> o.substring(7)).findFirst();
        }
    }

    static Dockerfile read() {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : DeployFiles.read(DeployFiles.DOCKERFILE).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            logical.add(current.toString().strip());
            current.setLength(0);
        }
        List<Stage> stages = new ArrayList<>();
        for (String line : logical) {
            if (line.isEmpty()) {
                continue;
            }
            String keyword = line.split("\\s+", 2)[0].toUpperCase();
            String arguments = line.contains(" ") ? line.substring(line.indexOf(' ') + 1).strip() : "";
            if (keyword.equals("FROM")) {
                String[] words = arguments.split("\\s+");
                stages.add(new Stage(words[0], words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null,
                        new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(stages);
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage " + name + " in docker/Dockerfile"));
    }
}
