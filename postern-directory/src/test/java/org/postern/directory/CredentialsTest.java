package org.postern.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.directory.Recipient.User;
import org.postern.directory.password.Argon2Settings;

class CredentialsTest {

    private static final String NT_HASH_OF_PASSWORD = "8846F7EAEE8FB117AD06BDD830B7586C";
    private static final DirectorySettings NTLM_ON = new DirectorySettings(true, DirectoryTestSupport.CHEAP);
    private static final DirectorySettings NTLM_OFF = new DirectorySettings(false, DirectoryTestSupport.CHEAP);

    @TempDir
    Path folder;

    private DirectoryTestSupport support;

    @BeforeEach
    void setUp() {
        support = new DirectoryTestSupport(folder);
    }

    @AfterEach
    void tearDown() {
        support.close();
    }

    private EmbeddedDirectory openWithDomain(DirectorySettings settings) {
        EmbeddedDirectory directory = support.open(settings);
        if (!directory.isAcceptedDomain("example.com")) {
            directory.addDomain("example.com");
        }
        return directory;
    }

    private String column(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + support.file());
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    /** Every byte of the database: the main file, its write-ahead log and shared memory index. */
    private byte[] databaseBytes() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().startsWith("directory.db")).toList();
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (Path part : parts) {
                all.write(Files.readAllBytes(part));
            }
            return all.toByteArray();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void authenticatesTheRightPasswordOnly() {
        EmbeddedDirectory directory = openWithDomain(NTLM_OFF);
        User alice = directory.addUser("alice@example.com", "Alice", "correct horse".toCharArray());
        directory.addUser("nopass@example.com", null, null);

        assertThat(directory.authenticate("alice@example.com", "correct horse".toCharArray())).contains(alice);
        assertThat(directory.authenticate("ALICE@Example.COM", "correct horse".toCharArray())).contains(alice);
        assertThat(directory.authenticate("alice@example.com", "Correct horse".toCharArray())).isEmpty();
        assertThat(directory.authenticate("alice@example.com", new char[0])).isEmpty();
        assertThat(directory.authenticate("alice@example.com", null)).isEmpty();
        assertThat(directory.authenticate("bob@example.com", "correct horse".toCharArray())).isEmpty();
        assertThat(directory.authenticate("nopass@example.com", new char[0])).isEmpty();
        assertThat(directory.authenticate("", "x".toCharArray())).isEmpty();
        assertThat(directory.authenticate(null, "x".toCharArray())).isEmpty();

        directory.setPassword("alice@example.com", "battery staple".toCharArray());
        assertThat(directory.authenticate("alice@example.com", "correct horse".toCharArray())).isEmpty();
        assertThat(directory.authenticate("alice@example.com", "battery staple".toCharArray())).contains(alice);
    }

    @Test
    void storesAnArgon2idPhcStringAndNoClearText() throws Exception {
        String password = "Tr0ub4dor&3-clear-text-marker";
        EmbeddedDirectory directory = openWithDomain(new DirectorySettings(true, Argon2Settings.DEFAULTS));
        directory.addUser("alice@example.com", null, password.toCharArray());
        directory.addUser("bob@example.com", null, null);
        directory.setPassword("bob@example.com", password.toCharArray());

        assertThat(column("SELECT password_hash FROM mailbox_user WHERE canonical = 'alice@example.com'"))
                .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        byte[] bytes = databaseBytes();
        assertThat(contains(bytes, "alice@example.com".getBytes(StandardCharsets.UTF_8))).as("sanity: the search works").isTrue();
        assertThat(contains(bytes, password.getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(contains(bytes, password.getBytes(StandardCharsets.UTF_16LE))).isFalse();
        assertThat(contains(bytes, password.getBytes(StandardCharsets.UTF_16BE))).isFalse();
    }

    @Test
    void keepsTheNtHashOnlyWithNtlmOn() throws Exception {
        EmbeddedDirectory withNtlm = openWithDomain(NTLM_ON);
        User alice = withNtlm.addUser("alice@example.com", null, "password".toCharArray());
        assertThat(withNtlm.ntHash(alice)).hasValueSatisfying(
                h -> assertThat(HexFormat.of().withUpperCase().formatHex(h)).isEqualTo(NT_HASH_OF_PASSWORD));
        byte[] ntHash = HexFormat.of().parseHex(NT_HASH_OF_PASSWORD);
        assertThat(contains(databaseBytes(), ntHash)).isTrue();
        support.close();

        EmbeddedDirectory withoutNtlm = openWithDomain(NTLM_OFF);
        assertThat(withoutNtlm.ntHash(alice)).isEmpty();
        assertThat(column("SELECT COUNT(*) FROM mailbox_user WHERE nt_hash IS NOT NULL")).isEqualTo("0");
        assertThat(contains(databaseBytes(), ntHash)).as("erased, not just unlinked").isFalse();

        withoutNtlm.setPassword("alice@example.com", "password".toCharArray());
        User bob = withoutNtlm.addUser("bob@example.com", null, "password".toCharArray());
        assertThat(column("SELECT COUNT(*) FROM mailbox_user WHERE nt_hash IS NOT NULL")).isEqualTo("0");
        assertThat(withoutNtlm.authenticate("bob@example.com", "password".toCharArray())).contains(bob);
        assertThat(column("SELECT COUNT(*) FROM mailbox_user WHERE nt_hash IS NOT NULL")).isEqualTo("0");
    }

    @Test
    void addsAMissingNtHashAtSignInOnceNtlmIsOn() {
        User alice = openWithDomain(NTLM_OFF).addUser("alice@example.com", null, "password".toCharArray());
        support.close();
        EmbeddedDirectory directory = openWithDomain(NTLM_ON);
        assertThat(directory.ntHash(alice)).isEmpty();
        assertThat(directory.authenticate("alice@example.com", "password".toCharArray())).isPresent();
        assertThat(directory.ntHash(alice)).hasValueSatisfying(
                h -> assertThat(HexFormat.of().withUpperCase().formatHex(h)).isEqualTo(NT_HASH_OF_PASSWORD));
    }

    @Test
    void rehashesAtSignInWhenTheSettingsChanged() throws Exception {
        openWithDomain(NTLM_OFF).addUser("alice@example.com", null, "pw".toCharArray());
        support.close();
        assertThat(column("SELECT password_hash FROM mailbox_user")).startsWith("$argon2id$v=19$m=64,t=1,p=1$");

        EmbeddedDirectory stronger = openWithDomain(new DirectorySettings(false, new Argon2Settings(128, 2, 1)));
        assertThat(stronger.authenticate("alice@example.com", "wrong".toCharArray())).isEmpty();
        assertThat(column("SELECT password_hash FROM mailbox_user")).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(stronger.authenticate("alice@example.com", "pw".toCharArray())).isPresent();
        assertThat(column("SELECT password_hash FROM mailbox_user")).startsWith("$argon2id$v=19$m=128,t=2,p=1$");
        assertThat(stronger.authenticate("alice@example.com", "pw".toCharArray())).isPresent();
    }

    @Test
    void anUnknownLoginCostsAsMuchAsAKnownOne() {
        EmbeddedDirectory directory = openWithDomain(new DirectorySettings(false, Argon2Settings.DEFAULTS));
        directory.addUser("alice@example.com", null, "password".toCharArray());
        directory.authenticate("alice@example.com", "warm-up".toCharArray());
        long known = medianNanos(() -> directory.authenticate("alice@example.com", "wrong".toCharArray()));
        long unknown = medianNanos(() -> directory.authenticate("nobody@example.com", "wrong".toCharArray()));
        assertThat(unknown).as("CPU time: unknown %d ns vs known %d ns", unknown, known).isGreaterThan(known / 2);
    }

    private static long medianNanos(Runnable work) {
        long[] times = new long[5];
        for (int i = 0; i < times.length; i++) {
            // CPU time of this thread, not wall time: the work done, whatever else the machine is doing.
            long start = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            work.run();
            times[i] = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
