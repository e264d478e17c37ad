/// Debugging text for path attributes and UPDATE messages (one line each; AS paths in the
/// bgpdump form, communities as `asn:value`, large communities as `g:l1:l2`).
import NetCore

extension PathAttribute: CustomStringConvertible {
    public var description: String {
        switch self {
        case .origin(let o): "ORIGIN \(o == .igp ? "IGP" : o == .egp ? "EGP" : "INCOMPLETE")"
        case .asPath(let p): "AS_PATH [\(p)]"
        case .nextHop(let a): "NEXT_HOP \(a)"
        case .multiExitDisc(let v): "MULTI_EXIT_DISC \(v)"
        case .localPref(let v): "LOCAL_PREF \(v)"
        case .atomicAggregate: "ATOMIC_AGGREGATE"
        case .aggregator(let a): "AGGREGATOR AS\(a.asn) \(a.address)"
        case .communities(let c):
            "COMMUNITIES " + c.map { "\($0.rawValue >> 16):\($0.rawValue & 0xffff)" }.joined(separator: " ")
        case .originatorID(let r): "ORIGINATOR_ID \(r)"
        case .clusterList(let c): "CLUSTER_LIST " + c.map { IPv4Address(rawValue: $0).description }.joined(separator: " ")
        case .mpReachNLRI(let m):
            "MP_REACH_NLRI \(m.family) next hop \(m.nextHopAddresses.map { "\($0.global)" + ($0.linkLocal.map { " \($0)" } ?? "") } ?? hex(m.nextHop)) \(describe(m.nlri))"
        case .mpUnreachNLRI(let m): "MP_UNREACH_NLRI \(m.family) \(describe(m.withdrawn))"
        case .extendedCommunities(let c):
            "EXTENDED_COMMUNITIES " + c.map { "0x" + String($0.rawValue, radix: 16) }.joined(separator: " ")
        case .as4Path(let p): "AS4_PATH [\(p)]"
        case .as4Aggregator(let a): "AS4_AGGREGATOR AS\(a.asn) \(a.address)"
        case .largeCommunities(let c):
            "LARGE_COMMUNITY " + c.map { "\($0.globalAdministrator):\($0.localData1):\($0.localData2)" }.joined(separator: " ")
        case .onlyToCustomer(let a): "OTC AS\(a)"
        case .unknown(let u): "attribute \(u.code.rawValue) flags 0x\(String(u.flags.rawValue, radix: 16)) value \(hex(u.value))"
        }
    }
}

extension UpdateMessage: CustomStringConvertible {
    public var description: String {
        var parts: [String] = ["UPDATE"]
        if !withdrawn.isEmpty { parts.append("withdrawn " + withdrawn.map(describe).joined(separator: " ")) }
        for a in attributes { parts.append(a.description) }
        if !nlri.isEmpty { parts.append("nlri " + nlri.map(describe).joined(separator: " ")) }
        for e in attributeErrors { parts.append("error(\(e.action)): \(e.reason)") }
        return parts.joined(separator: "; ")
    }
}

private func describe(_ e: NLRI) -> String {
    e.pathID.map { "\(e.prefix) id \($0)" } ?? e.prefix.description
}

private func describe(_ n: MPNLRI) -> String {
    switch n {
    case .prefixes(let list): list.map(describe).joined(separator: " ")
    case .opaque(let b): "nlri \(hex(b))"
    }
}

private func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
