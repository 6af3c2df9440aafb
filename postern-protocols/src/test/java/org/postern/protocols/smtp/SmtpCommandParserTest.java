package org.postern.protocols.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postern.protocols.io.LineResult;

class SmtpCommandParserTest {

    private final SmtpCommandParser smtp = new SmtpCommandParser(SmtpDialect.SMTP, EnumSet.allOf(SmtpExtension.class), SmtpLimits.DEFAULTS);
    private final SmtpCommandParser lmtp = new SmtpCommandParser(SmtpDialect.LMTP, EnumSet.allOf(SmtpExtension.class), SmtpLimits.DEFAULTS);
    private final SmtpCommandParser bare = new SmtpCommandParser(SmtpDialect.SMTP, Set.of(), SmtpLimits.DEFAULTS);

    private CommandParseResult parse(String line) {
        return smtp.parse(line.getBytes(StandardCharsets.UTF_8), false);
    }

    private SmtpReply error(CommandParseResult r) {
        assertThat(r).isInstanceOf(CommandSyntaxError.class);
        return ((CommandSyntaxError) r).reply();
    }

    private static void assertReply(SmtpReply reply, String wirePrefix) {
        assertThat(reply.toWire()).startsWith(wirePrefix);
    }

    private static Mailbox mb(String local, String domain) {
        return new Mailbox(local, domain);
    }

    // --- verbs without arguments and hello ---

    @Test
    void simpleVerbsInAnyCase() {
        assertThat(parse("DATA")).isEqualTo(new SmtpCommand.Data());
        assertThat(parse("data")).isEqualTo(new SmtpCommand.Data());
        assertThat(parse("RsEt")).isEqualTo(new SmtpCommand.Rset());
        assertThat(parse("QUIT ")).isEqualTo(new SmtpCommand.Quit());
        assertThat(parse("NOOP anything goes")).isEqualTo(new SmtpCommand.Noop());
        assertThat(parse("STARTTLS")).isEqualTo(new SmtpCommand.StartTls());
        assertThat(parse("HELP")).isEqualTo(new SmtpCommand.Help(Optional.empty()));
        assertThat(parse("HELP MAIL")).isEqualTo(new SmtpCommand.Help(Optional.of("MAIL")));
    }

    @Test
    void argumentsWhereNoneAreAllowed() {
        assertReply(error(parse("DATA now")), "501 5.5.4 ");
        assertReply(error(parse("QUIT x")), "501 5.5.4 ");
        assertReply(error(parse("STARTTLS x")), "501 5.5.4 ");
    }

    @Test
    void hello() {
        assertThat(parse("EHLO client.example.org")).isEqualTo(new SmtpCommand.Ehlo("client.example.org"));
        assertThat(parse("HELO [192.0.2.1]")).isEqualTo(new SmtpCommand.Helo("[192.0.2.1]"));
        assertThat(lmtp.parse("LHLO mx.example", false)).isEqualTo(new SmtpCommand.Lhlo("mx.example"));
        assertThat(new SmtpCommand.Ehlo("[IPv6:2001:db8::1]").isValidDomainOrAddressLiteral()).isTrue();
        assertThat(new SmtpCommand.Ehlo("my_host").isValidDomainOrAddressLiteral()).isFalse();
        assertThat(new SmtpCommand.Ehlo("[300.1.1.1]").isValidDomainOrAddressLiteral()).isFalse();
        assertReply(error(parse("EHLO")), "501 5.5.4 ");
        assertReply(error(parse("EHLO a b")), "501 5.5.4 ");
    }

    @Test
    void dialects() {
        assertReply(error(parse("LHLO x")), "500 5.5.1 ");
        assertReply(error(lmtp.parse("EHLO x", false)), "500 5.5.1 ");
        assertReply(error(lmtp.parse("HELO x", false)), "500 5.5.1 ");
    }

    @Test
    void unknownAndDisabledVerbs() {
        CommandParseResult r = parse("XYZZY");
        assertReply(error(r), "500 5.5.1 ");
        assertThat(((CommandSyntaxError) r).verb()).isEmpty();
        assertReply(error(parse("")), "500 5.5.1 ");
        assertReply(error(parse("MAILFROM:<a@b>")), "500 5.5.1 ");
        assertReply(error(bare.parse("STARTTLS", false)), "502 5.5.1 ");
        assertReply(error(bare.parse("BDAT 1", false)), "502 5.5.1 ");
        assertReply(error(bare.parse("AUTH PLAIN", false)), "502 5.5.1 ");
    }

    // --- MAIL ---

    @Test
    void mailPaths() {
        assertThat(parse("MAIL FROM:<>")).isEqualTo(new SmtpCommand.Mail(ReversePath.NULL, MailParameters.NONE));
        assertThat(parse("MAIL FROM:<Alice@Example.ORG>"))
                .isEqualTo(new SmtpCommand.Mail(mb("Alice", "example.org"), MailParameters.NONE));
        assertThat(parse("mail from: <a@b.c>")).isEqualTo(new SmtpCommand.Mail(mb("a", "b.c"), MailParameters.NONE));
        assertThat(parse("MAIL FROM:<\"john doe\\\"x\"@example.org>"))
                .isEqualTo(new SmtpCommand.Mail(mb("john doe\"x", "example.org"), MailParameters.NONE));
        assertThat(parse("MAIL FROM:<@relay1.example,@relay2.example:user@example.org>"))
                .isEqualTo(new SmtpCommand.Mail(mb("user", "example.org"), MailParameters.NONE));
        assertThat(parse("MAIL FROM:<user@[192.0.2.7]>"))
                .isEqualTo(new SmtpCommand.Mail(mb("user", "[192.0.2.7]"), MailParameters.NONE));
        assertThat(parse("MAIL FROM:<user@[ipv6:2001:DB8::1]>"))
                .isEqualTo(new SmtpCommand.Mail(mb("user", "[IPv6:2001:db8::1]"), MailParameters.NONE));
    }

    @Test
    void mailBadPaths() {
        assertReply(error(parse("MAIL FROM:a@b.c")), "501 5.5.4 ");
        assertReply(error(parse("MAIL TO:<a@b.c>")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<a@b.c>x")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<a>")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<a..b@c.d>")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<a@-b.c>")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<a@b..c>")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<a@[1.2.3]>")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<a@[IPv6:1::2::3]>")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<\"unterminated@b.c>")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<@bad_route:a@b.c>")), "553 5.1.7 ");
        assertReply(error(parse("MAIL FROM:<" + "x".repeat(65) + "@b.c>")), "553 5.1.7 Local part too long");
        String label = "b".repeat(63);
        String domain252 = label + "." + label + "." + label + "." + "b".repeat(60);
        assertThat(parse("MAIL FROM:<a@" + domain252 + ">")).isInstanceOf(SmtpCommand.Mail.class); // 256 octets
        assertReply(error(parse("MAIL FROM:<ab@" + domain252 + ">")), "553 5.1.7 Path too long"); // 257
    }

    @Test
    void mailParameters() {
        SmtpCommand.Mail m = (SmtpCommand.Mail) parse(
                "MAIL FROM:<a@b.c> SIZE=1000 body=8bitmime RET=HDRS ENVID=QQ+2B+3D1 AUTH=a+2Bb@b.c");
        assertThat(m.params()).isEqualTo(new MailParameters(OptionalLong.of(1000), Optional.of(BodyType.EIGHT_BIT_MIME),
                false, Optional.of(DsnReturn.HDRS), Optional.of("QQ+=1"), Optional.of("a+b@b.c")));
        SmtpCommand.Mail n = (SmtpCommand.Mail) parse("MAIL FROM:<> BODY=BINARYMIME AUTH=<>  SIZE=99999999999999999999");
        assertThat(n.params().body()).contains(BodyType.BINARY_MIME);
        assertThat(n.params().auth()).contains("<>");
        assertThat(n.params().size()).hasValue(Long.MAX_VALUE);
    }

    @Test
    void mailParameterErrors() {
        assertReply(error(parse("MAIL FROM:<a@b.c> FOO=1")), "555 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> NOTIFY=NEVER")), "555 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> SIZE=")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> SIZE")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> SIZE=-1")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> SIZE=123456789012345678901")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> SIZE=1 SIZE=2")), "501 5.5.4 Duplicate");
        assertReply(error(parse("MAIL FROM:<a@b.c> BODY=9BIT")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> RET=ALL")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> ENVID=a+2")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> ENVID=a+2b")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> ENVID=" + "x".repeat(101))), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> ENVID=+00")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> SMTPUTF8=yes")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> AUTH=nobody")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> -X=1")), "501 5.5.4 ");
        assertReply(error(parse("MAIL FROM:<a@b.c> X==1")), "501 5.5.4 ");
        // Parameters whose extension is off are unknown.
        assertReply(error(bare.parse("MAIL FROM:<a@b.c> SIZE=1", false)), "555 5.5.4 ");
        assertReply(error(bare.parse("MAIL FROM:<a@b.c> BODY=8BITMIME", false)), "555 5.5.4 ");
        assertReply(error(bare.parse("MAIL FROM:<a@b.c> SMTPUTF8", false)), "555 5.5.4 ");
        assertReply(error(bare.parse("MAIL FROM:<a@b.c> RET=FULL", false)), "555 5.5.4 ");
        SmtpCommandParser noChunking = new SmtpCommandParser(SmtpDialect.SMTP,
                EnumSet.of(SmtpExtension.EIGHTBITMIME, SmtpExtension.BINARYMIME), SmtpLimits.DEFAULTS);
        assertReply(error(noChunking.parse("MAIL FROM:<a@b.c> BODY=BINARYMIME", false)), "501 5.5.4 Unsupported BODY");
    }

    @Test
    void hugeParameterList() {
        String line = "MAIL FROM:<a@b.c>" + " X-P=1".repeat(300);
        assertReply(error(parse(line)), "501 5.5.4 Too many parameters");
        String longLine = "MAIL FROM:<a@b.c>" + " X=1".repeat(10_000);
        assertReply(error(parse(longLine)), "500 5.5.2 Line too long");
    }

    // --- RCPT ---

    @Test
    void rcpt() {
        assertThat(parse("RCPT TO:<bob@example.org>"))
                .isEqualTo(new SmtpCommand.Rcpt(mb("bob", "example.org"), RcptParameters.NONE));
        assertThat(parse("RCPT TO:<Postmaster>")).isEqualTo(new SmtpCommand.Rcpt(ForwardPath.POSTMASTER, RcptParameters.NONE));
        assertThat(parse("RCPT TO:<postmaster>")).isEqualTo(new SmtpCommand.Rcpt(ForwardPath.POSTMASTER, RcptParameters.NONE));
        SmtpCommand.Rcpt r = (SmtpCommand.Rcpt) parse("RCPT TO:<b@c.d> NOTIFY=failure,DELAY ORCPT=rfc822;b+2Bx@c.d");
        assertThat(r.params()).isEqualTo(new RcptParameters(EnumSet.of(DsnNotify.FAILURE, DsnNotify.DELAY),
                Optional.of(new Orcpt("rfc822", "b+x@c.d"))));
        assertReply(error(parse("RCPT TO:<>")), "553 5.1.3 ");
        assertReply(error(parse("RCPT TO:<b@c.d> NOTIFY=NEVER,SUCCESS")), "501 5.5.4 ");
        assertReply(error(parse("RCPT TO:<b@c.d> NOTIFY=")), "501 5.5.4 ");
        assertReply(error(parse("RCPT TO:<b@c.d> NOTIFY=SUCCESS,,DELAY")), "501 5.5.4 ");
        assertReply(error(parse("RCPT TO:<b@c.d> ORCPT=b@c.d")), "501 5.5.4 ");
        assertReply(error(parse("RCPT TO:<b@c.d> SIZE=1")), "555 5.5.4 ");
        assertReply(error(parse("RCPT FROM:<b@c.d>")), "501 5.5.4 ");
    }

    // --- 8-bit, SMTPUTF8, NUL, bare line endings ---

    @Test
    void smtpUtf8() {
        assertThat(parse("MAIL FROM:<jörg@bücher.example> SMTPUTF8"))
                .isEqualTo(new SmtpCommand.Mail(mb("jörg", "bücher.example"),
                        new MailParameters(OptionalLong.empty(), Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty())));
        assertReply(error(parse("MAIL FROM:<jörg@bücher.example>")), "553 5.6.7 ");
        assertReply(error(parse("RCPT TO:<jörg@bücher.example>")), "553 5.6.7 ");
        assertThat(smtp.parse("RCPT TO:<jörg@bücher.example>".getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo(new SmtpCommand.Rcpt(mb("jörg", "bücher.example"), RcptParameters.NONE));
        assertThat(smtp.parse("RCPT TO:<\"jö rg\"@example.org>".getBytes(StandardCharsets.UTF_8), true))
                .isEqualTo(new SmtpCommand.Rcpt(mb("jö rg", "example.org"), RcptParameters.NONE));
        assertReply(error(bare.parse("MAIL FROM:<jörg@b.c> SMTPUTF8", false)), "500 5.5.2 ");
        assertReply(error(parse("EHLO bücher.example")), "500 5.5.2 ");
        assertReply(error(parse("NOOP é")), "500 5.5.2 ");
        assertThat(parse("VRFY jörg SMTPUTF8")).isEqualTo(new SmtpCommand.Vrfy("jörg", true));
        assertThat(parse("EXPN list")).isEqualTo(new SmtpCommand.Expn("list", false));
        assertReply(error(parse("VRFY jörg")), "500 5.5.2 ");
        assertReply(error(parse("VRFY")), "501 5.5.4 ");
    }

    @Test
    void invalidUtf8() {
        byte[] line = {'M', 'A', 'I', 'L', ' ', 'F', 'R', 'O', 'M', ':', '<', (byte) 0xC3, (byte) 0x28, '@', 'b', '>', ' ',
            'S', 'M', 'T', 'P', 'U', 'T', 'F', '8'};
        assertReply(error(smtp.parse(line, true)), "500 5.5.2 ");
        byte[] latin1 = "RCPT TO:<j\u00f6rg@b.c>".getBytes(StandardCharsets.ISO_8859_1);
        assertReply(error(smtp.parse(latin1, true)), "500 5.5.2 ");
    }

    @Test
    void nulAndControlCharacters() {
        assertReply(error(parse("MAIL FROM:<a\0@b.c>")), "500 5.5.2 Invalid character");
        assertReply(error(parse("NOOP\0")), "500 5.5.2 ");
        assertReply(error(parse("\0")), "500 5.5.2 ");
        assertReply(error(parse("MAIL FROM:<a@b.c>\tSIZE=1")), "500 5.5.2 ");
        assertReply(error(parse("QUIT\u007f")), "500 5.5.2 ");
        CommandSyntaxError e = (CommandSyntaxError) parse("MAIL FROM:<a\0@b.c>");
        assertThat(e.verb()).contains(SmtpVerb.MAIL);
    }

    @Test
    void bareLineEndingsFromTheReader() {
        assertReply(error(smtp.parse(new LineResult.Line("QUIT".getBytes(StandardCharsets.US_ASCII), true, false), false)),
                "500 5.5.2 Bare CR or LF");
        assertReply(error(smtp.parse(new LineResult.Line("QU\rIT".getBytes(StandardCharsets.US_ASCII), false, true), false)),
                "500 5.5.2 Bare CR or LF");
        assertReply(error(parse("RSET\rMAIL FROM:<a@b.c>")), "500 5.5.2 Bare CR or LF");
        assertThat(smtp.parse(new LineResult.Line("QUIT".getBytes(StandardCharsets.US_ASCII), false, false), false))
                .isEqualTo(new SmtpCommand.Quit());
    }

    // --- BDAT, AUTH ---

    @Test
    void bdat() {
        assertThat(parse("BDAT 0 LAST")).isEqualTo(new SmtpCommand.Bdat(0, true));
        assertThat(parse("BDAT 86 last")).isEqualTo(new SmtpCommand.Bdat(86, true));
        assertThat(parse("BDAT 1000")).isEqualTo(new SmtpCommand.Bdat(1000, false));
        assertThat(parse("BDAT 999999999999999999")).isEqualTo(new SmtpCommand.Bdat(999_999_999_999_999_999L, false));
        assertReply(error(parse("BDAT")), "501 5.5.4 ");
        assertReply(error(parse("BDAT -1")), "501 5.5.4 ");
        assertReply(error(parse("BDAT 1 FIRST")), "501 5.5.4 ");
        assertReply(error(parse("BDAT 1 LAST x")), "501 5.5.4 ");
        assertReply(error(parse("BDAT 9999999999999999999")), "501 5.5.4 ");
    }

    @Test
    void auth() {
        assertThat(parse("AUTH plain")).isEqualTo(new SmtpCommand.Auth("PLAIN", Optional.empty()));
        assertThat(parse("AUTH PLAIN AGEAYg==")).isEqualTo(new SmtpCommand.Auth("PLAIN", Optional.of("AGEAYg==")));
        assertThat(parse("AUTH EXTERNAL =")).isEqualTo(new SmtpCommand.Auth("EXTERNAL", Optional.of("=")));
        assertThat(parse("AUTH SCRAM-SHA-256")).isEqualTo(new SmtpCommand.Auth("SCRAM-SHA-256", Optional.empty()));
        assertReply(error(parse("AUTH")), "501 5.5.4 ");
        assertReply(error(parse("AUTH PL@IN")), "501 5.5.4 ");
        assertReply(error(parse("AUTH ABCDEFGHIJKLMNOPQRSTU")), "501 5.5.4 ");
        assertReply(error(parse("AUTH PLAIN a b")), "501 5.5.4 ");
        // AUTH may be longer than other commands (RFC 4954 section 4), up to its own limit.
        assertThat(parse("AUTH PLAIN " + "A".repeat(10_000))).isInstanceOf(SmtpCommand.Auth.class);
        assertReply(error(parse("AUTH PLAIN " + "A".repeat(13_000))), "500 5.5.6 ");
        assertReply(error(parse("NOOP " + "A".repeat(3_000))), "500 5.5.2 Line too long");
    }

    // --- serialization round trip ---

    @Test
    void toLineParsesBackToTheSameCommand() {
        String[] lines = {
            "EHLO client.example", "HELO [192.0.2.1]", "MAIL FROM:<>", "MAIL FROM:<a@b.c> SIZE=5 BODY=8BITMIME RET=FULL ENVID=x+2By AUTH=<>",
            "MAIL FROM:<\"a b\"@b.c>", "RCPT TO:<Postmaster>", "RCPT TO:<x@[IPv6:::1]> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x+2By",
            "DATA", "BDAT 5 LAST", "RSET", "NOOP", "QUIT", "VRFY bob", "EXPN staff", "HELP", "HELP DATA", "STARTTLS",
            "AUTH LOGIN", "AUTH PLAIN =",
        };
        for (String line : lines) {
            CommandParseResult r = parse(line);
            assertThat(r).as(line).isInstanceOf(SmtpCommand.class);
            SmtpCommand c = (SmtpCommand) r;
            assertThat(c.toLine()).as(line).isEqualTo(line);
            assertThat(parse(c.toLine())).isEqualTo(c);
        }
    }
}
