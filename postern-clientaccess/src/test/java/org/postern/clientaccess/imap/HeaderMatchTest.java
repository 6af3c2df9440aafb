package org.postern.clientaccess.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link HeaderMatch} on header octets gives the answer of the text path it replaces
 * ({@link MessageText#header} and {@link MessageText#containsIgnoreCase} on the block read as
 * ISO-8859-1), on chosen cases and on generated header blocks.
 */
class HeaderMatchTest {

    private static final String BLOCK = "Received: from a.example\r\n\tby b.example; Mon, 2 Nov 2026 10:00:00 +0000\r\n"
            + "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@example.test>\r\n"
            + "To: Alice <alice@example.test>,\r\n Bob <bob@example.test>\r\n"
            + "Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?= und Bonn\r\n"
            + "X-Latin: caf\u00e9 cr\u00e8me\r\n"
            + "x-trailing:   ends here   \r\n"
            + "Cc:\r\n"
            + "\r\n";

    @Test
    void answersAsTheDecodedTextDoes() {
        assertMatch("subject", "köln", true); // encoded-word decoded
        assertMatch("SUBJECT", "KÖLN UND", true);
        assertMatch("Subject", "=?ISO", false); // the encoded form is not what is searched
        assertMatch("from", "jürgen müller", true);
        assertMatch("to", "alice@example.test>, bob", true); // folded: line break and tab/space are one space
        assertMatch("To", "test>,\r\n Bob", false);
        assertMatch("received", "b.example; mon", true);
        assertMatch("x-latin", "CAFÉ CRÈME", true); // octets above US-ASCII as ISO-8859-1
        assertMatch("x-trailing", "here", true);
        assertMatch("x-trailing", "here ", false); // the value is trimmed
        assertMatch("x-trailing", " ends", false);
        assertMatch("cc", "", true); // an empty string: any message with the field
        assertMatch("bcc", "", false); // the field is absent
        assertMatch("subject", "", true);
        assertMatch("subj", "köln", false);
        assertMatch("Subject ", "köln", false);
    }

    @Test
    void aFieldNameWithBlanksBeforeTheColonAndRepeatedFields() {
        String block = "Subject : first one\r\nComments: a\r\nComments: b\r\nSubject: second\r\n\r\n";
        assertThat(matches(block, "subject", "FIRST")).isTrue();
        assertThat(matches(block, "subject", "second")).isTrue();
        assertThat(matches(block, "comments", "b")).isTrue();
        assertThat(matches(block, "comments", "a\nb")).isTrue(); // the values joined by a line break, as before
        assertThat(matches(block, "comments", "ab")).isFalse();
    }

    @Test
    void bareLineFeedsAndNoEmptyLine() {
        String block = "Subject: one\n two\nFrom: x@example.test";
        assertThat(matches(block, "subject", "one two")).isTrue();
        assertThat(matches(block, "from", "X@EXAMPLE")).isTrue();
        assertThat(matches("", "subject", "")).isFalse();
    }

    @Test
    void generatedBlocksAgreeWithTheTextPath() {
        Random random = new Random(42);
        List<String> names = List.of("Subject", "subject", "SUBJECT", " Subject ", "From", "To", "X-A", "Sub", "Subjects");
        List<String> pieces = List.of("a", "A", "b", "topic-1", "Topic-12 ", " ", "\t", "\r\n ", "\r\n\t", "\n ", "\r",
                "=?UTF-8?B?w6Rw?=", "=?utf-8?q?a_b?=", "=?x?", "?=", "=?UTF-8?Q?=C3=A9t=C3=A9?=", "\u00e9", "\u00c9", "\u00ff",
                ":", "é", "ö");
        List<String> needles = List.of("", "a", "A", "b", "ab", "a b", "topic-1", "TOPIC-12 ", " a", "a ", "äp", "ÄP", "été",
                "ÉTÉ", "\u00ff", "\u0178", "a\tb", "=?", "?=", ":", "a\nb", "x");
        for (int round = 0; round < 20_000; round++) {
            StringBuilder block = new StringBuilder();
            int fields = random.nextInt(4);
            for (int f = 0; f < fields; f++) {
                block.append(names.get(random.nextInt(names.size()))).append(':');
                int length = random.nextInt(6);
                for (int p = 0; p < length; p++) {
                    block.append(pieces.get(random.nextInt(pieces.size())));
                }
                block.append(random.nextInt(5) == 0 ? "\n" : "\r\n");
            }
            if (random.nextBoolean()) {
                block.append("\r\n");
            }
            String text = block.toString();
            String name = List.of("subject", "Subject", "from", "x-a").get(random.nextInt(4));
            String needle = needles.get(random.nextInt(needles.size()));
            boolean matched = matches(text, name, needle);
            assertThat(matched).as("%s %s in %s", name, needle, text).isEqualTo(reference(text, name, needle));
        }
    }

    @Test
    void octetSearchEightAtATimeFindsTheFirst() {
        Random random = new Random(7);
        byte[] alphabet = {'\n', 0x0b, 0x09, 0, 1, (byte) 0x80, (byte) 0x8a, (byte) 0xff, 't', 'T', 'u', 's'};
        for (int round = 0; round < 50_000; round++) {
            byte[] a = new byte[random.nextInt(40)];
            for (int i = 0; i < a.length; i++) {
                a[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int from = a.length == 0 ? 0 : random.nextInt(a.length + 1);
            int end = from + random.nextInt(a.length - from + 1);
            byte b1 = alphabet[random.nextInt(alphabet.length)];
            byte b2 = alphabet[random.nextInt(alphabet.length)];
            int one = -1;
            int either = -1;
            for (int i = end - 1; i >= from; i--) {
                one = a[i] == b1 ? i : one;
                either = a[i] == b1 || a[i] == b2 ? i : either;
            }
            assertThat(HeaderMatch.indexOf(a, b1, from, end)).isEqualTo(one);
            assertThat(HeaderMatch.indexOfEither(a, b1, b2, from, end)).isEqualTo(either);
        }
    }

    private static void assertMatch(String field, String needle, boolean expected) {
        assertThat(reference(BLOCK, field, needle)).as("text path: %s %s", field, needle).isEqualTo(expected);
        assertThat(matches(BLOCK, field, needle)).as("%s %s", field, needle).isEqualTo(expected);
    }

    private static boolean matches(String block, String field, String needle) {
        return new HeaderMatch(field, needle).matches(block.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** What SEARCH answered before HeaderMatch: the whole block as text. */
    private static boolean reference(String block, String field, String needle) {
        String values = MessageText.header(block, field);
        return values != null && MessageText.containsIgnoreCase(values, needle);
    }
}
