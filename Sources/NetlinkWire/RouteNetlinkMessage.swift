/// Every message a route-netlink socket delivers, decoded by type: the objects this module
/// models, the control messages (ACK/error, DONE) and, untouched, anything else. The entry
/// point for a receive loop: `RouteNetlinkMessage.decode(datagram)`.
public enum RouteNetlinkMessage: Hashable, Sendable {
    /// RTM_NEWROUTE (`deleted` false) or RTM_DELROUTE (true).
    case route(Route, deleted: Bool, header: NetlinkHeader)
    case link(Link, deleted: Bool, header: NetlinkHeader)
    case address(InterfaceAddress, deleted: Bool, header: NetlinkHeader)
    case neighbour(Neighbour, deleted: Bool, header: NetlinkHeader)
    /// NLMSG_ERROR; `isAck` when the errno is 0.
    case error(NetlinkErrorReply)
    case done(NetlinkDone)
    /// NLMSG_NOOP, NLMSG_OVERRUN, other RTM_* types, and routes of families not modelled
    /// (e.g. RTNL_FAMILY_IPMR): kept raw.
    case other(NetlinkMessage)

    /// Decodes one message.
    public init(_ m: NetlinkMessage) throws(NetlinkDecodeError) {
        switch m.type {
        case NLMSG.error: self = .error(try NetlinkErrorReply(m))
        case NLMSG.done: self = .done(try NetlinkDone(m))
        case RTM.newRoute, RTM.delRoute:
            do {
                self = .route(try Route(m), deleted: m.type == RTM.delRoute, header: m.header)
            } catch .unsupportedFamily {
                self = .other(m)
            }
        case RTM.newLink, RTM.delLink: self = .link(try Link(m), deleted: m.type == RTM.delLink, header: m.header)
        case RTM.newAddress, RTM.delAddress:
            do {
                self = .address(try InterfaceAddress(m), deleted: m.type == RTM.delAddress, header: m.header)
            } catch .unsupportedFamily {
                self = .other(m)
            }
        case RTM.newNeighbour, RTM.delNeighbour:
            self = .neighbour(try Neighbour(m), deleted: m.type == RTM.delNeighbour, header: m.header)
        default: self = .other(m)
        }
    }

    /// Splits a datagram and decodes every message in it.
    public static func decode(_ datagram: ArraySlice<UInt8>) throws(NetlinkDecodeError) -> [RouteNetlinkMessage] {
        var out: [RouteNetlinkMessage] = []
        for m in try NetlinkMessage.split(datagram) { out.append(try RouteNetlinkMessage(m)) }
        return out
    }

    public static func decode(_ datagram: [UInt8]) throws(NetlinkDecodeError) -> [RouteNetlinkMessage] {
        try decode(datagram[...])
    }
}
