package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@code postern run} for one test class, registered with {@code @RegisterExtension}: a new
 * data folder with one user of the embedded directory, a free port offset; started before the
 * class's tests (and its {@code @BeforeAll} methods), stopped after them with a clean exit and no
 * exception anywhere in its log.
 */
final class OneUserServer implements BeforeAllCallback, AfterAllCallback {

    /** What a class puts in the data folder after the user is made and before the server starts. */
    @FunctionalInterface
    interface Preparation {
        void prepare(Path data) throws Exception;
    }

    private final String user;
    private final String password;
    private final Preparation preparation;
    private Path folder;
    private Path data;
    private int offset;
    private RunningServer server;

    OneUserServer(String user, String password) {
        this(user, password, data -> { });
    }

    OneUserServer(String user, String password, Preparation preparation) {
        this.user = user;
        this.password = password;
        this.preparation = preparation;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        folder = Files.createTempDirectory("postern-" + context.getDisplayName() + "-");
        data = folder.resolve("data");
        TestMailboxes.createUser(data, user, password);
        preparation.prepare(data);
        // FreePorts only saw the ports free: another process (a test of another build on this
        // machine) may bind one before the server does. Then another offset, a few times.
        for (int attempt = 1; ; attempt++) {
            offset = FreePorts.offset();
            try {
                server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset));
                return;
            } catch (AssertionError e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (server != null) {
                assertThat(server.stop()).isIn(0, 143);
                assertThat(server.errorsAfterStop()).doesNotContain("Exception");
            }
        } finally {
            deleteFolder();
        }
    }

    private void deleteFolder() throws IOException {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The server's data folder. */
    Path data() {
        return data;
    }

    /** The port offset it listens at (143 + offset for IMAP, ...). */
    int offset() {
        return offset;
    }

    RunningServer server() {
        return server;
    }
}
