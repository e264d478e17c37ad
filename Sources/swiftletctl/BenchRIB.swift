/// `swiftletctl bench rib`: the speaker's route path without sockets, deterministic enough for
/// `valgrind --tool=callgrind` to count instructions repeatably on a loaded machine. The same
/// UPDATEs `bench feed` sends (synthetic prefixes or a replayed MRT table, `BenchRoutes`) are
/// decoded up front, then timed: each is applied to a `RoutingInformationBase` from an eBGP
/// feeder peer, the Loc-RIB changes are resolved to next hops as the speaker does for its
/// kernel writer (`RoutingInformationBase.locRIBChanges`), and the collector peer's (eBGP)
/// Adj-RIB-Out is pulled with `nextMessages(for:maxBytes:)` and encoded after every UPDATE, as
/// the speaker's pump does when the socket has room. Prints time, prefixes/s and peak RSS.
import ArgumentParser
import BGPWire
import Glibc
import NetCore
import RIB

struct BenchRIBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rib",
        abstract: "Run the speaker's RIB path in-process (no sockets) over the benchmark's UPDATEs.",
        discussion: """
            Middle AS 65000 (router ID 192.0.2.1), feeder AS 65001 (192.0.2.2), collector \
            AS 65002 (198.51.100.2), both eBGP, as in scripts/bench-speaker. --prefixes N or \
            --mrt FILE choose the UPDATEs as for `bench feed`; --export-policy adds an \
            accept-all export policy for the collector; --pull-every N pulls the collector's \
            UPDATEs after every N UPDATEs received instead of after each, --no-drain takes only \
            one --pull-bytes batch there. Output lines are `key value`: \
            prefixes, updates, prefixes-out (distinct prefixes announced to the collector), \
            messages-out, bytes-out, changes, seconds, prefixes-per-s, rss-before-kib (once \
            the UPDATEs are decoded, before the RIB holds anything), rss-kib, hwm-kib.
            """)

    @Option(help: "Announce this many synthetic prefixes (1…8000000).")
    var prefixes: Int?
    @Option(help: "Replay the IPv4 UPDATEs of this uncompressed MRT file.")
    var mrt: String?
    @Option(help: "Bytes the collector's socket takes per pull (the speaker pulls up to its free buffer space).")
    var pullBytes: Int = 1 << 16
    @Option(help: "Pull the collector's Adj-RIB-Out after every N UPDATEs instead of after each (a collector slower than the feeder: pending groups pile up, as in the daemon).")
    var pullEvery: Int = 1
    @Flag(help: "At each pull point take one batch of --pull-bytes instead of everything pending (a collector that reads less than the feeder sends: a backlog builds up; the rest is drained at the end).")
    var noDrain = false
    @Flag(help: "Give the collector an export policy that accepts every route (scripts/bench-speaker's accept-all BGPFilter), so each prefix goes through a policy call.")
    var exportPolicy = false

    static let middle = IPv4Address(rawValue: 0xC000_0201)     // 192.0.2.1
    static let feeder = IPv4Address(rawValue: 0xC000_0202)     // 192.0.2.2
    static let collector = IPv4Address(rawValue: 0xC633_6402)  // 198.51.100.2
    static let collectorSide = IPv4Address(rawValue: 0xC633_6401)  // 198.51.100.1

    func validate() throws {
        if mrt == nil {
            guard let prefixes, (1...8_000_000).contains(prefixes) else {
                throw ValidationError("give --prefixes N (1…8000000) or --mrt FILE")
            }
        }
        guard pullEvery >= 1 else { throw ValidationError("--pull-every: at least 1, got \(pullEvery)") }
        guard pullBytes >= 4096 else { throw ValidationError("--pull-bytes: at least 4096 (one message), got \(pullBytes)") }
    }

    func run() throws {
        let routes: BenchRoutes
        if let mrt {
            routes = try BenchRoutes.replay(mrtPath: mrt, feederAS: 65001, nextHop: Self.feeder)
        } else {
            routes = BenchRoutes.synthetic(count: prefixes ?? 0, feederAS: 65001, nextHop: Self.feeder)
        }
        let updates = try Self.decode(routes)
        let before = BenchRIBMemory.read()
        var rib = RoutingInformationBase(configuration: RIBConfiguration(
            localAS: ASN(65000), routerID: RouterID(rawValue: Self.middle.rawValue)))
        let feederPeer = rib.addPeer(PeerConfiguration(address: .v4(Self.feeder), localIPv4: Self.middle))
        let acceptAll: RoutePolicy = { _, _ in .accept }
        let collectorPeer = rib.addPeer(PeerConfiguration(address: .v4(Self.collector), localIPv4: Self.collectorSide,
                                                          exportPolicy: exportPolicy ? acceptAll : nil))
        let context = EncodeContext(fourOctetAS: true)
        rib.sessionEstablished(feederPeer, session: PeerSession(
            peerAS: ASN(65001), routerID: RouterID(rawValue: Self.feeder.rawValue), isInternal: false,
            families: [.ipv4Unicast], encodeContext: context))
        rib.sessionEstablished(collectorPeer, session: PeerSession(
            peerAS: ASN(65002), routerID: RouterID(rawValue: Self.collector.rawValue), isInternal: false,
            families: [.ipv4Unicast], encodeContext: context))
        var sink = BenchRIBSink()
        // The collector's initial End-of-RIB (empty table) goes out before the feed, as in the speaker.
        sink.drain(&rib, collectorPeer, context: context, pullBytes: pullBytes)
        sink = BenchRIBSink()

        let start = benchNow()
        let every = pullEvery, bytes = pullBytes, drainAll = !noDrain
        for (n, update) in updates.enumerated() {
            let outcome = rib.apply(update, from: feederPeer)
            sink.changes += rib.locRIBChanges(outcome.changed).count
            guard (n + 1) % every == 0 else { continue }
            if drainAll { sink.drain(&rib, collectorPeer, context: context, pullBytes: bytes) } else { sink.pullOnce(&rib, collectorPeer, context: context, pullBytes: bytes) }
        }
        sink.drain(&rib, collectorPeer, context: context, pullBytes: pullBytes)
        let seconds = Double(benchNow() - start) / 1e9
        let memory = BenchRIBMemory.read()
        benchSay("prefixes \(routes.prefixes)")
        benchSay("updates \(updates.count)")
        benchSay("prefixes-out \(rib.advertisedCount(to: collectorPeer, family: .ipv4Unicast))")
        benchSay("messages-out \(sink.messages)")
        benchSay("bytes-out \(sink.bytes)")
        benchSay("changes \(sink.changes)")
        benchSay("seconds \(seconds)")
        benchSay("prefixes-per-s \(seconds > 0 ? Int((Double(routes.prefixes) / seconds).rounded()) : 0)")
        benchSay("rss-before-kib \(before.rss)")
        benchSay("rss-kib \(memory.rss)")
        benchSay("hwm-kib \(memory.hwm)")
    }

    /// Every UPDATE of `routes`, decoded as the speaker decodes what it receives.
    static func decode(_ routes: BenchRoutes) throws -> [UpdateMessage] {
        let context = DecodeContext(fourOctetAS: true)
        var out: [UpdateMessage] = []
        out.reserveCapacity(routes.updates)
        var offset = 0
        while offset < routes.bytes.count {
            guard let (message, length) = try BGPMessage.decodeNext(from: routes.bytes[offset...], context: context) else {
                throw BenchError("bench rib: truncated message at byte \(offset) of \(routes.bytes.count)")
            }
            guard case .update(let u) = message else {
                throw BenchError("bench rib: message at byte \(offset) is not an UPDATE")
            }
            out.append(u)
            offset += length
        }
        return out
    }
}

/// What the collector was sent.
struct BenchRIBSink {
    var messages = 0
    var bytes = 0
    var changes = 0

    /// Pulls and encodes one batch of at most `pullBytes` for `peer`.
    mutating func pullOnce(_ rib: inout RoutingInformationBase, _ peer: PeerID, context: EncodeContext, pullBytes: Int) {
        for m in rib.nextMessages(for: peer, maxBytes: pullBytes) {
            messages += 1
            bytes += m.encode(context: context).count
        }
    }

    /// Pulls and encodes everything pending for `peer`, `pullBytes` at a time.
    mutating func drain(_ rib: inout RoutingInformationBase, _ peer: PeerID, context: EncodeContext, pullBytes: Int) {
        while rib.hasPendingMessages(for: peer) {
            let batch = rib.nextMessages(for: peer, maxBytes: pullBytes)
            if batch.isEmpty { return }
            for m in batch {
                messages += 1
                bytes += m.encode(context: context).count
            }
        }
    }
}

/// VmRSS and VmHWM of this process in KiB (proc(5) /proc/self/status).
struct BenchRIBMemory {
    var rss = 0
    var hwm = 0

    static func read() -> BenchRIBMemory {
        var m = BenchRIBMemory()
        guard let text = try? BenchRoutes.readFile("/proc/self/status") else { return m }
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count > 1, let value = Int(fields[1]) else { continue }
            if fields[0] == "VmRSS:" { m.rss = value }
            if fields[0] == "VmHWM:" { m.hwm = value }
        }
        return m
    }
}
