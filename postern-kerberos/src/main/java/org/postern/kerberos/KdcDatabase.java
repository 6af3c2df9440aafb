package org.postern.kerberos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.admin.kadmin.local.LocalKadminImpl;
import org.apache.kerby.kerberos.kerb.identity.backend.BackendConfig;
import org.apache.kerby.kerberos.kerb.server.KdcConfig;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.apache.kerby.kerberos.kerb.server.KdcSetting;
import org.postern.core.address.EmailAddress;

/**
 * The embedded KDC's database in the data folder ({@code <data>/kdc/}): the realm, fixed when
 * the database is made ({@code kdc/realm}), and the principals ({@link PrincipalFiles}). Both the
 * running server and the command line open it: {@code postern user add|passwd|remove} write the
 * user's principal here directly, so a change counts at the KDC's next request whether or not
 * the server runs — no queue and no message between them.
 *
 * <p>Keys: AES only ({@link #ENCRYPTION_TYPES}; current JDKs and MIT Kerberos ignore DES and
 * 3DES). A user's keys are derived from its password (RFC 3962 string-to-key with the realm
 * and name as salt) at the moment the password is set, while it is in memory; the clear password
 * is never written. Services get random keys, exported to the server's keytab
 * ({@code <data>/krb5.keytab}, owner-only), which holds nothing but the service keys — never
 * krbtgt's nor a user's.
 */
public final class KdcDatabase {

    /** The folder in the data folder. */
    public static final String FOLDER = "kdc";
    /** The keytab the acceptor reads, in the data folder. */
    public static final String KEYTAB = "krb5.keytab";
    /** Encryption types of every key: RFC 3962's AES, strongest first. */
    public static final String ENCRYPTION_TYPES = "aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96";
    /** The services of this server that get a principal for its host name. */
    public static final List<String> SERVICES = List.of("smtp", "imap", "pop", "host", "HTTP", "ldap");

    private final Path dataRoot;
    private final KerberosRealm realm;
    private final KdcConfig kdcConfig;
    private final BackendConfig backendConfig;
    private final LocalKadminImpl kadmin;

    private KdcDatabase(Path dataRoot, KerberosRealm realm) throws KrbException {
        this.dataRoot = dataRoot;
        this.realm = realm;
        this.kdcConfig = new KdcConfig();
        kdcConfig.setString(KdcConfigKey.KDC_REALM, realm.name());
        kdcConfig.setString(KdcConfigKey.ENCRYPTION_TYPES, ENCRYPTION_TYPES);
        this.backendConfig = new BackendConfig();
        backendConfig.setString(KdcConfigKey.KDC_IDENTITY_BACKEND, PrincipalFiles.class.getName());
        backendConfig.setString(PrincipalFiles.FOLDER_KEY, folder(dataRoot).resolve("principals").toString());
        PrincipalFiles backend = new PrincipalFiles();
        backend.setConfig(backendConfig);
        backend.initialize();
        this.kadmin = new LocalKadminImpl(new KdcSetting(kdcConfig, backendConfig), backend);
        if (kadmin.getPrincipal("krbtgt/" + realm.name() + "@" + realm.name()) == null) {
            kadmin.createBuiltinPrincipals();
        }
    }

    /** The database's folder in a data folder. */
    public static Path folder(Path dataRoot) {
        return dataRoot.resolve(FOLDER);
    }

    /** The database of this data folder, if one was made. */
    public static Optional<KdcDatabase> open(Path dataRoot) {
        Path realmFile = folder(dataRoot).resolve("realm");
        if (!Files.isRegularFile(realmFile)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KdcDatabase(dataRoot, new KerberosRealm(Files.readString(realmFile).strip())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + realmFile, e);
        } catch (KrbException e) {
            throw new IllegalStateException("the KDC database in " + folder(dataRoot) + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * The database of this data folder, made if need be for the realm of {@code firstDomain}
     * (once made, the realm stays, whatever domains come later).
     */
    public static synchronized KdcDatabase openOrCreate(Path dataRoot, String firstDomain) {
        Optional<KdcDatabase> existing = open(dataRoot);
        if (existing.isPresent()) {
            return existing.get();
        }
        KerberosRealm realm = KerberosRealm.ofDomain(firstDomain);
        Path folder = folder(dataRoot);
        try {
            Files.createDirectories(folder);
            restrict(folder, "rwx------");
            KdcDatabase db = new KdcDatabase(dataRoot, realm);
            Path tmp = folder.resolve("realm.tmp");
            Files.writeString(tmp, realm.name() + "\n", StandardCharsets.US_ASCII);
            move(tmp, folder.resolve("realm"));
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the KDC database in " + folder, e);
        } catch (KrbException e) {
            throw new IllegalStateException("cannot make the KDC database in " + folder + ": " + e.getMessage(), e);
        }
    }

    public KerberosRealm realm() {
        return realm;
    }

    /** The server's keytab ({@code <data>/krb5.keytab}). */
    public Path keytab() {
        return dataRoot.resolve(KEYTAB);
    }

    KdcConfig kdcConfig() {
        return kdcConfig;
    }

    BackendConfig backendConfig() {
        return backendConfig;
    }

    /**
     * Makes the service principals of {@link #SERVICES} for each host name that lacks them, and
     * writes the keytab afresh with exactly the keys of this server's services.
     */
    public synchronized void ensureServices(List<String> hostnames) {
        try {
            List<String> principals = new ArrayList<>();
            for (String host : hostnames) {
                for (String service : SERVICES) {
                    String principal = realm.service(service, host);
                    if (kadmin.getPrincipal(principal) == null) {
                        kadmin.addPrincipal(principal);
                    }
                    principals.add(principal);
                }
            }
            Path keytab = keytab();
            Path tmp = keytab.resolveSibling(KEYTAB + ".tmp");
            Files.deleteIfExists(tmp);
            kadmin.exportKeytab(tmp.toFile(), principals);
            restrict(tmp, "rw-------");
            move(tmp, keytab);
        } catch (KrbException e) {
            throw new IllegalStateException("cannot make the service principals: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keytab " + keytab(), e);
        }
    }

    /**
     * Gives a user's principal keys derived from this password (making the principal if need
     * be). Does nothing for a user outside the realm's domain.
     *
     * @return the principal, or empty when the user has none
     */
    public synchronized Optional<String> setPassword(EmailAddress user, char[] password) {
        Optional<String> principal = realm.principalOf(user);
        if (principal.isEmpty()) {
            return principal;
        }
        String clear = new String(password); // Kerby's string-to-key takes a String
        try {
            if (kadmin.getPrincipal(principal.get()) == null) {
                kadmin.addPrincipal(principal.get(), clear);
            } else {
                kadmin.changePassword(principal.get(), clear);
            }
        } catch (KrbException e) {
            throw new IllegalStateException("cannot set the keys of " + principal.get() + ": " + e.getMessage(), e);
        }
        return principal;
    }

    /** Removes a user's principal, if it has one. */
    public synchronized void remove(EmailAddress user) {
        Optional<String> principal = realm.principalOf(user);
        if (principal.isEmpty()) {
            return;
        }
        try {
            if (kadmin.getPrincipal(principal.get()) != null) {
                kadmin.deletePrincipal(principal.get());
            }
        } catch (KrbException e) {
            throw new IllegalStateException("cannot remove " + principal.get() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the principal exists. */
    public boolean hasPrincipal(String principal) {
        try {
            return kadmin.getPrincipal(principal) != null;
        } catch (KrbException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void restrict(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: the folder's own permissions apply
        }
    }
}
