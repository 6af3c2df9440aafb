package org.postern.core.datapath;

import java.util.List;

/**
 * Anything that carries data paths — a listener, a connector, a role's link to another — says
 * which, so the deployment's table is assembled from the running code and nothing else.
 */
public interface DataPathSource {
    List<DataPath> dataPaths();
}
