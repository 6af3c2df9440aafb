package org.postern.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The local host's name, as the server names itself when the configuration does not. Read
 * from the kernel, not from DNS: the first start must work on a machine with no network.
 */
public final class HostName {

    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    private HostName() {
    }

    public static String local() {
        String name = null;
        try {
            if (Files.isReadable(KERNEL_HOSTNAME)) {
                name = Files.readString(KERNEL_HOSTNAME).trim();
            }
        } catch (IOException e) {
            name = null;
        }
        if (name == null || name.isEmpty()) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isBlank() || name.equals("(none)")) {
            name = "localhost";
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
