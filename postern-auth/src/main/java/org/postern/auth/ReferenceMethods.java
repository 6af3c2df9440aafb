package org.postern.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postern.core.datapath.AuthMethod;

/**
 * The reference's names ({@code datapaths.yaml}) for SASL mechanisms, so every listener
 * declares in its data path exactly what its protocol offers: PLAIN and LOGIN as themselves,
 * GSSAPI as Kerberos, NTLM as NTLM. A mechanism the reference has no name for is left out.
 *
 * <p>A row's two columns: <em>supported</em> is every method the server can offer a client by
 * its configuration ({@link #CONFIGURABLE}); <em>default</em> is what it offers now, on its
 * configuration as it stands (a fresh server: PLAIN and LOGIN, and Kerberos once the embedded
 * KDC has a realm; NTLM only once {@code directory.ntlm} is on), in the reference's words
 * ({@link #defaultColumn}).
 */
public final class ReferenceMethods {

    private ReferenceMethods() {
    }

    /**
     * Every method this authentication layer can offer a client, each by configuration: PLAIN and
     * LOGIN always after TLS, Kerberos (GSSAPI) once a realm gives the server its keys, NTLM once
     * the directory keeps NT hashes ({@code directory.ntlm}).
     */
    public static final List<AuthMethod> CONFIGURABLE =
            List.of(AuthMethod.PLAIN, AuthMethod.LOGIN, AuthMethod.NTLM, AuthMethod.KERBEROS);

    /**
     * The reference's default column for the methods offered: its defaults name kinds of
     * credential, and a password inside TLS is one kind, {@code plain}, whether SASL PLAIN or
     * LOGIN carries it (the supported column keeps LOGIN apart).
     */
    public static List<AuthMethod> defaultColumn(List<AuthMethod> offered) {
        List<AuthMethod> column = new ArrayList<>();
        for (AuthMethod m : offered) {
            AuthMethod kind = m == AuthMethod.LOGIN ? AuthMethod.PLAIN : m;
            if (!column.contains(kind)) {
                column.add(kind);
            }
        }
        return column;
    }

    /** The methods of both lists, the first's order first, each once. */
    static List<AuthMethod> union(List<AuthMethod> first, List<AuthMethod> second) {
        List<AuthMethod> all = new ArrayList<>(first);
        second.stream().filter(m -> !all.contains(m)).forEach(all::add);
        return all;
    }

    public static List<AuthMethod> of(List<String> mechanisms) {
        List<AuthMethod> methods = new ArrayList<>();
        for (String m : mechanisms) {
            switch (m.toUpperCase(Locale.ROOT)) {
                case "PLAIN" -> methods.add(AuthMethod.PLAIN);
                case "LOGIN" -> methods.add(AuthMethod.LOGIN);
                case "GSSAPI" -> methods.add(AuthMethod.KERBEROS);
                case "NTLM" -> methods.add(AuthMethod.NTLM);
                default -> {
                }
            }
        }
        return methods;
    }
}
