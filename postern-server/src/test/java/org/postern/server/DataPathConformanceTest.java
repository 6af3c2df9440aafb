package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.datapath.DataPathTable;
import org.postern.server.PosternProcess.Result;

/**
 * Every data path a running Postern reports is held against the reference's target for its
 * row (../shared/reference/datapaths.yaml, read now), so no row drifts from the reference
 * without this test saying so.
 */
class DataPathConformanceTest {

    @TempDir
    Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRowTheRunningServerReportsMeetsItsTarget() throws Exception {
        ReferenceTable reference = ReferenceTable.load();
        assertThat(reference.size()).as("rows in datapaths.yaml").isGreaterThan(40);
        String data = tmp.resolve("data").toString();
        int offset = FreePorts.offset();
        try (RunningServer server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset))) {
            Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data,
                    "--port-offset", Integer.toString(offset));
            assertThat(r.exitStatus()).as("%s", r).isZero();
            JsonNode rows = JSON.readTree(r.out());
            assertThat(rows.size()).as("rows reported").isGreaterThan(0);

            List<String> differences = new ArrayList<>();
            List<String> notYetBuilt = new ArrayList<>();
            List<String> offByDefault = new ArrayList<>();
            for (JsonNode row : rows) {
                differences.addAll(reference.differences(row));
                notYetBuilt.addAll(reference.notYetBuilt(row));
                offByDefault.addAll(reference.offByDefault(row));
                // The table the server printed at start carries the same row.
                assertThat(server.output()).contains(row.get("path").asText());
            }
            assertThat(differences).as("rows that differ from the reference's target").isEmpty();
            // Methods of the target still to come, or off until configured, are listed, never silently passed over.
            notYetBuilt.forEach(m -> System.out.println("data path conformance: " + m));
            offByDefault.forEach(m -> System.out.println("data path conformance: " + m));
            assertThat(server.output()).contains(String.join("  ", DataPathTable.COLUMNS.subList(0, 1)));
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    /**
     * The client rows tell what a fresh server offers once its first domain gives the embedded
     * KDC a realm: passwords under TLS and Kerberos by default, NTLM supported but off until
     * {@code directory.ntlm}; nothing of the target left unbuilt. Every other row of that server
     * (the LDAP endpoint and the KDC among them) meets its target too.
     */
    @Test
    void theClientRowsOfAFreshServerOfferKerberosByDefaultAndSupportNtlm() throws Exception {
        ReferenceTable reference = ReferenceTable.load();
        String data = tmp.resolve("fresh").toString();
        int offset = FreePorts.offset();
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", data).exitStatus()).isZero();
        try (RunningServer server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset))) {
            Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data,
                    "--port-offset", Integer.toString(offset));
            assertThat(r.exitStatus()).as("%s", r).isZero();
            List<String> clientRows = new ArrayList<>();
            List<String> differences = new ArrayList<>();
            for (JsonNode row : JSON.readTree(r.out())) {
                String id = row.get("id").asText();
                differences.addAll(reference.differences(row));
                if (List.of("client-smtp", "imap4", "pop3").contains(id)) {
                    clientRows.add(id);
                    assertThat(reference.differences(row)).as(id).isEmpty();
                    assertThat(row.get("default_auth").toString()).as(id).isEqualTo("[\"plain\",\"kerberos\"]");
                    assertThat(row.get("supported_auth").toString()).as(id)
                            .isEqualTo("[\"plain\",\"login\",\"ntlm\",\"kerberos\"]");
                    assertThat(reference.notYetBuilt(row)).as(id).isEmpty();
                    assertThat(reference.offByDefault(row)).as(id).containsExactly(id + ": default_auth [ntlm] off by default");
                }
            }
            assertThat(clientRows).containsExactlyInAnyOrder("client-smtp", "imap4", "pop3");
            // With a domain the KDC and the LDAP endpoint serve too: every row still meets its target.
            assertThat(differences).as("rows that differ from the reference's target").isEmpty();
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    @Test
    void theCheckCatchesARowThatDrifts() throws Exception {
        ReferenceTable reference = ReferenceTable.load();
        JsonNode weakHubToHub = JSON.readTree("""
                {"id": "hub-hub", "path": "Hub Transport server to Hub Transport server", "carrier": "network",
                 "ports": ["10025/tcp"], "reference_ports": ["25/tcp"], "default_auth": ["anonymous"],
                 "supported_auth": ["anonymous", "kerberos"], "encryption": "none", "encrypted_by_default": false}
                """);
        assertThat(reference.differences(weakHubToHub))
                .anyMatch(d -> d.contains("default_auth"))
                .anyMatch(d -> d.contains("supported_auth"))
                .anyMatch(d -> d.contains("encryption"))
                .anyMatch(d -> d.contains("encrypted_by_default"));
        JsonNode partialPop3 = JSON.readTree("""
                {"id": "pop3", "path": "POP3", "carrier": "network", "ports": ["110/tcp", "995/tcp"],
                 "reference_ports": ["110/tcp", "995/tcp"], "default_auth": ["plain"], "supported_auth": ["plain", "login"],
                 "encryption": "tls", "encrypted_by_default": true}
                """);
        assertThat(reference.differences(partialPop3)).as("a subset of the target's methods").isEmpty();
        assertThat(reference.notYetBuilt(partialPop3)).containsExactly("pop3: supported_auth [ntlm, kerberos] not yet built");
        assertThat(reference.offByDefault(partialPop3)).as("unbuilt, not off").isEmpty();
        JsonNode plainByDefaultPop3 = JSON.readTree("""
                {"id": "pop3", "path": "POP3", "carrier": "network", "ports": ["110/tcp", "995/tcp"],
                 "reference_ports": ["110/tcp", "995/tcp"], "default_auth": ["plain"],
                 "supported_auth": ["plain", "login", "ntlm", "kerberos"], "encryption": "tls", "encrypted_by_default": true}
                """);
        assertThat(reference.differences(plainByDefaultPop3)).isEmpty();
        assertThat(reference.notYetBuilt(plainByDefaultPop3)).isEmpty();
        assertThat(reference.offByDefault(plainByDefaultPop3)).containsExactly("pop3: default_auth [ntlm, kerberos] off by default");
        JsonNode defaultBeyondSupported = JSON.readTree("""
                {"id": "imap4", "path": "IMAP4", "carrier": "network", "ports": ["143/tcp", "993/tcp"],
                 "reference_ports": ["143/tcp", "993/tcp"], "default_auth": ["plain", "kerberos"], "supported_auth": ["plain", "login"],
                 "encryption": "tls", "encrypted_by_default": true}
                """);
        assertThat(reference.differences(defaultBeyondSupported)).singleElement()
                .satisfies(d -> assertThat(d).contains("not within its supported_auth"));
        JsonNode weakPop3 = JSON.readTree("""
                {"id": "pop3", "path": "POP3", "carrier": "network", "ports": ["110/tcp"],
                 "reference_ports": ["110/tcp"], "default_auth": ["basic"], "supported_auth": ["plain", "anonymous"],
                 "encryption": "tls", "encrypted_by_default": false}
                """);
        assertThat(reference.differences(weakPop3))
                .anyMatch(d -> d.contains("ports"))
                .anyMatch(d -> d.contains("default_auth"))
                .anyMatch(d -> d.contains("supported_auth"))
                .anyMatch(d -> d.contains("encrypted_by_default"));
        JsonNode unknown = JSON.readTree("""
                {"id": "carrier-pigeon", "path": "x", "carrier": "network", "ports": [], "reference_ports": [],
                 "default_auth": [], "supported_auth": [], "encryption": "none", "encrypted_by_default": false}
                """);
        assertThat(reference.differences(unknown)).hasSize(1);
        JsonNode directoryWithLdaps = JSON.readTree("""
                {"id": "hub-directory", "path": "Active Directory directory service access from Hub Transport server",
                 "carrier": "network", "ports": ["389/tcp", "636/tcp", "88/tcp", "88/udp"],
                 "reference_ports": ["389/tcp", "636/tcp", "88/tcp", "88/udp"], "default_auth": ["kerberos"],
                 "supported_auth": ["kerberos", "basic"], "encryption": "tls", "encrypted_by_default": true}
                """);
        assertThat(reference.differences(directoryWithLdaps)).as("LDAPS beside StartTLS").isEmpty();
        JsonNode directoryWithoutKdc = JSON.readTree("""
                {"id": "hub-directory", "path": "Active Directory directory service access from Hub Transport server",
                 "carrier": "network", "ports": ["389/tcp", "636/tcp", "3268/tcp"],
                 "reference_ports": ["389/tcp", "636/tcp", "3268/tcp"], "default_auth": ["kerberos"],
                 "supported_auth": ["kerberos", "basic"], "encryption": "tls", "encrypted_by_default": true}
                """);
        assertThat(reference.differences(directoryWithoutKdc)).singleElement()
                .satisfies(d -> assertThat(d).contains("ports"));
    }

    @Test
    void aClientAccessServerReadingAPlainTextStoreIsReportedAsItIs() throws Exception {
        Path data = tmp.resolve("cas");
        Files.createDirectories(data);
        Files.writeString(data.resolve("postern.yaml"), """
                roles: [cas]
                store:
                  type: postgresql
                  url: jdbc:postgresql://127.0.0.1:5432/postern?sslmode=disable
                """);
        Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data.toString());
        assertThat(r.exitStatus()).as("%s", r).isZero();
        JsonNode row = JSON.readTree(r.out()).get(0);
        assertThat(row.get("id").asText()).isEqualTo("cas-mailbox");
        assertThat(row.get("encryption").asText()).isEqualTo("none");
        assertThat(ReferenceTable.load().differences(row)).anyMatch(d -> d.contains("encryption"));

        Files.writeString(data.resolve("postern.yaml"), """
                roles: [cas]
                store:
                  type: postgresql
                  url: jdbc:postgresql://db.example.test:5432/postern?sslmode=verify-full
                """);
        Result tls = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data.toString());
        assertThat(ReferenceTable.load().differences(JSON.readTree(tls.out()).get(0)))
                .noneMatch(d -> d.contains("encryption") || d.contains("ports") || d.contains("default_auth"));
    }

    @Test
    void theTableIsPrintedInTheReferenceColumns() throws Exception {
        String data = tmp.resolve("table").toString();
        Result text = PosternProcess.call(null, "datapaths", "--data", data);
        assertThat(text.exitStatus()).isZero();
        String header = text.out().lines().findFirst().orElseThrow();
        int last = -1;
        for (String column : DataPathTable.COLUMNS) {
            assertThat(header.indexOf(column)).as(column).isGreaterThan(last);
            last = header.indexOf(column);
        }
        Result markdown = PosternProcess.call(null, "datapaths", "--format", "markdown", "--roles", "hub", "--data", data);
        assertThat(markdown.out()).startsWith("| Data path | Required ports |")
                .contains("Active Directory directory service access from Hub Transport server")
                .doesNotContain("Client Access server to Exchange 2007 Mailbox server");
    }
}
