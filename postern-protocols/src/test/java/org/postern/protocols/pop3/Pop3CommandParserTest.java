package org.postern.protocols.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.protocols.io.LineResult;

class Pop3CommandParserTest {

    private final Pop3CommandParser parser = new Pop3CommandParser(Pop3Limits.DEFAULTS);

    private Pop3ParseResult parse(String line) {
        return parser.parse(new LineResult.Line(line.getBytes(StandardCharsets.UTF_8), false, false));
    }

    private Pop3Request ok(String line) {
        Pop3ParseResult r = parse(line);
        assertThat(r).as(line).isInstanceOf(Pop3ParseResult.Parsed.class);
        return ((Pop3ParseResult.Parsed) r).request();
    }

    private Pop3ParseResult.Invalid bad(String line) {
        Pop3ParseResult r = parse(line);
        assertThat(r).as(line).isInstanceOf(Pop3ParseResult.Invalid.class);
        return (Pop3ParseResult.Invalid) r;
    }

    @Test
    void keywordsAreCaseInsensitiveAndArgumentsChecked() {
        assertThat(ok("stat").command()).isEqualTo(Pop3Command.STAT);
        assertThat(ok("LIST").arguments()).isEmpty();
        assertThat(ok("LIST 3").number(0)).isEqualTo(3);
        assertThat(ok("RETR 1").number(0)).isEqualTo(1);
        assertThat(ok("TOP 2 0").arguments()).containsExactly("2", "0");
        assertThat(ok("uidl").command()).isEqualTo(Pop3Command.UIDL);
        assertThat(ok("USER alice@example.test").argument(0)).isEqualTo("alice@example.test");
        assertThat(ok("QUIT").command()).isEqualTo(Pop3Command.QUIT);
        assertThat(ok("CAPA").command()).isEqualTo(Pop3Command.CAPA);
        assertThat(ok("STLS").command()).isEqualTo(Pop3Command.STLS);
    }

    @Test
    void passTakesTheRestOfTheLineSpacesAndUtf8Included() {
        assertThat(ok("PASS  two  spaces ").argument(0)).isEqualTo(" two  spaces ");
        assertThat(ok("PASS pässwörd").argument(0)).isEqualTo("pässwörd");
        assertThat(ok("PASS secret").toString()).isEqualTo("PASS ***").doesNotContain("secret");
        assertThat(bad("PASS").reason()).contains("Missing");
    }

    @Test
    void authTakesAMechanismAndAnOptionalInitialResponse() {
        assertThat(ok("AUTH").arguments()).isEmpty();
        assertThat(ok("AUTH PLAIN").arguments()).containsExactly("PLAIN");
        String ir = "A".repeat(4000);
        Pop3Request r = ok("AUTH PLAIN " + ir);
        assertThat(r.arguments()).containsExactly("PLAIN", ir);
        assertThat(r.toString()).isEqualTo("AUTH ***");
        assertThat(ok("AUTH PLAIN =").argument(1)).isEqualTo("=");
        bad("AUTH PLAIN a b");
        bad("AUTH " + "X".repeat(21));
    }

    @Test
    void malformedCommandsAreInvalidWithAReason() {
        assertThat(bad("").reason()).isEqualTo("Empty command");
        assertThat(bad("XYZZY").command()).isEmpty();
        assertThat(bad("HELO there").reason()).isEqualTo("Unknown command");
        assertThat(bad("RETR").command()).contains(Pop3Command.RETR);
        bad("RETR 0");
        bad("RETR -1");
        bad("RETR 1x");
        bad("RETR 1 2");
        bad("RETR 1234567890");
        bad("TOP 1");
        bad("TOP 1 -1");
        bad("STAT 1");
        bad("LIST a");
        bad("USER");
        bad("USER a b");
        bad("DELE ５");
        assertThat(bad("LIST " + "1".repeat(300)).reason()).contains("too long");
        assertThat(bad("NOOP " + "x".repeat(2000)).reason()).isEqualTo("Command line too long");
    }

    @Test
    void strayCrAndNulAreRefused() {
        assertThat(parser.parse(new LineResult.Line("STAT\rX".getBytes(StandardCharsets.US_ASCII), false, true)))
                .isInstanceOf(Pop3ParseResult.Invalid.class);
        assertThat(parser.parse(new LineResult.Line("USER a\0b".getBytes(StandardCharsets.US_ASCII), false, false)))
                .isInstanceOf(Pop3ParseResult.Invalid.class);
    }

    @Test
    void garbageNeverThrows() {
        java.util.Random random = new java.util.Random(1939);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[random.nextInt(40)];
            random.nextBytes(b);
            if (random.nextBoolean() && b.length > 4) {
                List<String> verbs = List.of("RETR ", "TOP ", "PASS ", "AUTH ", "USER ", "LIST ");
                byte[] v = verbs.get(random.nextInt(verbs.size())).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(v, 0, b, 0, Math.min(v.length, b.length));
            }
            assertThat(parser.parse(new LineResult.Line(b, false, false))).isNotNull();
        }
    }
}
