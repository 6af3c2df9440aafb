package org.postern.auth;

import java.io.IOException;
import java.util.Optional;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.sasl.SaslCodec;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.protocols.sasl.SaslResponse;

/**
 * The server's side of a SASL exchange carried by a line protocol (RFC 4422 section 4): the
 * initial response if the command had one, then each challenge sent in base64 and each line read
 * back as the client's response, {@code *} cancelling. IMAP's AUTHENTICATE (RFC 3501 section
 * 6.2.2), POP3's AUTH (RFC 5034) and SMTP's AUTH (RFC 4954) differ only in how a challenge is
 * framed and how each ending is answered, which their {@link Wire} and their reading of the
 * {@link Ending} give.
 */
public final class SaslDialogue {

    private SaslDialogue() {
    }

    /** How one protocol carries the dialogue. */
    public interface Wire {

        /** Sends one challenge, already in base64, in the protocol's framing, and flushes it. */
        void challenge(String base64) throws IOException;

        /** Reads the client's next response line, within the protocol's bound. */
        LineResult response() throws IOException;
    }

    /** How a dialogue ended; on any ending but {@link Finished} the exchange is cancelled already. */
    public sealed interface Ending {

        /** The exchange came to its end: success, a peer server, or a failure (a cancel among them). */
        record Finished(SaslStep step) implements Ending {
        }

        /** A response that was not base64, or a line not ended by CRLF. */
        record Malformed() implements Ending {
        }

        /** A response line longer than the protocol allows. */
        record TooLong() implements Ending {
        }

        /** The client closed the connection in the middle. */
        record PeerClosed() implements Ending {
        }
    }

    /** Runs the exchange to its end over the wire. */
    public static Ending run(SaslExchange exchange, Optional<String> initialResponse, Wire wire) throws IOException {
        int max = SaslCodec.DEFAULT_MAX_DECODED;
        SaslStep step;
        try {
            step = exchange.start(initialResponse.isPresent()
                    ? Optional.of(SaslCodec.decodeInitialResponse(initialResponse.get(), max)) : Optional.empty());
            while (step instanceof SaslStep.Challenge challenge) {
                wire.challenge(SaslCodec.encodeChallenge(challenge.data()));
                switch (wire.response()) {
                    case LineResult.EndOfStream e -> {
                        exchange.cancel();
                        return new Ending.PeerClosed();
                    }
                    case LineResult.TooLong t -> {
                        exchange.cancel();
                        return new Ending.TooLong();
                    }
                    case LineResult.Line l -> {
                        if (!l.isCanonical()) {
                            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_BASE64, "bare line ending");
                        }
                        step = switch (SaslCodec.decodeResponse(l.latin1(), max)) {
                            case SaslResponse.Cancelled c -> exchange.cancel();
                            case SaslResponse.Data d -> exchange.step(d.bytes());
                        };
                    }
                }
            }
        } catch (SaslFormatException e) {
            exchange.cancel();
            return new Ending.Malformed();
        }
        return new Ending.Finished(step);
    }
}
