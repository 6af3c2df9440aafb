package org.postern.protocols.pop3;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One parsed command: its verb and its arguments, already checked against the verb's
 * {@link Pop3Command.Arguments} (count, numbers, lengths) by {@link Pop3CommandParser}.
 */
public record Pop3Request(Pop3Command command, List<String> arguments) {

    public Pop3Request {
        Objects.requireNonNull(command, "command");
        arguments = List.copyOf(arguments);
    }

    /** The argument at {@code index}, which the parser guarantees for the verb's required arguments. */
    public String argument(int index) {
        return arguments.get(index);
    }

    public Optional<String> optionalArgument(int index) {
        return index < arguments.size() ? Optional.of(arguments.get(index)) : Optional.empty();
    }

    /** A numeric argument (a message number or a line count), validated by the parser. */
    public int number(int index) {
        return Integer.parseInt(arguments.get(index));
    }

    @Override
    public String toString() {
        // Never log a password or a SASL response.
        return command == Pop3Command.PASS || command == Pop3Command.AUTH && arguments.size() > 1
                ? command + " ***" : command + (arguments.isEmpty() ? "" : " " + String.join(" ", arguments));
    }
}
