package org.postern.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Objects;
import org.postern.core.config.HostName;
import org.postern.core.config.PosternConfig;
import org.postern.core.tls.SelfSignedCertificate;
import org.postern.server.admin.AdminSocket;

/**
 * The server's data folder ({@code ./data} unless {@code --data}): its configuration, its
 * databases, the message bytes and its certificate. The first use creates the folder and a
 * commented default configuration; the first start of the server adds a self-signed
 * certificate.
 */
public final class DataFolder {

    public static final String CONFIG_FILE = "postern.yaml";

    private final Path root;
    private final Path configFile;

    public DataFolder(Path root, Path configFile) {
        this.root = root.toAbsolutePath().normalize();
        this.configFile = configFile != null ? configFile.toAbsolutePath() : this.root.resolve(CONFIG_FILE);
    }

    public Path root() {
        return root;
    }

    public Path configFile() {
        return configFile;
    }

    /** A path named in the configuration: absolute as given, otherwise inside the data folder. */
    public Path resolve(String configured) {
        Path p = Path.of(configured);
        return p.isAbsolute() ? p : root.resolve(p);
    }

    public Path directoryDatabase() {
        return root.resolve("directory.db");
    }

    public Path storeDatabase() {
        return root.resolve("store.db");
    }

    /** The running server's administration socket. */
    public Path adminSocket() {
        return root.resolve(AdminSocket.FILE_NAME);
    }

    public Path lockFile() {
        return root.resolve("server.lock");
    }

    /** Creates the folder and, where there is none, the default configuration; then reads it. */
    public PosternConfig prepare() throws IOException {
        if (!Files.exists(root)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(configFile)) {
            writeDefaultConfig();
        }
        try {
            return PosternConfig.load(configFile);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("bad configuration in " + configFile + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("unreadable")
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
    }

    private void writeDefaultConfig() throws IOException {
        String template;
        try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream("/postern-default.yaml"))) {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(configFile.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(configFile.toAbsolutePath().getParent(), ".postern-", ".yaml");
        Files.writeString(temp, template.replace("${hostname}", HostName.local()));
        Files.move(temp, configFile, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes the self-signed certificate if neither PEM file exists yet; true if it made one. */
    public boolean ensureCertificate(PosternConfig config) throws IOException, GeneralSecurityException {
        Path certificate = resolve(config.tls().certificate());
        Path key = resolve(config.tls().privateKey());
        if (Files.exists(certificate) || Files.exists(key)) {
            if (!Files.exists(certificate) || !Files.exists(key)) {
                throw new IllegalArgumentException("TLS: " + (Files.exists(certificate) ? key : certificate)
                        + " is missing (remove both files to have a new self-signed pair made)");
            }
            return false;
        }
        SelfSignedCertificate.create(config.hostname(), certificate, key);
        return true;
    }
}
