/// One netlink message cut out of a received datagram: its header and its payload bytes
/// (everything after nlmsghdr up to nlmsg_len). A datagram may carry several messages; a dump
/// arrives as many datagrams of NLM_F_MULTI messages ending with NLMSG_DONE (netlink(7)).
public struct NetlinkMessage: Hashable, Sendable {
    public var header: NetlinkHeader
    public var payload: ArraySlice<UInt8>

    public init(header: NetlinkHeader, payload: ArraySlice<UInt8>) {
        self.header = header
        self.payload = payload
    }

    public var type: UInt16 { header.type }
    public var sequence: UInt32 { header.sequence }
    public var isMultipart: Bool { header.flags.contains(.multi) }
    public var isDone: Bool { header.type == NLMSG.done }
    public var isError: Bool { header.type == NLMSG.error }

    /// Splits a datagram into its messages. Each nlmsg_len is checked against the bytes left;
    /// padding after the last message may be absent. Throws on the first malformed header.
    public static func split(_ datagram: ArraySlice<UInt8>) throws(NetlinkDecodeError) -> [NetlinkMessage] {
        var out: [NetlinkMessage] = []
        var reader = NetlinkReader(datagram, context: "nlmsghdr")
        while !reader.isAtEnd {
            let available = reader.remaining
            var peek = reader
            let header = try NetlinkHeader(from: &peek)
            let length = Int(header.length)
            guard length >= Netlink.headerLength, length <= available else {
                throw .badMessageLength(length: length, available: available)
            }
            let whole = try reader.readSlice(length)
            out.append(NetlinkMessage(header: header, payload: whole.dropFirst(Netlink.headerLength)))
            reader.skipPadding(Netlink.align(length) - length)
        }
        return out
    }

    public static func split(_ datagram: [UInt8]) throws(NetlinkDecodeError) -> [NetlinkMessage] {
        try split(datagram[...])
    }
}
