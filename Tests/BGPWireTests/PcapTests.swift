/// Real captures: every pcap in ../shared/data/realbgp/pcap (beside the checkout; skipped with a
/// message when absent) is read with tshark, its TCP payloads are reassembled per stream and
/// direction, and every BGP message is framed and decoded. The decoding context of each
/// direction comes from the OPENs of its stream (4-octet AS when both sides sent capability 65,
/// ADD-PATH receive for the families the sender may send and the receiver may receive, RFC 7911
/// §4; Extended Messages when both sent capability 6); where only one OPEN was captured the
/// other side is assumed to agree, and where none was (captures that start mid-session) the AS
/// number width is guessed from which one decodes the UPDATEs cleanly. No message may fail,
/// no UPDATE may carry an attribute error, and our count per message type must equal tshark's.
import Foundation
import Testing
@testable import BGPWire
import NetCore

/// The captures beside the checkout: Tests/BGPWireTests/ → package root → ../shared/data/realbgp/pcap.
let realPcapDirectory: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("../shared/data/realbgp/pcap").standardizedFileURL

var realPcaps: [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: realPcapDirectory.path)) ?? []
    return names.sorted().map { realPcapDirectory.appendingPathComponent($0) }
}

/// One direction of one TCP stream, reassembled.
struct TCPFlow {
    var bytes: [UInt8] = []
    var nextSeq: Int?
    var gaps = 0

    /// Appends a segment in capture order, dropping retransmitted bytes and noting gaps.
    mutating func add(seq: Int, payload: [UInt8]) {
        guard let expected = nextSeq else {
            bytes = payload; nextSeq = seq + payload.count; return
        }
        if seq > expected { gaps += 1 }  // a segment is missing: framing will notice too
        let skip = max(0, expected - seq)
        guard skip < payload.count else { return }  // wholly retransmitted
        bytes += payload.dropFirst(skip)
        nextSeq = seq + payload.count
    }
}

struct FlowKey: Hashable, Comparable, CustomStringConvertible {
    var stream: Int
    var source: String
    var port: Int
    static func < (l: FlowKey, r: FlowKey) -> Bool { (l.stream, l.source, l.port) < (r.stream, r.source, r.port) }
    var description: String { "stream \(stream) from \(source):\(port)" }
}

@Suite("Real captures", .serialized)
struct PcapTests {
    /// TCP payloads of BGP sessions (port 179) per flow, in capture order.
    static func flows(of file: URL) throws -> [FlowKey: TCPFlow] {
        let out = try Tshark.run([
            "-r", file.path, "-Y", "tcp.len > 0 && tcp.port == 179", "-T", "fields",
            "-e", "tcp.stream", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "tcp.seq", "-e", "tcp.payload",
        ])
        var flows = [FlowKey: TCPFlow]()
        for line in out.split(whereSeparator: \.isNewline) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 6, let stream = Int(f[0]), let port = Int(f[3]), let seq = Int(f[4]) else {
                Issue.record("unexpected tshark line: \(line)"); continue
            }
            let key = FlowKey(stream: stream, source: f[1].isEmpty ? f[2] : f[1], port: port)
            flows[key, default: TCPFlow()].add(seq: seq, payload: hexBytes(f[5].replacingOccurrences(of: ":", with: "")))
        }
        return flows
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for c in hex.utf8 {
            let v: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = c - UInt8(ascii: "A") + 10
            default: continue
            }
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        return out
    }

    /// Frames a flow into (type, body) without decoding (pass 1: find the OPENs).
    static func frames(_ bytes: [UInt8]) throws(WireError) -> [(type: MessageType, body: ArraySlice<UInt8>)] {
        var out = [(type: MessageType, body: ArraySlice<UInt8>)]()
        var rest = bytes[...]
        while case let .message(type, body, length) = try MessageFramer.frame(rest, maxMessageLength: BGPHeader.extendedMaxLength) {
            out.append((type, body))
            rest = rest.dropFirst(length)
        }
        return out
    }

    /// The context for decoding what `sender` sends to `receiver`. When only one of the two
    /// OPENs was captured, the other side is assumed to agree with it; with neither, nil.
    static func context(sender: OpenMessage?, receiver: OpenMessage?) -> DecodeContext? {
        guard sender != nil || receiver != nil else { return nil }
        func has(_ o: OpenMessage?, _ code: UInt8) -> Bool {
            guard let o else { return true }  // unseen: assumed to agree
            return o.capabilities.contains { $0.code == code }
        }
        func addPath(_ o: OpenMessage?, _ mode: AddPathMode) -> Set<AddressFamily>? {
            guard let o else { return nil }
            return Set(o.capabilities.flatMap { c -> [AddressFamily] in
                guard case .addPath(let f) = c else { return [] }
                return f.filter { $0.mode.contains(mode) }.map(\.family)
            })
        }
        let sends = addPath(sender, .send), receives = addPath(receiver, .receive)
        let families = sends.map { s in receives.map { s.intersection($0) } ?? s } ?? receives ?? []
        return DecodeContext(fourOctetAS: has(sender, 65) && has(receiver, 65), addPathReceive: families,
                             extendedMessage: has(sender, 6) && has(receiver, 6))
    }

    /// For a stream whose OPENs were not captured: the AS number width under which its UPDATEs
    /// decode without attribute errors (4 octets first), as Wireshark guesses it too.
    static func guessContext(_ messages: [(type: MessageType, body: ArraySlice<UInt8>)]) -> DecodeContext {
        func errors(_ c: DecodeContext) -> Int {
            messages.filter { $0.type == .update }.reduce(0) { n, m in
                n + ((try? UpdateMessage.decode(body: m.body, context: c))?.attributeErrors.count ?? 1)
            }
        }
        let four = DecodeContext(fourOctetAS: true), two = DecodeContext(fourOctetAS: false)
        return errors(four) <= errors(two) ? four : two
    }

    /// tshark's own count of BGP messages per type.
    static func tsharkCounts(_ file: URL) throws -> [UInt8: Int] {
        var counts = [UInt8: Int]()
        let out = try Tshark.run(["-r", file.path, "-Y", "bgp", "-T", "fields", "-e", "bgp.type"])
        for t in out.split(whereSeparator: { $0 == "\n" || $0 == "," }) {
            if let v = UInt8(t.trimmingCharacters(in: .whitespaces)) { counts[v, default: 0] += 1 }
        }
        return counts
    }

    @Test("every real capture decodes",
          .enabled(if: Tshark.isInstalled, "tshark not installed (/usr/bin/tshark)"),
          .enabled(if: !realPcaps.isEmpty, "no captures in \(realPcapDirectory.path) (the shared real data is absent)"))
    func realCapturesDecode() throws {
        var total = [MessageType: Int]()
        var seen = [String: Int]()  // features met in the UPDATEs, to show the data exercised them
        for file in realPcaps {
            let name = file.lastPathComponent
            let flows = try Self.flows(of: file)
            var counts = [UInt8: Int]()
            var treatAsWithdraw = 0
            // Pass 1: frame every flow and keep each flow's OPEN.
            var framed = [FlowKey: [(type: MessageType, body: ArraySlice<UInt8>)]]()
            var opens = [FlowKey: OpenMessage]()
            for (key, flow) in flows {
                #expect(flow.gaps == 0, "\(name) \(key): \(flow.gaps) missing TCP segments")
                do throws(WireError) {
                    framed[key] = try Self.frames(flow.bytes)
                } catch {
                    Issue.record("\(name) \(key): framing failed: \(error) → \(error.notification)")
                    continue
                }
                if let open = framed[key]?.first(where: { $0.type == .open }) {
                    opens[key] = try? OpenMessage.decode(body: open.body)
                }
                let used = framed[key]?.reduce(0) { $0 + BGPHeader.length + $1.body.count } ?? 0
                #expect(used == flow.bytes.count, "\(name) \(key): \(flow.bytes.count - used) bytes left after the last whole message")
            }
            // Pass 2: decode each flow with the context its stream's OPENs give.
            for (key, messages) in framed.sorted(by: { $0.key < $1.key }) {
                let peer = opens.first { $0.key.stream == key.stream && $0.key != key }?.value
                let context = Self.context(sender: opens[key], receiver: peer) ?? Self.guessContext(messages)
                if opens[key] == nil && peer == nil {
                    print("  \(name) \(key): no OPEN captured; guessed \(context.fourOctetAS ? 4 : 2)-octet AS numbers")
                }
                for (type, body) in messages {
                    counts[type.rawValue, default: 0] += 1
                    total[type, default: 0] += 1
                    let message: BGPMessage
                    do throws(WireError) {
                        message = try BGPMessage.decode(type: type, body: body, context: context)
                    } catch {
                        Issue.record("\(name) \(key): \(type) failed: \(error.reason) → \(error.notification)")
                        continue
                    }
                    if case .update(let update) = message {
                        #expect(!update.attributeErrors.contains { $0.action == .sessionReset },
                                "\(name) \(key): \(update.attributeErrors)")
                        if update.treatAsWithdraw { treatAsWithdraw += 1 }
                        for e in update.attributeErrors { print("  \(name) \(key): \(e.action): \(e.reason)") }
                        Self.tally(update, into: &seen)
                    } else {
                        // OPEN, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH: re-encoding what we decoded
                        // gives a message that decodes to the same value.
                        #expect(try BGPMessage.decode(message: message.encode(context: context), context: context) == message)
                    }
                }
            }
            #expect(treatAsWithdraw == 0, "\(name): \(treatAsWithdraw) UPDATEs treated as withdraw")
            let theirs = try Self.tsharkCounts(file)
            #expect(counts == theirs, "\(name): we counted \(counts), tshark \(theirs)")
            let summary = counts.sorted { $0.key < $1.key }
                .map { "\(MessageType(rawValue: $0.key).map(String.init(describing:)) ?? "?")=\($0.value)" }
            print("\(name): \(flows.count) flows, \(summary.joined(separator: " "))")
        }
        print("all captures: " + total.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        print("features: " + seen.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        #expect(total[.open, default: 0] > 0 && total[.update, default: 0] > 0)
        // What README.md says the captures hold must have been met.
        for feature in ["ADD-PATH path IDs", "opaque MP NLRI (labeled, VPN)", "IPv4 NLRI, IPv6 next hop",
                        "AS_CONFED_SEQUENCE", "LARGE_COMMUNITY", "OTC", "AS_SET", "MP_REACH IPv6"] {
            #expect(seen[feature, default: 0] > 0, "no UPDATE showed \(feature)")
        }
    }

    static func tally(_ update: UpdateMessage, into seen: inout [String: Int]) {
        func note(_ feature: String) { seen[feature, default: 0] += 1 }
        if update.nlri.contains(where: { $0.pathID != nil }) { note("ADD-PATH path IDs") }
        if let mp = update.mpReach {
            if case .opaque = mp.nlri { note("opaque MP NLRI (labeled, VPN)") }
            if mp.family.afi == .ipv4, mp.nextHop.count >= 16 { note("IPv4 NLRI, IPv6 next hop") }  // RFC 8950 (here VPN-IPv4)
            if mp.family == .ipv6Unicast { note("MP_REACH IPv6") }
            if case .prefixes(let list) = mp.nlri, list.contains(where: { $0.pathID != nil }) { note("ADD-PATH path IDs") }
        }
        for segment in update.asPath?.segments ?? [] {
            switch segment.type {
            case .confedSequence: note("AS_CONFED_SEQUENCE")
            case .confedSet: note("AS_CONFED_SET")
            case .set: note("AS_SET")
            case .sequence: break
            }
        }
        if update.largeCommunities != nil { note("LARGE_COMMUNITY") }
        if update.onlyToCustomer != nil { note("OTC") }
    }
}
