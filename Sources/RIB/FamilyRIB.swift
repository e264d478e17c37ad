/// The RIB of one address family: every peer's Adj-RIB-In, the Loc-RIB (a `LocRIBEntry` per
/// prefix, 8 bytes, plus side tables for the rare non-zero ADD-PATH path IDs of best paths and
/// prefixes with a multipath set), and
/// every peer's Adj-RIB-Out. A change to a path re-runs the decision process for that prefix
/// only and, when the best path changed, stages the new export in each Adj-RIB-Out: no scans.
import BGPWire
import NetCore

/// One family's Adj-RIBs-In, Loc-RIB and Adj-RIBs-Out, indexed by `PeerID.rawValue`.
struct FamilyRIB<P: RoutablePrefix>: Sendable {
    var adjRIBIn: [AdjRIBIn<P>] = [AdjRIBIn()]
    var adjRIBOut: [AdjRIBOut<P>] = [AdjRIBOut()]
    /// The best path per prefix without its ADD-PATH path ID (8 bytes instead of 12); holds a
    /// reference on its attributes. `best(_:)` gives the whole `PathReference`.
    private(set) var locRIB = PrefixTable<P, LocRIBEntry>(
        filler: LocRIBEntry(PathReference(peer: .local, pathID: 0, attributes: AttributeHandle(rawValue: 0))))
    /// The path ID of best paths whose ID is not 0 (only with ADD-PATH receive).
    private(set) var bestPathIDs: [PrefixKey<P>: UInt32] = [:]
    /// Multipath sets of more than one path, best first; each holds a reference.
    private(set) var multipath: [PrefixKey<P>: [PathReference]] = [:]

    /// Makes room for a newly added peer.
    mutating func addPeerSlot() {
        adjRIBIn.append(AdjRIBIn())
        adjRIBOut.append(AdjRIBOut())
    }

    /// Sets (`attributes` non-nil, taking over the caller's reference) or removes the path
    /// `pathID` of `prefix` from `peer`, and re-runs the decision for the prefix.
    mutating func setPath(_ prefix: P, pathID: UInt32, peer: PeerID, attributes: AttributeHandle?,
                          context: inout RIBContext) {
        let old: AttributeHandle?
        if let attributes {
            old = adjRIBIn[peer.index].insert(prefix, PathEntry(pathID: pathID, attributes: attributes))
            if old == attributes {
                context.attributes.release(attributes)  // the same path again: nothing changes
                return
            }
        } else {
            old = adjRIBIn[peer.index].remove(prefix, pathID: pathID)
            guard old != nil else { return }
        }
        reselect(prefix, context: &context)
        if let old { context.attributes.release(old) }
    }

    /// The candidates for `prefix` from every Adj-RIB-In.
    func candidates(_ prefix: P, context: RIBContext) -> [DecisionPath] {
        var out: [DecisionPath] = []
        for i in adjRIBIn.indices {
            guard let slot = adjRIBIn[i].paths(prefix) else { continue }
            let peer = PeerID(rawValue: UInt32(i))
            slot.forEach { e in
                out.append(context.decisionPath(PathReference(peer: peer, pathID: e.pathID, attributes: e.attributes)))
            }
        }
        return out
    }

    /// The only candidate for `prefix`, nil when there are none or several (`count` says which).
    private func soleCandidate(_ prefix: P) -> (reference: PathReference?, count: Int) {
        var sole: PathReference?
        var count = 0
        for i in adjRIBIn.indices {
            guard let slot = adjRIBIn[i].paths(prefix) else { continue }
            count += 1 + slot.more.count
            guard count == 1 else { return (nil, count) }
            sole = PathReference(peer: PeerID(rawValue: UInt32(i)), pathID: slot.first.pathID, attributes: slot.first.attributes)
        }
        return (sole, count)
    }

    /// RFC 4271 §9.1.2 for one prefix; records a change and stages exports (§9.1.3). A sole
    /// candidate (the common case) wins without building `DecisionPath`s for the rules.
    mutating func reselect(_ prefix: P, context: inout RIBContext) {
        let (sole, count) = soleCandidate(prefix)
        var best = sole
        var equal: [PathReference] = []
        if count > 1 {
            let c = context.configuration
            let selection = DecisionProcess.select(candidates(prefix, context: context), maximumPaths: c.maximumPaths,
                                                   relaxNeighborAS: c.multipathRelaxNeighborAS)
            best = selection.best.reference
            if selection.multipath.count > 1 { equal = selection.multipath.map(\.reference) }
        }
        let key = PrefixKey(prefix)
        // Read and write the Loc-RIB entry in one lookup (rewriting an unchanged entry is harmless).
        let oldBest = exchangeBest(key, best)
        // The multipath side table is almost always empty: skip hashing the prefix into it then.
        let oldEqual = multipath.isEmpty ? [] : (multipath[key] ?? [])
        guard best != oldBest || equal != oldEqual else { return }
        store(key, best: best, multipath: equal, oldBest: oldBest, oldMultipath: oldEqual,
              table: &context.attributes)
        context.changed.append(prefix.ipPrefix)
        if best != oldBest { exportToAll(key, best: best, wasInLocRIB: oldBest != nil, context: &context) }
    }

    /// Stores `new` in `slot`, returning what it held.
    private static func exchange<T>(_ slot: inout T?, _ new: T?) -> T? {
        defer { slot = new }
        return slot
    }

    /// Moves the references of a Loc-RIB entry the caller has already replaced, and replaces
    /// its multipath set.
    private mutating func store(_ prefix: PrefixKey<P>, best: PathReference?, multipath equal: [PathReference],
                                oldBest: PathReference?, oldMultipath: [PathReference], table: inout AttributeTable) {
        if let best { table.retain(best.attributes) }
        for r in equal { table.retain(r.attributes) }
        if let oldBest { table.release(oldBest.attributes) }
        for r in oldMultipath { table.release(r.attributes) }
        if !equal.isEmpty || !oldMultipath.isEmpty { multipath[prefix] = equal.isEmpty ? nil : equal }
    }

    /// Stages the export of `prefix` to every established peer. The memo usually answers from
    /// the path reference alone; a `DecisionPath` (a copy of the attribute set) is built only
    /// when it cannot. Targets are read through `ExportPeer` / `ExportTargetBox`: copying an
    /// `ExportTarget` (or passing a `DecisionPath?` around) per prefix and peer was a visible
    /// share of the profile.
    private mutating func exportToAll(_ prefix: PrefixKey<P>, best: PathReference?, wasInLocRIB: Bool,
                                      context: inout RIBContext) {
        let peers = context.exportPeers(P.family)
        for i in peers.indices {
            let target = peers[i]
            let h: AttributeHandle?
            if let best {
                if best.peer == target.peer {
                    h = nil  // never back to where it came from (`ExportRules.mayAdvertise`)
                } else if let memo = context.lastExport(best, family: P.family, to: target) {
                    h = memo
                } else {
                    let box = context.exportTarget(P.family, at: i)
                    if target.hasPolicy, let memo = context.policyExport(best, prefix: prefix.prefix.ipPrefix,
                                                                         family: P.family, to: box) {
                        h = memo
                    } else {
                        h = context.export(context.decisionPath(best), prefix: prefix.prefix.ipPrefix, family: P.family,
                                           to: box.target)
                    }
                }
            } else {
                h = nil
            }
            adjRIBOut[target.peer.index].stage(prefix, export: h, wasInLocRIB: wasInLocRIB, table: &context.attributes)
        }
    }

    /// Stages the whole Loc-RIB for `target` (session up, or export policy changed), and
    /// optionally End-of-RIB after it (RFC 4724 §2).
    mutating func exportTable(to target: ExportTarget, endOfRIB: Bool, context: inout RIBContext) {
        for (prefix, entry) in locRIB {
            let reference = entry.reference(pathID: bestPathIDs.isEmpty ? 0 : bestPathIDs[prefix] ?? 0)
            let h = context.export(context.decisionPath(reference), prefix: prefix.prefix.ipPrefix, family: P.family, to: target)
            adjRIBOut[target.peer.index].stage(prefix, export: h, table: &context.attributes)
        }
        if endOfRIB { adjRIBOut[target.peer.index].endOfRIBPending = true }
    }

    /// Removes every path from `peer` (session down), re-running the decision where it mattered.
    mutating func flush(_ peer: PeerID, context: inout RIBContext) {
        adjRIBOut[peer.index].reset(table: &context.attributes)
        let removed = adjRIBIn[peer.index].removeAll()
        for (key, slot) in removed {
            reselect(key.prefix, context: &context)
            slot.forEach { context.attributes.release($0.attributes) }
        }
    }

    /// Best path of `prefix`.
    func best(_ prefix: P) -> PathReference? { best(PrefixKey(prefix)) }

    private func best(_ key: PrefixKey<P>) -> PathReference? {
        locRIB[key].map { $0.reference(pathID: bestPathIDs.isEmpty ? 0 : bestPathIDs[key] ?? 0) }
    }

    /// Stores `new` as the best path of `key` (nil: none), returning the previous one. The
    /// Loc-RIB entry is read and written in one lookup; the path-ID side table is touched only
    /// when it is in use.
    private mutating func exchangeBest(_ key: PrefixKey<P>, _ new: PathReference?) -> PathReference? {
        let old = Self.exchange(&locRIB[key], new.map(LocRIBEntry.init))
        let newID = new?.pathID ?? 0
        guard newID != 0 || !bestPathIDs.isEmpty else { return old?.reference(pathID: 0) }
        let oldID = Self.exchange(&bestPathIDs[key], newID == 0 ? nil : newID) ?? 0
        return old?.reference(pathID: oldID)
    }

    /// The next hops of the multipath set of `prefix` (best first) and whether its best path
    /// is locally originated: `multipathSet` resolved without building an array per prefix.
    func nextHops(_ prefix: P, table: AttributeTable) -> (nextHops: [IPAddress], isLocal: Bool) {
        let key = PrefixKey(prefix)
        if !multipath.isEmpty, let set = multipath[key] {
            return (set.compactMap { table.nextHop(of: $0.attributes) }, set.first?.peer == .local)
        }
        guard let best = locRIB[key] else { return ([], false) }  // the path ID is not needed here
        guard let hop = table.nextHop(of: best.attributes) else { return ([], best.peer == .local) }
        return ([hop], best.peer == .local)
    }

    /// Multipath set of `prefix` (the best alone when there is no larger set).
    func multipathSet(_ prefix: P) -> [PathReference] {
        let key = PrefixKey(prefix)
        if !multipath.isEmpty, let set = multipath[key] { return set }
        return best(key).map { [$0] } ?? []
    }
}

/// A Loc-RIB entry: the best path's peer and attributes (its path ID is kept aside, see
/// `FamilyRIB.bestPathIDs`).
struct LocRIBEntry: Hashable, Sendable {
    var peer: PeerID
    var attributes: AttributeHandle

    init(_ reference: PathReference) {
        peer = reference.peer
        attributes = reference.attributes
    }

    func reference(pathID: UInt32) -> PathReference {
        PathReference(peer: peer, pathID: pathID, attributes: attributes)
    }
}
