/// The state every address family of the RIB shares: configuration, the attribute intern
/// table, the peers, the Loc-RIB changes of the current operation, and a per-operation memo of
/// export results (one UPDATE often carries hundreds of prefixes with one attribute set, which
/// export to each peer as one transformed set).
import BGPWire
import NetCore

/// A memo key: a source path's attributes exported to one peer.
struct ExportMemoKey: Hashable {
    var source: PeerID
    var attributes: AttributeHandle
    var target: PeerID
    /// The transform depends on the family (next hop self is the target's IPv4 or IPv6 address),
    /// so an IPv4 and an IPv6 route with the same attribute set must not share a result.
    var family: AddressFamily
}

/// What the per-prefix export path needs of an `ExportTarget` (copying the whole target, with
/// its configuration and session, per prefix and peer showed in the profile).
struct ExportPeer: Sendable {
    var peer: PeerID
    var hasPolicy: Bool
    init(_ target: borrowing ExportTarget) {
        peer = target.peer
        hasPolicy = target.configuration.exportPolicy != nil
    }
}

/// An `ExportTarget` behind a reference: the per-prefix export to a peer with an export policy
/// passes it on without copying its configuration and session.
final class ExportTargetBox: Sendable {
    let target: ExportTarget
    init(_ target: ExportTarget) { self.target = target }
}

/// State shared by the families of a `RoutingInformationBase`.
struct RIBContext: Sendable {
    var configuration: RIBConfiguration { didSet { derivePeerFacts() } }
    var attributes = AttributeTable()
    /// Index = `PeerID.rawValue`; slot 0 describes locally originated routes. Every change
    /// refreshes the per-peer facts derived from it, which are read once per prefix.
    var peers: [PeerRecord?] { didSet { derivePeerFacts() } }
    /// `source(_:)` per peer index.
    private var sources: [PathSource] = []
    /// The export targets of IPv4 and IPv6 unicast (`exportTarget(_:at:)`).
    private var ipv4Targets: [ExportTargetBox] = []
    private var ipv6Targets: [ExportTargetBox] = []
    /// The same targets reduced to what the per-prefix fast path reads (`ExportPeer`).
    private var ipv4Peers: [ExportPeer] = []
    private var ipv6Peers: [ExportPeer] = []
    /// Prefixes whose best path or multipath set changed during the current operation.
    var changed: [IPPrefix] = []
    /// Export results of the current operation other than `lastExport`; each entry holds a
    /// reference on its source attributes and on its result, released by `finishOperation`.
    var exportMemo: [ExportMemoKey: AttributeHandle?] = [:]
    /// The memo entry used last, with the same references: consecutive prefixes of one UPDATE
    /// share it, so most lookups end here without hashing the key, and an UPDATE with one
    /// attribute set (the usual case) never touches the dictionary (filling and emptying it
    /// per UPDATE showed in the full table's profile).
    private var lastExport: (key: ExportMemoKey, result: AttributeHandle?)?

    init(configuration: RIBConfiguration) {
        self.configuration = configuration
        let local = PeerRecord(
            configuration: PeerConfiguration(address: .v4(.zero)),
            session: PeerSession(peerAS: configuration.localAS, routerID: configuration.routerID, isInternal: true))
        peers = [local]
        derivePeerFacts()
    }

    private mutating func derivePeerFacts() {
        sources = peers.indices.map { computeSource(PeerID(rawValue: UInt32($0))) }
        ipv4Targets = computeExportTargets(.ipv4Unicast).map(ExportTargetBox.init)
        ipv6Targets = computeExportTargets(.ipv6Unicast).map(ExportTargetBox.init)
        ipv4Peers = ipv4Targets.map { ExportPeer($0.target) }
        ipv6Peers = ipv6Targets.map { ExportPeer($0.target) }
    }

    /// The export targets of `family` as `ExportPeer`s, in `exportTarget(_:at:)` order.
    func exportPeers(_ family: AddressFamily) -> [ExportPeer] {
        switch family {
        case .ipv4Unicast: ipv4Peers
        case .ipv6Unicast: ipv6Peers
        default: computeExportTargets(family).map(ExportPeer.init)
        }
    }

    /// Where paths from `peer` come from.
    func source(_ peer: PeerID) -> PathSource {
        peer.index < sources.count ? sources[peer.index] : computeSource(peer)
    }

    private func computeSource(_ peer: PeerID) -> PathSource {
        guard peer != .local, let record = peers[peer.index] else {
            return PathSource(peer: .local, isExternal: false, routerID: configuration.routerID, address: nil)
        }
        let session = record.session
        return PathSource(peer: peer, isExternal: !(session?.isInternal ?? true),
                          routerID: session?.routerID ?? RouterID(rawValue: 0),
                          address: record.configuration.address,
                          isReflectorClient: record.configuration.routeReflectorClient)
    }

    /// The candidate for `reference`.
    func decisionPath(_ reference: PathReference) -> DecisionPath {
        DecisionPath(reference: reference, attributes: attributes[reference.attributes], source: source(reference.peer))
    }

    /// The `index`-th peer with an established session negotiating `family` (the order of
    /// `exportPeers(family)`).
    func exportTarget(_ family: AddressFamily, at index: Int) -> ExportTargetBox {
        switch family {
        case .ipv4Unicast: ipv4Targets[index]
        case .ipv6Unicast: ipv6Targets[index]
        default: ExportTargetBox(computeExportTargets(family)[index])
        }
    }

    /// Peers with an established session negotiating `family`.
    private func computeExportTargets(_ family: AddressFamily) -> [ExportTarget] {
        var out: [ExportTarget] = []
        for i in 1..<peers.count {
            guard let record = peers[i], let session = record.session, session.families.contains(family) else { continue }
            out.append(ExportTarget(peer: PeerID(rawValue: UInt32(i)), configuration: record.configuration, session: session))
        }
        return out
    }

    /// The attributes `best` is exported with to `target` (one reference for the caller), or nil.
    mutating func export(_ best: DecisionPath, prefix: IPPrefix, family: AddressFamily,
                         to target: ExportTarget) -> AttributeHandle? {
        if let memo = lastExport(best.reference, family: family, to: ExportPeer(target)) {
            return memo
        }
        let clusterID = configuration.clusterID
        guard ExportRules.mayAdvertise(best.attributes, from: best.source, to: target, clusterID: clusterID) else { return nil }
        if let policy = target.configuration.exportPolicy {
            switch policy(prefix, best.attributes) {
            case .reject:
                return nil
            case .modify(let modified):
                guard ExportRules.mayAdvertise(modified, from: best.source, to: target, clusterID: clusterID) else { return nil }
                return transformed(modified, family: family, source: best.source, target: target)
            case .accept:
                break
            }
        }
        return memoizedExport(best, family: family, to: target)
    }

    /// The export of `best` to `target` when it is the memo entry used last (one reference for
    /// the caller; `.some(nil)`: not exported), nil when the memo cannot answer. Without an
    /// export policy the result depends only on the memo key, and `lastExport` only holds
    /// results that passed `mayAdvertise`: the prefixes of one UPDATE end here.
    mutating func lastExport(_ best: PathReference, family: AddressFamily, to target: ExportPeer) -> AttributeHandle?? {
        guard !target.hasPolicy, let last = lastExport, last.key.attributes == best.attributes,
              last.key.source == best.peer, last.key.target == target.peer, last.key.family == family else { return nil }
        if let h = last.result { attributes.retain(h) }
        return .some(last.result)
    }

    /// `lastExport` for a peer with an export policy: when the memo entry used last matches,
    /// only the policy is left to decide (it sees every prefix; the rest of the export depends
    /// on the memo key alone), and it is called with the interned set in place instead of a
    /// `DecisionPath` built per prefix. Nil when the memo cannot answer or the policy rewrites
    /// the attributes (`export` handles that).
    mutating func policyExport(_ best: PathReference, prefix: IPPrefix, family: AddressFamily,
                               to box: ExportTargetBox) -> AttributeHandle?? {
        guard let policy = box.target.configuration.exportPolicy, let last = lastExport,
              last.key.attributes == best.attributes, last.key.source == best.peer,
              last.key.target == box.target.peer, last.key.family == family else { return nil }
        switch attributes.withSet(best.attributes, { policy(prefix, $0) }) {
        case .accept:
            if let h = last.result { attributes.retain(h) }
            return .some(last.result)
        case .reject:
            return .some(nil)
        case .modify:
            return nil
        }
    }

    private mutating func memoizedExport(_ best: DecisionPath, family: AddressFamily, to target: ExportTarget) -> AttributeHandle? {
        let key = ExportMemoKey(source: best.reference.peer, attributes: best.reference.attributes, target: target.peer,
                                family: family)
        if let last = lastExport, last.key == key {
            if let h = last.result { attributes.retain(h) }
            return last.result
        }
        // The entry used last moves to the dictionary and `key`'s entry (found or new) out of it.
        let h: AttributeHandle?
        if !exportMemo.isEmpty, let memo = exportMemo.removeValue(forKey: key) {
            h = memo
        } else {
            h = transformed(best.attributes, family: family, source: best.source, target: target)
            attributes.retain(key.attributes)
        }
        if let last = lastExport { exportMemo[last.key] = .some(last.result) }
        lastExport = (key, h)
        if let h { attributes.retain(h) }  // the caller's reference; the memo keeps its own
        return h
    }

    private mutating func transformed(_ set: AttributeSet, family: AddressFamily, source: PathSource,
                                      target: ExportTarget) -> AttributeHandle? {
        var out = set
        guard ExportRules.transform(&out, family: family, from: source, to: target, configuration: configuration) else {
            return nil
        }
        return attributes.intern(out)
    }

    /// Ends an operation: releases the export memo and hands back the changed prefixes.
    mutating func finishOperation() -> [IPPrefix] {
        if !exportMemo.isEmpty {
            for (key, result) in exportMemo {
                attributes.release(key.attributes)
                if let h = result { attributes.release(h) }
            }
            exportMemo.removeAll(keepingCapacity: true)
        }
        if let last = lastExport {
            attributes.release(last.key.attributes)
            if let h = last.result { attributes.release(h) }
            lastExport = nil
        }
        defer { changed = [] }
        return changed
    }
}
