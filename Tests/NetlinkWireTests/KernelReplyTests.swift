/// Decoding real kernel replies captured with strace (Captures.swift): a route dump of every
/// table, an IPv6 dump, a vxlan link, address, neighbour and FDB dumps, an ACK and two
/// extended-ACK errors.
import Testing
import NetCore
@testable import NetlinkWire

func routes(in datagram: [UInt8]) throws -> [Route] {
    try RouteNetlinkMessage.decode(datagram).compactMap {
        if case .route(let r, _, _) = $0 { return r } else { return nil }
    }
}

@Suite struct RouteDumpDecoding {
    @Test func everyMessageOfTheDatagramIsAMultipartRoute() throws {
        let messages = try NetlinkMessage.split(Capture.dumpRoutesAllTables)
        #expect(messages.count > 8)
        #expect(messages.allSatisfy { $0.type == RTM.newRoute && $0.isMultipart })
        let done = try RouteNetlinkMessage.decode(Capture.dumpRoutesAllTablesDone)
        guard case .done(let d)? = done.first else { Issue.record("no DONE"); return }
        #expect(d.errno == 0)
        #expect(!d.interrupted)
    }

    @Test func ourRoutesDecodeToWhatWeWouldEncode() throws {
        let ours = try routes(in: Capture.dumpRoutesAllTables).filter { $0.protocol == proto201 }
        let expected: [Route] = [
            Route(destination: prefix("198.51.100.0/24"), table: 100, protocol: proto201,
                  nextHops: [NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3, onlink: true)]),
            Route(destination: prefix("198.51.100.128/25"), table: 1000, protocol: proto201,
                  nextHops: [NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3)], metric: 50),
            Route(destination: prefix("100.64.0.0/26"), protocol: proto201,
                  nextHops: [NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3)]),
            Route(destination: prefix("198.51.100.64/26"), protocol: proto201, type: .blackhole),
            Route(destination: prefix("198.51.100.192/26"), protocol: proto201, type: .unreachable),
            Route(destination: prefix("203.0.113.0/24"), protocol: proto201, nextHops: [
                NextHop(gateway: v4("192.0.2.1"), interfaceIndex: 3, weight: 1),
                NextHop(gateway: v4("192.0.2.2"), interfaceIndex: 3, onlink: true, weight: 2),
            ]),
            Route(destination: prefix("203.0.113.128/25"), protocol: proto201,
                  nextHops: [NextHop(gateway: IPAddress("2001:db8::1"), interfaceIndex: 3)]),
            // `table all` dumps AF_UNSPEC: the IPv6 route comes too.
            Route(destination: prefix("2001:db8:1::/64"), protocol: proto201,
                  nextHops: [NextHop(gateway: IPAddress("2001:db8::1"), interfaceIndex: 3)], metric: 1024),
        ]
        for route in expected {
            #expect(ours.contains(route), "missing \(route); got \(ours)")
        }
        #expect(ours.count == expected.count)
    }

    @Test func kernelRoutesOfOtherProtocolsAndTablesDecode() throws {
        let all = try routes(in: Capture.dumpRoutesAllTables)
        let connected = all.first { $0.destination == prefix("192.0.2.0/24") && $0.table == RouteTable.main }
        #expect(connected?.protocol == .kernel)
        #expect(connected?.scope == .link)
        #expect(connected?.preferredSource == v4("192.0.2.10"))
        #expect(connected?.nextHops == [NextHop(interfaceIndex: 3)])
        let local = all.first { $0.destination == prefix("192.0.2.10/32") }
        #expect(local?.type == .local)
        #expect(local?.table == RouteTable.local)
    }

    @Test func ipv6Dump() throws {
        let all = try routes(in: Capture.dumpRoutesIPv6)
        let ours = all.first { $0.protocol == proto201 }
        #expect(ours == Route(destination: prefix("2001:db8:1::/64"), protocol: proto201,
                              nextHops: [NextHop(gateway: IPAddress("2001:db8::1"), interfaceIndex: 3)], metric: 1024))
        #expect(all.contains { $0.destination == prefix("2001:db8::/64") && $0.protocol == .kernel })
    }

    @Test func rawAttributesStayAvailable() throws {
        let first = try #require(try NetlinkMessage.split(Capture.dumpRoutesIPv6).first)
        let attributes = try NetlinkAttribute.parse(first.payload.dropFirst(RouteHeader.length))
        // RTA_CACHEINFO and RTA_PREF are not modelled by Route but survive as raw attributes.
        #expect(attributes.contains { $0.type == RTA.cacheinfo })
        #expect(attributes.contains { $0.type == RTA.table })
    }
}

@Suite struct LinkAddressNeighbourDecoding {
    @Test func vxlanLink() throws {
        let messages = try RouteNetlinkMessage.decode(Capture.getLinkVXLAN)
        guard case .link(let link, let deleted, _)? = messages.first else { Issue.record("no link"); return }
        #expect(!deleted)
        #expect(link.index == 4)
        #expect(link.name == "vxlan0")
        #expect(link.mtu == 1450)
        #expect(link.address?.bytes.count == 6)
        #expect(link.isUp)
        guard case .vxlan(let vxlan)? = link.info else { Issue.record("no vxlan info: \(String(describing: link.info))"); return }
        #expect(vxlan == VXLANInfo(id: 4096, link: 3, local: v4("192.0.2.10"), port: 4789, learning: false))
    }

    @Test func addresses() throws {
        let decoded = try RouteNetlinkMessage.decode(Capture.dumpAddresses)
        let addresses = decoded.compactMap { m -> InterfaceAddress? in
            if case .address(let a, _, _) = m { return a } else { return nil }
        }
        let v4Address = addresses.first { $0.family == AF.inet }
        #expect(v4Address?.local == v4("192.0.2.10"))
        #expect(v4Address?.prefixLength == 24)
        #expect(v4Address?.interfaceIndex == 3)
        #expect(v4Address?.label == "v0")
        #expect(addresses.contains { $0.local == IPAddress("2001:db8::10") && $0.prefixLength == 64 })
    }

    @Test func neighbours() throws {
        let decoded = try RouteNetlinkMessage.decode(Capture.dumpNeighbours)
        let entries = decoded.compactMap { m -> Neighbour? in
            if case .neighbour(let n, _, _) = m { return n } else { return nil }
        }
        let arp = entries.first { $0.destination == v4("100.64.0.1") }
        #expect(arp?.linkLayerAddress == mac("66:55:44:33:22:11"))
        #expect(arp?.state == .permanent)
        #expect(arp?.interfaceIndex == 4)
    }

    @Test func fdb() throws {
        let decoded = try RouteNetlinkMessage.decode(Capture.dumpFDB)
        guard case .neighbour(let n, _, _)? = decoded.first else { Issue.record("no fdb"); return }
        #expect(n.isFDB)
        #expect(n.flags.contains(.self))
        #expect(n.state.contains(.permanent))
        #expect(n.destination == v4("192.0.2.20"))
        #expect(n.linkLayerAddress == mac("66:55:44:33:22:11"))
    }
}

@Suite struct ErrorReplies {
    @Test func ackIsErrorZero() throws {
        let reply = try NetlinkErrorReply(try #require(try NetlinkMessage.split(Capture.replyAck).first))
        #expect(reply.isAck)
        #expect(reply.request.type == RTM.newRoute)
        #expect(reply.request.sequence == sequence(of: Capture.replyAck))
        #expect(reply.message == nil)
    }

    @Test func extendedAckText() throws {
        let reply = try NetlinkErrorReply(try #require(try NetlinkMessage.split(Capture.replyExtAckGateway).first))
        #expect(reply.errno == 101)  // ENETUNREACH
        #expect(reply.message == "Nexthop has invalid gateway")
        #expect(reply.request.type == RTM.newRoute)
    }

    @Test func ipipMissingFromThisKernel() throws {
        let decoded = try RouteNetlinkMessage.decode(Capture.replyExtAckIPIP)
        guard case .error(let reply)? = decoded.first else { Issue.record("no error"); return }
        #expect(reply.errno == 95)  // EOPNOTSUPP
        #expect(reply.message == "Unknown device type")
        #expect(reply.request.type == RTM.newLink)
    }

    @Test func encodedErrorWithOffsetRoundTrips() throws {
        let header = NetlinkHeader(length: 52, type: RTM.newRoute, flags: [.request, .ack], sequence: 7, portID: 0)
        let reply = NetlinkErrorReply(errno: 17, request: header, message: "File exists", offset: 28)
        let decoded = try NetlinkErrorReply(try #require(try NetlinkMessage.split(reply.encode()).first))
        #expect(decoded == reply)
        let ack = NetlinkErrorReply(errno: 0, request: header)
        #expect(try NetlinkErrorReply(try #require(try NetlinkMessage.split(ack.encode()).first)) == ack)
    }
}
