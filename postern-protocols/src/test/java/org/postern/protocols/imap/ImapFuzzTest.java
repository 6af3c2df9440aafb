package org.postern.protocols.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.postern.protocols.io.CrlfLineReader;

/**
 * Seeded random commands, mutated from valid ones, through the reader and the parser (and
 * random messages through {@link MimeEntity}) for a bounded time: nothing but a typed result
 * may come out. A failure names the seed and the input.
 */
class ImapFuzzTest {

    private static final long SEED = Long.getLong("postern.fuzz.seed", 0x1AA_2026L);
    private static final long MILLIS = Long.getLong("postern.fuzz.millis", 1500L);
    private static final int MIN_RUNS = 2000;

    private static final String[] SEEDS = {
        "a1 CAPABILITY", "a2 LOGIN bob \"pa ss\"", "a3 LOGIN {3}\r\nbob {2+}\r\npw", "a4 AUTHENTICATE PLAIN AGJvYgBwdw==",
        "a5 SELECT INBOX (QRESYNC (1 2 1:5 (1:3 4:6)))", "a6 LIST (SUBSCRIBED) \"\" (INBOX %) RETURN (CHILDREN STATUS (MESSAGES))",
        "a7 APPEND INBOX (\\Seen) \"7-Feb-1994 21:52:25 -0800\" {5+}\r\nhello", "a8 UID FETCH 1:*,3 (FLAGS BODY.PEEK[1.2.HEADER.FIELDS (A B)]<0.10>) (CHANGEDSINCE 5 VANISHED)",
        "a9 SEARCH RETURN (MIN) CHARSET UTF-8 OR (FROM x TO y) NOT SINCE 1-Jan-2000 HEADER a b UID 1:* 1,2 LARGER 5 MODSEQ 3",
        "b1 STORE 1:2 (UNCHANGEDSINCE 3) +FLAGS.SILENT (\\Deleted kw)", "b2 UID MOVE $ \"Deleted Items\"", "b3 ID (\"a\" NIL)",
        "b4 ENABLE QRESYNC", "b5 STATUS \"x y\" (MESSAGES UIDNEXT)", "b6 RENAME a {1}\r\nb", "b7 UID EXPUNGE 1:3", "b8 FETCH 1 FULL",
        "b9 FETCH 1 (BODY[2.MIME] BODY[TEXT] RFC822.SIZE ENVELOPE)", "c1 UID SORT (REVERSE ARRIVAL SUBJECT) UTF-8 OR SEEN (FROM x)", "c2 THREAD REFERENCES UTF-8 ALL", "c21 SORT RETURN (MIN MAX ALL COUNT SAVE) (DATE) UTF-8 NOT RECENT", "c3 COMPRESS DEFLATE",
        "c4 APPEND INBOX ~{4}\r\na\0b\n", "c5 APPEND INBOX (\\Draft) ~{3+}\r\nxyz", "c6 UID FETCH $ (BINARY.PEEK[1.2]<0.8> BINARY.SIZE[1] BINARY[])",
        "c7 SEARCH RETURN (SAVE) UNSEEN $", "c8 UID SEARCH RETURN (SAVE MIN MAX) OR $ 1:3 UID $", "c9 ENABLE IMAP4rev2",
        "d1 LIST (SUBSCRIBED REMOTE RECURSIVEMATCH) \"\" (% \"Caf\u00e9/*\") RETURN (CHILDREN SUBSCRIBED)", "d2 STATUS INBOX (SIZE DELETED)",
    };
    private static final byte[] INTERESTING = "(){}[]<>\"\\*%$:,.+- 0123456789NILUIDaZé\0\r\n\t\u007f".getBytes(StandardCharsets.UTF_8);

    private static byte[] mutate(Random r, byte[] in) {
        List<Byte> b = new ArrayList<>();
        for (byte x : in) {
            b.add(x);
        }
        int edits = 1 + r.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.size() + 1);
            byte v = r.nextInt(4) == 0 ? (byte) r.nextInt(256) : INTERESTING[r.nextInt(INTERESTING.length)];
            switch (r.nextInt(5)) {
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
                case 3 -> {
                    int len = Math.min(b.size() - Math.min(at, b.size()), 1 + r.nextInt(8));
                    List<Byte> copy = new ArrayList<>(b.subList(Math.min(at, b.size()), Math.min(at, b.size()) + len));
                    b.addAll(Math.min(at, b.size()), copy);
                }
                default -> {
                    String s = r.nextBoolean() ? "{" + r.nextInt(20) + (r.nextBoolean() ? "+" : "") + "}\r\n" : "(";
                    for (byte x : s.getBytes(StandardCharsets.US_ASCII)) {
                        b.add(Math.min(at, b.size()), x);
                        at++;
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

    @Test
    void readerAndParserReturnOnlyTypedResults() throws IOException {
        Random random = new Random(SEED);
        ImapLimits limits = ImapLimits.DEFAULTS.withMaxAppend(4096);
        long deadline = System.currentTimeMillis() + MILLIS;
        int runs = 0;
        while (runs < MIN_RUNS || System.currentTimeMillis() < deadline) {
            byte[] seed = SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.UTF_8);
            byte[] input = mutate(random, seed);
            byte[] wire = new byte[input.length + 2];
            System.arraycopy(input, 0, wire, 0, input.length);
            wire[input.length] = '\r';
            wire[input.length + 1] = '\n';
            try {
                ImapCommandParser parser = new ImapCommandParser(limits);
                parser.parse(input);
                new ImapCommandParser(limits, ImapRevision.IMAP4REV2).parse(input); // rev2's grammar too
                ImapCommandReader reader = new ImapCommandReader(new CrlfLineReader(new ByteArrayInputStream(wire), limits.maxLineLength()), limits, parser);
                for (int i = 0; i < 50; i++) {
                    ImapParseResult r = reader.read(() -> { });
                    assertThat(r).isNotNull();
                    if (r instanceof ImapParseResult.End || r instanceof ImapParseResult.Fatal) {
                        break;
                    }
                }
                MimeEntity entity = MimeEntity.parse(input);
                entity.section(new FetchAttribute.Section(List.of(1, 2), FetchAttribute.Specifier.HEADER, List.of()));
                entity.parts();
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + SEED + " run " + runs + " input " + new String(input, StandardCharsets.ISO_8859_1), e);
            }
            runs++;
        }
        assertThat(runs).isGreaterThanOrEqualTo(MIN_RUNS);
    }
}
