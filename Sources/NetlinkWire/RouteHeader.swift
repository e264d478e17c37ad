/// struct rtmsg (<linux/rtnetlink.h>, rtnetlink(7)): the 12-byte fixed part of every route
/// message, before the RTA_* attributes.
public struct RouteHeader: Hashable, Sendable {
    public static let length = 12

    public var family: UInt8
    public var destinationLength: UInt8
    public var sourceLength: UInt8
    public var tos: UInt8
    /// rtm_table: the table id when < 256, else RT_TABLE_UNSPEC and the id is in RTA_TABLE.
    public var table: UInt8
    public var `protocol`: RouteProtocol
    public var scope: RouteScope
    public var type: RouteType
    /// rtm_flags: RTNH_F_* in the low byte (for a single next hop), RTM_F_* above.
    public var flags: UInt32

    public init(
        family: UInt8, destinationLength: UInt8 = 0, sourceLength: UInt8 = 0, tos: UInt8 = 0,
        table: UInt8 = 0, protocol: RouteProtocol = .unspec, scope: RouteScope = .universe,
        type: RouteType = .unspec, flags: UInt32 = 0
    ) {
        self.family = family
        self.destinationLength = destinationLength
        self.sourceLength = sourceLength
        self.tos = tos
        self.table = table
        self.protocol = `protocol`
        self.scope = scope
        self.type = type
        self.flags = flags
    }

    public init(from r: inout NetlinkReader) throws(NetlinkDecodeError) {
        r.context = "rtmsg"
        family = try r.readUInt8()
        destinationLength = try r.readUInt8()
        sourceLength = try r.readUInt8()
        tos = try r.readUInt8()
        table = try r.readUInt8()
        `protocol` = RouteProtocol(rawValue: try r.readUInt8())
        scope = RouteScope(rawValue: try r.readUInt8())
        type = RouteType(rawValue: try r.readUInt8())
        flags = try r.readUInt32()
    }

    public func encode(into w: inout NetlinkWriter) {
        w.write(family)
        w.write(destinationLength)
        w.write(sourceLength)
        w.write(tos)
        w.write(table)
        w.write(`protocol`.rawValue)
        w.write(scope.rawValue)
        w.write(type.rawValue)
        w.write(flags)
    }
}
