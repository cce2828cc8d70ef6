package org.bridgeway.verifier;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar bridgeway-verifier.jar}: checks a Bridgeway audit log's claims without the gateway. */
@Command(name = "bridgeway-verifier", mixinStandardHelpOptions = true,
        description = "Check what a Bridgeway gateway's audit log claims, with only its certificate, and witness it.",
        subcommands = {VerifyReceiptCommand.class, VerifyInclusionCommand.class, VerifyConsistencyCommand.class,
                WitnessCommand.class})
public final class VerifierCommand implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new VerifierCommand()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
