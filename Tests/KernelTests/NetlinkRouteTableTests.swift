/// `NetlinkRouteTable` against a fake kernel: the bytes it writes (batches, one ACK request
/// per batch, EXCL for adds, REPLACE for changes), errors matched back to routes by sequence
/// number, and ENOBUFS turning into a full resync.
import Testing
import Kernel
import NetCore
import NetlinkWire

@Suite struct NetlinkRouteTableTests {
    func desired(_ n: Int) -> [DesiredRoute] {
        (0..<n).map { i in .blackhole(prefix("100.64.\(i / 4).\((i % 4) * 64)/26")) }
    }

    @Test func addsInBatchesWithOneAckRequestPerBatch() throws {
        let kernel = FakeNetlinkKernel()
        let t = NetlinkRouteTable(configuration: RouteTableConfiguration(batchSize: 4), transport: kernel)
        t.setDesired(desired(10))
        kernel.clearLog()
        let report = try t.apply()
        #expect(report.resynced && report.added == 10)
        let writes = kernel.sentDatagrams.filter { $0.first?.type == RTM.newRoute }
        #expect(writes.map(\.count) == [4, 4, 2])
        for batch in writes {
            #expect(batch.filter { $0.header.flags.contains(.ack) }.count == 1)
            #expect(batch.last?.header.flags.contains(.ack) == true)
            #expect(batch.allSatisfy { $0.header.flags.isSuperset(of: [.create, .excl]) })
        }
        #expect(kernel.routes.count == 10)
        kernel.clearLog()
        #expect(try t.apply().writes == 0)
        #expect(kernel.sentDatagrams.isEmpty)  // nothing to do: nothing sent, not even a dump
    }

    @Test func errorsInTheMiddleOfABatchAreMatchedToTheirRoute() throws {
        let kernel = FakeNetlinkKernel()
        kernel.refuse(prefix("100.64.0.64/26"), errno: 101, message: "Nexthop has invalid gateway")
        kernel.refuse(prefix("100.64.1.0/26"), errno: 19, message: "Device not found")
        let t = NetlinkRouteTable(configuration: RouteTableConfiguration(batchSize: 8), transport: kernel)
        t.setDesired(desired(8))
        let report = try t.apply()
        #expect(report.added == 6 && report.failed == 2)
        let failures = t.status.failures
        #expect(failures.map(\.prefix) == [prefix("100.64.0.64/26"), prefix("100.64.1.0/26")])
        #expect(failures[0].errno == 101 && failures[0].extendedAck == "Nexthop has invalid gateway")
        #expect(failures[1].message.contains("blackhole 100.64.1.0/26") && failures[1].message.contains("ENODEV"))
    }

    @Test func changeIsReplaceAndRemovalIsDeleteWithoutNextHops() throws {
        let kernel = FakeNetlinkKernel()
        let t = NetlinkRouteTable(transport: kernel)
        t.setDesired([
            .via(prefix("203.0.113.0/26"), [hop("192.0.2.2", "v0"), hop("192.0.2.3", "v0")]),
            .via(prefix("203.0.113.64/26"), [hop("192.0.2.2", "v0")]),
        ])
        try t.apply()
        t.set(.via(prefix("203.0.113.64/26"), [hop("192.0.2.9", "v0")]))
        t.remove(prefix("203.0.113.0/26"))
        kernel.clearLog()
        let report = try t.apply()
        #expect(report.replaced == 1 && report.deleted == 1)
        let messages = try #require(kernel.sentDatagrams.first)
        #expect(messages.map(\.type) == [RTM.newRoute, RTM.delRoute])
        #expect(messages[0].header.flags.contains(.replace))
        let deleted = try Route(messages[1])
        #expect(deleted.nextHops.isEmpty && deleted.protocol == ours)
        #expect(kernel.routes.map(\.destination) == [prefix("203.0.113.64/26")])
    }

    @Test func startAdoptsIdenticalRoutesAndDeletesOnlyOurStaleOnes() throws {
        let kernel = FakeNetlinkKernel()
        let config = RouteTableConfiguration()
        let keep = try DesiredRoute.via(prefix("203.0.113.0/26"), [hop("192.0.2.2", "v0")]).route(config, index: { _ in 3 })
        // As the kernel reports it: interface chosen, kernel flags set.
        var dumped = keep
        dumped.nextHops[0].flags.insert(.linkdown)
        kernel.insert(dumped)
        kernel.insert(Route.blackhole(prefix("100.64.9.0/24"), protocol: ours))
        kernel.insert(Route.blackhole(prefix("100.64.8.0/24"), protocol: .static))
        kernel.insert(Route.blackhole(prefix("100.64.7.0/24"), table: 100, protocol: ours))
        let t = NetlinkRouteTable(configuration: config, transport: kernel)
        t.setDesired([.via(prefix("203.0.113.0/26"), [hop("192.0.2.2", "v0")])])
        let report = try t.apply()
        #expect(report.added == 0 && report.replaced == 0 && report.deleted == 1)
        #expect(Set(kernel.routes.map(\.destination)) == [prefix("203.0.113.0/26"), prefix("100.64.8.0/24"), prefix("100.64.7.0/24")])
    }

    @Test func overrunSchedulesAFullResync() throws {
        let kernel = FakeNetlinkKernel()
        let t = NetlinkRouteTable(transport: kernel)
        t.setDesired(desired(3))
        try t.apply()
        kernel.removeAll(prefix("100.64.0.0/26"))  // drift nobody told us about
        t.set(.blackhole(prefix("100.64.5.0/26")))
        kernel.overrunOnNextReceive()
        let report = try t.apply()
        #expect(report.resynced)  // the overrun led to a dump, which found the drift too
        #expect(t.status.resyncCount == 2 && !t.status.needsResync)
        #expect(Set(kernel.routes.map(\.destination)).count == 4)
    }

    @Test func scheduledResyncRepairsDrift() throws {
        let kernel = FakeNetlinkKernel()
        let t = NetlinkRouteTable(transport: kernel)
        t.setDesired(desired(2))
        try t.apply()
        kernel.removeAll(prefix("100.64.0.0/26"))
        t.scheduleResync()
        let report = try t.apply()
        #expect(report.resynced && report.added == 1)
    }
}
