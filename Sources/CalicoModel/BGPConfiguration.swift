/// The BGPConfiguration resource: `default` holds cluster-wide settings, `node.<name>` per-node ones.

import NetCore

public struct BGPConfiguration: Hashable, Sendable {
    /// How BIRD binds its listening socket (`bindMode`).
    public enum BindMode: String, Hashable, Sendable, CaseIterable { case none = "None", nodeIP = "NodeIP" }

    /// A named community (`spec.communities[]`).
    public struct NamedCommunity: Hashable, Sendable {
        public var name: String
        public var value: BGPCommunity
        public init(name: String, value: BGPCommunity) { self.name = name; self.value = value }
    }

    /// `spec.prefixAdvertisements[]`: communities are names from `communities` or literal values.
    public struct PrefixAdvertisement: Hashable, Sendable {
        public var cidr: IPPrefix
        public var communities: [String]
        public init(cidr: IPPrefix, communities: [String]) { self.cidr = cidr; self.communities = communities }
    }

    public var metadata: ObjectMeta
    public var asNumber: ASN?
    public var nodeToNodeMeshEnabled: Bool?
    public var listenPort: UInt16?
    public var logSeverityScreen: String?
    public var bindMode: BindMode?
    public var communities: [NamedCommunity] = []
    public var prefixAdvertisements: [PrefixAdvertisement] = []
    public var serviceClusterIPs: [IPPrefix] = []
    public var serviceExternalIPs: [IPPrefix] = []
    public var serviceLoadBalancerIPs: [IPPrefix] = []
    public var nodeMeshPassword: SecretKeyRef?
    public var nodeMeshMaxRestartTime: GoDuration?
    public var ignoredInterfaces: [String] = []
    /// Felix's cluster-route programming mode (`Enabled`, `Disabled`, …); kept, not acted on.
    public var programClusterRoutes: String?
    /// Swiftlet extension: the `swiftlet.io/hold-time` annotation, seconds (0 or 3…65535).
    public var holdTime: UInt16?

    public init(metadata: ObjectMeta) { self.metadata = metadata }

    /// `node.<name>` configurations apply to one node; `default` to all.
    public var nodeName: String? {
        metadata.name.hasPrefix("node.") ? String(metadata.name.dropFirst(5)) : nil
    }
}
