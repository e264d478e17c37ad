/// The routes `swiftletctl bench feed` announces, pre-encoded before any timing starts:
/// synthetic IPv4 prefixes, or the final state of a real table replayed from an MRT file of
/// BGP4MP UPDATEs (RFC 6396 §4.4), re-encoded with BGPWire as eBGP announcements of the feeder
/// (its AS prepended, its address as NEXT_HOP, iBGP-only attributes removed). Prefixes sharing
/// attributes are packed into UPDATEs of at most 4096 bytes (RFC 4271 §4).
import BGPWire
import Glibc
import NetCore

struct BenchRoutes {
    /// Every UPDATE, each with its header, back to back.
    var bytes: [UInt8] = []
    /// Offsets in `bytes` that end a whole message, about every 64 KiB: the feeder writes up to
    /// one of them before it may slip a KEEPALIVE in.
    var boundaries: [Int] = []
    var prefixes = 0
    var updates = 0
    var attributeSets = 0

    /// Groups of prefixes with one attribute list each, packed into UPDATEs.
    init(groups: [(attributes: [PathAttribute], prefixes: [IPv4Prefix])]) {
        let context = EncodeContext(fourOctetAS: true)
        attributeSets = groups.count
        for g in groups {
            let attributeBytes = UpdateMessage(attributes: g.attributes).encode(context: context).count
            let room = BGPHeader.maxLength - BGPHeader.length - attributeBytes
            var batch: [NLRI] = []
            var used = 0
            for p in g.prefixes {
                let entry = NLRI(prefix: .v4(p))
                let size = NLRIList.encodedSize(entry, addPath: false)
                if used + size > room { append(g.attributes, batch, context); batch.removeAll(keepingCapacity: true); used = 0 }
                batch.append(entry)
                used += size
            }
            if !batch.isEmpty { append(g.attributes, batch, context) }
            prefixes += g.prefixes.count
        }
        if boundaries.last != bytes.count { boundaries.append(bytes.count) }
    }

    private mutating func append(_ attributes: [PathAttribute], _ batch: [NLRI], _ context: EncodeContext) {
        let update = UpdateMessage(attributes: attributes, nlri: NLRIList(batch, afi: .ipv4, addPath: false))
        bytes += BGPMessage.update(update).encode(context: context)
        updates += 1
        if bytes.count - (boundaries.last ?? 0) >= 1 << 16 { boundaries.append(bytes.count) }
    }

    /// `count` distinct prefixes of 100.64.0.0/10 (RFC 6598 shared address space; data carried
    /// in BGP only, never routed): every /24 of it, then every /25, /26, … until `count`. A run
    /// of 1000 consecutive prefixes shares one AS_PATH `feederAS 4200000000+run`.
    static func synthetic(count: Int, feederAS: UInt32, nextHop: IPv4Address) -> BenchRoutes {
        let base: UInt32 = 0x6440_0000  // 100.64.0.0
        var groups: [(attributes: [PathAttribute], prefixes: [IPv4Prefix])] = []
        var current: [IPv4Prefix] = []
        var length: UInt8 = 24, index: UInt32 = 0
        for i in 0..<count {
            if index == UInt32(1) << (UInt32(length) - 10) { length += 1; index = 0 }
            // The /10 holds 2^(len-10) prefixes of length len; 100.64/10 with /24…/32 is 8.4M.
            if let p = IPv4Prefix(address: IPv4Address(rawValue: base | index << (32 - UInt32(length))), length: length) {
                current.append(p)
            }
            index += 1
            if current.count == 1000 || i == count - 1 {
                let run = UInt32(groups.count)
                let path = ASPath(segments: [ASPathSegment(type: .sequence, asns: [ASN(feederAS), ASN(4_200_000_000 + run)])])
                groups.append(([.origin(.igp), .asPath(path), .nextHop(nextHop)], current))
                current.removeAll(keepingCapacity: true)
            }
        }
        return BenchRoutes(groups: groups)
    }

    /// The final state of the IPv4 unicast routes in an uncompressed MRT file of BGP4MP(_ET)
    /// messages, as announcements of `feederAS` from `nextHop`.
    static func replay(mrtPath: String, feederAS: UInt32, nextHop: IPv4Address) throws -> BenchRoutes {
        let data = try readFile(mrtPath)
        var table: [IPv4Prefix: Int] = [:]
        var attributeIndex: [[PathAttribute]: Int] = [:]
        var attributeLists: [[PathAttribute]] = []
        var offset = 0
        while data.count - offset >= 12 {
            let type = Int(data[offset + 4]) << 8 | Int(data[offset + 5])
            let subtype = Int(data[offset + 6]) << 8 | Int(data[offset + 7])
            let length = Int(data[offset + 8]) << 24 | Int(data[offset + 9]) << 16 | Int(data[offset + 10]) << 8 | Int(data[offset + 11])
            let recordEnd = offset + 12 + length
            guard recordEnd <= data.count else { break }
            defer { offset = recordEnd }
            guard type == 16 || type == 17, [1, 4, 6, 7].contains(subtype) else { continue }
            let as4 = subtype == 4 || subtype == 7
            var p = offset + 12 + (type == 17 ? 4 : 0) + (as4 ? 8 : 4) + 2
            guard p + 2 <= recordEnd else { continue }
            let afi = Int(data[p]) << 8 | Int(data[p + 1])
            p += 2 + (afi == 2 ? 32 : 8)
            guard p + 19 <= recordEnd, data[p + 18] == MessageType.update.rawValue else { continue }
            let context = DecodeContext(fourOctetAS: as4)
            guard let update = try? UpdateMessage.decode(body: data[(p + 19)..<recordEnd], context: context) else { continue }
            for w in update.withdrawn { if case .v4(let prefix) = w.prefix { table[prefix] = nil } }
            if update.nlri.isEmpty || update.treatAsWithdraw { continue }
            let attributes = ebgpAttributes(update, feederAS: feederAS, nextHop: nextHop)
            let index: Int
            if let known = attributeIndex[attributes] { index = known } else {
                index = attributeLists.count
                attributeIndex[attributes] = index
                attributeLists.append(attributes)
            }
            for n in update.nlri { if case .v4(let prefix) = n.prefix { table[prefix] = index } }
        }
        var byList = [[IPv4Prefix]](repeating: [], count: attributeLists.count)
        for (prefix, index) in table { byList[index].append(prefix) }
        let groups = zip(attributeLists, byList).filter { !$0.1.isEmpty }.map { (attributes: $0.0, prefixes: $0.1.sorted()) }
        return BenchRoutes(groups: groups)
    }

    /// The attributes an eBGP speaker in `feederAS` would send for this route (RFC 4271 §5.1).
    static func ebgpAttributes(_ u: UpdateMessage, feederAS: UInt32, nextHop: IPv4Address) -> [PathAttribute] {
        var path = u.effectiveASPath ?? .empty
        if let first = path.segments.first, first.type == .sequence, first.asns.count < 255 {
            path.segments[0].asns.insert(ASN(feederAS), at: 0)
        } else {
            path.segments.insert(ASPathSegment(type: .sequence, asns: [ASN(feederAS)]), at: 0)
        }
        var out: [PathAttribute] = [.origin(u.origin ?? .igp), .asPath(path), .nextHop(nextHop)]
        for a in u.attributes {
            switch a {
            case .multiExitDisc, .atomicAggregate, .aggregator, .communities, .extendedCommunities, .largeCommunities:
                out.append(a)
            default: break  // LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST are iBGP-only; MP_* other families
            }
        }
        return out
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw BenchError.errno("open \(path)") }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; throw BenchError.errno("read \(path)") }
            if n == 0 { return out }
            out += chunk[0..<n]
        }
    }
}
