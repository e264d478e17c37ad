/// Route encoding (RTM_NEWROUTE / RTM_DELROUTE requests, attribute order as iproute2 sends
/// them) and decoding (RTM_NEWROUTE from dumps and notifications). <linux/rtnetlink.h>,
/// rtnetlink(7).
import NetCore

extension Route: NetlinkRequest, NetlinkFamilyDump {
    /// Appends one request to `w` (several routes in one writer make one sendmsg batch).
    ///
    /// A delete mirrors `ip route del`: scope RT_SCOPE_NOWHERE (the kernel's "any scope") and,
    /// for unicast routes, type RTN_UNSPEC; protocol, table, destination, gateway, interface and
    /// metric narrow the match so only our own route is removed.
    public func encode(_ operation: NetlinkOperation, flags: NetlinkFlags? = nil, seq: UInt32, into w: inout NetlinkWriter) {
        let type = operation == .new ? RTM.newRoute : RTM.delRoute
        let messageFlags = NetlinkFlags.request.union(flags ?? operation.defaultFlags)
        w.message(type: type, flags: messageFlags, seq: seq) { w in
            header(for: operation).encode(into: &w)
            encodeAttributes(into: &w)
        }
    }

    /// RTM_GETROUTE dump (AF_INET, AF_INET6, or AF_UNSPEC for both): `dumpRequest(family:seq:)`.
    public static var dumpMessageType: UInt16 { RTM.getRoute }
    public static var dumpHeaderLength: Int { RouteHeader.length }

    func header(for operation: NetlinkOperation) -> RouteHeader {
        let single = nextHops.count == 1 ? nextHops[0].flags.rawValue : 0
        return RouteHeader(
            family: family,
            destinationLength: destination.length,
            tos: tos,
            table: table < 256 ? UInt8(table) : UInt8(RouteTable.unspec),
            protocol: `protocol`,
            scope: operation == .delete ? .nowhere : scope,
            type: operation == .delete && type == .unicast ? .unspec : type,
            flags: UInt32(single))
    }

    private func encodeAttributes(into w: inout NetlinkWriter) {
        // iproute2 omits RTA_DST for a default route (prefix length 0).
        if destination.length > 0 { w.attribute(RTA.dst, bytes: destination.netlinkAddress.bytes) }
        if let preferredSource { w.attribute(RTA.prefsrc, bytes: preferredSource.bytes) }
        if nextHops.count == 1 { nextHops[0].encodeGateway(routeFamily: family, into: &w) }
        if table >= 256 { w.attribute(RTA.table, uint32: table) }
        if let metric { w.attribute(RTA.priority, uint32: metric) }
        if nextHops.count == 1, let index = nextHops[0].interfaceIndex { w.attribute(RTA.oif, uint32: index) }
        if nextHops.count > 1 { encodeMultipath(into: &w) }
    }

    /// RTA_MULTIPATH: struct rtnexthop { u16 len; u8 flags; u8 hops; int ifindex } followed by
    /// that hop's RTA_GATEWAY / RTA_VIA, each hop padded to 4 bytes.
    private func encodeMultipath(into w: inout NetlinkWriter) {
        w.attribute(RTA.multipath) { w in
            for hop in nextHops {
                var hw = NetlinkWriter(capacity: 32)
                hw.write(UInt16(0))
                hw.write(hop.flags.rawValue)
                hw.write(hop.hops)
                hw.write(hop.interfaceIndex ?? 0)
                hop.encodeGateway(routeFamily: family, into: &hw)
                var bytes = hw.bytes
                let length = UInt16(truncatingIfNeeded: bytes.count)
                bytes[0] = UInt8(truncatingIfNeeded: length)
                bytes[1] = UInt8(truncatingIfNeeded: length >> 8)
                w.write(contentsOf: bytes)
                w.pad()
            }
        }
    }
}

extension Route {
    /// Decodes an RTM_NEWROUTE / RTM_DELROUTE message. Attributes not modelled here
    /// (RTA_CACHEINFO, RTA_PREF, RTA_METRICS…) are skipped; read them with
    /// `NetlinkAttribute.parse(message.payload.dropFirst(RouteHeader.length))`.
    public init(_ message: NetlinkMessage) throws(NetlinkDecodeError) {
        guard message.type == RTM.newRoute || message.type == RTM.delRoute else {
            throw .unexpectedMessageType(message.type)
        }
        var r = NetlinkReader(message.payload)
        let h = try RouteHeader(from: &r)
        let attributes = try NetlinkAttribute.parse(r.readRest())
        try self.init(header: h, attributes: attributes)
    }

    public init(header h: RouteHeader, attributes: [NetlinkAttribute]) throws(NetlinkDecodeError) {
        guard h.family == AF.inet || h.family == AF.inet6 else { throw .unsupportedFamily(h.family) }
        let dst = try attributes.first(RTA.dst).map { a throws(NetlinkDecodeError) in try a.address(family: h.family) }
        destination = try IPPrefix.fromNetlink(family: h.family, address: dst, length: h.destinationLength)
        table = try attributes.first(RTA.table)?.uint32() ?? UInt32(h.table)
        `protocol` = h.protocol
        scope = h.scope
        type = h.type
        tos = h.tos
        metric = try attributes.first(RTA.priority)?.uint32()
        preferredSource = try attributes.first(RTA.prefsrc)?.address()
        if let multipath = attributes.first(RTA.multipath) {
            nextHops = try Route.decodeMultipath(multipath.payload, family: h.family)
        } else {
            let gateway = try NextHop.decodeGateway(attributes, routeFamily: h.family)
            let oif = try attributes.first(RTA.oif)?.uint32()
            let flags = NextHopFlags(rawValue: UInt8(truncatingIfNeeded: h.flags))
            nextHops = gateway == nil && oif == nil ? [] : [NextHop(gateway: gateway, interfaceIndex: oif, flags: flags)]
        }
    }

    static func decodeMultipath(_ bytes: ArraySlice<UInt8>, family: UInt8) throws(NetlinkDecodeError) -> [NextHop] {
        var hops: [NextHop] = []
        var r = NetlinkReader(bytes, context: "rtnexthop")
        while !r.isAtEnd {
            let available = r.remaining
            let length = Int(try r.readUInt16())
            guard length >= 8, length <= available else {
                throw .badAttributeLength(type: RTA.multipath, length: length, available: available)
            }
            let flags = NextHopFlags(rawValue: try r.readUInt8())
            let hopCount = try r.readUInt8()
            let index = try r.readUInt32()
            let attributes = try NetlinkAttribute.parse(try r.readSlice(length - 8))
            let gateway = try NextHop.decodeGateway(attributes, routeFamily: family)
            hops.append(NextHop(gateway: gateway, interfaceIndex: index == 0 ? nil : index, flags: flags, weight: Int(hopCount) + 1))
            r.skipPadding(Netlink.align(length) - length)
        }
        return hops
    }
}
