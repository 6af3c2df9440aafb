package org.postern.transport.smtp;

import java.util.Objects;
import org.postern.protocols.smtp.SmtpReply;

/**
 * What a policy check says about one stage of a session (James's hook results, style rule 9):
 * take it, refuse it for good ({@code 5yz}), refuse it for now ({@code 4yz}), or leave it to
 * the next check.
 */
sealed interface Verdict {

    /** Accepted: later checks of the stage are not asked. */
    record Accept() implements Verdict {
    }

    /** Refused for good: a {@code 5yz} reply. */
    record Reject(SmtpReply reply) implements Verdict {
        public Reject {
            if (Objects.requireNonNull(reply, "reply").code().value() / 100 != 5) {
                throw new IllegalArgumentException("a rejection is a 5yz reply: " + reply);
            }
        }
    }

    /** Refused for now: a {@code 4yz} reply; the client tries again later. */
    record TempFail(SmtpReply reply) implements Verdict {
        public TempFail {
            if (Objects.requireNonNull(reply, "reply").code().value() / 100 != 4) {
                throw new IllegalArgumentException("a temporary failure is a 4yz reply: " + reply);
            }
        }
    }

    /** This check has nothing to say; the next one decides. */
    record NoOpinion() implements Verdict {
    }

    Verdict ACCEPT = new Accept();
    Verdict NO_OPINION = new NoOpinion();

    static Verdict reject(SmtpReply reply) {
        return new Reject(reply);
    }

    static Verdict tempFail(SmtpReply reply) {
        return new TempFail(reply);
    }
}
