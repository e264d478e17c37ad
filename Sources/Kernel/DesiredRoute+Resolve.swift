/// Turns a `DesiredRoute` into the kernel `Route` Swiftlet writes: the table's protocol and
/// table, explicit metric, scope link for device routes, interface names looked up by index.
import NetCore
import NetlinkWire

extension DesiredRoute {
    /// Why a desired route cannot be written yet.
    public enum ResolveError: Error, Hashable, Sendable {
        case unknownInterface(String)
        case noNextHops
    }

    /// The kernel route for this desired route; `index(name)` looks interface names up.
    public func route(_ configuration: RouteTableConfiguration,
                      index: (String) -> UInt32?) throws(ResolveError) -> Route {
        var r = Route(destination: prefix, table: configuration.table, protocol: configuration.routeProtocol,
                      metric: effectiveMetric)
        switch kind {
        case .blackhole:
            r.type = .blackhole
        case .device(let interface):
            r.scope = .link
            r.nextHops = [NextHop(interfaceIndex: try Self.resolve(interface, index))]
        case .via(let hops):
            guard !hops.isEmpty else { throw .noNextHops }
            var out: [NextHop] = []
            for hop in Self.unique(hops) {
                let i = try hop.interface.map { (i: InterfaceReference) throws(ResolveError) in try Self.resolve(i, index) }
                out.append(NextHop(gateway: hop.gateway, interfaceIndex: i, onlink: hop.onlink))
            }
            r.nextHops = out
        }
        return r
    }

    private static func resolve(_ interface: InterfaceReference, _ index: (String) -> UInt32?) throws(ResolveError) -> UInt32 {
        switch interface {
        case .index(let i): return i
        case .name(let n):
            guard let i = index(n) else { throw .unknownInterface(n) }
            return i
        }
    }

    /// Duplicate gateways collapse (the kernel refuses a multipath route naming one twice).
    private static func unique(_ hops: [DesiredNextHop]) -> [DesiredNextHop] {
        var seen = Set<DesiredNextHop>()
        return hops.filter { seen.insert($0).inserted }
    }
}
