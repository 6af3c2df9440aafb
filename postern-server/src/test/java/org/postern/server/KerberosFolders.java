package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.postern.server.PosternProcess.Result;

/**
 * Data folders and client settings for the Kerberos tests, made with {@code postern} commands as
 * an administrator would: the domain {@code example.test} under the server's host name (the
 * host the service principals name), optionally served by an external MIT realm (issue 5,
 * "External"), and the MIT clients' settings for the embedded KDC.
 */
final class KerberosFolders {

    private KerberosFolders() {
    }

    /** {@code postern domain add example.test} and {@code hostname:} set in {@code postern.yaml}. */
    static void exampleTest(String data, String hostname) throws IOException {
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", data).exitStatus()).isZero();
        Path yaml = Path.of(data, DataFolder.CONFIG_FILE);
        Files.writeString(yaml, Files.readString(yaml).replaceFirst("(?m)^hostname:.*$", "hostname: " + hostname));
    }

    /**
     * {@link #exampleTest}, with {@code kerberos:} naming the realm of {@code kdc}, its KDC and
     * {@code keytab}, to which the KDC exports the keys of the services a mail server of that host
     * name is asked tickets for ({@code smtp}, {@code imap}, {@code pop}, {@code host}).
     */
    static void realm(String data, String hostname, MitKdc kdc, Path keytab) throws Exception {
        kdc.addServices(hostname, keytab, "smtp", "imap", "pop", "host");
        exampleTest(data, hostname);
        Path yaml = Path.of(data, DataFolder.CONFIG_FILE);
        String config = Files.readString(yaml);
        assertThat(config).containsPattern("(?m)^kerberos: \\{}$");
        Files.writeString(yaml, config.replaceFirst("(?m)^kerberos: \\{}$", """
                kerberos:
                  realm: %s
                  kdcs: [%s]
                  keytab: %s""".formatted(kdc.realm(), kdc.kdc(), keytab)));
    }

    /** {@link #realm}, and the user {@code alice@example.test} (directory password {@code directory pw}). */
    static void externalRealm(String data, String hostname, MitKdc kdc, Path keytab) throws Exception {
        realm(data, hostname, kdc, keytab);
        TestMailboxes.addUser(Path.of(data), "alice@example.test", "directory pw");
    }

    /**
     * KRB5_CONFIG and KRB5CCNAME for the MIT clients (kinit, kpasswd) and curl against the
     * embedded KDC of the server at {@code offset}: {@code postern kerberos client-config}
     * written to {@code dir/krb5.conf}, a credential cache {@code dir/ccache}.
     */
    static Map<String, String> embeddedKdcClients(String data, int offset, Path dir) throws IOException {
        Result conf = PosternProcess.call(null, "kerberos", "client-config", "--kdc", "127.0.0.1", "--data", data,
                "--port-offset", Integer.toString(offset));
        assertThat(conf.exitStatus()).as("%s", conf).isZero();
        Path krb5 = dir.resolve("krb5.conf");
        Files.writeString(krb5, conf.out());
        return Map.of("KRB5_CONFIG", krb5.toString(), "KRB5CCNAME", "FILE:" + dir.resolve("ccache"));
    }
}
