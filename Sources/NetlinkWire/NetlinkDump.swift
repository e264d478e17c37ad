/// Collects the replies to one dump request (NLM_F_DUMP): NLM_F_MULTI messages carrying the
/// request's sequence number, over as many datagrams as the kernel needs, until NLMSG_DONE
/// (netlink(7)). An NLMSG_ERROR for the sequence ends the dump as failed. Messages with other
/// sequence numbers (multicast notifications use 0) are not part of the dump and are returned
/// to the caller for separate handling.
public struct NetlinkDump: Sendable {
    public let sequence: UInt32
    public private(set) var messages: [NetlinkMessage] = []
    public private(set) var isComplete = false
    /// NLM_F_DUMP_INTR seen on any part: the table changed while dumping; dump again.
    public private(set) var interrupted = false
    /// Set when the kernel answered the dump with an error instead of data.
    public private(set) var failure: NetlinkErrorReply?

    public init(sequence: UInt32) { self.sequence = sequence }

    /// Feeds one received datagram. Returns the messages that do not belong to this dump.
    @discardableResult
    public mutating func receive(_ datagram: ArraySlice<UInt8>) throws(NetlinkDecodeError) -> [NetlinkMessage] {
        var unrelated: [NetlinkMessage] = []
        for m in try NetlinkMessage.split(datagram) {
            guard m.sequence == sequence, !isComplete else {
                unrelated.append(m)
                continue
            }
            if m.header.flags.contains(.dumpInterrupted) { interrupted = true }
            switch m.type {
            case NLMSG.done:
                let done = try NetlinkDone(m)
                if done.errno != 0 {
                    failure = NetlinkErrorReply(errno: done.errno, request: m.header)
                }
                isComplete = true
            case NLMSG.error:
                let reply = try NetlinkErrorReply(m)
                if !reply.isAck { failure = reply }
                isComplete = true
            case NLMSG.noop:
                continue
            default:
                messages.append(m)
            }
        }
        return unrelated
    }

    @discardableResult
    public mutating func receive(_ datagram: [UInt8]) throws(NetlinkDecodeError) -> [NetlinkMessage] {
        try receive(datagram[...])
    }
}
