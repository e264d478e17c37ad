/// Golden-byte tests: the requests our encoder builds are byte-for-byte those iproute2 sends
/// for the same operation (see Captures.swift), encoded with the capture's sequence number.
import Testing
import NetCore
@testable import NetlinkWire

/// The nlmsg_seq of a captured message (bytes 8..<12, little-endian).
func sequence(of bytes: [UInt8]) -> UInt32 {
    UInt32(bytes[8]) | UInt32(bytes[9]) << 8 | UInt32(bytes[10]) << 16 | UInt32(bytes[11]) << 24
}

func v4(_ s: String) -> IPAddress { IPAddress(s) ?? .v4(.zero) }
/// Test data is literal: a typo is a bug in the test.
func prefix(_ s: String) -> IPPrefix {
    guard let p = IPPrefix(s) else { preconditionFailure("bad test prefix \(s)") }
    return p
}
func mac(_ s: String) -> LinkLayerAddress { LinkLayerAddress(s) ?? LinkLayerAddress(bytes: []) }

/// Hex of bytes for readable failure messages.
func hexString(_ b: [UInt8]) -> String {
    b.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

func expectGolden(_ ours: [UInt8], _ golden: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(hexString(ours) == hexString(golden), sourceLocation: sourceLocation)
}

let proto201 = RouteProtocol(201)

@Suite struct GoldenRouteRequests {
    @Test func unicastOnlinkInTable100() {
        let route = Route(destination: prefix("198.51.100.0/24"), table: 100, protocol: proto201,
                          nextHops: [NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3, onlink: true)])
        let golden = Capture.routeAddOnlinkTable100
        expectGolden(route.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func blackhole() {
        let golden = Capture.routeAddBlackhole
        let route = Route.blackhole(prefix("198.51.100.64/26"), protocol: proto201)
        expectGolden(route.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func unreachable() {
        let golden = Capture.routeAddUnreachable
        let route = Route(destination: prefix("198.51.100.192/26"), protocol: proto201, type: .unreachable)
        expectGolden(route.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func ipv6WithMetric() {
        let golden = Capture.routeAddIPv6Metric
        let route = Route(destination: prefix("2001:db8:1::/64"), protocol: proto201,
                          nextHops: [NextHop(gateway: IPAddress("2001:db8::1"), interfaceIndex: 3)], metric: 1024)
        expectGolden(route.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func multipathWithWeightsAndOnlink() {
        let golden = Capture.routeAddMultipath
        let route = Route(destination: prefix("203.0.113.0/24"), protocol: proto201, nextHops: [
            NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3, weight: 1),
            NextHop(gateway: v4("192.0.2.2"), interfaceIndex: 3, onlink: true, weight: 2),
        ])
        expectGolden(route.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func ipv4OverIPv6NextHopUsesRTAVia() {
        let golden = Capture.routeAddViaInet6
        let route = Route(destination: prefix("203.0.113.128/25"), protocol: proto201,
                          nextHops: [NextHop(gateway: IPAddress("2001:db8::1"), interfaceIndex: 3)])
        expectGolden(route.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func tableAbove255UsesRTATable() {
        let golden = Capture.routeAddTable1000Metric
        let route = Route(destination: prefix("198.51.100.128/25"), table: 1000, protocol: proto201,
                          nextHops: [NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3)], metric: 50)
        expectGolden(route.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func replace() {
        let golden = Capture.routeReplace
        let route = Route(destination: prefix("100.64.0.0/26"), protocol: proto201,
                          nextHops: [NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3)])
        expectGolden(route.encode(.new, flags: [.ack, .replace, .create], seq: sequence(of: golden)), golden)
    }

    @Test func delete() {
        let golden = Capture.routeDel
        let route = Route(destination: prefix("198.51.100.0/24"), table: 100, protocol: proto201,
                          nextHops: [NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3)])
        expectGolden(route.encode(.delete, seq: sequence(of: golden)), golden)
    }

    @Test func batchIsConcatenation() {
        var w = NetlinkWriter()
        Route.blackhole(prefix("198.51.100.64/26"), protocol: proto201).encode(.new, seq: sequence(of: Capture.routeAddBlackhole), into: &w)
        Route(destination: prefix("198.51.100.192/26"), protocol: proto201, type: .unreachable)
            .encode(.new, seq: sequence(of: Capture.routeAddUnreachable), into: &w)
        expectGolden(w.bytes, Capture.routeAddBlackhole + Capture.routeAddUnreachable)
    }
}

@Suite struct GoldenLinkRequests {
    @Test func vxlan() {
        let golden = Capture.linkAddVXLAN
        let link = Link(name: "vxlan0", info: .vxlan(VXLANInfo(
            id: 4096, link: 3, local: v4("192.0.2.10"), port: 4789, learning: false)))
        expectGolden(link.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func ipip() {
        let golden = Capture.linkAddIPIP
        let link = Link(name: "tunl9", info: .ipip(IPIPInfo(
            link: 3, local: IPv4Address(192, 0, 2, 10), remote: IPv4Address(192, 0, 2, 20), ttl: 64, pmtudisc: true)))
        expectGolden(link.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func setMTU() {
        let golden = Capture.linkSetMTU
        expectGolden(Link(index: 3, mtu: 1400).encode(.new, flags: [.ack], seq: sequence(of: golden)), golden)
    }

    @Test func delete() {
        let golden = Capture.linkDel
        expectGolden(Link(index: 4).encode(.delete, seq: sequence(of: golden)), golden)
    }
}

@Suite struct GoldenAddressAndNeighbourRequests {
    @Test func addressAddAndDelete() {
        let address = InterfaceAddress(interfaceIndex: 3, local: v4("192.0.2.10"), prefixLength: 24)
        expectGolden(address.encode(.new, seq: sequence(of: Capture.addrAdd)), Capture.addrAdd)
        expectGolden(address.encode(.delete, seq: sequence(of: Capture.addrDel)), Capture.addrDel)
    }

    @Test func permanentARPEntry() {
        let golden = Capture.neighAdd
        let n = Neighbour.permanent(v4("100.64.0.1"), linkLayerAddress: mac("66:55:44:33:22:11"), interfaceIndex: 4)
        expectGolden(n.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func permanentNDPEntry() {
        let golden = Capture.neighAddIPv6
        let n = Neighbour.permanent(IPAddress("2001:db8::1") ?? v4("0.0.0.0"), linkLayerAddress: mac("66:55:44:33:22:12"), interfaceIndex: 3)
        expectGolden(n.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func bridgeFDBEntry() {
        let golden = Capture.fdbAdd
        let n = Neighbour.fdb(mac("66:55:44:33:22:11"), remote: v4("192.0.2.20"), interfaceIndex: 4)
        expectGolden(n.encode(.new, seq: sequence(of: golden)), golden)
    }
}

/// The requests of the tunnel dataplane (vxlan.calico, tunl0, permanent neighbours, FDB
/// entries), byte for byte as iproute2 6.1 sends them (Captures.swift).
@Suite struct GoldenTunnelRequests {
    @Test func vxlanCalicoWithMACAndMTU() {
        let golden = Capture.linkAddVXLANCalico
        let link = Link(name: "vxlan.calico", mtu: 1450, address: mac("66:55:44:33:22:10"), info: .vxlan(VXLANInfo(
            id: 4096, link: 3, local: v4("192.0.2.10"), port: 4789, learning: false)))
        expectGolden(link.encode(.new, seq: sequence(of: golden)), golden)
    }

    /// Calico's tunl0 is the kernel's defaults (remote and local any): kind only, no INFO_DATA.
    @Test func tunl0KindOnly() {
        let golden = Capture.linkAddTunl0
        let link = Link(name: "tunl0", mtu: 1480, info: .other(kind: "ipip"))
        expectGolden(link.encode(.new, seq: sequence(of: golden)), golden)
    }

    @Test func aliasUpAndLearningChanges() {
        expectGolden(Link(index: 4, alias: "swiftlet").encode(.new, flags: .change, seq: sequence(of: Capture.linkSetAlias)),
                     Capture.linkSetAlias)
        var up = Link(index: 4)
        up.setUp(true)
        expectGolden(up.encode(.new, flags: .change, seq: sequence(of: Capture.linkSetUp)), Capture.linkSetUp)
        let learning = Link(index: 4, info: .vxlan(VXLANInfo(id: 4096, learning: true)))
        expectGolden(learning.encode(.new, flags: .change, seq: sequence(of: Capture.linkSetLearning)), Capture.linkSetLearning)
    }

    @Test func neighbourReplaceAndDelete() {
        let n = Neighbour.permanent(v4("100.64.0.1"), linkLayerAddress: mac("66:55:44:33:22:11"), interfaceIndex: 4)
        expectGolden(n.encode(.new, flags: .createOrReplace, seq: sequence(of: Capture.neighReplace)), Capture.neighReplace)
        var gone = n
        gone.linkLayerAddress = nil
        expectGolden(gone.encode(.delete, seq: sequence(of: Capture.neighDel)), Capture.neighDel)
    }

    @Test func fdbReplaceAppendAndDelete() {
        let replace = Neighbour.fdb(mac("66:55:44:33:22:11"), remote: v4("192.0.2.20"), interfaceIndex: 4)
        expectGolden(replace.encode(.new, flags: .createOrReplace, seq: sequence(of: Capture.fdbReplace)), Capture.fdbReplace)
        let append = Neighbour.fdb(mac("66:55:44:33:22:12"), remote: v4("192.0.2.21"), interfaceIndex: 4)
        expectGolden(append.encode(.new, flags: .createOrAppend, seq: sequence(of: Capture.fdbAppend)), Capture.fdbAppend)
        expectGolden(replace.encode(.delete, seq: sequence(of: Capture.fdbDel)), Capture.fdbDel)
    }

    @Test func tunnelAddressSlash32() {
        let golden = Capture.addrAdd32
        let a = InterfaceAddress(interfaceIndex: 4, local: v4("100.64.1.0"), prefixLength: 32)
        expectGolden(a.encode(.new, seq: sequence(of: golden)), golden)
    }
}
