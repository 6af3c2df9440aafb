package org.postern.core.datapath;

/** What carries a data path in this deployment. */
public enum Carrier {
    /** A network connection between processes or machines, on the path's ports. */
    NETWORK,
    /**
     * A method call: both ends are roles of one process (DESIGN.md, "Roles"), so nothing
     * crosses a wire and there is nothing to authenticate or encrypt.
     */
    IN_PROCESS
}
