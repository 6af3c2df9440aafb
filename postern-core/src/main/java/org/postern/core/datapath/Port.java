package org.postern.core.datapath;

/**
 * A port a data path uses: the reference's default number, the offset the deployment adds
 * ({@code --port-offset}), and the transport.
 */
public record Port(int base, int offset, Transport transport) {

    public enum Transport { TCP, UDP }

    public Port {
        if (base < 0 || base + offset > 65535 || base + offset < 0) {
            throw new IllegalArgumentException("port out of range: " + base + "+" + offset);
        }
    }

    public static Port tcp(int base, int offset) {
        return new Port(base, offset, Transport.TCP);
    }

    public static Port udp(int base, int offset) {
        return new Port(base, offset, Transport.UDP);
    }

    /** The port actually used: the reference's number plus the offset. */
    public int number() {
        return base + offset;
    }

    /** As the reference writes it, with the offset applied: {@code 25/tcp}. */
    @Override
    public String toString() {
        return number() + "/" + transport.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** As the reference writes it, before any offset: {@code 25/tcp}. */
    public String referenceForm() {
        return base + "/" + transport.name().toLowerCase(java.util.Locale.ROOT);
    }
}
