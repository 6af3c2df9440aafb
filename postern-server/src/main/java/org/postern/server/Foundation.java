package org.postern.server;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.postern.auth.AuthThrottle;
import org.postern.auth.AuthThrottleSettings;
import org.postern.auth.Authenticator;
import org.postern.auth.DirectoryAuthenticator;
import org.postern.auth.GssapiInitiator;
import org.postern.auth.GssapiMechanism;
import org.postern.auth.MechanismFactory;
import org.postern.core.config.DirectoryConfig;
import org.postern.core.config.KerberosConfig;
import org.postern.auth.ntlm.NtlmMechanism;
import org.postern.auth.ntlm.NtlmSettings;
import org.postern.auth.scram.ScramSha256Mechanism;
import org.postern.core.directory.ScramVerifier;
import org.postern.core.config.PosternConfig;
import org.postern.core.config.StoreConfig;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.Carrier;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.Encryption;
import org.postern.core.datapath.Port;
import org.postern.core.datapath.ReferencePath;
import java.util.Optional;
import org.postern.core.config.ExternalLdapConfig;
import org.postern.core.directory.Directory;
import org.postern.core.directory.DirectoryAdmin;
import org.postern.ldap.external.LdapDirectory;
import org.postern.core.store.MailboxStore;
import org.postern.core.tls.TlsMaterial;
import org.postern.core.tracking.TrackingLog;
import org.postern.directory.DirectorySettings;
import org.postern.directory.EmbeddedDirectory;
import org.postern.directory.password.Argon2Settings;
import org.postern.kerberos.KdcDatabase;
import org.postern.kerberos.KerberosRealm;
import org.postern.kerberos.ServiceKeys;
import org.postern.sql.Database;
import org.postern.store.autoreply.SqlAutoReplies;
import org.postern.core.store.AutoReplies;
import org.postern.store.SqlMailboxStore;
import org.postern.store.StoreLimits;
import org.postern.store.tracking.SqlTrackingLog;

/**
 * The parts every role and every administration command stands on, opened from a data
 * folder and its configuration: the directory, the mailbox store and the tracking log. Each
 * is opened on first use, so a command that needs only the directory opens nothing else.
 */
public final class Foundation implements AutoCloseable {

    private final DataFolder folder;
    private final PosternConfig config;
    private Database directoryDatabase;
    private Database storeDatabase;
    private EmbeddedDirectory directory;
    private LdapDirectory externalDirectory;
    private SqlMailboxStore store;
    private SqlTrackingLog tracking;
    private SqlAutoReplies autoReplies;
    private Authenticator authenticator;
    private TlsMaterial tls;

    private Foundation(DataFolder folder, PosternConfig config) {
        this.folder = folder;
        this.config = config;
    }

    public static Foundation open(DataFolder folder, PosternConfig config) {
        return new Foundation(folder, config);
    }

    public DataFolder folder() {
        return folder;
    }

    public PosternConfig config() {
        return config;
    }

    /** The embedded directory, in {@code directory.db}. */
    public synchronized DirectoryAdmin directory() {
        if (directory == null) {
            directoryDatabase = Database.sqlite(folder.directoryDatabase());
            DirectoryConfig.Argon2 cost = config.directory().argon2();
            Argon2Settings defaults = Argon2Settings.DEFAULTS;
            Argon2Settings argon2 = new Argon2Settings(
                    cost.memoryKiB() == null ? defaults.memoryKiB() : cost.memoryKiB(),
                    cost.iterations() == null ? defaults.iterations() : cost.iterations(),
                    cost.parallelism() == null ? defaults.parallelism() : cost.parallelism());
            directory = EmbeddedDirectory.open(directoryDatabase,
                    new DirectorySettings(config.directory().ntlm(), argon2, scramIterations()));
        }
        return directory;
    }

    /**
     * The directory the roles read recipients and passwords from: the external LDAP directory
     * when {@code directory.ldap} names one (accepted domains still from the embedded
     * directory), else the embedded directory itself.
     */
    public synchronized Directory recipients() {
        Optional<ExternalLdapConfig> ldap = config.directory().external();
        if (ldap.isEmpty()) {
            return directory();
        }
        if (externalDirectory == null) {
            try {
                // bind gssapi: as this server's host/ principal, from the (external) realm's keytab
                Optional<GssapiInitiator> identity = serviceKeys()
                        .map(keys -> new GssapiInitiator(keys.keytab(), keys.hostPrincipal(config.hostname())));
                externalDirectory = LdapDirectory.open(ldap.get(), folder.root(), directory(), identity);
            } catch (IOException e) {
                throw new IllegalArgumentException("directory.ldap: " + e.getMessage(), e);
            }
        }
        return externalDirectory;
    }

    /** The mailbox store: SQLite ({@code store.db}) or PostgreSQL, and the blob folder; {@code store.inline_limit} and {@code store.quota} applied. */
    public synchronized MailboxStore store() {
        if (store == null) {
            Integer inlineLimit = config.store().inlineLimit();
            StoreLimits limits = (inlineLimit == null ? StoreLimits.defaults() : StoreLimits.defaults().withInlineLimit(inlineLimit))
                    .withStorageLimit(config.store().quotaOctets());
            store = SqlMailboxStore.open(storeDatabase(), folder.resolve(config.store().blobs()), limits);
        }
        return store;
    }

    /** The users' out-of-office replies (the Mailbox role's per-user data), in the store's database. */
    public synchronized AutoReplies autoReplies() {
        if (autoReplies == null) {
            autoReplies = SqlAutoReplies.open(storeDatabase());
        }
        return autoReplies;
    }

    /** The message tracking log, in the store's database. */
    public synchronized TrackingLog tracking() {
        if (tracking == null) {
            tracking = SqlTrackingLog.open(storeDatabase());
        }
        return tracking;
    }

    /**
     * The one authentication layer of this process, with its one failure throttle: every
     * protocol (SMTP submission, IMAP, POP3) authenticates through it, so failures on one count
     * on all. PLAIN and LOGIN, GSSAPI when the embedded realm's keytab exists (the
     * {@code KerberosService} makes it before the listeners start), and NTLM while
     * {@code directory.ntlm} is on (the directory keeps NT hashes only then), and SCRAM-SHA-256
     * with the embedded directory (ADR 0022); all only after TLS.
     */
    public synchronized Authenticator authenticator() {
        if (authenticator == null) {
            List<MechanismFactory> mechanisms = new ArrayList<>(DirectoryAuthenticator.passwordMechanisms());
            // GSSAPI (RFC 4752) once the realm has a keytab: after PLAIN and LOGIN, which stay the default.
            serviceKeys().filter(keys -> Files.isRegularFile(keys.keytab())).ifPresent(keys ->
                    mechanisms.add(new GssapiMechanism(keys.keytab(), Set.of(keys.realm().name()))));
            if (config.directory().ntlm()) {
                mechanisms.add(new NtlmMechanism(config.hostname(), NtlmSettings.DEFAULTS));
            }
            // SCRAM-SHA-256 (RFC 7677, ADR 0022) against the embedded directory's verifiers; an
            // external LDAP directory keeps none.
            if (config.directory().external().isEmpty()) {
                mechanisms.add(new ScramSha256Mechanism(scramIterations()));
            }
            authenticator = new DirectoryAuthenticator(recipients(), new AuthThrottle(AuthThrottleSettings.DEFAULTS),
                    mechanisms);
        }
        return authenticator;
    }

    /** {@code directory.scram_iterations}, or the default. */
    private int scramIterations() {
        Integer configured = config.directory().scramIterations();
        return configured == null ? ScramVerifier.DEFAULT_ITERATIONS : configured;
    }

    /**
     * The realm of this server's service principals and their keytab: the external realm of
     * {@code kerberos:} when configured, else the embedded KDC's once its database exists.
     */
    public Optional<ServiceKeys> serviceKeys() {
        KerberosConfig k = config.kerberos();
        if (k.externalRealm().isPresent()) {
            return Optional.of(new ServiceKeys(new KerberosRealm(k.realm()), folder.resolve(k.keytab())));
        }
        return KdcDatabase.open(folder.root()).map(db -> new ServiceKeys(db.realm(), db.keytab()));
    }

    /** The server's certificate and key, as configured (made on first start by {@code postern run}). */
    public synchronized TlsMaterial tls() throws IOException {
        if (tls == null) {
            try {
                tls = TlsMaterial.load(folder.resolve(config.tls().certificate()), folder.resolve(config.tls().privateKey()));
            } catch (GeneralSecurityException e) {
                throw new IOException("the TLS certificate cannot be used: " + e.getMessage(), e);
            }
        }
        return tls;
    }

    /** A TLS context serving the server's certificate, for every listener. */
    public SSLContext serverTlsContext() throws IOException {
        try {
            return tls().serverContext();
        } catch (GeneralSecurityException e) {
            throw new IOException("the TLS certificate cannot be used: " + e.getMessage(), e);
        }
    }

    private Database storeDatabase() {
        if (storeDatabase == null) {
            StoreConfig s = config.store();
            if (s.isPostgresql()) {
                if (s.url() == null) {
                    throw new IllegalArgumentException("store: type postgresql needs a url");
                }
                storeDatabase = Database.postgresql(s.url(), s.user(), readPassword(s), 16);
            } else if ("sqlite".equalsIgnoreCase(s.type())) {
                storeDatabase = Database.sqlite(folder.storeDatabase());
            } else {
                throw new IllegalArgumentException("store: unknown type '" + s.type() + "' (sqlite or postgresql)");
            }
        }
        return storeDatabase;
    }

    private String readPassword(StoreConfig s) {
        if (s.passwordFile() == null) {
            return null;
        }
        try {
            return Files.readString(folder.resolve(s.passwordFile()), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("store: cannot read password_file " + s.passwordFile() + ": " + e.getMessage());
        }
    }

    /**
     * How a role reaches the directory: the embedded directory is a method call in every
     * process that opens the data folder.
     */
    public DataPath directoryPath(ReferencePath row) {
        Optional<ExternalLdapConfig> ldap = config.directory().external();
        if (ldap.isPresent()) { // an external directory: LDAPS or StartTLS, never in clear
            // the service's bind: simple, or Kerberos (SASL GSSAPI) with bind: gssapi; a user's password is a simple bind as the user
            List<AuthMethod> service = ldap.get().gssapiBind() ? List.of(AuthMethod.KERBEROS) : List.of(AuthMethod.BASIC);
            List<AuthMethod> every = ldap.get().gssapiBind() ? List.of(AuthMethod.KERBEROS, AuthMethod.BASIC) : service;
            return new DataPath(row, "ldap", Carrier.NETWORK, List.of(Port.tcp(ldap.get().port(), 0)),
                    service, every, ldap.get().implicitTls() ? Encryption.LDAPS : Encryption.TLS, true);
        }
        return DataPath.inProcess(row, "directory");
    }

    /**
     * How a role reaches the mailbox store: a method call when the mailbox role runs in this
     * process or the store is the local SQLite file; otherwise a PostgreSQL connection, whose
     * port and encryption come from the configured URL (TLS when {@code sslmode} is require,
     * verify-ca or verify-full) and whose authentication is SCRAM-SHA-256.
     */
    public DataPath storePath(ReferencePath row, boolean mailboxInProcess) {
        StoreConfig s = config.store();
        if (mailboxInProcess || !s.isPostgresql() || s.url() == null) {
            return DataPath.inProcess(row, "store");
        }
        URI uri = URI.create(s.url().substring("jdbc:".length()));
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getQuery() == null ? "" : uri.getQuery().toLowerCase(Locale.ROOT);
        boolean tls = query.matches(".*(^|&)sslmode=(require|verify-ca|verify-full)(&|$).*");
        return new DataPath(row, "store (postgresql)", Carrier.NETWORK, List.of(Port.tcp(port, 0)),
                List.of(AuthMethod.SCRAM), List.of(AuthMethod.SCRAM),
                tls ? Encryption.TLS : Encryption.NONE, tls);
    }

    @Override
    public synchronized void close() {
        if (externalDirectory != null) {
            externalDirectory.close();
        }
        if (storeDatabase != null) {
            storeDatabase.close();
        }
        if (directoryDatabase != null) {
            directoryDatabase.close();
        }
    }
}
