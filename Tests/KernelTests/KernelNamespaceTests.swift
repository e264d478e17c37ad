/// `NetlinkRouteTable` against the real kernel, inside a network namespace per test (veth pair,
/// documentation addresses only): routes appear as `ip route` shows them, routes of other
/// protocols are never touched, a restart rewrites nothing (checked with a multicast route
/// listener), stale routes go, hand-deleted ones come back at resync, refused ones are reported
/// with the kernel's explanation. Skipped, with the reason, when not root or without netns.
import Foundation
import Kernel
import NetCore
import NetlinkWire
import Platform
import Testing

@Suite(.serialized, .enabled(if: NetworkNamespace.unavailableReason == nil,
                             Comment(rawValue: NetworkNamespace.unavailableReason ?? "")))
struct KernelNamespaceTests {
    /// A namespace with lo and a veth pair v0/v1 up; v0 has 192.0.2.1/24 and 2001:db8::1/64.
    func lab() throws -> NetworkNamespace {
        let ns = try NetworkNamespace()
        do {
            try ns.ip("link", "set", "lo", "up")
            try ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
            try ns.ip("link", "set", "v0", "up")
            try ns.ip("link", "set", "v1", "up")
            try ns.ip("addr", "add", "192.0.2.1/24", "dev", "v0")
            try ns.ip("-6", "addr", "add", "2001:db8::1/64", "dev", "v0", "nodad")
        } catch {
            ns.close()
            throw error
        }
        return ns
    }

    func table(in ns: NetworkNamespace) throws -> NetlinkRouteTable {
        try ns.withNetwork { try NetlinkRouteTable() }
    }

    /// `ip route show table all proto 201` for both families.
    func ourRoutes(_ ns: NetworkNamespace) throws -> String {
        let p = String(ours.rawValue)
        return try ns.ip("-4", "route", "show", "table", "all", "proto", p)
            + ns.ip("-6", "route", "show", "table", "all", "proto", p)
    }

    let desired: [DesiredRoute] = [
        .via(prefix("203.0.113.0/26"), [hop("192.0.2.2")]),
        .via(prefix("100.64.0.0/26"), [hop("198.51.100.7", "v0", onlink: true)]),
        .blackhole(prefix("100.64.1.0/26")),
        .via(prefix("198.51.100.64/26"), [hop("192.0.2.2", "v0"), hop("192.0.2.3", "v0")]),
        .device(prefix("100.64.2.5/32"), "v1"),
        .via(prefix("2001:db8:1::/64"), [hop("2001:db8::2", "v0")]),
        .blackhole(prefix("2001:db8:2::/122")),
        .via(prefix("2001:db8:3::/64"), [hop("2001:db8::2", "v0"), hop("2001:db8::3", "v0")]),
    ]

    @Test func appliedRoutesAreWhatIpRouteShows() throws {
        let ns = try lab()
        defer { ns.close() }
        let t = try table(in: ns)
        t.setDesired(desired)
        let report = try t.apply()
        #expect(report.added == desired.count && report.failed == 0, "\(t.status.failures)")
        let shown = try ourRoutes(ns)
        for line in ["203.0.113.0/26 via 192.0.2.2 dev v0", "100.64.0.0/26 via 198.51.100.7 dev v0 onlink",
                     "blackhole 100.64.1.0/26", "198.51.100.64/26", "nexthop via 192.0.2.2 dev v0",
                     "nexthop via 192.0.2.3 dev v0", "100.64.2.5 dev v1 scope link",
                     "2001:db8:1::/64 via 2001:db8::2 dev v0", "blackhole 2001:db8:2::/122",
                     "2001:db8:3::/64", "nexthop via 2001:db8::3 dev v0"] {
            #expect(shown.contains(line), "missing \(line) in:\n\(shown)")
        }
        // Reading the kernel back finds everything already right.
        let again = try t.resync()
        #expect(again.writes == 0, "\(t.status.programmed)")
    }

    @Test func otherProtocolsAreNeverTouched() throws {
        let ns = try lab()
        defer { ns.close() }
        try ns.ip("route", "add", "203.0.113.128/26", "via", "192.0.2.2", "proto", "static")
        try ns.ip("route", "add", "100.64.1.0/26", "via", "192.0.2.9", "proto", "bird")
        let t = try table(in: ns)
        t.setDesired(desired)
        try t.apply()
        try t.resync()
        t.setDesired([])
        try t.apply()
        let all = try ns.ip("-4", "route", "show", "table", "all")
        #expect(all.contains("203.0.113.128/26 via 192.0.2.2 dev v0 proto static"))
        #expect(all.contains("100.64.1.0/26 via 192.0.2.9 dev v0 proto bird"))
        #expect(try ourRoutes(ns).isEmpty)
        // The desired blackhole collided with BIRD's route: reported, BIRD's route kept.
        t.setDesired([.blackhole(prefix("100.64.1.0/26"))])
        try t.apply()
        let failure = try #require(t.status.failures.first)
        #expect(failure.errno == 17 && failure.message.contains("100.64.1.0/26"))
    }

    @Test func restartRewritesNothing() throws {
        let ns = try lab()
        defer { ns.close() }
        let first = try table(in: ns)
        first.setDesired(desired)
        try first.apply()
        // RTNLGRP_IPV4_ROUTE (7) and RTNLGRP_IPV6_ROUTE (11).
        let listener = try ns.withNetwork { try NetlinkSocket(protocol: 0, groups: 1 << 6 | 1 << 10) }
        let second = try table(in: ns)
        second.setDesired(desired)
        let report = try second.apply()
        #expect(report.resynced && report.writes == 0)
        #expect(try routeEvents(listener, for: 300).isEmpty)
        // The listener does see our writes: remove one route and watch it go.
        second.remove(prefix("100.64.1.0/26"))
        try second.apply()
        let events = try routeEvents(listener, for: 300)
        #expect(events.count == 1 && events.first?.deleted == true)
    }

    @Test func staleRouteOfOurProtocolIsDeletedAtStart() throws {
        let ns = try lab()
        defer { ns.close() }
        try ns.ip("route", "add", "100.64.9.0/24", "via", "192.0.2.2", "proto", String(ours.rawValue))
        try ns.ip("route", "add", "100.64.10.0/24", "via", "192.0.2.2", "table", "100", "proto", String(ours.rawValue))
        let t = try table(in: ns)
        t.setDesired(desired)
        let report = try t.apply()
        #expect(report.deleted == 1)
        let shown = try ourRoutes(ns)
        #expect(!shown.contains("100.64.9.0/24"))
        #expect(shown.contains("100.64.10.0/24"))  // another table: not ours to manage
    }

    @Test func routeDeletedByHandComesBackAtResync() throws {
        let ns = try lab()
        defer { ns.close() }
        let t = try table(in: ns)
        t.setDesired(desired)
        try t.apply()
        try ns.ip("route", "del", "100.64.0.0/26", "proto", String(ours.rawValue))
        try ns.ip("-6", "route", "del", "2001:db8:3::/64", "proto", String(ours.rawValue))
        #expect(!(try ourRoutes(ns)).contains("100.64.0.0/26"))
        let report = try t.resync()
        #expect(report.added == 2)
        let shown = try ourRoutes(ns)
        #expect(shown.contains("100.64.0.0/26 via 198.51.100.7 dev v0 onlink"))
        #expect(shown.contains("2001:db8:3::/64"))
    }

    @Test func changedRouteIsReplacedInPlace() throws {
        let ns = try lab()
        defer { ns.close() }
        let t = try table(in: ns)
        t.setDesired(desired)
        try t.apply()
        t.set(.via(prefix("203.0.113.0/26"), [hop("192.0.2.7")]))
        t.set(.via(prefix("2001:db8:1::/64"), [hop("2001:db8::7", "v0")]))
        let report = try t.apply()
        #expect(report.replaced == 2 && report.failed == 0, "\(t.status.failures)")
        let shown = try ourRoutes(ns)
        #expect(shown.contains("203.0.113.0/26 via 192.0.2.7 dev v0"))
        #expect(shown.contains("2001:db8:1::/64 via 2001:db8::7 dev v0"))
        #expect(!shown.contains("via 2001:db8::2 dev v0 proto"))
    }

    @Test func unreachableGatewayIsAFailureWithTheKernelsText() throws {
        let ns = try lab()
        defer { ns.close() }
        let t = try table(in: ns)
        t.setDesired(desired + [.via(prefix("100.64.3.0/26"), [hop("203.0.113.99", "v0")])])
        let report = try t.apply()
        #expect(report.added == desired.count && report.failed == 1)
        let failure = try #require(t.status.failures.first)
        #expect(failure.prefix == prefix("100.64.3.0/26"))
        #expect(failure.errno == 101)
        #expect(failure.extendedAck?.isEmpty == false, "no ext-ack text: \(failure.message)")
        #expect(failure.message.contains("100.64.3.0/26 via 203.0.113.99"))
        #expect(!(try ourRoutes(ns)).contains("100.64.3.0/26"))
    }

    /// Route notifications of our protocol seen by `listener` within `milliseconds`.
    func routeEvents(_ listener: NetlinkSocket, for milliseconds: Int32) throws -> [(route: Route, deleted: Bool)] {
        var out: [(Route, Bool)] = []
        let deadline = ContinuousClock.now + .milliseconds(Int(milliseconds))
        while ContinuousClock.now < deadline {
            guard let datagram = try listener.receive(timeoutMilliseconds: 50) else { continue }
            for m in try RouteNetlinkMessage.decode(datagram) {
                if case .route(let r, let deleted, _) = m, r.protocol == ours { out.append((r, deleted)) }
            }
        }
        return out
    }
}

extension KernelNamespaceTests {
    /// Thousands of routes go out in batches (one ACK per batch) and read back as already right.
    @Test func thousandsOfRoutesInBatches() throws {
        let ns = try lab()
        defer { ns.close() }
        let t = try table(in: ns)
        let routes: [DesiredRoute] = (0..<5000).map { i in
            i % 2 == 0 ? .blackhole(prefix("100.\(64 + i / 4096).\(i / 16 % 256).\(i % 16 * 16)/28"))
                : .via(prefix("100.\(64 + i / 4096).\(i / 16 % 256).\(i % 16 * 16)/28"), [hop("192.0.2.2", "v0")])
        }
        t.setDesired(routes)
        let report = try t.apply()
        #expect(report.added == 5000 && report.failed == 0)
        let shown = try ns.ip("-4", "route", "show", "table", "all", "proto", String(ours.rawValue))
        #expect(shown.split(separator: "\n").count == 5000)
        #expect(try t.resync().writes == 0)
        t.setDesired(Array(routes.prefix(1000)))
        #expect(try t.apply().deleted == 4000)
    }
}
