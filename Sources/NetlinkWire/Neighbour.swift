/// A neighbour entry (rtnetlink(7) RTM_NEWNEIGH/RTM_DELNEIGH/RTM_GETNEIGH; struct ndmsg and
/// NDA_*, NTF_*, NUD_* in <linux/neighbour.h>). Two uses: an ARP/NDP entry (family AF_INET or
/// AF_INET6, NDA_DST = IP, NDA_LLADDR = MAC, NUD_PERMANENT) and a bridge FDB entry on a vxlan
/// device (family AF_BRIDGE, NTF_SELF, NDA_LLADDR = remote MAC, NDA_DST = remote VTEP IP).
import NetCore

public struct Neighbour: Hashable, Sendable, CustomStringConvertible, NetlinkRequest, NetlinkFamilyDump {
    public static let headerLength = 12

    /// ndm_family: AF_INET, AF_INET6 or AF_BRIDGE.
    public var family: UInt8
    public var interfaceIndex: UInt32
    public var state: NeighbourState
    public var flags: NeighbourFlags
    /// ndm_type (RTN_*), normally 0.
    public var type: UInt8
    /// NDA_DST.
    public var destination: IPAddress?
    /// NDA_LLADDR.
    public var linkLayerAddress: LinkLayerAddress?

    public init(family: UInt8, interfaceIndex: UInt32, state: NeighbourState, flags: NeighbourFlags = [],
                type: UInt8 = 0, destination: IPAddress? = nil, linkLayerAddress: LinkLayerAddress? = nil) {
        self.family = family
        self.interfaceIndex = interfaceIndex
        self.state = state
        self.flags = flags
        self.type = type
        self.destination = destination
        self.linkLayerAddress = linkLayerAddress
    }

    /// `ip neigh add <ip> lladdr <mac> dev <index> nud permanent`.
    public static func permanent(_ destination: IPAddress, linkLayerAddress: LinkLayerAddress, interfaceIndex: UInt32) -> Neighbour {
        Neighbour(family: destination.netlinkFamily, interfaceIndex: interfaceIndex, state: .permanent,
                  destination: destination, linkLayerAddress: linkLayerAddress)
    }

    /// `bridge fdb add <mac> dev <index> dst <remote> self permanent`: iproute2 sends
    /// NUD_PERMANENT|NUD_NOARP with NTF_SELF.
    public static func fdb(_ linkLayerAddress: LinkLayerAddress, remote: IPAddress, interfaceIndex: UInt32) -> Neighbour {
        Neighbour(family: AF.bridge, interfaceIndex: interfaceIndex, state: [.permanent, .noarp], flags: .self,
                  destination: remote, linkLayerAddress: linkLayerAddress)
    }

    public var isFDB: Bool { family == AF.bridge }

    public var description: String {
        let what = isFDB ? "fdb \(linkLayerAddress.map { "\($0)" } ?? "?") dst \(destination.map { "\($0)" } ?? "?")"
            : "\(destination.map { "\($0)" } ?? "?") lladdr \(linkLayerAddress.map { "\($0)" } ?? "?")"
        return "\(what) dev #\(interfaceIndex) state 0x\(String(state.rawValue, radix: 16))"
    }

    /// iproute2 order: NDA_DST then NDA_LLADDR for ARP/NDP; NDA_LLADDR then NDA_DST for FDB.
    public func encode(_ operation: NetlinkOperation, flags requestFlags: NetlinkFlags? = nil, seq: UInt32, into w: inout NetlinkWriter) {
        let messageType = operation == .new ? RTM.newNeighbour : RTM.delNeighbour
        w.message(type: messageType, flags: NetlinkFlags.request.union(requestFlags ?? operation.defaultFlags), seq: seq) { w in
            w.write(family)
            w.write(contentsOf: [0, 0, 0])  // ndm_pad1, ndm_pad2
            w.write(interfaceIndex)
            w.write(state.rawValue)
            w.write(flags.rawValue)
            w.write(type)
            if isFDB, let linkLayerAddress { w.attribute(NDA.lladdr, bytes: linkLayerAddress.bytes) }
            if let destination { w.attribute(NDA.dst, bytes: destination.bytes) }
            if !isFDB, let linkLayerAddress { w.attribute(NDA.lladdr, bytes: linkLayerAddress.bytes) }
        }
    }

    /// RTM_GETNEIGH dump of one family (AF_BRIDGE for FDB entries): `dumpRequest(family:seq:)`.
    public static var dumpMessageType: UInt16 { RTM.getNeighbour }
    public static var dumpHeaderLength: Int { headerLength }

    /// Decodes RTM_NEWNEIGH / RTM_DELNEIGH; NDA_CACHEINFO, NDA_PROBES and others are skipped.
    public init(_ message: NetlinkMessage) throws(NetlinkDecodeError) {
        guard message.type == RTM.newNeighbour || message.type == RTM.delNeighbour else {
            throw .unexpectedMessageType(message.type)
        }
        var r = NetlinkReader(message.payload, context: "ndmsg")
        family = try r.readUInt8()
        try r.skip(3)
        interfaceIndex = try r.readUInt32()
        state = NeighbourState(rawValue: try r.readUInt16())
        flags = NeighbourFlags(rawValue: try r.readUInt8())
        type = try r.readUInt8()
        let attributes = try NetlinkAttribute.parse(r.readRest())
        destination = try attributes.first(NDA.dst)?.address()
        linkLayerAddress = attributes.first(NDA.lladdr).map { LinkLayerAddress(bytes: Array($0.payload)) }
    }
}
