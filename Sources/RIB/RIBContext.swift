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

/// State shared by the families of a `RoutingInformationBase`.
struct RIBContext: Sendable {
    var configuration: RIBConfiguration
    var attributes = AttributeTable()
    /// Index = `PeerID.rawValue`; slot 0 describes locally originated routes.
    var peers: [PeerRecord?]
    /// Prefixes whose best path or multipath set changed during the current operation.
    var changed: [IPPrefix] = []
    /// Export results of the current operation; each entry holds a reference on its source
    /// attributes and on its result, released by `finishOperation`.
    var exportMemo: [ExportMemoKey: AttributeHandle?] = [:]

    init(configuration: RIBConfiguration) {
        self.configuration = configuration
        let local = PeerRecord(
            configuration: PeerConfiguration(address: .v4(.zero)),
            session: PeerSession(peerAS: configuration.localAS, routerID: configuration.routerID, isInternal: true))
        peers = [local]
    }

    /// Where paths from `peer` come from.
    func source(_ peer: PeerID) -> PathSource {
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

    /// Peers with an established session negotiating `family`.
    func exportTargets(_ family: AddressFamily) -> [ExportTarget] {
        var out: [ExportTarget] = []
        for i in 1..<peers.count {
            guard let record = peers[i], let session = record.session, session.families.contains(family) else { continue }
            out.append(ExportTarget(peer: PeerID(rawValue: UInt32(i)), configuration: record.configuration, session: session))
        }
        return out
    }

    /// The attributes `best` is exported with to `target` (one reference for the caller), or nil.
    mutating func export(_ best: DecisionPath?, prefix: IPPrefix, family: AddressFamily,
                         to target: ExportTarget) -> AttributeHandle? {
        guard let best else { return nil }
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

    private mutating func memoizedExport(_ best: DecisionPath, family: AddressFamily, to target: ExportTarget) -> AttributeHandle? {
        let key = ExportMemoKey(source: best.reference.peer, attributes: best.reference.attributes, target: target.peer,
                                family: family)
        if let memo = exportMemo[key] {
            if let h = memo { attributes.retain(h) }
            return memo
        }
        let h = transformed(best.attributes, family: family, source: best.source, target: target)
        attributes.retain(key.attributes)
        if let h { attributes.retain(h) }
        exportMemo[key] = .some(h)
        return h
    }

    private mutating func transformed(_ set: AttributeSet, family: AddressFamily, source: PathSource,
                                      target: ExportTarget) -> AttributeHandle? {
        guard let out = ExportRules.transform(set, family: family, from: source, to: target,
                                              configuration: configuration) else { return nil }
        return attributes.intern(out)
    }

    /// Ends an operation: releases the export memo and hands back the changed prefixes.
    mutating func finishOperation() -> [IPPrefix] {
        for (key, result) in exportMemo {
            attributes.release(key.attributes)
            if let h = result { attributes.release(h) }
        }
        exportMemo = [:]
        defer { changed = [] }
        return changed
    }
}
