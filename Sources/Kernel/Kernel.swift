/// Kernel: Swiftlet's declarative kernel route table. The daemon states the routes it wants
/// (`RouteTable.setDesired`) and calls `apply()`; the table reconciles that set with the
/// kernel over rtnetlink (`NetlinkRouteTable`) or with an in-memory kernel for unit tests
/// (`InMemoryRouteTable`). It only ever touches routes tagged with its own route protocol
/// number in its own table, writes only deltas (batched, one ACK per batch), never deletes and
/// re-adds a route that is already right, and repairs drift on `resync()`. `TunnelDevices`
/// does the same for the tunnel dataplane the routes go through: `vxlan.calico` with its VTEP
/// neighbour and FDB entries, and `tunl0` (`NetlinkTunnelDevices`, `InMemoryTunnelDevices`).
///
/// Owns: the route table protocol, the reconcile plan, netlink request batching, tunnel devices
/// and their entries, error mapping. Never does: BGP, route decisions (the daemon's), pod
/// interfaces, routes of other protocols.
//
// Names: `RouteTable` here is the protocol; NetlinkWire's table-id enum of the
// same name is hidden by it here (use `RouteTableConfiguration.mainTable`).
