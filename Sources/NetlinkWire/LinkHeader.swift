/// struct ifinfomsg (<linux/rtnetlink.h>, rtnetlink(7)): the 16-byte fixed part of every link
/// message, before the IFLA_* attributes.
public struct LinkHeader: Hashable, Sendable {
    public static let length = 16

    public var family: UInt8
    /// ifi_type: ARPHRD_* (<linux/if_arp.h>), set by the kernel.
    public var deviceType: UInt16
    /// ifi_index: 0 in a create request (the kernel picks one).
    public var index: UInt32
    /// ifi_flags: IFF_* (<linux/if.h>).
    public var flags: UInt32
    /// ifi_change: which IFF_* bits a request changes.
    public var change: UInt32

    public init(family: UInt8 = AF.unspec, deviceType: UInt16 = 0, index: UInt32 = 0, flags: UInt32 = 0, change: UInt32 = 0) {
        self.family = family
        self.deviceType = deviceType
        self.index = index
        self.flags = flags
        self.change = change
    }

    public init(from r: inout NetlinkReader) throws(NetlinkDecodeError) {
        r.context = "ifinfomsg"
        family = try r.readUInt8()
        try r.skip(1)  // __ifi_pad
        deviceType = try r.readUInt16()
        index = try r.readUInt32()
        flags = try r.readUInt32()
        change = try r.readUInt32()
    }

    public func encode(into w: inout NetlinkWriter) {
        w.write(family)
        w.write(UInt8(0))
        w.write(deviceType)
        w.write(index)
        w.write(flags)
        w.write(change)
    }
}
