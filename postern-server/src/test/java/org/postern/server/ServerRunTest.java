package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.config.HostName;
import org.postern.core.tls.TlsMaterial;
import org.postern.server.PosternProcess.Result;

/** {@code postern run} on a fresh data folder, as a new user starts it. */
class ServerRunTest {

    @TempDir
    Path tmp;

    @Test
    void firstStartCreatesEverythingItNeedsAndStopsCleanlyOnSigterm() throws Exception {
        Path data = tmp.resolve("data");
        int offset = FreePorts.offset();
        try (RunningServer server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset))) {
            assertThat(data.resolve("postern.yaml")).exists();
            assertThat(data.resolve("directory.db")).exists();
            assertThat(data.resolve("store.db")).exists();
            Path key = data.resolve("tls/private-key.pem");
            assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            TlsMaterial tls = TlsMaterial.load(data.resolve("tls/certificate.pem"), key);
            X509Certificate cert = tls.certificate();
            assertThat(cert.getSubjectX500Principal().getName()).contains("CN=" + HostName.local());
            cert.verify(cert.getPublicKey());
            assertThat(tls.serverContext()).isNotNull();

            String out = server.output();
            assertThat(out).contains("Postern on " + HostName.local())
                    .contains("Hub Transport").contains("Mailbox").contains("Client Access")
                    .contains("Data path").contains("Encrypted by default?");

            Result second = PosternProcess.run("run", "--data", data.toString(), "--port-offset", Integer.toString(offset));
            assertThat(second.exitStatus()).isEqualTo(1);
            assertThat(second.err().strip()).isEqualTo("postern: another Postern server is running on " + data.toAbsolutePath().normalize());

            // While it runs, the command line works on the same data folder.
            assertThat(PosternProcess.run("domain", "add", "example.test", "--data", data.toString()).exitStatus()).isZero();

            assertThat(server.stop()).isIn(0, 143);
            assertThat(server.errors()).doesNotContain("Exception");
        }
        byte[] certificate = Files.readAllBytes(data.resolve("tls/certificate.pem"));
        try (RunningServer again = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(FreePorts.offset()))) {
            assertThat(Files.readAllBytes(data.resolve("tls/certificate.pem"))).as("the certificate is kept").isEqualTo(certificate);
            assertThat(PosternProcess.run("domain", "list", "--data", data.toString()).out()).contains("example.test");
            again.stop();
        }
    }

    @Test
    void aBrokenConfigurationIsOneLineNamingTheFile() throws Exception {
        Path data = tmp.resolve("broken");
        Files.createDirectories(data);
        Files.writeString(data.resolve("postern.yaml"), "roles: [hub]\nport_ofset: 5\n");
        Result r = PosternProcess.run("run", "--data", data.toString());
        assertThat(r.exitStatus()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("postern.yaml").contains("port_ofset");
    }
}
