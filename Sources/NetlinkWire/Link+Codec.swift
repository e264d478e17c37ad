/// Link encoding (RTM_NEWLINK to create or change, RTM_DELLINK, RTM_GETLINK) and decoding
/// (RTM_NEWLINK from dumps, gets and notifications). <linux/rtnetlink.h>, <linux/if_link.h>,
/// rtnetlink(7). Attribute order follows iproute2.
extension Link: NetlinkRequest {
    /// `.new` creates (default flags NLM_F_ACK|NLM_F_EXCL|NLM_F_CREATE) or, with flags `[.ack]`
    /// and an index, changes an existing link (`ip link set`). `.delete` names the link by index,
    /// or by IFLA_IFNAME when the index is 0.
    public func encode(_ operation: NetlinkOperation, flags: NetlinkFlags? = nil, seq: UInt32, into w: inout NetlinkWriter) {
        let type = operation == .new ? RTM.newLink : RTM.delLink
        w.message(type: type, flags: NetlinkFlags.request.union(flags ?? operation.defaultFlags), seq: seq) { w in
            LinkHeader(index: index, flags: self.flags, change: change).encode(into: &w)
            if operation == .delete {
                if index == 0, let name { w.attribute(IFLA.ifname, string: name) }
                return
            }
            encodeAttributes(into: &w)
        }
    }

    /// iproute2's order (iplink_parse): the generic settings as parsed, then IFLA_IFNAME, then
    /// IFLA_LINKINFO (`ip link add NAME address … mtu … type vxlan …`).
    private func encodeAttributes(into w: inout NetlinkWriter) {
        if let address { w.attribute(IFLA.address, bytes: address.bytes) }
        if let mtu { w.attribute(IFLA.mtu, uint32: mtu) }
        if let parent { w.attribute(IFLA.link, uint32: parent) }
        if let operState { w.attribute(IFLA.operstate, uint8: operState) }
        if let alias { w.attribute(IFLA.ifalias, string: alias, nulTerminated: false) }
        if let name { w.attribute(IFLA.ifname, string: name) }
        info?.encode(into: &w)
    }

    /// RTM_GETLINK for one link, by index or (index 0) by name. The reply is one RTM_NEWLINK
    /// or an NLMSG_ERROR (ENODEV).
    public static func getRequest(index: UInt32 = 0, name: String? = nil, seq: UInt32) -> [UInt8] {
        var w = NetlinkWriter()
        w.message(type: RTM.getLink, flags: [.request], seq: seq) { w in
            LinkHeader(index: index).encode(into: &w)
            if index == 0, let name { w.attribute(IFLA.ifname, string: name) }
        }
        return w.bytes
    }

    /// RTM_GETLINK dump of every link.
    public static func dumpRequest(seq: UInt32) -> [UInt8] {
        var w = NetlinkWriter()
        w.dumpRequest(type: RTM.getLink, family: AF.unspec, headerLength: LinkHeader.length, seq: seq)
        return w.bytes
    }

    /// Decodes RTM_NEWLINK / RTM_DELLINK. Attributes not modelled are skipped.
    public init(_ message: NetlinkMessage) throws(NetlinkDecodeError) {
        guard message.type == RTM.newLink || message.type == RTM.delLink else {
            throw .unexpectedMessageType(message.type)
        }
        var r = NetlinkReader(message.payload)
        let h = try LinkHeader(from: &r)
        let attributes = try NetlinkAttribute.parse(r.readRest())
        index = h.index
        flags = h.flags
        change = h.change
        deviceType = h.deviceType
        name = attributes.first(IFLA.ifname)?.string()
        mtu = try attributes.first(IFLA.mtu)?.uint32()
        address = attributes.first(IFLA.address).map { LinkLayerAddress(bytes: Array($0.payload)) }
        parent = try attributes.first(IFLA.link)?.uint32()
        operState = try attributes.first(IFLA.operstate)?.uint8()
        info = try attributes.first(IFLA.linkinfo).map { a throws(NetlinkDecodeError) in try LinkInfo(a.nested()) }
        alias = attributes.first(IFLA.ifalias)?.string()
    }
}
