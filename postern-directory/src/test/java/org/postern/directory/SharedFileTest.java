package org.postern.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.User;

/** The server and the command line open the same file: what one writes, the other sees at once. */
class SharedFileTest {

    @TempDir
    Path folder;

    private DirectoryTestSupport support;
    private EmbeddedDirectory server;
    private EmbeddedDirectory commandLine;

    @BeforeEach
    void open() {
        support = new DirectoryTestSupport(folder);
        server = support.open();
        commandLine = support.open();
    }

    @AfterEach
    void close() {
        support.close();
    }

    @Test
    void aWriteThroughOneIsSeenByTheOtherImmediately() {
        assertThat(server.isAcceptedDomain("example.com")).isFalse();
        commandLine.addDomain("example.com");
        assertThat(server.isAcceptedDomain("example.com")).isTrue();

        EmailAddress alice = EmailAddress.parse("alice@example.com");
        assertThat(server.resolve(alice)).isEmpty();
        User added = commandLine.addUser("alice@example.com", "Alice", "first".toCharArray());
        assertThat(server.resolve(alice)).contains(added);
        assertThat(server.authenticate("alice@example.com", "first".toCharArray())).contains(added);

        commandLine.setPassword("alice@example.com", "second".toCharArray());
        assertThat(server.authenticate("alice@example.com", "first".toCharArray())).isEmpty();
        assertThat(server.authenticate("alice@example.com", "second".toCharArray())).contains(added);

        commandLine.addGroup("team@example.com", null);
        commandLine.addMember("team@example.com", "alice@example.com");
        assertThat(server.groups()).singleElement().satisfies(g -> assertThat(g.members()).containsExactly(alice));

        commandLine.removeUser("alice@example.com");
        assertThat(server.resolve(alice)).isEmpty();
        assertThat(server.authenticate("alice@example.com", "second".toCharArray())).isEmpty();
    }

    /** The answers mail flow asks for again and again are kept, but never past a commit of either side. */
    @Test
    void keptAnswersGoWithTheNextCommitOfEitherSide() {
        commandLine.addDomain("example.com");
        User alice = commandLine.addUser("alice@example.com", "Alice", null);
        commandLine.addUser("bob@example.com", "Bob", null);
        EmailAddress address = EmailAddress.parse("Alice@Example.com");
        for (int i = 0; i < 3; i++) { // asked again: the same answers
            assertThat(server.isAcceptedDomain("EXAMPLE.com")).isTrue();
            assertThat(server.resolve(address)).contains(alice);
            assertThat(server.findUser(address)).contains(alice);
            assertThat(server.acceptedDomains()).containsExactly("example.com");
        }

        commandLine.removeUser("alice@example.com");
        assertThat(server.resolve(address)).isEmpty();
        assertThat(server.findUser(address)).isEmpty();
        commandLine.addAlias("alice@example.com", "bob@example.com");
        assertThat(server.resolve(address)).hasValueSatisfying(r -> assertThat(r).isInstanceOf(Alias.class));

        server.removeAlias("alice@example.com"); // the server's own write
        assertThat(server.resolve(address)).isEmpty();
        commandLine.removeUser("bob@example.com");
        commandLine.removeDomain("example.com");
        assertThat(server.isAcceptedDomain("example.com")).isFalse();
        assertThat(server.acceptedDomains()).isEmpty();
    }

    @Test
    void writersInBothTakeTurns() {
        server.addDomain("example.com");
        CompletableFuture<?> a = CompletableFuture.runAsync(() -> IntStream.range(0, 25)
                .forEach(i -> server.addUser("s" + i + "@example.com", null, null)));
        CompletableFuture<?> b = CompletableFuture.runAsync(() -> IntStream.range(0, 25)
                .forEach(i -> commandLine.addUser("c" + i + "@example.com", null, null)));
        CompletableFuture.allOf(a, b).join();
        assertThat(server.users()).hasSize(50);
        assertThat(commandLine.users()).hasSize(50);
    }
}
