package org.postern.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server's local administration channel: a Unix domain socket in the data folder
 * ({@code admin.sock}, mode 0600, so only the server's own user reaches it), through which
 * the command line asks the server for what only the server holds — its queue, for one.
 * Postfix's {@code postqueue} talks to its queue manager the same way.
 *
 * <p>One request per connection: a JSON array of strings (the command's words), one reply
 * as a JSON {@link AdminReply}. Requests are bounded in size.
 */
public final class AdminSocket implements AutoCloseable {

    public static final String FILE_NAME = "admin.sock";
    static final int MAX_REQUEST = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(AdminSocket.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final Map<String, AdminHandler> handlers = new ConcurrentHashMap<>();
    private ServerSocketChannel channel;
    private volatile boolean closing;

    public AdminSocket(Path path) {
        this.path = path;
    }

    /** Registers the handler of a command word ({@code queue}); the handler gets the words after it. */
    public void register(String command, AdminHandler handler) {
        if (handlers.putIfAbsent(command, handler) != null) {
            throw new IllegalStateException("admin command registered twice: " + command);
        }
    }

    public void start() throws IOException {
        Files.deleteIfExists(path); // a stale socket of a server that died; the data folder lock proves none runs
        channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        channel.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        Thread.ofPlatform().daemon().name("postern-admin").start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                SocketChannel client = channel.accept();
                Thread.ofVirtual().name("postern-admin-request").start(() -> serve(client));
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("admin socket: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client; InputStream in = Channels.newInputStream(client); OutputStream out = Channels.newOutputStream(client)) {
            byte[] request = in.readNBytes(MAX_REQUEST + 1);
            AdminReply reply;
            if (request.length > MAX_REQUEST) {
                reply = AdminReply.error("request too long");
            } else {
                reply = dispatch(List.of(JSON.readValue(request, String[].class)));
            }
            out.write(JSON.writeValueAsBytes(reply));
        } catch (IOException e) {
            LOG.debug("admin request failed: {}", e.getMessage());
        }
    }

    private AdminReply dispatch(List<String> words) {
        if (words.isEmpty() || !handlers.containsKey(words.getFirst())) {
            return AdminReply.error("the running server has no command " + (words.isEmpty() ? "(none)" : words.getFirst()));
        }
        try {
            return handlers.get(words.getFirst()).handle(words.subList(1, words.size()));
        } catch (IllegalArgumentException e) {
            return AdminReply.error(e.getMessage());
        } catch (Exception e) {
            LOG.error("admin command {} failed", words, e);
            return AdminReply.error("failed: " + e.getClass().getSimpleName() + " (see the server's log)");
        }
    }

    /** Sends one request to the server on this socket and returns its reply. */
    public static AdminReply call(Path socket, List<String> words) throws IOException {
        if (!Files.exists(socket)) {
            throw new IOException("no server is running on this data folder (no " + socket + ")");
        }
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            OutputStream out = Channels.newOutputStream(c);
            out.write(JSON.writeValueAsBytes(words));
            out.flush();
            c.shutdownOutput();
            byte[] reply = Channels.newInputStream(c).readAllBytes();
            return JSON.readValue(new String(reply, StandardCharsets.UTF_8), AdminReply.class);
        } catch (java.net.SocketException e) {
            throw new IOException("no server is answering on " + socket + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("closing the admin socket: {}", e.getMessage());
        }
    }
}
