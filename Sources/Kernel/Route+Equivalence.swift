/// Whether a route in the kernel already is the route Swiftlet wants, compared on the fields
/// that matter — destination, table, protocol, type, scope, metric and each next hop's
/// gateway, onlink flag and interface — never on what the kernel adds by itself (RTNH_F_LINKDOWN,
/// RTA_PREF, cache info, the `dev lo` of an IPv6 blackhole, an interface it chose itself).
import NetlinkWire

extension Route {
    /// True when `self` (as Swiftlet wants it) and `kernel` (as dumped or as last written)
    /// are the same route.
    func isSatisfied(by kernel: Route) -> Bool {
        guard destination == kernel.destination, table == kernel.table, `protocol` == kernel.protocol,
              type == kernel.type, RouteKey(self) == RouteKey(kernel) else { return false }
        // A blackhole's next hops and scope are the kernel's business.
        if type == .blackhole { return true }
        guard scope == kernel.scope, nextHops.count == kernel.nextHops.count else { return false }
        var remaining = kernel.nextHops
        for wanted in nextHops {
            guard let i = remaining.firstIndex(where: { wanted.isSatisfied(by: $0) }) else { return false }
            remaining.remove(at: i)
        }
        return true
    }
}

extension NextHop {
    /// Same gateway and onlink flag; same interface unless the wanted hop left it to the kernel.
    func isSatisfied(by kernel: NextHop) -> Bool {
        gateway == kernel.gateway && onlink == kernel.onlink
            && (interfaceIndex == nil || interfaceIndex == kernel.interfaceIndex)
    }
}
