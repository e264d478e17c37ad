/// One BGP session this node should run, with every parameter resolved (the Templater's unit).

import NetCore

public struct PeerConfig: Hashable, Sendable {
    /// Where the peering comes from, as Calico names its BIRD protocols.
    public enum Kind: String, Hashable, Sendable, Comparable {
        case mesh = "Mesh", global = "Global", node = "Node"
        public static func < (l: Kind, r: Kind) -> Bool { l.rawValue < r.rawValue }
    }

    /// What to do with the NEXT_HOP when sending to this peer.
    public enum NextHop: String, Hashable, Sendable {
        case auto, `self`, keep
    }

    /// A TCP MD5 key held in a mounted Secret: the caller reads `path`.
    public struct Password: Hashable, Sendable {
        public var secret: SecretKeyRef
        public var path: String
    }

    public var kind: Kind
    /// Calico's protocol name: `Mesh_10_192_0_3`, `Global_2001__104`, `Node_10_0_0_1_port_1790`.
    public var name: String
    public var address: IPAddress
    /// nil means the BGP port (179).
    public var port: UInt16?
    public var remoteAS: ASN
    public var localAS: ASN
    /// The local AS was set by the BGPPeer (`localASNumber`) rather than taken from the node.
    public var explicitLocalAS = false
    /// Wait for the peer to connect (Calico's unidirectional mesh rule).
    public var passive = false
    public var sourceAddress: IPAddress?
    /// GTSM hop count (RFC 5082); nil means TTL security off and plain multihop.
    public var ttlSecurity: UInt8?
    public var keepaliveTime: UInt16?
    /// Swiftlet extension (`swiftlet.io/hold-time`); nil means the speaker's default.
    public var holdTime: UInt16?
    public var gracefulRestartTime: UInt16?
    public var password: Password?
    public var nextHop: NextHop = .auto
    public var routeReflectorClient = false
    public var routeReflectorClusterID: IPv4Address?
    public var numAllowedLocalAS: Int32?
    /// BGPFilter names in order; the filters themselves are in `DesiredNodeConfig.filters`.
    public var filters: [String] = []
    public var reachableBy: IPAddress?
    /// The peer is a node of this cluster.
    public var isCalicoNode = false
    /// The BGPPeer resource this came from (nil for mesh peers).
    public var resource: String?

    public init(kind: Kind, address: IPAddress, port: UInt16?, remoteAS: ASN, localAS: ASN) {
        self.kind = kind
        self.address = address
        self.port = port
        self.remoteAS = remoteAS
        self.localAS = localAS
        name = PeerConfig.protocolName(kind, address, port)
    }

    public var isInternal: Bool { remoteAS == localAS }

    /// Calico's naming: dots or colons become underscores; a port adds `_port_N` except on mesh peers.
    public static func protocolName(_ kind: Kind, _ address: IPAddress, _ port: UInt16?) -> String {
        let id = address.description.map { $0 == "." || $0 == ":" ? "_" : $0 }
        let suffix = kind == .mesh ? "" : port.map { "_port_\($0)" } ?? ""
        return "\(kind.rawValue)_\(String(id))" + suffix
    }
}
