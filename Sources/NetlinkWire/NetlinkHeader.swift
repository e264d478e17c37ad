/// struct nlmsghdr (<linux/netlink.h>, netlink(7)): 16 bytes, host byte order.
public struct NetlinkHeader: Hashable, Sendable {
    /// nlmsg_len: header plus payload, without trailing padding.
    public var length: UInt32
    public var type: UInt16
    public var flags: NetlinkFlags
    public var sequence: UInt32
    /// nlmsg_pid: the sender's port id (0 for the kernel and for requests we send).
    public var portID: UInt32

    public init(length: UInt32, type: UInt16, flags: NetlinkFlags, sequence: UInt32, portID: UInt32) {
        self.length = length
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
    }

    public init(from reader: inout NetlinkReader) throws(NetlinkDecodeError) {
        length = try reader.readUInt32()
        type = try reader.readUInt16()
        flags = NetlinkFlags(rawValue: try reader.readUInt16())
        sequence = try reader.readUInt32()
        portID = try reader.readUInt32()
    }

    public func encode(into w: inout NetlinkWriter) {
        w.write(length)
        w.write(type)
        w.write(flags.rawValue)
        w.write(sequence)
        w.write(portID)
    }
}
