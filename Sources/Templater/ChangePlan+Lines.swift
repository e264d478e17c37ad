/// `ChangePlan.lines`: the plan as short human-readable lines for the daemon's log and
/// `swiftletctl`, one change per line, in the order they are applied. Keys never appear.
import CalicoModel
import NetCore

extension ChangePlan {
    public var lines: [String] {
        if isEmpty { return ["no changes"] }
        var out: [String] = []
        if isInitial { out.append("initial configuration") }
        for c in identityChanges { out.append("restart: \(c.setting) \(c.old) → \(c.new) (\(c.consequence))") }
        for c in settings { out.append("node: \(c.setting) \(c.old) → \(c.new) (\(c.consequence))") }
        for p in removedPeers { out.append("peer removed: \(Self.summary(p))") }
        for p in addedPeers { out.append("peer added: \(Self.summary(p))") }
        for c in changedPeers {
            let what = c.fields.map { f in
                "\(f.field.rawValue) \(f.old) → \(f.new)" + (f.field.effect == .reset && c.needsReset ? " [reset: \(f.field.reason)]" : "")
            }
            out.append("peer \(c.needsReset ? "reset" : "updated live"): \(c.new.name): " + what.joined(separator: "; "))
        }
        for f in changedFilters { out.append("filter changed: \(f) (peers using it re-import and re-export)") }
        for p in exportPools { out.append("export: \(Self.describe(p)) (re-export to every peer)") }
        for o in originate {
            out.append("originate: \(o.prefix)" + (o.communities.isEmpty ? "" : " communities \(Self.list(o.communities))"))
        }
        for p in withdraw { out.append("withdraw: \(p)") }
        for r in reannounce {
            out.append("re-announce: \(r.prefix) communities \(Self.list(r.oldCommunities)) → \(Self.list(r.newCommunities))")
        }
        for b in kernel.blackholesAdded { out.append("kernel: blackhole \(b) added") }
        for b in kernel.blackholesRemoved { out.append("kernel: blackhole \(b) removed") }
        for p in kernel.pools { out.append("kernel: \(Self.describe(p))") }
        for n in kernel.remoteNodes {
            let fields = n.fields.map { "\($0.setting) \($0.old) → \($0.new)" }
            out.append("kernel: node \(n.name) \(n.kind.rawValue)" + (fields.isEmpty ? "" : ": " + fields.joined(separator: "; ")))
        }
        for r in kernel.peerRoutesAdded { out.append("kernel: route \(r.peer) via \(r.gateway) added (reachableBy)") }
        for r in kernel.peerRoutesRemoved { out.append("kernel: route \(r.peer) via \(r.gateway) removed (reachableBy)") }
        return out
    }

    static func summary(_ p: PeerConfig) -> String {
        "\(p.name) (\(p.address)" + (p.port.map { " port \($0)" } ?? "") + " AS \(p.remoteAS))"
    }

    static func describe(_ p: PoolChange) -> String {
        let head = "pool \(p.name) (\(p.cidr)) \(p.kind.rawValue)"
        return p.fields.isEmpty ? head : head + ": " + p.fields.map { "\($0.setting) \($0.old) → \($0.new)" }.joined(separator: "; ")
    }

    static func list(_ c: [BGPCommunity]) -> String { c.isEmpty ? "none" : c.map(\.description).joined(separator: ",") }
}
