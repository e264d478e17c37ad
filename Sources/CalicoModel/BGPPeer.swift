/// The BGPPeer resource: who peers (node, nodeSelector or everyone) with whom (peerIP or
/// peerSelector), and the session parameters.

import NetCore

public struct BGPPeer: Hashable, Sendable {
    public enum SourceAddress: String, Hashable, Sendable, CaseIterable { case useNodeIP = "UseNodeIP", none = "None" }
    public enum NextHopMode: String, Hashable, Sendable, CaseIterable { case auto = "Auto", `self` = "Self", keep = "Keep" }
    public enum ReversePeering: String, Hashable, Sendable, CaseIterable { case auto = "Auto", manual = "Manual" }

    public var metadata: ObjectMeta
    public var node: String?
    public var nodeSelector: Selector?
    public var peerIP: PeerAddress?
    public var peerSelector: Selector?
    public var asNumber: ASN?
    public var localASNumber: ASN?
    public var keepaliveTime: GoDuration?
    public var maxRestartTime: GoDuration?
    public var password: SecretKeyRef?
    public var sourceAddress: SourceAddress = .useNodeIP
    /// GTSM (RFC 5082): the number of hops allowed; nil or 0 = off.
    public var ttlSecurity: UInt8?
    public var numAllowedLocalASNumbers: Int32?
    public var filters: [String] = []
    /// Next-hop address through which the peer is reachable (a static route to it).
    public var reachableBy: IPAddress?
    public var nextHopMode: NextHopMode?
    public var keepOriginalNextHop: Bool = false
    public var reversePeering: ReversePeering = .auto
    /// Swiftlet extension: the `swiftlet.io/hold-time` annotation, seconds (0 or 3…65535).
    public var holdTime: UInt16?

    public init(metadata: ObjectMeta) { self.metadata = metadata }

    /// Applies to every node (no `node`, no `nodeSelector`).
    public var isGlobal: Bool { node == nil && nodeSelector == nil }

    /// Which nodes this peering applies to, as text: "global", "node:NAME" or "nodeSelector:…".
    public var scope: String {
        if let node { return "node:\(node)" }
        if let nodeSelector { return "nodeSelector:\(nodeSelector)" }
        return "global"
    }
}
