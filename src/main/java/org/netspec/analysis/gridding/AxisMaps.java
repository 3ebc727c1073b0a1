package org.netspec.analysis.gridding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.netspec.graph.Node;
import org.netspec.ops.AxisMap;

/** The operators' axis maps of one network, each built once: resampling tables are not free. */
final class AxisMaps {
    private final Map<Node, AxisMap[][]> maps = new HashMap<>();

    /** The node's map of a port along an axis. */
    AxisMap of(Node n, int port, boolean heightAxis) {
        AxisMap[][] byPort = maps.computeIfAbsent(n, k -> new AxisMap[k.inputs().size()][2]);
        int axis = heightAxis ? 0 : 1;
        if (byPort[port][axis] == null) {
            byPort[port][axis] = n.op().axisMap(n.attributes(), n.inputShapes(), n.shape(), port, heightAxis);
        }
        return byPort[port][axis];
    }

    /** Ports whose values the node reads. */
    List<Integer> dataPorts(Node n) {
        List<Integer> ports = new ArrayList<>();
        for (int port = 0; port < n.inputs().size(); port++) {
            if (of(n, port, true).kind() != AxisMap.Kind.UNREAD) {
                ports.add(port);
            }
        }
        return ports;
    }

    /** Whether some map of the node skips input positions between its taps (a dilated layer). */
    boolean skipsPositions(Node n) {
        for (int port = 0; port < n.inputs().size(); port++) {
            for (boolean heightAxis : new boolean[] {true, false}) {
                if (of(n, port, heightAxis).skipsPositions()) {
                    return true;
                }
            }
        }
        return false;
    }
}
