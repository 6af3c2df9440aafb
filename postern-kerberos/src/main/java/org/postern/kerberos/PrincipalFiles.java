package org.postern.kerberos;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kerby.kerberos.kerb.KrbException;
import org.apache.kerby.kerberos.kerb.identity.backend.MemoryIdentityBackend;
import org.apache.kerby.kerberos.kerb.request.KrbIdentity;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionKey;
import org.apache.kerby.kerberos.kerb.type.base.EncryptionType;

/**
 * The KDC's principal database: one small file per principal in {@code <data>/kdc/principals/},
 * named by the hex of its name, replaced atomically (write, fsync, rename) on every change. So
 * the running KDC and the {@code postern user} command line can both change and read it without
 * a lock or a message between them: each read sees a whole file, and a change made by the
 * command line counts at the KDC's next request. It extends Kerby's memory backend only so that
 * Kerby does not put a cache in front of it ({@code AbstractInternalKdcServer} caches every
 * other backend), and overrides all of its storage.
 *
 * <p>File format (big-endian): version 1, name (UTF), kvno, created and expiry (epoch ms, -1 for
 * none), KDC flags, disabled, locked, key count, then each key: enctype, kvno, length, bytes.
 * The folder is readable by the server's user only.
 */
public class PrincipalFiles extends MemoryIdentityBackend {

    /** The {@code BackendConfig} key naming the folder. */
    public static final String FOLDER_KEY = "postern.principals_dir";
    private static final int VERSION = 1;

    private Path folder;

    /** Made by Kerby by reflection; {@link #doInitialize} reads the folder from the configuration. */
    public PrincipalFiles() {
    }

    @Override
    protected void doInitialize() {
        folder = Path.of(getBackendConfig().getString(FOLDER_KEY));
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the principal folder " + folder, e);
        }
    }

    @Override
    protected KrbIdentity doGetIdentity(String principalName) {
        try {
            return decode(Files.readAllBytes(file(principalName)));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read principal " + principalName, e);
        }
    }

    @Override
    protected KrbIdentity doAddIdentity(KrbIdentity identity) {
        write(identity);
        return identity;
    }

    @Override
    protected KrbIdentity doUpdateIdentity(KrbIdentity identity) {
        write(identity);
        return identity;
    }

    @Override
    protected void doDeleteIdentity(String principalName) {
        try {
            Files.deleteIfExists(file(principalName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete principal " + principalName, e);
        }
    }

    @Override
    protected Iterable<String> doGetIdentities() throws KrbException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".principal")).sorted().toList()) {
                String hex = p.getFileName().toString().replace(".principal", "");
                names.add(new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new KrbException("cannot list the principals in " + folder, e);
        }
        return names;
    }

    private Path file(String principalName) {
        return folder.resolve(HexFormat.of().formatHex(principalName.getBytes(StandardCharsets.UTF_8)) + ".principal");
    }

    private void write(KrbIdentity identity) {
        Path target = file(identity.getPrincipalName());
        Path temporary = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + Thread.currentThread().threadId() + ".tmp");
        try {
            Files.write(temporary, encode(identity), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write principal " + identity.getPrincipalName(), e);
        }
    }

    static byte[] encode(KrbIdentity identity) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(identity.getPrincipalName());
            out.writeInt(identity.getKeyVersion());
            out.writeLong(identity.getCreatedTime() == null ? -1 : identity.getCreatedTime().getTime());
            out.writeLong(identity.getExpireTime() == null ? -1 : identity.getExpireTime().getTime());
            out.writeInt(identity.getKdcFlags());
            out.writeBoolean(identity.isDisabled());
            out.writeBoolean(identity.isLocked());
            out.writeInt(identity.getKeys().size());
            for (EncryptionKey key : identity.getKeys().values()) {
                out.writeInt(key.getKeyType().getValue());
                out.writeInt(key.getKvno());
                out.writeInt(key.getKeyData().length);
                out.write(key.getKeyData());
            }
        }
        return bytes.toByteArray();
    }

    static KrbIdentity decode(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("unknown principal file version " + version);
            }
            KrbIdentity identity = new KrbIdentity(in.readUTF());
            identity.setKeyVersion(in.readInt());
            long created = in.readLong();
            if (created >= 0) {
                identity.setCreatedTime(new KerberosTime(created));
            }
            long expires = in.readLong();
            if (expires >= 0) {
                identity.setExpireTime(new KerberosTime(expires));
            }
            identity.setKdcFlags(in.readInt());
            identity.setDisabled(in.readBoolean());
            identity.setLocked(in.readBoolean());
            int keys = in.readInt();
            for (int i = 0; i < keys; i++) {
                int type = in.readInt();
                int kvno = in.readInt();
                byte[] key = new byte[in.readInt()];
                in.readFully(key);
                identity.addKey(new EncryptionKey(EncryptionType.fromValue(type), key, kvno));
            }
            return identity;
        }
    }
}
