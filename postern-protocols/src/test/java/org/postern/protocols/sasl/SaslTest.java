package org.postern.protocols.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SaslTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertMalformed(String line, SaslFormatException.Reason reason) {
        assertThatThrownBy(() -> SaslCodec.decodeResponse(line, 100)).as(line)
                .isInstanceOfSatisfying(SaslFormatException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void base64Responses() throws SaslFormatException {
        assertThat(SaslCodec.decodeResponse("AGFsaWNlAHNlY3JldA==", 100)).isEqualTo(new SaslResponse.Data(utf8("\0alice\0secret")));
        assertThat(SaslCodec.decodeResponse("", 100)).isEqualTo(new SaslResponse.Data(new byte[0]));
        assertThat(SaslCodec.decodeResponse("*", 100)).isEqualTo(SaslResponse.CANCELLED);
        assertThat(SaslCodec.decodeInitialResponse("=", 100)).isEmpty();
        assertThat(SaslCodec.encodeChallenge(utf8("Username:"))).isEqualTo("VXNlcm5hbWU6");
    }

    @Test
    void malformedBase64() {
        for (String bad : new String[] {"QQ", "QQ=", "Q===", "QQ=A", "Q=Q=", "QR==", "QUI=QUI=", "QU J", "QUJD\r", "QUJ-",
            "====", "*abc", "QUJD\0"}) {
            assertMalformed(bad, SaslFormatException.Reason.MALFORMED_BASE64);
        }
        assertThatThrownBy(() -> SaslCodec.decodeInitialResponse("", 100)).isInstanceOf(SaslFormatException.class);
        assertThatThrownBy(() -> SaslCodec.decodeInitialResponse("*", 100)).isInstanceOf(SaslFormatException.class);
    }

    @Test
    void lengthLimit() throws SaslFormatException {
        String ok = Base64.getEncoder().encodeToString(new byte[100]);
        assertThat(((SaslResponse.Data) SaslCodec.decodeResponse(ok, 100)).bytes()).hasSize(100);
        assertMalformed(Base64.getEncoder().encodeToString(new byte[101]), SaslFormatException.Reason.TOO_LONG);
        assertMalformed("A".repeat(1_000_000), SaslFormatException.Reason.TOO_LONG);
    }

    @Test
    void plain() throws SaslFormatException {
        assertThat(PlainCredentials.parse(utf8("\0alice\0secret")))
                .isEqualTo(new PlainCredentials(Optional.empty(), "alice", "secret"));
        assertThat(PlainCredentials.parse(utf8("admin\0alice\0pässwörd")))
                .isEqualTo(new PlainCredentials(Optional.of("admin"), "alice", "pässwörd"));
        PlainCredentials c = new PlainCredentials(Optional.of("z"), "a", "p");
        assertThat(PlainCredentials.parse(c.toMessage())).isEqualTo(c);
        assertThat(c.toString()).doesNotContain("p]").contains("***");
    }

    @Test
    void plainMalformed() {
        String[] bad = {"", "alice", "\0alice", "\0alice\0", "\0\0secret", "a\0b\0c\0d", "\0\0"};
        for (String s : bad) {
            assertThatThrownBy(() -> PlainCredentials.parse(utf8(s))).as(s.replace("\0", "<NUL>"))
                    .isInstanceOfSatisfying(SaslFormatException.class,
                            e -> assertThat(e.reason()).isEqualTo(SaslFormatException.Reason.MALFORMED_MESSAGE));
        }
        byte[] badUtf8 = {0, 'a', 0, (byte) 0xFF};
        assertThatThrownBy(() -> PlainCredentials.parse(badUtf8))
                .isInstanceOfSatisfying(SaslFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(SaslFormatException.Reason.MALFORMED_UTF8));
        byte[] longPassword = utf8("\0a\0" + "p".repeat(300));
        assertThatThrownBy(() -> PlainCredentials.parse(longPassword, 255))
                .isInstanceOfSatisfying(SaslFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(SaslFormatException.Reason.TOO_LONG));
    }

    @Test
    void login() throws SaslFormatException {
        LoginExchange x = new LoginExchange(Optional.empty());
        assertThat(SaslCodec.encodeChallenge(x.challenge())).isEqualTo("VXNlcm5hbWU6");
        x.accept(utf8("alice"));
        assertThat(SaslCodec.encodeChallenge(x.challenge())).isEqualTo("UGFzc3dvcmQ6");
        assertThat(x.credentials()).isEmpty();
        x.accept(utf8("secret"));
        assertThat(x.credentials()).contains(new PlainCredentials(Optional.empty(), "alice", "secret"));
        assertThatThrownBy(x::challenge).isInstanceOf(IllegalStateException.class);

        LoginExchange withInitial = new LoginExchange(Optional.of(utf8("bob")));
        assertThat(withInitial.challenge()).isEqualTo(LoginExchange.PASSWORD_CHALLENGE);
        assertThatThrownBy(() -> withInitial.accept(utf8("a\0b"))).isInstanceOf(SaslFormatException.class);
        assertThatThrownBy(() -> new LoginExchange(Optional.of(new byte[0]))).isInstanceOf(SaslFormatException.class);
    }
}
