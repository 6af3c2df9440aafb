package org.postern.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Port offsets for tests: an offset under which the reference's well-known ports (24, 25,
 * 88, 110, 143, 389, 443, 465, 587, 636, 993, 995, 5060-5062) are all free on loopback.
 */
final class FreePorts {

    private static final int[] WELL_KNOWN = {24, 25, 88, 110, 143, 389, 443, 465, 587, 636, 993, 995, 3343, 5060, 5061, 5062, 8443};

    private FreePorts() {
    }

    static int offset() {
        for (int attempt = 0; attempt < 200; attempt++) {
            // Below the kernel's ephemeral range (32768-60999): a machine holding thousands of
            // outgoing connections (a benchmark beside the tests) then never has the port already.
            int offset = 1000 + ThreadLocalRandom.current().nextInt(0, 23) * 1000 + ThreadLocalRandom.current().nextInt(0, 900);
            if (allFree(offset)) {
                return offset;
            }
        }
        throw new AssertionError("no free port offset found");
    }

    private static boolean allFree(int offset) {
        for (int port : WELL_KNOWN) {
            if (port + offset > 65535) {
                return false;
            }
            try (ServerSocket s = new ServerSocket(port + offset, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
