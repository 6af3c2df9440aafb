package org.postern.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postern.protocols.io.ChunkedInputStream;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.sasl.LoginExchange;
import org.postern.protocols.sasl.PlainCredentials;
import org.postern.protocols.sasl.SaslCodec;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.protocols.sasl.ScramClientFinal;
import org.postern.protocols.sasl.ScramClientFirst;
import org.postern.protocols.smtp.CommandParseResult;
import org.postern.protocols.smtp.CommandSyntaxError;
import org.postern.protocols.smtp.DataReader;
import org.postern.protocols.smtp.DataResult;
import org.postern.protocols.smtp.SmtpCommand;
import org.postern.protocols.smtp.SmtpCommandParser;
import org.postern.protocols.smtp.SmtpDialect;
import org.postern.protocols.smtp.SmtpExtension;
import org.postern.protocols.smtp.SmtpLimits;
import org.postern.protocols.smtp.EhloResponse;
import org.postern.protocols.smtp.ReplyReadResult;
import org.postern.protocols.smtp.SmtpReplyReader;
import org.postern.protocols.smtp.Xtext;

/**
 * Seeded random inputs, mutated from valid commands and messages, each parser bounded to about
 * half a second by default: no parser may throw anything but its typed error, and what parses must
 * serialize back to itself. A failure prints the seed and the input.
 */
class FuzzTest {

    /** Override with {@code -Dpostern.fuzz.seed=…} and {@code -Dpostern.fuzz.millis=…} for a longer campaign. */
    private static final long SEED = Long.getLong("postern.fuzz.seed", 0x5EED_2026L);
    private static final long MILLIS_PER_TARGET = Long.getLong("postern.fuzz.millis", 500L);
    /** Cases run whatever the clock says, so a loaded machine still covers something. */
    private static final int MIN_RUNS = 3000;

    private static boolean more(int runs, long deadline) {
        return runs < MIN_RUNS || System.currentTimeMillis() < deadline;
    }

    private static final String[] SEEDS = {
        "EHLO client.example", "HELO [192.0.2.1]", "LHLO x", "MAIL FROM:<>", "MAIL FROM:<a@b.c> SIZE=5 BODY=8BITMIME",
        "MAIL FROM:<\"q \\\" x\"@b.c> SMTPUTF8 RET=FULL ENVID=a+2Bb AUTH=<>", "MAIL FROM:<@r1,@r2:a@[IPv6:2001:db8::1]>",
        "RCPT TO:<Postmaster>", "RCPT TO:<b@c.d> NOTIFY=SUCCESS,DELAY ORCPT=rfc822;b+40c.d", "RCPT TO:<jörg@bücher.example>",
        "DATA", "BDAT 10 LAST", "RSET", "NOOP x", "QUIT", "VRFY bob SMTPUTF8", "EXPN l", "HELP", "STARTTLS",
        "AUTH PLAIN AGEAYg==", "AUTH LOGIN =",
    };
    private static final byte[] INTERESTING = "<>\"\\@:;,.=+ []-0123456789aZé\0\r\n\t\u007f".getBytes(StandardCharsets.UTF_8);

    private static byte[] mutate(Random r, byte[] in) {
        List<Byte> b = new ArrayList<>();
        for (byte x : in) {
            b.add(x);
        }
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.size() + 1);
            byte v = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : INTERESTING[r.nextInt(INTERESTING.length)];
            switch (r.nextInt(4)) {
                case 0 -> b.add(at, v);
                case 1 -> {
                    if (at < b.size()) {
                        b.set(at, v);
                    }
                }
                case 2 -> {
                    if (at < b.size()) {
                        b.remove(at);
                    }
                }
                default -> {
                    int n = r.nextInt(40);
                    for (int i = 0; i < n; i++) {
                        b.add(Math.min(at, b.size()), v);
                    }
                }
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }

    @Test
    void commandParserOnlyReturnsTypedResults() {
        Random r = new Random(SEED);
        List<SmtpCommandParser> parsers = List.of(
                new SmtpCommandParser(SmtpDialect.SMTP, EnumSet.allOf(SmtpExtension.class), SmtpLimits.DEFAULTS),
                new SmtpCommandParser(SmtpDialect.LMTP, EnumSet.allOf(SmtpExtension.class), SmtpLimits.DEFAULTS),
                new SmtpCommandParser(SmtpDialect.SMTP, Set.of(), SmtpLimits.DEFAULTS));
        long deadline = System.currentTimeMillis() + MILLIS_PER_TARGET;
        int runs = 0;
        int parsed = 0;
        while (more(runs, deadline)) {
            byte[] line = SEEDS[r.nextInt(SEEDS.length)].getBytes(StandardCharsets.UTF_8);
            int rounds = 1 + r.nextInt(3);
            for (int i = 0; i < rounds; i++) {
                line = mutate(r, line);
            }
            for (SmtpCommandParser p : parsers) {
                boolean utf8 = r.nextBoolean();
                CommandParseResult result;
                try {
                    result = p.parse(line, utf8);
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + SEED + ", run " + runs + ": " + show(line), e);
                }
                assertThat(result).isNotNull();
                if (result instanceof SmtpCommand c) {
                    parsed++;
                    assertThat(p.parse(c.toLine().getBytes(StandardCharsets.UTF_8), utf8))
                            .as("round trip of %s", show(line)).isEqualTo(c);
                } else {
                    assertThat(((CommandSyntaxError) result).reply().code().isPermanentFailure()).isTrue();
                }
            }
            runs++;
        }
        assertThat(runs).isGreaterThanOrEqualTo(MIN_RUNS);
        assertThat(parsed).as("well-formed commands among the random lines").isGreaterThan(MIN_RUNS / 25);
    }

    @Test
    void lineReaderAgreesWithItselfAcrossChunkings() throws IOException {
        Random r = new Random(SEED + 1);
        long deadline = System.currentTimeMillis() + MILLIS_PER_TARGET;
        int runs = 0;
        while (more(runs, deadline)) {
            byte[] data = randomBytes(r, r.nextInt(300), "ab\r\n.\0é");
            int max = 1 + r.nextInt(40);
            List<LineResult> whole = lines(new ByteArrayInputStream(data), max, 8192);
            assertThat(lines(ChunkedInputStream.randomChunks(data, runs), max, 1 + r.nextInt(8)))
                    .as("%s", show(data)).isEqualTo(whole);
            runs++;
        }
        assertThat(runs).isGreaterThanOrEqualTo(MIN_RUNS);
    }

    private static List<LineResult> lines(InputStream in, int max, int buffer) throws IOException {
        CrlfLineReader reader = new CrlfLineReader(in, max, buffer);
        List<LineResult> out = new ArrayList<>();
        LineResult l;
        do {
            l = reader.readLine();
            out.add(l);
        } while (!(l instanceof LineResult.EndOfStream));
        return out;
    }

    @Test
    void dataReaderAgreesWithItselfAcrossChunkings() throws IOException {
        Random r = new Random(SEED + 2);
        long deadline = System.currentTimeMillis() + MILLIS_PER_TARGET;
        int runs = 0;
        while (more(runs, deadline)) {
            byte[] data = randomBytes(r, r.nextInt(300), "\r\n\r\n..x\0");
            long max = r.nextInt(200);
            String whole = data(new ByteArrayInputStream(data), max, 8192);
            assertThat(data(ChunkedInputStream.randomChunks(data, runs), max, 1 + r.nextInt(8)))
                    .as("%s", show(data)).isEqualTo(whole);
            runs++;
        }
        assertThat(runs).isGreaterThanOrEqualTo(MIN_RUNS);
    }

    private static String data(InputStream in, long max, int buffer) throws IOException {
        CrlfLineReader reader = new CrlfLineReader(in, 100, buffer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataResult result = new DataReader(max).read(reader, out);
        assertThat(out.size()).isLessThanOrEqualTo((int) max);
        return result + "|" + out.toString(StandardCharsets.ISO_8859_1) + "|" + reader.readLine();
    }

    @Test
    void saslDecodersOnlyThrowTheirTypedError() {
        Random r = new Random(SEED + 3);
        long deadline = System.currentTimeMillis() + MILLIS_PER_TARGET;
        int runs = 0;
        while (more(runs, deadline)) {
            String text = new String(randomBytes(r, r.nextInt(40), "QUJDabc+/=*\0 \r"), StandardCharsets.ISO_8859_1);
            byte[] message = randomBytes(r, r.nextInt(40), "a\0\u00ff\u00c3");
            try {
                SaslCodec.decodeResponse(text, 20);
            } catch (SaslFormatException expected) {
                assertThat(expected.reason()).isNotNull();
            }
            try {
                PlainCredentials.parse(message, 10);
            } catch (SaslFormatException expected) {
                assertThat(expected.reason()).isNotNull();
            }
            try {
                new LoginExchange(java.util.Optional.of(message));
            } catch (SaslFormatException expected) {
                assertThat(expected.reason()).isNotNull();
            }
            Xtext.decode(text);
            runs++;
        }
        assertThat(runs).isGreaterThanOrEqualTo(MIN_RUNS);
    }

    private static final String[] SCRAM_SEEDS = {
        "n,,n=user,r=rOprNGfwEbeRWgbNEkqO", "y,a=al=2Cice,n=b=3Dob,r=abc,x=ext", "p=tls-exporter,,n=u,r=x",
        "n,,m=must,n=u,r=x", "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
        "c=eSws,r=x,z=y,p=AAAA",
    };

    /** SCRAM's client messages (RFC 5802 section 7): typed errors only; a client-first-message parses into what it was. */
    @Test
    void scramMessagesOnlyThrowTheirTypedError() {
        Random r = new Random(SEED + 5);
        long deadline = System.currentTimeMillis() + MILLIS_PER_TARGET;
        int runs = 0;
        int parsed = 0;
        while (more(runs, deadline)) {
            byte[] message = mutate(r, SCRAM_SEEDS[r.nextInt(SCRAM_SEEDS.length)].getBytes(StandardCharsets.UTF_8));
            try {
                ScramClientFirst first = ScramClientFirst.parse(message, 20);
                assertThat((first.gs2Header() + first.bare()).getBytes(StandardCharsets.UTF_8)).as("%s", show(message))
                        .isEqualTo(message);
                parsed++;
            } catch (SaslFormatException expected) {
                assertThat(expected.reason()).isNotNull();
            }
            try {
                ScramClientFinal last = ScramClientFinal.parse(message);
                assertThat(new String(message, StandardCharsets.UTF_8)).as("%s", show(message)).startsWith(last.withoutProof() + ",p=");
                parsed++;
            } catch (SaslFormatException expected) {
                assertThat(expected.reason()).isNotNull();
            }
            runs++;
        }
        assertThat(runs).isGreaterThanOrEqualTo(MIN_RUNS);
        assertThat(parsed).as("some mutants still parse").isPositive();
    }

    @Test
    void replyReaderOnlyReturnsTypedResults() throws IOException {
        Random r = new Random(SEED + 4);
        byte[] seed = "250-mx.example Hi\r\n250-SIZE 100\r\n250-AUTH PLAIN\r\n250 2.0.0 ok\r\n".getBytes(StandardCharsets.US_ASCII);
        long deadline = System.currentTimeMillis() + MILLIS_PER_TARGET;
        int runs = 0;
        while (more(runs, deadline)) {
            byte[] data = mutate(r, mutate(r, seed));
            CrlfLineReader in = new CrlfLineReader(ChunkedInputStream.randomChunks(data, runs), 200, 1 + r.nextInt(16));
            SmtpReplyReader reader = new SmtpReplyReader(3);
            ReplyReadResult result;
            try {
                do {
                    result = reader.read(in);
                    if (result instanceof ReplyReadResult.Reply reply) {
                        EhloResponse.parse(reply.reply()).ifPresent(e -> e.maxSize());
                        // A reply read back is a reply that can be sent again, unchanged.
                        assertThat(reply.reply().toWire()).isNotEmpty();
                    }
                } while (result instanceof ReplyReadResult.Reply);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + SEED + ", run " + runs + ": " + show(data), e);
            }
            runs++;
        }
        assertThat(runs).isGreaterThanOrEqualTo(MIN_RUNS);
    }

    private static byte[] randomBytes(Random r, int n, String alphabet) {
        byte[] a = alphabet.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextInt(8) == 0 ? (byte) r.nextInt(256) : a[r.nextInt(a.length)];
        }
        return out;
    }
}
