/// The compact bookkeeping behind both route tables (`RouteTableState`: interned route shapes,
/// planning without full routes): it must plan exactly what `RoutePlan` plans from the full
/// routes, give back the exact routes it was given, and stay right across shape churn and
/// compaction.
import Testing
@testable import Kernel
import NetCore
import NetlinkWire

@Suite struct RouteTableStateTests {
    let config = RouteTableConfiguration()
    let names: [String: UInt32] = ["v0": 3, "v1": 4, "tunl0": 9]

    /// What `RoutePlan` plans from full routes for the same inputs (the reference).
    func reference(desired: [DesiredRoute], kernel: [Route]) -> [RouteChange] {
        var latest: [IPPrefix: DesiredRoute] = [:]
        for d in desired { latest[d.prefix] = d }
        var wanted: [RouteKey: Route] = [:]
        var unresolved = Set<IPPrefix>()
        for d in latest.values {
            if let r = try? d.route(config, index: { names[$0] }) { wanted[RouteKey(r)] = r } else { unresolved.insert(d.prefix) }
        }
        var current: [RouteKey: Route] = [:]
        for r in kernel where r.protocol == config.routeProtocol && r.table == config.table { current[RouteKey(r)] = r }
        let keep = Set(current.keys.filter { unresolved.contains($0.destination) })
        return RoutePlan(desired: wanted, current: current, keep: keep).changes
    }

    func plan(desired: [DesiredRoute], kernel: [Route]) -> (RouteTableState, [RouteChange]) {
        var state = RouteTableState(configuration: config)
        state.adopt(dump: kernel)
        state.setDesired(desired)
        let plan = state.plan(index: { names[$0] })
        return (state, plan.map { state.change($0) })
    }

    /// Kernel routes of ours, foreign ones, several shapes (shared gateways, device routes,
    /// blackholes, IPv6, explicit metrics); desired routes that keep, change, add, re-metric
    /// and fail to resolve.
    @Test func plansExactlyWhatRoutePlanPlans() throws {
        let viaA = [hop("192.0.2.2", "v0")], viaB = [hop("192.0.2.3", "v0")]
        var kernel: [Route] = []
        var desired: [DesiredRoute] = []
        for i in 0..<64 {
            let p = prefix("100.64.\(i).0/24")
            let r = try DesiredRoute.via(p, i % 3 == 0 ? viaB : viaA).route(config, index: { names[$0] })
            kernel.append(r)
            switch i % 8 {
            case 0, 1, 2: desired.append(.via(p, viaA))                       // same or replaced
            case 3: desired.append(.via(p, viaA, metric: 7))                   // new key: add + delete
            case 4: desired.append(.device(p, "v1"))                          // replaced
            case 5: desired.append(.via(p, [hop("192.0.2.9", "nosuch")]))     // unresolved: kept
            case 6: break                                                      // deleted
            default: desired.append(.blackhole(p))                            // replaced
            }
        }
        kernel.append(Route(destination: prefix("100.65.0.0/24"), protocol: RouteProtocol(12), nextHops: [NextHop(gateway: address("192.0.2.7"))]))
        kernel.append(try DesiredRoute.blackhole(prefix("2001:db8:1::/64")).route(config, index: { _ in nil }))
        desired.append(.blackhole(prefix("2001:db8:2::/64")))
        desired.append(.via(prefix("2001:db8:3::/64"), [hop("2001:db8::1", "v0"), hop("2001:db8::2", "v1")]))
        desired.append(.via(prefix("100.66.0.0/24"), []))                     // no next hops: resolve failure
        let (state, changes) = plan(desired: desired, kernel: kernel)
        let expected = reference(desired: desired, kernel: kernel)
        #expect(changes == expected)
        #expect(expected.contains { if case .replace = $0 { true } else { false } })
        #expect(expected.contains { if case .delete = $0 { true } else { false } })
        #expect(state.failures.count == 9)  // 8 unknown interface, 1 without next hops
        #expect(state.failures[prefix("100.66.0.0/24")]?.errno == ErrnoName.einval)
    }

    @Test func givesBackTheExactRoutesAndDesiredSet() throws {
        let kernel = try (0..<50).map { i in
            try DesiredRoute.via(prefix("100.64.\(i).0/24"), [hop("192.0.2.2", "v0", onlink: i % 2 == 0)])
                .route(config, index: { names[$0] })
        } + [Route(destination: prefix("2001:db8::/64"), protocol: config.routeProtocol, type: .blackhole, metric: nil)]
        var state = RouteTableState(configuration: config)
        state.adopt(dump: kernel.shuffled())
        #expect(state.status().programmed == kernel.sorted { RouteKey($0) < RouteKey($1) })
        let desired = (0..<50).map { i in DesiredRoute.via(prefix("100.64.\(i).0/24"), [hop("192.0.2.\(i % 4)")], metric: UInt32(i % 3)) }
        state.setDesired(desired.reversed())
        #expect(state.sortedDesired == desired.sorted { $0.prefix < $1.prefix })
        #expect(state.desiredRoute(prefix("100.64.7.0/24")) == desired[7])
    }

    /// Many routes through one gateway share one interned shape; replacing routes one by one
    /// leaves garbage shapes that compaction removes without changing any answer.
    @Test func churnAndCompactionKeepEveryRouteRight() throws {
        let table = InMemoryRouteTable(configuration: config, interfaces: names)
        let n = 600
        table.setDesired((0..<n).map { i in .via(prefix("100.64.\(i / 256).\(i % 256)/32"), [hop("192.0.2.2", "v0")]) })
        #expect(try table.apply().added == n)
        // Every route moves to its own interface (one shape each), five times over: past the
        // compaction threshold (2 × routes + 1024) of both interned tables.
        for round in 1...5 {
            for i in 0..<n {
                let via = hop("192.0.2.\(round)", .index(UInt32(round * 1000 + i)), onlink: true)
                table.set(.via(prefix("100.64.\(i / 256).\(i % 256)/32"), [via]))
            }
            let report = try table.apply()
            #expect(report.replaced == n && report.failed == 0)
        }
        let programmed = table.status.programmed
        #expect(programmed.count == n)
        for (i, r) in programmed.sorted(by: { RouteKey($0) < RouteKey($1) }).enumerated() {
            #expect(r.nextHops == [NextHop(gateway: address("192.0.2.5"), interfaceIndex: UInt32(5000 + i), onlink: true)])
        }
        #expect(table.desired.count == n)
        #expect(try table.apply().writes == 0)
        #expect(try table.resync().writes == 0)
    }

    /// IPv4 keys are stored packed: every edge of the encoding comes back as it went in, and
    /// the two families never collide.
    @Test func packedKeysRoundTrip() {
        let prefixes = ["0.0.0.0/0", "255.255.255.255/32", "100.64.0.0/10", "0.0.0.1/32", "::/0", "2001:db8::/32",
                        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"].map(prefix)
        var map = FamilySplitMap<RouteKey, UInt32>()
        for (i, p) in prefixes.enumerated() {
            map[RouteKey(destination: p, metric: UInt32.max - UInt32(i))] = UInt32(i)
            #expect(IPPrefix(p.split) == p)
        }
        #expect(map.count == prefixes.count)
        for (i, p) in prefixes.enumerated() { #expect(map[RouteKey(destination: p, metric: UInt32.max - UInt32(i))] == UInt32(i)) }
        #expect(map[RouteKey(destination: prefixes[0], metric: 0)] == nil)
        #expect(Set(map.map(\.key)) == Set(prefixes.enumerated().map { RouteKey(destination: $1, metric: UInt32.max - UInt32($0)) }))
        map[RouteKey(destination: prefixes[1], metric: UInt32.max - 1)] = nil
        #expect(map.count == prefixes.count - 1)
    }
}
