/// Every resource of one configuration, by kind and sorted by name, with where each came from.

public struct ResourceSet: Hashable, Sendable {
    public var bgpConfigurations: [BGPConfiguration] = []
    public var nodes: [CalicoNode] = []
    public var bgpPeers: [BGPPeer] = []
    public var ipPools: [IPPool] = []
    public var blockAffinities: [BlockAffinity] = []
    public var bgpFilters: [BGPFilter] = []
    public var origins: [ResourceKey: ResourceOrigin] = [:]

    public init() {}

    /// Builds the set from resources (later duplicates replace earlier ones; `validate()` reports them).
    public init(_ resources: [Resource]) {
        for r in resources { insert(r) }
        sortByName()
    }

    public mutating func insert(_ r: Resource) {
        switch r {
        case .bgpConfiguration(let x): bgpConfigurations.append(x)
        case .node(let x): nodes.append(x)
        case .bgpPeer(let x): bgpPeers.append(x)
        case .ipPool(let x): ipPools.append(x)
        case .blockAffinity(let x): blockAffinities.append(x)
        case .bgpFilter(let x): bgpFilters.append(x)
        }
    }

    mutating func sortByName() {
        bgpConfigurations.sort { $0.metadata.name < $1.metadata.name }
        nodes.sort { $0.name < $1.name }
        bgpPeers.sort { $0.metadata.name < $1.metadata.name }
        ipPools.sort { $0.metadata.name < $1.metadata.name }
        blockAffinities.sort { $0.metadata.name < $1.metadata.name }
        bgpFilters.sort { $0.metadata.name < $1.metadata.name }
    }

    public var all: [Resource] {
        bgpConfigurations.map(Resource.bgpConfiguration) + nodes.map(Resource.node)
            + bgpPeers.map(Resource.bgpPeer) + ipPools.map(Resource.ipPool)
            + blockAffinities.map(Resource.blockAffinity) + bgpFilters.map(Resource.bgpFilter)
    }

    public var count: Int { all.count }

    /// The cluster-wide BGPConfiguration (`default`).
    public var defaultConfiguration: BGPConfiguration? {
        bgpConfigurations.first { $0.metadata.name == "default" }
    }

    /// The per-node BGPConfiguration (`node.<name>`).
    public func nodeConfiguration(_ nodeName: String) -> BGPConfiguration? {
        bgpConfigurations.first { $0.nodeName == nodeName }
    }

    public func node(named name: String) -> CalicoNode? { nodes.first { $0.name == name } }

    public func filter(named name: String) -> BGPFilter? { bgpFilters.first { $0.metadata.name == name } }
}
