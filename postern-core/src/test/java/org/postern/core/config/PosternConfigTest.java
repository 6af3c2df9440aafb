package org.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.Role;

class PosternConfigTest {

    @TempDir
    Path tmp;

    @Test
    void anEmptyFileMeansTheDefaults() throws Exception {
        Path f = Files.writeString(tmp.resolve("postern.yaml"), "");
        PosternConfig c = PosternConfig.load(f);
        assertThat(c.roleSet()).isEqualTo(Role.DEFAULT);
        assertThat(c.portOffset()).isZero();
        assertThat(c.store().type()).isEqualTo("sqlite");
        assertThat(c.directory().ntlm()).isFalse();
        assertThat(c.hostname()).isNotBlank();
    }

    @Test
    void readsEverySetting() throws Exception {
        Path f = Files.writeString(tmp.resolve("postern.yaml"), """
                hostname: mail.example.test
                roles: [hub]
                port_offset: 1000
                store: {type: postgresql, url: "jdbc:postgresql://db/postern", user: postern, password_file: pw}
                directory: {ntlm: true}
                """);
        PosternConfig c = PosternConfig.load(f);
        assertThat(c.hostname()).isEqualTo("mail.example.test");
        assertThat(c.roleSet()).containsExactly(Role.HUB);
        assertThat(c.portOffset()).isEqualTo(1000);
        assertThat(c.store().isPostgresql()).isTrue();
        assertThat(c.directory().ntlm()).isTrue();
    }

    @Test
    void anUnknownSettingIsAnError() throws Exception {
        Path f = Files.writeString(tmp.resolve("postern.yaml"), "rolez: [hub]\n");
        assertThatThrownBy(() -> PosternConfig.load(f)).hasMessageContaining("rolez");
    }

    @Test
    void rolesParseAndTheEdgeRunsAlone() {
        assertThat(Role.parseList("all")).containsExactlyInAnyOrder(Role.HUB, Role.MAILBOX, Role.CAS, Role.UM);
        assertThat(Role.parseList("edge")).containsExactly(Role.EDGE);
        assertThatThrownBy(() -> Role.parseList("edge,hub")).hasMessageContaining("edge");
        assertThatThrownBy(() -> Role.parseList("hub,sales")).hasMessageContaining("sales");
    }
}
