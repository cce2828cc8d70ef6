package org.bridgeway.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Every command of a command line, its root first, as its Picocli model has them: new commands are included. */
public final class CommandTree {
    private CommandTree() {
    }

    public static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!all.contains(sub)) {
                all.addAll(commands(sub));
            }
        }
        return all;
    }
}
