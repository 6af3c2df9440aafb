package org.postern.core.datapath;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataPathTableTest {

    private static DataPath submission(int port) {
        return new DataPath(ReferencePath.CLIENT_SMTP, "smtp-submission", Carrier.NETWORK,
                List.of(Port.tcp(port, 10000)), List.of(AuthMethod.PLAIN),
                List.of(AuthMethod.PLAIN, AuthMethod.LOGIN), Encryption.TLS, true);
    }

    @Test
    void mergesTwoListenersOfOnePath() {
        DataPathTable table = DataPathTable.assemble(List.of(() -> List.of(submission(587)), () -> List.of(submission(465))));
        assertThat(table.rows()).hasSize(1);
        assertThat(table.rows().getFirst().ports()).extracting(Port::toString).containsExactly("10587/tcp", "10465/tcp");
        assertThat(table.rows().getFirst().ports()).extracting(Port::referenceForm).containsExactly("587/tcp", "465/tcp");
    }

    @Test
    void printsTheReferenceColumns() {
        DataPathTable table = DataPathTable.assemble(List.of(() -> List.of(submission(587),
                DataPath.inProcess(ReferencePath.HUB_DIRECTORY, "directory"))));
        String text = table.toText();
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("Data path").contains("Encrypted by default?");
        assertThat(text).contains("End user SMTP client to Hub Transport").contains("10587/tcp").contains("Yes, tls")
                .contains("in-process");
        assertThat(table.toMarkdown()).startsWith("| Data path | Required ports | Default authentication |");
        assertThat(table.toJson()).contains("\"id\" : \"client-smtp\"").contains("\"reference_ports\" : [ \"587/tcp\" ]")
                .contains("\"carrier\" : \"in-process\"");
    }

    @Test
    void refusesADefaultThatIsNotSupported() {
        assertThatThrownBy(() -> new DataPath(ReferencePath.HUB_HUB, "smtp", Carrier.NETWORK, List.of(Port.tcp(25, 0)),
                List.of(AuthMethod.ANONYMOUS), List.of(AuthMethod.KERBEROS), Encryption.TLS, true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void referenceNamesRoundTrip() {
        for (AuthMethod m : AuthMethod.values()) {
            assertThat(AuthMethod.fromReferenceName(m.referenceName())).isEqualTo(m);
        }
        for (ReferencePath p : ReferencePath.values()) {
            assertThat(ReferencePath.fromId(p.id())).isEqualTo(p);
        }
    }
}
