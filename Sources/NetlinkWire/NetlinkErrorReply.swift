/// NLMSG_ERROR (struct nlmsgerr, <linux/netlink.h>; netlink(7)): the kernel's answer to a
/// request with NLM_F_ACK. Error 0 is the ACK. A negative errno is a failure; with the socket
/// option NETLINK_EXT_ACK the kernel appends attributes (NLM_F_ACK_TLVS) with a text
/// explanation (NLMSGERR_ATTR_MSG, e.g. "Nexthop has invalid gateway") and the offset of the
/// offending attribute in the request (NLMSGERR_ATTR_OFFS). The original request follows the
/// errno: its header only when NLM_F_CAPPED, otherwise the whole request.
public struct NetlinkErrorReply: Hashable, Sendable, CustomStringConvertible {
    /// The errno as a positive number (EEXIST = 17…); 0 for an ACK.
    public var errno: Int32
    /// The header of the request this answers (its seq matches the request's).
    public var request: NetlinkHeader
    /// NLMSGERR_ATTR_MSG.
    public var message: String?
    /// NLMSGERR_ATTR_OFFS: byte offset of the offending attribute within the request message.
    public var offset: UInt32?

    public init(errno: Int32, request: NetlinkHeader, message: String? = nil, offset: UInt32? = nil) {
        self.errno = errno
        self.request = request
        self.message = message
        self.offset = offset
    }

    public var isAck: Bool { errno == 0 }

    public var description: String {
        var s = isAck ? "ACK seq \(request.sequence)" : "error \(errno) seq \(request.sequence)"
        if let message { s += ": \(message)" }
        if let offset { s += " (at offset \(offset))" }
        return s
    }

    /// Decodes the payload of an NLMSG_ERROR message.
    public init(_ message: NetlinkMessage) throws(NetlinkDecodeError) {
        guard message.type == NLMSG.error else { throw .unexpectedMessageType(message.type) }
        var r = NetlinkReader(message.payload, context: "nlmsgerr")
        let error = try r.readInt32()
        // The kernel sends -errno; guard the one value whose negation overflows.
        errno = error == .min ? .max : -error
        var echoed = r
        request = try NetlinkHeader(from: &echoed)
        self.message = nil
        self.offset = nil
        guard message.header.flags.contains(.ackTLVs) else { return }
        // TLVs start after the echoed header (capped) or the whole echoed request.
        let echoedLength = message.header.flags.contains(.capped)
            ? Netlink.headerLength
            : Netlink.align(max(Netlink.headerLength, Int(request.length)))
        try r.skip(min(echoedLength, r.remaining))
        for attribute in try NetlinkAttribute.parse(r.readRest()) {
            switch attribute.type {
            case NLMSGERR.message: self.message = attribute.string()
            case NLMSGERR.offset: self.offset = try attribute.uint32()
            default: continue
            }
        }
    }

    /// Encodes an NLMSG_ERROR as the kernel would (for tests and in-memory kernels): the
    /// request's header only (NLM_F_CAPPED), then extended-ACK attributes if any.
    public func encode(portID: UInt32 = 0) -> [UInt8] {
        var w = NetlinkWriter()
        var flags: NetlinkFlags = .capped
        if message != nil || offset != nil { flags.insert(.ackTLVs) }
        w.message(type: NLMSG.error, flags: flags, seq: request.sequence, pid: portID) { w in
            w.write(0 &- errno)
            request.encode(into: &w)
            if let message { w.attribute(NLMSGERR.message, string: message) }
            if let offset { w.attribute(NLMSGERR.offset, uint32: offset) }
        }
        return w.bytes
    }
}

/// NLMSG_DONE ends a dump; its payload is an int, nonzero when the dump failed (netlink(7)).
public struct NetlinkDone: Hashable, Sendable {
    /// Positive errno, 0 for a complete dump.
    public var errno: Int32
    public var sequence: UInt32
    /// NLM_F_DUMP_INTR: the table changed during the dump; dump again.
    public var interrupted: Bool

    public init(_ message: NetlinkMessage) throws(NetlinkDecodeError) {
        guard message.type == NLMSG.done else { throw .unexpectedMessageType(message.type) }
        var r = NetlinkReader(message.payload, context: "NLMSG_DONE")
        let error = r.isAtEnd ? 0 : try r.readInt32()
        errno = error == .min ? .max : -error
        sequence = message.sequence
        interrupted = message.header.flags.contains(.dumpInterrupted)
    }

    /// The DONE message the kernel sends at the end of a dump.
    public static func encode(seq: UInt32, portID: UInt32 = 0, errno: Int32 = 0) -> [UInt8] {
        var w = NetlinkWriter()
        w.message(type: NLMSG.done, flags: .multi, seq: seq, pid: portID) { $0.write(0 &- errno) }
        return w.bytes
    }
}
