package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.server.PosternProcess.Result;

/**
 * The administration commands on one data folder, judged by exit status, standard output and
 * standard error. Most run inside the test's JVM (the same code as the process, without a JVM
 * start each); {@link #aRealProcessGivesTheSameAnswers()} runs the real process.
 */
class CommandLineTest {

    @TempDir
    static Path tmp;

    static String data;

    @BeforeAll
    static void createDomain() throws Exception {
        data = tmp.resolve("data").toString();
        ok("domain", "add", "example.test", "--data", data);
    }

    static Result ok(String... args) throws Exception {
        return okWithInput(null, args);
    }

    static Result okWithInput(String stdin, String... args) throws Exception {
        Result r = PosternProcess.call(stdin, args);
        assertThat(r.exitStatus()).as("%s", r).isZero();
        return r;
    }

    /** A refusal: exit status 1 and exactly one line on standard error, never a stack trace. */
    static String refused(String... args) throws Exception {
        Result r = PosternProcess.call(null, args);
        assertThat(r.exitStatus()).as("%s", r).isEqualTo(1);
        assertThat(r.errLines()).as("%s", r).hasSize(1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.err()).startsWith("postern: ");
        return r.err().strip();
    }

    @Test
    void firstUseCreatesTheDataFolderAndACommentedConfiguration() throws Exception {
        Path config = Path.of(data, "postern.yaml");
        assertThat(config).exists();
        assertThat(Files.readString(config)).contains("# ").contains("roles: [hub, mailbox, cas]");
        assertThat(PosternConfig.load(config).roleSet()).extracting(Enum::name).containsExactlyInAnyOrder("HUB", "MAILBOX", "CAS");
        assertThat(PosternConfig.load(config).imap()).isEqualTo(PosternConfig.defaults().imap());
        assertThat(PosternConfig.load(config).transport()).isEqualTo(PosternConfig.defaults().transport());
        assertThat(PosternConfig.load(config).directory().argon2())
                .isEqualTo(new org.postern.core.config.DirectoryConfig.Argon2(19_456, 2, 1));
    }

    @Test
    void domainsAreAddedListedAndRemoved() throws Exception {
        ok("domain", "add", "Other.Example", "--data", data);
        assertThat(ok("domain", "list", "--data", data).out().lines()).contains("example.test", "other.example");
        assertThat(refused("domain", "add", "other.example", "--data", data)).contains("other.example");
        ok("domain", "remove", "other.example", "--data", data);
        assertThat(ok("domain", "list", "--data", data).out().lines()).doesNotContain("other.example");
        assertThat(refused("domain", "remove", "other.example", "--data", data)).contains("other.example");
        assertThat(refused("domain", "add", "not a domain!", "--data", data)).isNotEmpty();
    }

    @Test
    void usersGetAMailboxAndAPasswordFromStandardInput() throws Exception {
        okWithInput("correct horse battery staple\n",
                "user", "add", "alice@example.test", "--name", "Alice Liddell", "--password-stdin", "--data", data);
        assertThat(ok("user", "list", "--data", data).out()).contains("alice@example.test\tAlice Liddell");

        try (Foundation f = Foundation.open(new DataFolder(Path.of(data), null), PosternConfig.defaults())) {
            assertThat(f.directory().authenticate("alice@example.test", "correct horse battery staple".toCharArray())).isPresent();
            assertThat(f.directory().authenticate("alice@example.test", "wrong".toCharArray())).isEmpty();
            assertThat(f.store().hasMailbox(EmailAddress.parse("alice@example.test"))).isTrue();
        }

        okWithInput("new secret\r\n", "user", "passwd", "alice@example.test", "--password-stdin", "--data", data);
        try (Foundation f = Foundation.open(new DataFolder(Path.of(data), null), PosternConfig.defaults())) {
            assertThat(f.directory().authenticate("alice@example.test", "new secret".toCharArray())).isPresent();
        }
        assertThat(Files.readAllBytes(Path.of(data, "directory.db"))).asString().doesNotContain("new secret");
    }

    @Test
    void badInputIsOneClearLineAndExitStatusOne() throws Exception {
        okWithInput("pw\n", "user", "add", "bob@example.test", "--password-stdin", "--data", data);
        assertThat(refused("user", "add", "bob@example.test", "--data", data)).contains("bob@example.test");
        assertThat(refused("user", "add", "carol@unknown.test", "--data", data)).contains("unknown.test");
        assertThat(refused("user", "add", "not-an-address", "--data", data)).contains("not-an-address");
        assertThat(refused("user", "add", "a b@example.test", "--data", data)).isNotEmpty();
        assertThat(refused("user", "remove", "nobody@example.test", "--data", data)).contains("nobody@example.test");
        assertThat(refused("user", "frobnicate", "--data", data)).contains("frobnicate");
        assertThat(refused("user", "add", "--data", data)).contains("ADDRESS");
        assertThat(refused("alias", "add", "x@example.test", "nobody@example.test", "--data", data)).contains("nobody@example.test");
        assertThat(refused("track", "--since", "yesterday-ish", "--data", data)).contains("yesterday-ish");
        assertThat(refused("run", "--roles", "hub,sales", "--data", data)).contains("sales");
        assertThat(refused("run", "--roles", "edge,hub", "--data", data)).contains("edge");
    }

    @Test
    void aBadSettingIsAStartupErrorNamingIt() throws Exception {
        Path config = Files.writeString(tmp.resolve("idle.yaml"), "transport: {idle_connection_time: 10m}\n");
        assertThat(refused("run", "--config", config.toString(), "--data", data))
                .contains("transport.idle_connection_time must be at most 5m");
    }

    @Test
    void aliasesAndGroupsResolve() throws Exception {
        okWithInput("pw\n", "user", "add", "dave@example.test", "--password-stdin", "--data", data);
        okWithInput("pw\n", "user", "add", "erin@example.test", "--password-stdin", "--data", data);
        ok("alias", "add", "postmaster@example.test", "dave@example.test", "--data", data);
        ok("group", "add", "team@example.test", "--name", "The Team", "--data", data);
        ok("group", "member", "add", "team@example.test", "dave@example.test", "--data", data);
        ok("group", "member", "add", "team@example.test", "erin@example.test", "--data", data);
        ok("group", "member", "add", "team@example.test", "friend@elsewhere.test", "--data", data);
        assertThat(refused("group", "member", "add", "team@example.test", "dave@example.test", "--data", data)).contains("dave@example.test");

        assertThat(ok("alias", "list", "--data", data).out()).contains("postmaster@example.test\tdave@example.test");
        assertThat(ok("group", "list", "--data", data).out())
                .contains("team@example.test\tThe Team\tdave@example.test,erin@example.test,friend@elsewhere.test");
        ok("group", "member", "remove", "team@example.test", "erin@example.test", "--data", data);
        assertThat(ok("group", "list", "--data", data).out()).doesNotContain("erin@example.test");
        ok("alias", "remove", "postmaster@example.test", "--data", data);
        ok("group", "remove", "team@example.test", "--data", data);
        assertThat(ok("alias", "list", "--data", data).out()).isEmpty();
    }

    @Test
    void trackAnswersWhereAMessageWent() throws Exception {
        try (Foundation f = Foundation.open(new DataFolder(Path.of(data), null), PosternConfig.defaults())) {
            f.tracking().record(new TrackingEvent(Instant.now(), TrackingEventType.RECEIVE, "<m1@example.test>",
                    Optional.of("Q1"), "sender@elsewhere.test", List.of("frank@example.test"), "SMTP 127.0.0.1",
                    "hub", "250 2.0.0 queued"));
            f.tracking().record(new TrackingEvent(Instant.now(), TrackingEventType.DELIVER, "<m1@example.test>",
                    Optional.of("Q1"), "sender@elsewhere.test", List.of("frank@example.test"), "hub",
                    "mailbox frank@example.test/Inbox", "uid 1"));
            f.tracking().record(new TrackingEvent(Instant.now(), TrackingEventType.RECEIVE, "<m2@example.test>",
                    Optional.empty(), "other@elsewhere.test", List.of("grace@example.test"), "SMTP 127.0.0.1", "hub", ""));
        }
        String out = ok("track", "--message-id", "<m1@example.test>", "--data", data).out();
        assertThat(out.lines()).hasSize(2);
        assertThat(out.lines().toList().get(0)).contains("RECEIVE").contains("frank@example.test");
        assertThat(out.lines().toList().get(1)).contains("DELIVER").contains("mailbox frank@example.test/Inbox");
        assertThat(ok("track", "--sender", "other@elsewhere.test", "--since", "1h", "--data", data).out())
                .contains("<m2@example.test>").doesNotContain("<m1@example.test>");
        assertThat(ok("track", "--recipient", "FRANK@example.test", "--data", data).out().lines()).hasSize(2);
        Result none = PosternProcess.call(null, "track", "--recipient", "nobody@example.test", "--data", data);
        assertThat(none.exitStatus()).isZero();
        assertThat(none.out()).isEmpty();
    }

    @Test
    void aRealProcessGivesTheSameAnswers() throws Exception {
        Result added = PosternProcess.runWithInput("s3cret\n", "user", "add", "heidi@example.test", "--password-stdin", "--data", data);
        assertThat(added.exitStatus()).as("%s", added).isZero();
        Result duplicate = PosternProcess.run("user", "add", "heidi@example.test", "--data", data);
        assertThat(duplicate.exitStatus()).isEqualTo(1);
        assertThat(duplicate.errLines()).hasSize(1);
        assertThat(duplicate.err()).startsWith("postern: ").contains("heidi@example.test").doesNotContain("Exception");
        Result table = PosternProcess.run("datapaths", "--format", "markdown", "--data", data);
        assertThat(table.exitStatus()).isZero();
        assertThat(table.out()).as("output printed without a newline at its end is flushed too").startsWith("| Data path |");
        Result unknown = PosternProcess.run("frobnicate");
        assertThat(unknown.exitStatus()).isEqualTo(1);
        assertThat(unknown.errLines()).hasSize(1);
    }
}
