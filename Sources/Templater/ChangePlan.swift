/// `ChangePlan`: what moving a node from one desired configuration to the next means — an identity
/// change that restarts every session, peers added, removed and changed (each change reset or
/// live, field by field), prefixes to originate, withdraw or re-announce, kernel changes, and
/// node-wide settings. Unchanged peers appear nowhere: applying the plan churns nothing else.
/// Built by `ChangePlan.between(_:_:passwordKeys:)`; rendered for logs by `lines`.
import CalicoModel
import NetCore

public struct ChangePlan: Hashable, Sendable {
    /// A node-wide setting with its old and new value as text.
    public struct SettingChange: Hashable, Sendable {
        public var setting: String
        public var old: String
        public var new: String
        /// What the change does, one clause (e.g. "offered in each session's next OPEN").
        public var consequence: String

        public init(setting: String, old: String, new: String, consequence: String) {
            self.setting = setting
            self.old = old
            self.new = new
            self.consequence = consequence
        }
    }

    /// A prefix this node originates (a local block or a prefixAdvertisements entry) with the
    /// communities of every advertisement containing it, as the Speaker originates it.
    public struct OriginatedPrefix: Hashable, Sendable {
        public var prefix: IPPrefix
        public var communities: [BGPCommunity]

        public init(prefix: IPPrefix, communities: [BGPCommunity]) {
            self.prefix = prefix
            self.communities = communities
        }
    }

    /// A prefix still originated whose communities changed: announced again (an UPDATE for the
    /// same prefix replaces the route, RFC 4271 §3.1), no withdrawal.
    public struct Reannouncement: Hashable, Sendable {
        public var prefix: IPPrefix
        public var oldCommunities: [BGPCommunity]
        public var newCommunities: [BGPCommunity]
    }

    /// An IP pool added, removed or changed, with what changed.
    public struct PoolChange: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable { case added, removed, changed }
        public var kind: Kind
        public var name: String
        public var cidr: IPPrefix
        /// For `changed`: each changed attribute ("ipipMode Never → Always"); else empty.
        public var fields: [SettingChange]
        /// Routes inside the pool are programmed differently (encapsulation or disabled changed).
        public var affectsKernel: Bool
        /// Which routes may be exported changed (pool added, removed, export or disabled changed).
        public var affectsExport: Bool
    }

    /// Another node added, removed, or whose addresses used as next hops or tunnel endpoints changed.
    public struct RemoteNodeChange: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable { case added, removed, changed }
        public var kind: Kind
        public var name: String
        /// For `changed`: each changed address; else empty.
        public var fields: [SettingChange]
    }

    /// A `<peer>/32 via <gateway>` route for a peer with `reachableBy`.
    public struct PeerRoute: Hashable, Sendable, Comparable {
        public var peer: IPAddress
        public var gateway: IPAddress
        public static func < (l: PeerRoute, r: PeerRoute) -> Bool { (l.peer, l.gateway) < (r.peer, r.gateway) }
    }

    /// What the kernel writer must change.
    public struct KernelChanges: Hashable, Sendable {
        /// Local blocks newly owned: unallocated addresses inside are dropped here, as Calico does.
        public var blackholesAdded: [IPPrefix] = []
        public var blackholesRemoved: [IPPrefix] = []
        /// Pools whose routes are programmed differently (`PoolChange.affectsKernel`).
        public var pools: [PoolChange] = []
        /// Remote nodes whose tunnel or next-hop addresses changed, appeared or left.
        public var remoteNodes: [RemoteNodeChange] = []
        public var peerRoutesAdded: [PeerRoute] = []
        public var peerRoutesRemoved: [PeerRoute] = []

        public var isEmpty: Bool {
            blackholesAdded.isEmpty && blackholesRemoved.isEmpty && pools.isEmpty && remoteNodes.isEmpty
                && peerRoutesAdded.isEmpty && peerRoutesRemoved.isEmpty
        }
    }

    /// No old configuration: everything below is an addition (the daemon's first plan).
    public var isInitial = false
    /// Router ID, AS, listen port or addresses, cluster ID or node name changed: the Speaker
    /// restarts every session with a new RIB (`SpeakerConfiguration.needsRestart`).
    public var identityChanges: [SettingChange] = []
    /// Sorted by protocol name.
    public var addedPeers: [PeerConfig] = []
    public var removedPeers: [PeerConfig] = []
    public var changedPeers: [PeerChange] = []
    /// BGPFilters still referenced whose rules changed, by name: the peers using them re-import
    /// and re-export (their own settings did not change, so they are not in `changedPeers`).
    public var changedFilters: [String] = []
    /// Pools whose export changed (also re-exports to every peer).
    public var exportPools: [PoolChange] = []
    public var originate: [OriginatedPrefix] = []
    public var withdraw: [IPPrefix] = []
    public var reannounce: [Reannouncement] = []
    public var kernel = KernelChanges()
    /// Node-wide settings applied live: default hold time, node addresses (next hop self across
    /// families), log severity, ignored interfaces, mesh on/off.
    public var settings: [SettingChange] = []

    public init() {}

    public var restartsEverything: Bool { !identityChanges.isEmpty }

    /// Changed peers whose sessions are reset, and those updated live.
    public var resetPeers: [PeerChange] { changedPeers.filter(\.needsReset) }
    public var livePeers: [PeerChange] { changedPeers.filter { !$0.needsReset } }

    /// Nothing to do.
    public var isEmpty: Bool {
        !isInitial && identityChanges.isEmpty && addedPeers.isEmpty && removedPeers.isEmpty && changedPeers.isEmpty
            && changedFilters.isEmpty && exportPools.isEmpty && originate.isEmpty && withdraw.isEmpty
            && reannounce.isEmpty && kernel.isEmpty && settings.isEmpty
    }
}
