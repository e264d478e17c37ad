/// Counts for `swiftletctl mrt --summary`: records by type/subtype (RFC 6396 §4), BGP messages by
/// type (RFC 4271 §4.1), prefixes announced and withdrawn, RIB entries, distinct attribute sets
/// and distinct peers.
public struct MRTSummary: Sendable {
    public private(set) var records = 0
    /// Records by `type << 16 | subtype`.
    public private(set) var recordsByType: [UInt32: Int] = [:]
    /// Records not decoded, by reason.
    public private(set) var skipped: [String: Int] = [:]
    /// BGP messages by type code.
    public private(set) var messagesByType: [UInt8: Int] = [:]
    public private(set) var announced = 0
    public private(set) var withdrawn = 0
    public private(set) var ribEntries = 0
    public private(set) var stateChanges = 0
    private var attributeSets: Set<[UInt8]> = []
    private var peerSet: Set<PeerKey> = []

    struct PeerKey: Hashable, Sendable {
        var v6: Bool
        var hi: UInt64
        var lo: UInt64
        var asn: UInt32
    }

    public init() {}

    public var distinctAttributeSets: Int { attributeSets.count }
    public var peers: Int { peerSet.count }

    mutating func add(_ entry: MRTEntry, _ header: MRTHeader, _ body: UnsafeBufferPointer<UInt8>) {
        records += 1
        recordsByType[UInt32(header.type) << 16 | UInt32(header.subtype), default: 0] += 1
        switch entry {
        case .stateChange(let s):
            stateChanges += 1
            addPeer(s.peer, s.peerAS)
        case .message(let m):
            messagesByType[m.messageType, default: 0] += 1
            addPeer(m.peer, m.peerAS)
            guard let u = m.update else { return }
            let addPath = BGP4MPSubtype.isAddPath(header.subtype)
            var w = 0, a = 0
            BGPDumpWriter.forEachPrefix(body, u.withdrawn, addPath: addPath) { _, _, _ in w += 1 }
            BGPDumpWriter.forEachPrefix(body, u.nlri, addPath: addPath) { _, _, _ in a += 1 }
            for family in u.attributes.withdraw.compactMap({ $0 }) {
                BGPDumpWriter.forEachPrefix(body, family.nlri, addPath: addPath) { _, _, _ in w += 1 }
            }
            for family in u.attributes.announce.compactMap({ $0 }) {
                BGPDumpWriter.forEachPrefix(body, family.nlri, addPath: addPath) { _, _, _ in a += 1 }
            }
            withdrawn += w
            announced += a
            if a > 0 { addAttributes(u.attributes, body) }
        case .tableDump(let t):
            ribEntries += 1
            addPeer(t.peer, t.peerAS)
            addAttributes(t.attributes, body)
        case .rib(let rib):
            for e in rib.entries {
                ribEntries += 1
                if let p = e.peer { addPeer(p.address, p.asn) }
                addAttributes(e.attributes, body)
            }
        case .peerIndexTable:
            break
        case .skipped(let reason):
            skipped[reason, default: 0] += 1
        }
    }

    private mutating func addPeer(_ a: RecordAddress, _ asn: UInt32) {
        peerSet.insert(PeerKey(v6: a.isIPv6, hi: a.bytes.hi, lo: a.isIPv6 ? a.bytes.lo : 0, asn: asn))
    }

    private mutating func addAttributes(_ a: DumpAttributes, _ body: UnsafeBufferPointer<UInt8>) {
        attributeSets.insert(Array(body[a.raw]))
    }

    private static let messageNames: [UInt8: String] = [
        1: "OPEN", 2: "UPDATE", 3: "NOTIFICATION", 4: "KEEPALIVE", 5: "ROUTE-REFRESH",
    ]

    /// The report, one count per line.
    public func render() -> String {
        var lines = ["records: \(records)"]
        for key in recordsByType.keys.sorted() {
            let name = MRTType.name(UInt16(key >> 16), subtype: UInt16(truncatingIfNeeded: key))
            lines.append("  \(name): \(recordsByType[key] ?? 0)")
        }
        let skippedTotal = skipped.values.reduce(0, +)
        lines.append("records skipped: \(skippedTotal)")
        for reason in skipped.keys.sorted() { lines.append("  \(reason): \(skipped[reason] ?? 0)") }
        lines.append("BGP messages: \(messagesByType.values.reduce(0, +))")
        for type in messagesByType.keys.sorted() {
            lines.append("  \(MRTSummary.messageNames[type] ?? "type \(type)"): \(messagesByType[type] ?? 0)")
        }
        lines.append("state changes: \(stateChanges)")
        lines.append("prefixes announced: \(announced)")
        lines.append("prefixes withdrawn: \(withdrawn)")
        lines.append("RIB entries: \(ribEntries)")
        lines.append("distinct attribute sets: \(distinctAttributeSets)")
        lines.append("peers: \(peers)")
        return lines.joined(separator: "\n") + "\n"
    }
}
