package org.postern.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postern.core.datapath.AuthMethod;

/**
 * The reference's names ({@code datapaths.yaml}) for SASL mechanisms, so every listener
 * declares in its data path exactly what its protocol offers: PLAIN and LOGIN as themselves,
 * GSSAPI as Kerberos, NTLM as NTLM. A mechanism the reference has no name for is left out.
 */
public final class ReferenceMethods {

    private ReferenceMethods() {
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
