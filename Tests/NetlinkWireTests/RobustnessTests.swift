/// Decoding never traps: random datagrams, truncations and byte flips of real captures either
/// decode or throw `NetlinkDecodeError`. Plus encode→decode round trips, the alignment rule and
/// dump collection across datagrams.
import Testing
import NetCore
@testable import NetlinkWire

/// A small deterministic generator (SplitMix64) so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Decodes everything the way a receive loop would; the only acceptable failure is a throw.
func decodeAnything(_ bytes: [UInt8]) {
    _ = try? RouteNetlinkMessage.decode(bytes)
    var dump = NetlinkDump(sequence: 0)
    _ = try? dump.receive(bytes)
}

let allCaptures: [[UInt8]] = [
    Capture.addrAdd, Capture.routeAddOnlinkTable100, Capture.routeAddBlackhole, Capture.routeAddIPv6Metric,
    Capture.routeAddMultipath, Capture.routeAddViaInet6, Capture.routeAddTable1000Metric, Capture.routeDel,
    Capture.linkAddVXLAN, Capture.linkAddIPIP, Capture.linkSetMTU, Capture.neighAdd, Capture.fdbAdd,
    Capture.dumpRoutesAllTables, Capture.dumpRoutesIPv6, Capture.getLinkVXLAN, Capture.dumpAddresses,
    Capture.dumpNeighbours, Capture.dumpFDB, Capture.replyAck, Capture.replyExtAckGateway, Capture.replyExtAckIPIP,
]

@Suite struct Robustness {
    @Test func everyCaptureDecodes() throws {
        for capture in allCaptures { _ = try RouteNetlinkMessage.decode(capture) }
    }

    @Test func randomBytesNeverTrap() {
        var g = SplitMix64(state: 0x5eed)
        for _ in 0..<20_000 {
            let n = Int.random(in: 0...96, using: &g)
            decodeAnything((0..<n).map { _ in UInt8.random(in: 0...255, using: &g) })
        }
    }

    @Test func everyTruncationOfEveryCaptureNeverTraps() {
        for capture in allCaptures {
            for cut in 0...capture.count { decodeAnything(Array(capture.prefix(cut))) }
        }
    }

    @Test func mutatedCapturesNeverTrap() {
        var g = SplitMix64(state: 42)
        for _ in 0..<30_000 {
            guard var bytes = allCaptures.randomElement(using: &g), !bytes.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                let i = Int.random(in: 0..<bytes.count, using: &g)
                // Bias towards the length and type fields, where the interesting bugs live.
                bytes[i] = Bool.random(using: &g) ? UInt8.random(in: 0...255, using: &g) : [0, 1, 3, 4, 0xff, 0x80][Int.random(in: 0..<6, using: &g)]
            }
            decodeAnything(bytes)
        }
    }

    @Test func badLengthsAreReportedNotTrapped() {
        // nlmsg_len larger than the datagram.
        #expect(throws: NetlinkDecodeError.badMessageLength(length: 64, available: 16)) {
            try NetlinkMessage.split([64, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        }
        // nlmsg_len smaller than the header.
        #expect(throws: NetlinkDecodeError.badMessageLength(length: 4, available: 16)) {
            try NetlinkMessage.split([4, 0, 0, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        }
        // An attribute claiming more than is left.
        #expect(throws: NetlinkDecodeError.badAttributeLength(type: 1, length: 12, available: 8)) {
            try NetlinkAttribute.parse([12, 0, 1, 0, 1, 2, 3, 4][...])
        }
    }
}

@Suite struct RoundTrips {
    func decodeOne(_ bytes: [UInt8]) throws -> NetlinkMessage {
        let messages = try NetlinkMessage.split(bytes)
        #expect(messages.count == 1)
        return try #require(messages.first)
    }

    @Test func routes() throws {
        let samples: [Route] = [
            Route(destination: prefix("0.0.0.0/0"), protocol: proto201, nextHops: [NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 7)]),
            Route(destination: prefix("198.51.100.0/26"), table: 70000, protocol: proto201, type: .blackhole, metric: 9),
            Route(destination: prefix("2001:db8:5::/122"), protocol: proto201, nextHops: [
                NextHop(gateway: IPAddress("2001:db8::2"), interfaceIndex: 2, weight: 256),
                NextHop(gateway: v4("192.0.2.7"), interfaceIndex: 3, onlink: true, weight: 3),
            ], preferredSource: IPAddress("2001:db8::10")),
            Route(destination: prefix("100.64.0.5/32"), protocol: proto201, scope: .link, nextHops: [NextHop(interfaceIndex: 9)]),
        ]
        for route in samples {
            #expect(try Route(decodeOne(route.encode(.new, seq: 1))) == route)
        }
    }

    @Test func links() throws {
        let samples: [Link] = [
            Link(name: "vxlan.calico", mtu: 1450, address: mac("66:55:44:33:22:11"),
                 info: .vxlan(VXLANInfo(id: 4096, link: 2, local: IPAddress("2001:db8::1"), port: 4789, learning: false))),
            Link(name: "tunl0", mtu: 1480, info: .ipip(IPIPInfo())),
            Link(index: 5, name: "cali1234", parent: 6, operState: IFOper.up, info: .other(kind: "veth")),
        ]
        for link in samples {
            #expect(try Link(decodeOne(link.encode(.new, seq: 1))) == link)
        }
    }

    @Test func addressesAndNeighbours() throws {
        let a = InterfaceAddress(interfaceIndex: 4, local: v4("100.64.0.1"), prefixLength: 32, flags: IFA.flagPermanent | 0x200, label: "tunl0")
        #expect(try InterfaceAddress(decodeOne(a.encode(.new, seq: 1))) == a)
        let n = Neighbour.fdb(mac("66:55:44:33:22:11"), remote: IPAddress("2001:db8::9") ?? v4("0.0.0.0"), interfaceIndex: 4)
        #expect(try Neighbour(decodeOne(n.encode(.delete, seq: 1))) == n)
    }

    @Test func deleteUsesWildcardScopeAndKeepsNonUnicastType() throws {
        let blackhole = Route.blackhole(prefix("198.51.100.64/26"), protocol: proto201)
        let decoded = try Route(decodeOne(blackhole.encode(.delete, seq: 1)))
        #expect(decoded.scope == .nowhere)
        #expect(decoded.type == .blackhole)
    }
}

@Suite struct Framing {
    @Test func alignmentIsFourBytes() {
        #expect((0...9).map(Netlink.align) == [0, 4, 4, 4, 4, 8, 8, 8, 8, 12])
    }

    @Test func severalMessagesPerDatagram() throws {
        let datagram = Capture.routeAddBlackhole + Capture.linkAddVXLAN + Capture.neighAdd
        let messages = try NetlinkMessage.split(datagram)
        #expect(messages.map(\.type) == [RTM.newRoute, RTM.newLink, RTM.newNeighbour])
    }

    @Test func dumpCollectsUntilDoneAcrossDatagrams() throws {
        let seq = sequence(of: Capture.dumpRoutesAllTables)
        var dump = NetlinkDump(sequence: seq)
        let notification = Route.blackhole(prefix("198.51.100.0/26"), protocol: proto201).encode(.new, seq: 0)
        let unrelated = try dump.receive(Capture.dumpRoutesAllTables + notification)
        #expect(unrelated.count == 1)
        #expect(!dump.isComplete)
        // The captured DONE belongs to the first capture run (another seq): it is not ours.
        #expect(try dump.receive(Capture.dumpRoutesAllTablesDone).count == 1)
        #expect(!dump.isComplete)
        try dump.receive(NetlinkDone.encode(seq: seq))
        #expect(dump.isComplete)
        #expect(dump.failure == nil)
        #expect(dump.messages.count == (try NetlinkMessage.split(Capture.dumpRoutesAllTables)).count)
    }

    @Test func dumpEndsWithErrorOrInterrupted() throws {
        var dump = NetlinkDump(sequence: 9)
        try dump.receive(NetlinkDone.encode(seq: 9, errno: 4))
        #expect(dump.isComplete)
        #expect(dump.failure?.errno == 4)
    }

    @Test func dumpRequests() throws {
        let request = Route.dumpRequest(family: AF.inet, seq: 5)
        let m = try #require(try NetlinkMessage.split(request).first)
        #expect(m.header.flags == [.request, .dump])
        #expect(m.type == RTM.getRoute)
        #expect(Array(m.payload) == [AF.inet] + Array(repeating: 0, count: 11))
        #expect(Link.dumpRequest(seq: 1).count == 32)
        #expect(Neighbour.dumpRequest(family: AF.bridge, seq: 1).count == 28)
        #expect(InterfaceAddress.dumpRequest(family: AF.unspec, seq: 1).count == 24)
    }

    @Test func linkLayerAddressText() {
        #expect(mac("66:55:44:33:22:0a").description == "66:55:44:33:22:0a")
        #expect(LinkLayerAddress("zz:00") == nil)
        #expect(LinkLayerAddress("") == nil)
    }
}
