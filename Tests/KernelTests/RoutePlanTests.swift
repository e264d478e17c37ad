/// The pure diff: desired routes against what the kernel has of our protocol; and the
/// comparison that decides "already right" on the fields that matter only.
import Testing
@testable import Kernel
import NetCore
import NetlinkWire

@Suite struct RoutePlanTests {
    let config = RouteTableConfiguration()

    func resolved(_ d: DesiredRoute, _ names: [String: UInt32] = ["v0": 3, "tunl0": 9]) throws -> Route {
        try d.route(config, index: { names[$0] })
    }

    func keyed(_ routes: [Route]) -> [RouteKey: Route] {
        Dictionary(uniqueKeysWithValues: routes.map { (RouteKey($0), $0) })
    }

    @Test func missingIsAddedStaleDeletedSameLeftAlone() throws {
        let same = try resolved(.blackhole(prefix("100.64.0.0/26")))
        let missing = try resolved(.via(prefix("203.0.113.0/26"), [hop("192.0.2.2")]))
        let stale = try resolved(.blackhole(prefix("100.64.9.0/26")))
        let plan = RoutePlan(desired: keyed([same, missing]), current: keyed([same, stale]))
        #expect(plan.changes == [.add(missing), .delete(stale)])
    }

    @Test func differentGatewayIsReplacedBeforeAnyDelete() throws {
        let old = try resolved(.via(prefix("203.0.113.0/26"), [hop("192.0.2.2")]))
        let new = try resolved(.via(prefix("203.0.113.0/26"), [hop("192.0.2.3")]))
        let stale = try resolved(.blackhole(prefix("10.0.0.0/8")))
        let plan = RoutePlan(desired: keyed([new]), current: keyed([stale, old]))
        #expect(plan.changes == [.replace(new), .delete(stale)])
    }

    @Test func metricChangeAddsNewKeyAndDeletesOld() throws {
        let old = try resolved(.blackhole(prefix("100.64.0.0/26"), metric: 5))
        let new = try resolved(.blackhole(prefix("100.64.0.0/26"), metric: 7))
        #expect(RoutePlan(desired: keyed([new]), current: keyed([old])).changes == [.add(new), .delete(old)])
    }

    @Test func kernelExtrasDoNotCountAsDifferences() throws {
        let wanted = try resolved(.via(prefix("203.0.113.0/26"), [hop("192.0.2.2"), hop("192.0.2.3", "v0")]))
        var kernel = wanted
        // The kernel fills in the interface it chose, sets linkdown, and reports hops in its order.
        kernel.nextHops = [
            NextHop(gateway: address("192.0.2.3"), interfaceIndex: 3, flags: [.linkdown]),
            NextHop(gateway: address("192.0.2.2"), interfaceIndex: 3, flags: []),
        ]
        #expect(wanted.isSatisfied(by: kernel))
        kernel.nextHops[0].onlink = true
        #expect(!wanted.isSatisfied(by: kernel))
    }

    @Test func ipv6BlackholeWithKernelLoopbackIsSatisfied() throws {
        let wanted = try resolved(.blackhole(prefix("2001:db8:2::/122")))
        #expect(wanted.metric == 1024)
        var kernel = wanted
        kernel.nextHops = [NextHop(interfaceIndex: 1)]
        #expect(wanted.isSatisfied(by: kernel))
        // A kernel route without RTA_PRIORITY has the per-family default metric.
        var v4 = try resolved(.blackhole(prefix("100.64.1.0/26")))
        #expect(v4.metric == 0)
        v4.metric = nil
        #expect(try resolved(.blackhole(prefix("100.64.1.0/26"))).isSatisfied(by: v4))
    }

    @Test func otherProtocolOrTableIsNeverTheSame() throws {
        let wanted = try resolved(.blackhole(prefix("100.64.1.0/26")))
        var other = wanted
        other.protocol = .static
        #expect(!wanted.isSatisfied(by: other))
        other = wanted
        other.table = 100
        #expect(!wanted.isSatisfied(by: other))
    }

    @Test func resolvesKindsIntoKernelRoutes() throws {
        let device = try resolved(.device(prefix("100.64.2.5/32"), "v0"))
        #expect(device.scope == .link && device.nextHops == [NextHop(interfaceIndex: 3)])
        #expect(device.protocol == ours && device.table == 254)
        let tunnel = try resolved(.via(prefix("100.64.0.0/26"), [hop("198.51.100.7", "tunl0", onlink: true)]))
        #expect(tunnel.nextHops == [NextHop(gateway: address("198.51.100.7"), interfaceIndex: 9, onlink: true)])
        let dup = try resolved(.via(prefix("100.64.0.0/26"), [hop("192.0.2.2"), hop("192.0.2.2")]))
        #expect(dup.nextHops.count == 1)
        #expect(throws: DesiredRoute.ResolveError.unknownInterface("eth9")) {
            try resolved(.device(prefix("100.64.2.5/32"), "eth9"))
        }
    }

    @Test func failureTextNamesTheRouteAndTheKernelsReason() throws {
        let r = try resolved(.via(prefix("100.64.3.0/26"), [hop("203.0.113.99")]))
        let f = RouteFailure(route: r, operation: "add", errno: 101, extendedAck: "Nexthop has invalid gateway")
        #expect(f.message.contains("add route 100.64.3.0/26 via 203.0.113.99"))
        #expect(f.message.contains("ENETUNREACH"))
        #expect(f.message.contains("Nexthop has invalid gateway"))
        #expect(f.message.contains("onlink"))
        let e = RouteFailure(route: r, operation: "add", errno: 17, extendedAck: nil)
        #expect(e.message.contains("EEXIST") && e.message.contains("not Swiftlet's"))
    }
}
