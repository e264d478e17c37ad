/// What every rtnetlink object that can be sent as a request shares: encoding into a batch
/// (`NetlinkWriter`, many requests per sendmsg) and, from that, encoding alone; and, for the
/// objects dumped per address family, the dump request (rtnetlink(7): RTM_GET* with NLM_F_DUMP
/// and a zeroed family header).
public protocol NetlinkRequest {
    /// Appends one request for `operation` to `w`.
    func encode(_ operation: NetlinkOperation, flags: NetlinkFlags?, seq: UInt32, into w: inout NetlinkWriter)
}

extension NetlinkRequest {
    /// One request as bytes.
    public func encode(_ operation: NetlinkOperation, flags: NetlinkFlags? = nil, seq: UInt32) -> [UInt8] {
        var w = NetlinkWriter()
        encode(operation, flags: flags, seq: seq, into: &w)
        return w.bytes
    }
}

/// Objects dumped per address family with a fixed-size family header.
public protocol NetlinkFamilyDump {
    /// The RTM_GET* message type.
    static var dumpMessageType: UInt16 { get }
    /// Size of the family header (rtmsg, ifaddrmsg, ndmsg) that follows nlmsghdr.
    static var dumpHeaderLength: Int { get }
}

extension NetlinkFamilyDump {
    /// The dump request for one family (AF_UNSPEC for all).
    public static func dumpRequest(family: UInt8, seq: UInt32) -> [UInt8] {
        var w = NetlinkWriter()
        w.dumpRequest(type: dumpMessageType, family: family, headerLength: dumpHeaderLength, seq: seq)
        return w.bytes
    }
}
