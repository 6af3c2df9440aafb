package org.postern.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;
import org.postern.core.config.PosternConfig;
import org.postern.core.tls.TlsMaterial;
import org.postern.server.admin.AdminSocket;
import org.postern.server.roles.ExternalRealm;
import org.postern.server.roles.RoleService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running server: the data folder locked to it, its foundation open, its roles started.
 * {@link #close()} (also run on SIGTERM and Ctrl-C) stops the roles first, so no new work
 * arrives, then closes the store and the directory, which commits what is in flight.
 */
public final class PosternServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PosternServer.class);

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Foundation foundation;
    private final Deployment deployment;
    private final TlsMaterial tls;
    private final AdminSocket admin;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private PosternServer(FileChannel lockChannel, FileLock lock, Foundation foundation, Deployment deployment,
                          TlsMaterial tls, AdminSocket admin) {
        this.admin = admin;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.foundation = foundation;
        this.deployment = deployment;
        this.tls = tls;
    }

    /**
     * Locks the data folder, makes the certificate on first start, opens the foundation and
     * starts every role. On any failure, what was opened is closed again.
     */
    public static PosternServer start(DataFolder folder, PosternConfig config) throws IOException, GeneralSecurityException {
        FileChannel channel = FileChannel.open(folder.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalArgumentException("another Postern server is running on " + folder.root());
        }
        Foundation foundation = null;
        Deployment deployment = null;
        AdminSocket admin = new AdminSocket(folder.adminSocket());
        try {
            if (folder.ensureCertificate(config)) {
                LOG.info("made a self-signed certificate for {} in {}", config.hostname(), folder.resolve(config.tls().certificate()));
            }
            TlsMaterial tls = TlsMaterial.load(folder.resolve(config.tls().certificate()), folder.resolve(config.tls().privateKey()));
            foundation = Foundation.open(folder, config);
            foundation.directory();
            foundation.store();
            foundation.tracking();
            ExternalRealm.prepare(foundation); // before any listener offers GSSAPI
            deployment = Deployment.assemble(config, foundation);
            for (RoleService role : deployment.roles()) {
                role.start();
                role.registerAdminCommands(admin);
            }
            admin.start();
            return new PosternServer(channel, lock, foundation, deployment, tls, admin);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            admin.close();
            if (deployment != null) {
                deployment.close();
            }
            if (foundation != null) {
                foundation.close();
            }
            lock.release();
            channel.close();
            throw e;
        }
    }

    public Deployment deployment() {
        return deployment;
    }

    public Foundation foundation() {
        return foundation;
    }

    public TlsMaterial tls() {
        return tls;
    }

    /** Prints where the server listens and its data path table. */
    public void describe(PrintWriter out) {
        PosternConfig config = deployment.config();
        out.println("Postern on " + config.hostname() + ", data in " + foundation.folder().root());
        out.println("Certificate: " + tls.certificate().getSubjectX500Principal().getName()
                + ", valid until " + tls.certificate().getNotAfter().toInstant());
        out.println("Roles:");
        for (RoleService role : deployment.roles()) {
            var where = role.listening();
            out.println("  " + role.role().title() + (where.isEmpty() ? ": no network listener (in-process paths only)" : ":"));
            where.forEach(w -> out.println("    " + w));
        }
        out.println();
        out.println("Data paths:");
        out.print(deployment.dataPathTable().toText());
        out.flush();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close();
            deployment.close();
            foundation.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("while releasing the data folder lock", e);
        } finally {
            stopped.countDown();
        }
    }
}
