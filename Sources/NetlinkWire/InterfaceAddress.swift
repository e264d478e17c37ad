/// An interface address (rtnetlink(7) RTM_NEWADDR/RTM_DELADDR/RTM_GETADDR; struct ifaddrmsg
/// and IFA_* in <linux/if_addr.h>): `ip addr add <local>/<len> dev <index>`. IFA_LOCAL is the
/// interface's own address; IFA_ADDRESS is the peer on point-to-point links and otherwise
/// equal to IFA_LOCAL (iproute2 sends both).
import NetCore

public struct InterfaceAddress: Hashable, Sendable, CustomStringConvertible, NetlinkRequest, NetlinkFamilyDump {
    public static let headerLength = 8

    public var interfaceIndex: UInt32
    public var prefixLength: UInt8
    /// IFA_LOCAL.
    public var local: IPAddress
    /// IFA_ADDRESS; equal to `local` except on point-to-point links.
    public var address: IPAddress
    /// ifa_flags (IFA_F_*, low byte); the kernel reports the full set in IFA_FLAGS.
    public var flags: UInt32
    /// ifa_scope (RT_SCOPE_*).
    public var scope: RouteScope
    /// IFA_LABEL.
    public var label: String?

    public init(interfaceIndex: UInt32, local: IPAddress, prefixLength: UInt8, address: IPAddress? = nil,
                flags: UInt32 = 0, scope: RouteScope = .universe, label: String? = nil) {
        self.interfaceIndex = interfaceIndex
        self.local = local
        self.prefixLength = prefixLength
        self.address = address ?? local
        self.flags = flags
        self.scope = scope
        self.label = label
    }

    public var family: UInt8 { local.netlinkFamily }

    public var description: String { "\(local)/\(prefixLength) dev #\(interfaceIndex)" }

    public func encode(_ operation: NetlinkOperation, flags requestFlags: NetlinkFlags? = nil, seq: UInt32, into w: inout NetlinkWriter) {
        let type = operation == .new ? RTM.newAddress : RTM.delAddress
        w.message(type: type, flags: NetlinkFlags.request.union(requestFlags ?? operation.defaultFlags), seq: seq) { w in
            w.write(family)
            w.write(prefixLength)
            w.write(UInt8(truncatingIfNeeded: flags))
            w.write(scope.rawValue)
            w.write(interfaceIndex)
            w.attribute(IFA.local, bytes: local.bytes)
            w.attribute(IFA.address, bytes: address.bytes)
            if let label { w.attribute(IFA.label, string: label) }
            if flags > 0xff { w.attribute(IFA.flags, uint32: flags) }
        }
    }

    /// RTM_GETADDR dump of one family (AF_UNSPEC for both): `dumpRequest(family:seq:)`.
    public static var dumpMessageType: UInt16 { RTM.getAddress }
    public static var dumpHeaderLength: Int { headerLength }

    /// Decodes RTM_NEWADDR / RTM_DELADDR; IFA_CACHEINFO and other attributes are skipped.
    public init(_ message: NetlinkMessage) throws(NetlinkDecodeError) {
        guard message.type == RTM.newAddress || message.type == RTM.delAddress else {
            throw .unexpectedMessageType(message.type)
        }
        var r = NetlinkReader(message.payload, context: "ifaddrmsg")
        let family = try r.readUInt8()
        prefixLength = try r.readUInt8()
        let shortFlags = try r.readUInt8()
        scope = RouteScope(rawValue: try r.readUInt8())
        interfaceIndex = try r.readUInt32()
        let attributes = try NetlinkAttribute.parse(r.readRest())
        guard family == AF.inet || family == AF.inet6 else { throw .unsupportedFamily(family) }
        let addressAttribute = attributes.first(IFA.address)
        guard let localAttribute = attributes.first(IFA.local) ?? addressAttribute else {
            throw .badAttribute(type: IFA.local, context: "ifaddrmsg without IFA_LOCAL or IFA_ADDRESS")
        }
        local = try localAttribute.address(family: family)
        address = try addressAttribute?.address(family: family) ?? local
        flags = try attributes.first(IFA.flags)?.uint32() ?? UInt32(shortFlags)
        label = attributes.first(IFA.label)?.string()
    }
}
