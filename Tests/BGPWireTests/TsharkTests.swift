/// Wireshark as a second opinion on our encoder: our encoded messages (OPEN with every
/// capability, UPDATEs with many attributes, NOTIFICATIONs, KEEPALIVE, ROUTE-REFRESH with
/// BoRR/EoRR, End-of-RIB) are written into a classic pcap file (global header, then per packet
/// Ethernet/IPv4/TCP with port 179; checksums left zero, tshark does not check them by default),
/// and tshark's BGP dissector must see every message and raise no malformed or expert
/// warning/error item. Also holds the pcap writer and the tshark runner that PcapTests uses.
/// Tests may use Foundation; Sources stay pure.
import Foundation
import Testing
@testable import BGPWire
import NetCore

/// Runs /usr/bin/tshark.
enum Tshark {
    static let path = "/usr/bin/tshark"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs tshark with `arguments`, returns stdout (stderr is dropped: tshark warns when run as root).
    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()  // read before waiting: no pipe deadlock
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A classic libpcap file (magic a1b2c3d4, version 2.4, link type 1 Ethernet) of one TCP flow
/// 192.0.2.1:50179 → 192.0.2.2:179, sequence numbers advancing with the payload.
struct PcapWriter {
    private(set) var bytes: [UInt8] = []
    private var seq: UInt32 = 1000
    private var packets: UInt32 = 0

    init() {
        le32(0xA1B2_C3D4)
        le16(2); le16(4)  // version 2.4
        le32(0); le32(0)  // thiszone, sigfigs
        le32(262_144)  // snaplen
        le32(1)  // LINKTYPE_ETHERNET
    }

    private mutating func le32(_ v: UInt32) { for s in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
    private mutating func le16(_ v: UInt16) { bytes.append(UInt8(v & 0xFF)); bytes.append(UInt8(v >> 8)) }

    /// One packet carrying `payload` (one or more BGP messages).
    mutating func add(_ payload: [UInt8]) {
        var frame: [UInt8] = []
        // Ethernet: dst, src, type IPv4.
        frame += [0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00]
        // IPv4: version/IHL, TOS, total length, id, DF, TTL 64, TCP, checksum 0, src, dst.
        let ipLength = 20 + 20 + payload.count
        frame += [0x45, 0x00, UInt8(ipLength >> 8), UInt8(ipLength & 0xFF),
                  UInt8(packets >> 8 & 0xFF), UInt8(packets & 0xFF), 0x40, 0x00, 64, 6, 0, 0,
                  192, 0, 2, 1, 192, 0, 2, 2]
        // TCP: ports 50179 → 179, seq, ack 1, data offset 5, PSH|ACK, window, checksum 0, urgent 0.
        frame += [0xC4, 0x03, 0x00, 0xB3]
        frame += [UInt8(seq >> 24), UInt8(seq >> 16 & 0xFF), UInt8(seq >> 8 & 0xFF), UInt8(seq & 0xFF)]
        frame += [0, 0, 0, 1, 0x50, 0x18, 0xFF, 0xFF, 0, 0, 0, 0]
        frame += payload
        seq &+= UInt32(payload.count)
        packets += 1
        le32(1_700_000_000); le32(packets * 1000)  // timestamp
        le32(UInt32(frame.count)); le32(UInt32(frame.count))
        bytes += frame
    }
}

@Suite("Wireshark second opinion", .serialized)
struct TsharkTests {
    static let context = DecodeContext(fourOctetAS: true)

    /// OPEN carrying every capability Swiftlet names, plus an unknown one.
    static let fullOpen = OpenMessage(
        myAS: 23456, holdTime: 90, identifier: RouterID(IPv4Address(192, 0, 2, 1)),
        capabilities: [
            .multiprotocol(.ipv4Unicast), .multiprotocol(.ipv6Unicast), .routeRefresh,
            .extendedNextHop([ExtendedNextHopEntry(family: .ipv4Unicast, nextHopAFI: .ipv6)]),
            .extendedMessage, .role(.peer),
            .gracefulRestart(GracefulRestart(restarting: true, notification: true, restartTime: 120,
                                             families: [.init(family: .ipv4Unicast, forwardingStatePreserved: true),
                                                        .init(family: .ipv6Unicast, forwardingStatePreserved: false)])),
            .fourOctetAS(4_200_000_001),
            .addPath([AddPathFamily(family: .ipv6Unicast, mode: .receive)]),
            .enhancedRouteRefresh,
            .longLivedGracefulRestart(LongLivedGracefulRestart(families: [
                .init(family: .ipv4Unicast, forwardingStatePreserved: true, staleTime: 3600)])),
            .fqdn(hostname: "node-1", domain: "cluster.local"),
            .unknown(code: 128, value: []),
        ])

    // Not here: an OPEN in the RFC 9072 extended parameters encoding. Debian's tshark 4.0
    // predates RFC 9072 and reports it as malformed (it reads the 255 marker as a parameter
    // type); OpenTests covers that encoding with golden bytes instead.

    static func prefix4(_ text: String) -> NLRI {
        guard let p = IPv4Prefix(text) else { fatalError("bad test prefix \(text)") }
        return NLRI(prefix: .v4(p))
    }

    static func prefix6(_ text: String) -> NLRI {
        guard let p = IPv6Prefix(text) else { fatalError("bad test prefix \(text)") }
        return NLRI(prefix: .v6(p))
    }

    static func v6(_ text: String) -> [UInt8] { IPv6Address(text)?.bytes ?? [] }

    /// An IPv4 UPDATE with most attributes.
    static let richIPv4 = UpdateMessage(
        withdrawn: NLRIList([prefix4("198.51.100.0/24")], afi: .ipv4, addPath: false),
        attributes: [
            .origin(.igp),
            .asPath(ASPath(segments: [ASPathSegment(type: .sequence, asns: [4_200_000_001, 65001, 174]),
                                      ASPathSegment(type: .set, asns: [64512, 64513])])),
            .nextHop(IPv4Address(192, 0, 2, 1)),
            .multiExitDisc(100),
            .localPref(200),
            .atomicAggregate,
            .aggregator(Aggregator(asn: 4_200_000_001, address: IPv4Address(192, 0, 2, 9))),
            .communities([Community(asn: 65001, value: 100), .noExport]),
            .originatorID(RouterID(IPv4Address(192, 0, 2, 7))),
            .clusterList([0xC000_0207, 0xC000_0208]),
            .extendedCommunities([ExtendedCommunity(rawValue: 0x0002_FDE9_0000_0064)]),  // route target 65001:100
            .largeCommunities([LargeCommunity(4_200_000_001, 1, 2)]),
            .onlyToCustomer(65001),
            .unknown(UnknownAttribute(flags: [.optional, .transitive, .partial], code: AttributeCode(rawValue: 200), value: [1, 2, 3])),
        ],
        nlri: NLRIList([prefix4("203.0.113.0/24"), prefix4("10.0.0.0/8"), prefix4("100.64.1.128/26"), prefix4("0.0.0.0/0")],
                       afi: .ipv4, addPath: false))

    /// IPv6 unicast in MP_REACH_NLRI with a global and link-local next hop, and an MP_UNREACH.
    static let ipv6 = UpdateMessage(attributes: [
        .mpUnreachNLRI(MPUnreachNLRI(family: .ipv6Unicast, withdrawn: .prefixes(NLRIList([prefix6("2001:db8:ffff::/48")], afi: .ipv6, addPath: false)))),
        .mpReachNLRI(MPReachNLRI(family: .ipv6Unicast, nextHop: v6("2001:db8::1") + v6("fe80::1"),
                                 nlri: .prefixes(NLRIList([prefix6("2001:db8:1::/48"), prefix6("2001:db8:2:3::/64"), prefix6("::/0")],
                                                          afi: .ipv6, addPath: false)))),
        .origin(.incomplete),
        .asPath(ASPath(segments: [ASPathSegment(type: .confedSequence, asns: [65010, 65011]),
                                  ASPathSegment(type: .sequence, asns: [65001])])),
        .localPref(100),
    ])

    /// IPv4 NLRI with an IPv6 next hop (RFC 8950).
    static let ipv4OverIPv6 = UpdateMessage(attributes: [
        .mpReachNLRI(MPReachNLRI(family: .ipv4Unicast, nextHop: v6("2001:db8::2"),
                                 nlri: .prefixes(NLRIList([prefix4("192.0.2.128/25")], afi: .ipv4, addPath: false)))),
        .origin(.egp),
        .asPath(ASPath(segments: [ASPathSegment(type: .sequence, asns: [65001])])),
    ])

    static var messages: [BGPMessage] {
        [
            .open(fullOpen),
            .keepalive,
            .update(richIPv4),
            .update(ipv6),
            .update(ipv4OverIPv6),
            .update(.endOfRIB(.ipv4Unicast)),
            .update(.endOfRIB(.ipv6Unicast)),
            .routeRefresh(RouteRefreshMessage(family: .ipv4Unicast)),
            .routeRefresh(RouteRefreshMessage(family: .ipv6Unicast, subtype: .beginning)),
            .routeRefresh(RouteRefreshMessage(family: .ipv6Unicast, subtype: .end)),
            .notification(.shutdown("maintenance window: back at 14:00 — ciao")),
            .notification(.shutdown("reset", reset: true)),
            .notification(.holdTimerExpired),
            .notification(NotificationMessage(MessageHeaderErrorSubcode.badMessageLength, data: [0x00, 0x12])),
            .notification(NotificationMessage(OpenMessageErrorSubcode.unsupportedCapability, data: [0x45, 0x04, 0x00, 0x01, 0x01, 0x01])),
            .notification(.hardReset(NotificationMessage(CeaseSubcode.maximumNumberOfPrefixesReached))),
        ]
    }

    @Test("tshark dissects our messages without complaint",
          .enabled(if: Tshark.isInstalled, "tshark not installed (/usr/bin/tshark)"))
    func tsharkAgrees() throws {
        let encoded = Self.messages.map { $0.encode(context: Self.context) }
        // Our own decoder agrees first.
        for (message, bytes) in zip(Self.messages, encoded) {
            let decoded = try BGPMessage.decode(message: bytes, context: Self.context)
            #expect(decoded.type == message.type)
        }
        var pcap = PcapWriter()
        for bytes in encoded { pcap.add(bytes) }
        pcap.add(encoded[1] + encoded[7])  // two messages in one segment
        let expectedCount = encoded.count + 2

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-tshark-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // SWIFTLET_KEEP_PCAP=1 keeps the file for a look in Wireshark.
        let keep = ProcessInfo.processInfo.environment["SWIFTLET_KEEP_PCAP"] != nil
        defer { if keep { print("pcap kept at \(dir.path)") } else { try? FileManager.default.removeItem(at: dir) } }
        let file = dir.appendingPathComponent("ours.pcap")
        try Data(pcap.bytes).write(to: file)

        // Every BGP message tshark saw, by type.
        let types = try Tshark.run(["-r", file.path, "-Y", "bgp", "-T", "fields", "-e", "bgp.type"])
            .split(whereSeparator: \.isNewline).flatMap { $0.split(separator: ",") }
        #expect(types.count == expectedCount, "tshark saw \(types.count) BGP messages, we wrote \(expectedCount)")
        #expect(types.filter { $0 == "1" }.count == 1)
        #expect(types.filter { $0 == "2" }.count == 5)
        #expect(types.filter { $0 == "3" }.count == 6)
        #expect(types.filter { $0 == "4" }.count == 2)
        #expect(types.filter { $0 == "5" }.count == 4)

        // No malformed packet, no expert item at warning level or above.
        let complaints = try Tshark.run([
            "-r", file.path, "-Y", "_ws.malformed || _ws.expert.severity >= 6291456",
            "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message",
        ])
        #expect(complaints.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "tshark complained:\n\(complaints)")

        // The details tshark printed for the capabilities and the shutdown communication.
        let verbose = try Tshark.run(["-r", file.path, "-V"])
        for needle in ["maintenance window", "node-1", "cluster.local", "4200000001", "LARGE_COMMUNITY", "2001:db8:1::/48",
                       "192.0.2.128/25", "AS_CONFED_SEQUENCE"] {
            #expect(verbose.contains(needle), "tshark -V output lacks \(needle)")
        }
    }
}
