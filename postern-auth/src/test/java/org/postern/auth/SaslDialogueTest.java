package org.postern.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.io.LineResult;

/** The challenge-response loop IMAP, POP3 and SMTP share, over a scripted client's lines. */
class SaslDialogueTest {

    static final User ALICE = new User(UUID.randomUUID(), EmailAddress.parse("alice@example.test"), "Alice",
            "alice@example.test");

    /** A two-round mechanism: challenges "one" and "two", succeeds when the answers were "a" then "b". */
    static final class TwoRounds implements SaslExchange {
        final List<String> answers = new ArrayList<>();
        boolean cancelled;

        @Override
        public String mechanism() {
            return "X-TWO-ROUNDS";
        }

        @Override
        public SaslStep start(Optional<byte[]> initial) {
            initial.ifPresent(i -> answers.add(new String(i, StandardCharsets.UTF_8)));
            return new SaslStep.Challenge("one".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public SaslStep step(byte[] response) {
            answers.add(new String(response, StandardCharsets.UTF_8));
            if (answers.size() == 1) {
                return new SaslStep.Challenge("two".getBytes(StandardCharsets.UTF_8));
            }
            return answers.equals(List.of("a", "b")) ? new SaslStep.Success(ALICE) : new SaslStep.Failure(AuthFailure.INVALID_CREDENTIALS);
        }

        @Override
        public SaslStep cancel() {
            cancelled = true;
            return new SaslStep.Failure(AuthFailure.CANCELLED);
        }
    }

    /** The client's lines in order, and the challenges it was sent. */
    static final class Script implements SaslDialogue.Wire {
        final Deque<LineResult> lines = new ArrayDeque<>();
        final List<String> challenges = new ArrayList<>();

        Script(LineResult... lines) {
            this.lines.addAll(List.of(lines));
        }

        @Override
        public void challenge(String base64) {
            challenges.add(base64);
        }

        @Override
        public LineResult response() {
            return lines.isEmpty() ? new LineResult.EndOfStream(new byte[0]) : lines.poll();
        }
    }

    static LineResult crlf(String text) {
        return new LineResult.Line(text.getBytes(StandardCharsets.US_ASCII), false, false);
    }

    @Test
    void eachChallengeGoesOutInBase64AndEachLineIsTheNextResponse() throws Exception {
        TwoRounds exchange = new TwoRounds();
        Script client = new Script(crlf("YQ=="), crlf("Yg=="));
        SaslDialogue.Ending ending = SaslDialogue.run(exchange, Optional.empty(), client);
        assertThat(client.challenges).containsExactly("b25l", "dHdv");
        assertThat(ending).isEqualTo(new SaslDialogue.Ending.Finished(new SaslStep.Success(ALICE)));
        assertThat(exchange.cancelled).isFalse();
    }

    @Test
    void anAsteriskCancelsAndTheExchangeSaysHowItEnded() throws Exception {
        TwoRounds exchange = new TwoRounds();
        SaslDialogue.Ending ending = SaslDialogue.run(exchange, Optional.empty(), new Script(crlf("*")));
        assertThat(ending).isEqualTo(new SaslDialogue.Ending.Finished(new SaslStep.Failure(AuthFailure.CANCELLED)));
        assertThat(exchange.cancelled).isTrue();
    }

    @Test
    void theInitialResponseIsDecodedAndEqualsSignIsEmpty() throws Exception {
        TwoRounds exchange = new TwoRounds();
        SaslDialogue.run(exchange, Optional.of("="), new Script(crlf("Yg==")));
        assertThat(exchange.answers).containsExactly("", "b");
        TwoRounds withText = new TwoRounds();
        SaslDialogue.run(withText, Optional.of("YQ=="), new Script(crlf("Yg==")));
        assertThat(withText.answers).containsExactly("a", "b");
    }

    @Test
    void whatTheClientBreaksEndsTheDialogueAndCancelsTheExchange() throws Exception {
        List<SaslDialogue.Ending> endings = new ArrayList<>();
        List<Script> scripts = List.of(new Script(crlf("not base64!")),
                new Script(new LineResult.Line("YQ==".getBytes(StandardCharsets.US_ASCII), true, false)),
                new Script(new LineResult.TooLong(20_000)),
                new Script());
        for (Script script : scripts) {
            TwoRounds exchange = new TwoRounds();
            endings.add(SaslDialogue.run(exchange, Optional.empty(), script));
            assertThat(exchange.cancelled).isTrue();
            assertThat(exchange.answers).isEmpty();
        }
        assertThat(endings).containsExactly(new SaslDialogue.Ending.Malformed(), new SaslDialogue.Ending.Malformed(),
                new SaslDialogue.Ending.TooLong(), new SaslDialogue.Ending.PeerClosed());
        TwoRounds badInitial = new TwoRounds();
        assertThat(SaslDialogue.run(badInitial, Optional.of("%%%"), new Script())).isEqualTo(new SaslDialogue.Ending.Malformed());
        assertThat(badInitial.cancelled).isTrue();
    }
}
