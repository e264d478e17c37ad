/// The in-memory kernel behaves like the real table: first apply syncs, later applies write
/// deltas only, foreign routes are never touched, drift is repaired by resync, failures are
/// recorded per route and retried.
import Testing
import Kernel
import NetCore
import NetlinkWire

@Suite struct InMemoryRouteTableTests {
    func table() -> InMemoryRouteTable { InMemoryRouteTable(interfaces: ["v0": 3, "tunl0": 9]) }

    let desired: [DesiredRoute] = [
        .blackhole(prefix("100.64.1.0/26")),
        .via(prefix("100.64.0.0/26"), [hop("198.51.100.7", "tunl0", onlink: true)]),
        .via(prefix("203.0.113.0/26"), [hop("192.0.2.2", "v0"), hop("192.0.2.3", "v0")]),
        .device(prefix("100.64.2.5/32"), "v0"),
        .blackhole(prefix("2001:db8:2::/122")),
    ]

    @Test func firstApplyDumpsThenAddsEverything() throws {
        let t = table()
        let report = try t.apply()
        #expect(report.resynced && report.writes == 0)
        t.setDesired(desired)
        let second = try t.apply()
        #expect(!second.resynced && second.added == 5)
        #expect(t.status.programmed.count == 5)
        #expect(t.kernelRoutes.count == 5)
        t.clearOperations()
        #expect(try t.apply().writes == 0)
        #expect(t.operations.isEmpty)
    }

    @Test func restartLeavesIdenticalRoutesAlone() throws {
        let first = table()
        first.setDesired(desired)
        try first.apply()
        // A "restarted" table over the same kernel: hand the kernel's routes over.
        let second = table()
        for r in first.kernelRoutes { second.kernelInsert(r) }
        second.setDesired(desired)
        let report = try second.apply()
        #expect(report.writes == 0)
        #expect(second.operations == [.dump])
    }

    @Test func staleOursDeletedForeignNeverTouched() throws {
        let t = table()
        let foreign = Route(destination: prefix("203.0.113.128/26"), protocol: .static,
                            nextHops: [NextHop(gateway: address("192.0.2.2"))])
        let stale = Route.blackhole(prefix("100.64.9.0/24"), protocol: ours)
        t.kernelInsert(foreign)
        t.kernelInsert(stale)
        t.setDesired(desired)
        let report = try t.apply()
        #expect(report.added == 5 && report.deleted == 1)
        #expect(t.kernelRoutes.contains(foreign))
        #expect(!t.kernelRoutes.contains(stale))
        #expect(!t.operations.contains { $0.description.contains("203.0.113.128") })
    }

    @Test func foreignRouteAtTheSameKeyIsAFailureNotAnOverwrite() throws {
        let t = table()
        let foreign = Route.blackhole(prefix("100.64.1.0/26"), protocol: .bird)
        t.kernelInsert(foreign)
        t.setDesired(desired)
        let report = try t.apply()
        #expect(report.failed == 1 && report.added == 4)
        #expect(t.kernelRoutes.contains(foreign))
        let failure = try #require(t.status.failures.first)
        #expect(failure.errno == 17 && failure.prefix == prefix("100.64.1.0/26"))
    }

    @Test func deletedByHandComesBackAtResync() throws {
        let t = table()
        t.setDesired(desired)
        try t.apply()
        t.kernelDelete(prefix("100.64.1.0/26"))
        #expect(try t.apply().writes == 0)  // deltas only: the table does not know yet
        let report = try t.resync()
        #expect(report.resynced && report.added == 1)
        #expect(t.kernelRoutes.contains { $0.destination == prefix("100.64.1.0/26") })
    }

    @Test func changeAndRemoveAreDeltas() throws {
        let t = table()
        t.setDesired(desired)
        try t.apply()
        t.clearOperations()
        t.set(.via(prefix("100.64.0.0/26"), [hop("198.51.100.8", "tunl0", onlink: true)]))
        t.remove(prefix("100.64.2.5/32"))
        let report = try t.apply()
        #expect(report.replaced == 1 && report.deleted == 1 && report.added == 0)
        #expect(t.operations.count == 2)
        guard case .replace = t.operations[0], case .delete = t.operations[1] else {
            Issue.record("expected replace then delete, got \(t.operations)")
            return
        }
    }

    @Test func refusedRouteIsRecordedOthersAppliedAndRetried() throws {
        let t = table()
        t.refuse(prefix("100.64.0.0/26"), .init(errno: 101, message: "Nexthop has invalid gateway"))
        t.setDesired(desired)
        let report = try t.apply()
        #expect(report.failed == 1 && report.added == 4)
        #expect(try t.apply().failed == 1)  // retried on every apply while refused
        let failure = try #require(t.status.failures.first)
        #expect(failure.extendedAck == "Nexthop has invalid gateway")
        #expect(failure.message.contains("100.64.0.0/26 via 198.51.100.7"))
        t.refuse(prefix("100.64.0.0/26"), nil)
        #expect(try t.apply().added == 1)
        #expect(t.status.failures.isEmpty)
    }

    @Test func unknownInterfaceIsAFailureUntilItAppears() throws {
        let t = InMemoryRouteTable(interfaces: [:])
        t.setDesired([.device(prefix("100.64.2.5/32"), "cali1")])
        try t.apply()
        let failure = try #require(t.status.failures.first)
        #expect(failure.operation == "resolve" && failure.message.contains("cali1"))
        t.setInterfaces(["cali1": 12])
        #expect(try t.apply().added == 1)
        #expect(t.status.failures.isEmpty)
    }
}
