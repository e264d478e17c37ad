/// The RIB of one address family: every peer's Adj-RIB-In, the Loc-RIB (one `PathReference`
/// per prefix, 12 bytes, plus a side table for the rare prefixes with a multipath set), and
/// every peer's Adj-RIB-Out. A change to a path re-runs the decision process for that prefix
/// only and, when the best path changed, stages the new export in each Adj-RIB-Out: no scans.
import BGPWire
import NetCore

/// One family's Adj-RIBs-In, Loc-RIB and Adj-RIBs-Out, indexed by `PeerID.rawValue`.
struct FamilyRIB<P: RoutablePrefix>: Sendable {
    var adjRIBIn: [AdjRIBIn<P>] = [AdjRIBIn()]
    var adjRIBOut: [AdjRIBOut<P>] = [AdjRIBOut()]
    /// The best path per prefix; holds a reference on its attributes.
    private(set) var locRIB: [P: PathReference] = [:]
    /// Multipath sets of more than one path, best first; each holds a reference.
    private(set) var multipath: [P: [PathReference]] = [:]

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

    /// RFC 4271 §9.1.2 for one prefix; records a change and stages exports (§9.1.3).
    mutating func reselect(_ prefix: P, context: inout RIBContext) {
        let paths = candidates(prefix, context: context)
        var best: DecisionPath?
        var equal: [PathReference] = []
        if paths.count == 1 {
            best = paths[0]
        } else if !paths.isEmpty {
            let c = context.configuration
            let selection = DecisionProcess.select(paths, maximumPaths: c.maximumPaths, relaxNeighborAS: c.multipathRelaxNeighborAS)
            best = selection.best
            if selection.multipath.count > 1 { equal = selection.multipath.map(\.reference) }
        }
        let oldBest = locRIB[prefix]
        // The multipath side table is almost always empty: skip hashing the prefix into it then.
        let oldEqual = multipath.isEmpty ? [] : (multipath[prefix] ?? [])
        guard best?.reference != oldBest || equal != oldEqual else { return }
        store(prefix, best: best?.reference, multipath: equal, oldBest: oldBest, oldMultipath: oldEqual,
              table: &context.attributes)
        context.changed.append(prefix.ipPrefix)
        if best?.reference != oldBest { exportToAll(prefix, best: best, context: &context) }
    }

    /// Replaces the Loc-RIB entry (whose current values the caller has looked up), moving references.
    private mutating func store(_ prefix: P, best: PathReference?, multipath equal: [PathReference],
                                oldBest: PathReference?, oldMultipath: [PathReference], table: inout AttributeTable) {
        if let best { table.retain(best.attributes) }
        for r in equal { table.retain(r.attributes) }
        if let oldBest { table.release(oldBest.attributes) }
        for r in oldMultipath { table.release(r.attributes) }
        locRIB[prefix] = best
        if !equal.isEmpty || !oldMultipath.isEmpty { multipath[prefix] = equal.isEmpty ? nil : equal }
    }

    /// Stages the export of `prefix` to every established peer.
    private mutating func exportToAll(_ prefix: P, best: DecisionPath?, context: inout RIBContext) {
        for target in context.exportTargets(P.family) {
            let h = context.export(best, prefix: prefix.ipPrefix, family: P.family, to: target)
            adjRIBOut[target.peer.index].stage(prefix, export: h, table: &context.attributes)
        }
    }

    /// Stages the whole Loc-RIB for `target` (session up, or export policy changed), and
    /// optionally End-of-RIB after it (RFC 4724 §2).
    mutating func exportTable(to target: ExportTarget, endOfRIB: Bool, context: inout RIBContext) {
        for (prefix, reference) in locRIB {
            let h = context.export(context.decisionPath(reference), prefix: prefix.ipPrefix, family: P.family, to: target)
            adjRIBOut[target.peer.index].stage(prefix, export: h, table: &context.attributes)
        }
        if endOfRIB { adjRIBOut[target.peer.index].endOfRIBPending = true }
    }

    /// Removes every path from `peer` (session down), re-running the decision where it mattered.
    mutating func flush(_ peer: PeerID, context: inout RIBContext) {
        adjRIBOut[peer.index].reset(table: &context.attributes)
        let removed = adjRIBIn[peer.index].removeAll()
        for (prefix, slot) in removed {
            reselect(prefix, context: &context)
            slot.forEach { context.attributes.release($0.attributes) }
        }
    }

    /// Best path of `prefix`.
    func best(_ prefix: P) -> PathReference? { locRIB[prefix] }

    /// Multipath set of `prefix` (the best alone when there is no larger set).
    func multipathSet(_ prefix: P) -> [PathReference] {
        if let set = multipath[prefix] { return set }
        return locRIB[prefix].map { [$0] } ?? []
    }
}
