package org.postern.protocols.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EhloCapabilitiesTest {

    private final EhloCapabilities all = EhloCapabilities.all(36_700_160, List.of("PLAIN", "LOGIN"));

    @Test
    void beforeTls() {
        assertThat(all.ehloReply("mx.example", "Hello client", false, false).toWire()).isEqualTo("""
                250-mx.example Hello client\r
                250-PIPELINING\r
                250-SIZE 36700160\r
                250-STARTTLS\r
                250-8BITMIME\r
                250-SMTPUTF8\r
                250-ENHANCEDSTATUSCODES\r
                250-CHUNKING\r
                250-BINARYMIME\r
                250 DSN\r
                """);
    }

    @Test
    void afterTlsAuthAppearsAndStartTlsGoes() {
        assertThat(all.keywords(true, false)).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
        assertThat(all.keywords(true, true)).noneMatch(k -> k.startsWith("AUTH"));
        assertThat(all.keywords(false, false)).noneMatch(k -> k.startsWith("AUTH"));
    }

    @Test
    void onlyWhatIsEnabled() {
        EhloCapabilities lmtp = new EhloCapabilities(EnumSet.of(SmtpExtension.PIPELINING, SmtpExtension.ENHANCEDSTATUSCODES,
                SmtpExtension.BINARYMIME, SmtpExtension.STARTTLS), 0, List.of(), false);
        // BINARYMIME needs CHUNKING; STARTTLS needs a certificate.
        assertThat(lmtp.ehloReply("store.example", "", false, false).toWire())
                .isEqualTo("250-store.example\r\n250-PIPELINING\r\n250 ENHANCEDSTATUSCODES\r\n");
        EhloCapabilities none = new EhloCapabilities(EnumSet.noneOf(SmtpExtension.class), 0, List.of(), true);
        assertThat(none.ehloReply("h", null, false, false).toWire()).isEqualTo("250 h\r\n");
        assertThat(EhloCapabilities.heloReply("h").toWire()).isEqualTo("250 h\r\n");
    }

    @Test
    void mechanismNamesAreChecked() {
        assertThatThrownBy(() -> EhloCapabilities.all(1, List.of("plain"))).isInstanceOf(IllegalArgumentException.class);
    }

    /** What is advertised is what the parser accepts: both read the same set. */
    @Test
    void parserAgreesWithAdvertisement() {
        EhloCapabilities caps = new EhloCapabilities(EnumSet.of(SmtpExtension.SIZE), 100, List.of(), false);
        SmtpCommandParser parser = new SmtpCommandParser(SmtpDialect.SMTP, caps.enabled(), SmtpLimits.DEFAULTS);
        assertThat(parser.parse("MAIL FROM:<a@b.c> SIZE=5", false)).isInstanceOf(SmtpCommand.Mail.class);
        assertThat(caps.keywords(false, false)).containsExactly("SIZE 100");
        assertThat(parser.parse("MAIL FROM:<a@b.c> BODY=8BITMIME", false)).isInstanceOf(CommandSyntaxError.class);
    }
}
