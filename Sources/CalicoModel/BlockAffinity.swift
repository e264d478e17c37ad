/// The BlockAffinity resource: an IPAM block claimed by a node.

import NetCore

public struct BlockAffinity: Hashable, Sendable {
    public enum State: String, Hashable, Sendable, CaseIterable {
        case confirmed, pending, pendingDeletion
    }

    public var metadata: ObjectMeta
    public var node: String
    public var cidr: IPPrefix
    public var state: State = .confirmed
    public var deleted = false
    /// `host` (default) or `virtual`.
    public var type: String?

    public init(metadata: ObjectMeta, node: String, cidr: IPPrefix) {
        self.metadata = metadata
        self.node = node
        self.cidr = cidr
    }
}
