package org.postern.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link HeaderText#fold}: what {@link HeaderText#containsIgnoreCase} answers is a substring
 * test on folded text (which the store's header-field index relies on), and that in turn is a
 * case-blind {@link String#regionMatches} at some position.
 */
class HeaderTextTest {

    @Test
    void foldKeepsTheLengthOfEveryCodePoint() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            assertThat(Character.charCount(HeaderText.fold(cp))).as("U+%04X", cp).isEqualTo(Character.charCount(cp));
        }
    }

    @Test
    void containsIgnoringCaseIsContainsOnFoldedText() {
        Random random = new Random(11);
        // letters whose case partners are outside US-ASCII (Kelvin sign, long s, dotted and dotless i),
        // Latin-1 and Greek with two lower-case forms, a supplementary pair (Deseret), U+0000
        List<String> alphabet = List.of("a", "A", "k", "K", "\u212a", "s", "S", "\u017f", "i", "I", "\u0130", "\u0131",
                "\u00e9", "\u00c9", "\u00df", "\u00b5", "\u039c", "\u03bc", "\u03c3", "\u03c2", "\u03a3", "\ud801\udc00",
                "\ud801\udc28", " ", "\n", "\u0000", "\u00ff", "\u0178");
        for (int round = 0; round < 200_000; round++) {
            String haystack = text(random, alphabet, 8);
            String needle = text(random, alphabet, 3);
            boolean expected = false;
            for (int i = 0; i + needle.length() <= haystack.length() && !expected; i++) {
                expected = haystack.regionMatches(true, i, needle, 0, needle.length());
            }
            assertThat(HeaderText.containsIgnoreCase(haystack, needle)).as("%s in %s", needle, haystack).isEqualTo(expected);
            if (HeaderText.foldable(needle)) {
                assertThat(HeaderText.fold(haystack).contains(HeaderText.fold(needle))).as("folded %s in %s", needle, haystack)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void valuesOfSeveralFieldsInOnePass() {
        String block = "Subject: =?UTF-8?Q?caf=C3=A9?=\r\n  au lait\r\nTO: a@example.test\r\nsubject : two\r\nX: y\r\n\r\n";
        assertThat(HeaderText.values(block, List.of("subject", "to", "cc"))).containsExactly("café  au lait\ntwo", "a@example.test", null);
        assertThat(HeaderText.values(block, "x")).isEqualTo("y");
        assertThat(HeaderText.fold("Caf\u00c9 \u212a")).isEqualTo("caf\u00e9 k");
    }

    private static String text(Random random, List<String> alphabet, int max) {
        StringBuilder sb = new StringBuilder();
        int length = random.nextInt(max + 1);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.get(random.nextInt(alphabet.size())));
        }
        return sb.toString();
    }
}
