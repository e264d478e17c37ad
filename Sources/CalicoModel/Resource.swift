/// Any one Calico resource, and the kinds Swiftlet understands.

public enum ResourceKind: String, Hashable, Sendable, CaseIterable, Comparable {
    case bgpConfiguration = "BGPConfiguration"
    case node = "Node"
    case bgpPeer = "BGPPeer"
    case ipPool = "IPPool"
    case blockAffinity = "BlockAffinity"
    case bgpFilter = "BGPFilter"

    public static func < (l: ResourceKind, r: ResourceKind) -> Bool {
        allCases.firstIndex(of: l) ?? 0 < allCases.firstIndex(of: r) ?? 0
    }
}

public enum Resource: Hashable, Sendable {
    case bgpConfiguration(BGPConfiguration)
    case node(CalicoNode)
    case bgpPeer(BGPPeer)
    case ipPool(IPPool)
    case blockAffinity(BlockAffinity)
    case bgpFilter(BGPFilter)

    public var kind: ResourceKind {
        switch self {
        case .bgpConfiguration: .bgpConfiguration
        case .node: .node
        case .bgpPeer: .bgpPeer
        case .ipPool: .ipPool
        case .blockAffinity: .blockAffinity
        case .bgpFilter: .bgpFilter
        }
    }

    public var metadata: ObjectMeta {
        switch self {
        case .bgpConfiguration(let r): r.metadata
        case .node(let r): r.metadata
        case .bgpPeer(let r): r.metadata
        case .ipPool(let r): r.metadata
        case .blockAffinity(let r): r.metadata
        case .bgpFilter(let r): r.metadata
        }
    }

    public var key: ResourceKey { ResourceKey(kind: kind, name: metadata.name) }
}

/// Kind and name: what makes a resource unique.
public struct ResourceKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var kind: ResourceKind
    public var name: String
    public init(kind: ResourceKind, name: String) { self.kind = kind; self.name = name }
    public var description: String { "\(kind.rawValue)/\(name)" }
    public static func < (l: ResourceKey, r: ResourceKey) -> Bool { (l.kind, l.name) < (r.kind, r.name) }
}

/// Where a resource was read from (for cross-resource error messages).
public struct ResourceOrigin: Hashable, Sendable {
    public var file: String
    public var document: Int
    public var line: Int?
    public init(file: String, document: Int, line: Int? = nil) {
        self.file = file
        self.document = document
        self.line = line
    }
}
