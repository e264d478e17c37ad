/// swiftletd (the built binary) fed bad input by raw peers (hand-built bytes over a socket in a
/// namespace): an OPEN with version 3 gets NOTIFICATION 2/1 with data 00 04; an UPDATE with
/// ORIGIN 5 is treated as withdraw (RFC 7606 §7.1: the session stays up, its prefixes leave
/// the RIB, the log names ORIGIN); an UPDATE whose Total Path Attribute Length overruns the
/// message gets NOTIFICATION 3/1; a bad marker gets 1/1. Meanwhile a BIRD session is untouched
/// and the daemon keeps running.
import Foundation
import Testing

extension LabSuite {
    @Suite("swiftletd and bad input from a peer", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable, Comment(rawValue: SwiftletBinaries.reason)))
    struct SwiftletdBadInputTests {
        static let nodeAS: UInt32 = 64512, rawAS: UInt16 = 65010, birdAS: UInt32 = 65001
        static let raw = ["192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13"]

        /// ORIGIN (value `origin`), AS_PATH [65010], NEXT_HOP `nextHop`.
        static func attributes(origin: UInt8, nextHop: [UInt8]) -> [UInt8] {
            [0x40, 1, 1, origin] + [0x40, 2, 4, 2, 1, UInt8(rawAS >> 8), UInt8(rawAS & 0xFF)] + [0x40, 3, 4] + nextHop
        }

        /// swiftletd's log lines about `peer`.
        static func logLines(_ node: Swiftletd, _ peer: String) -> [Substring] {
            node.log.split(whereSeparator: \.isNewline).filter { $0.contains("peer=\(peer)]") }
        }

        @Test("bad version, malformed ORIGIN, overrunning attribute length, bad marker",
              .enabled(if: LabEnvironment.Daemon.bird.isAvailable, Comment(rawValue: LabEnvironment.Daemon.bird.reason)))
        func badInput() async throws {
            let began = ContinuousClock.now
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let rawNS = try lab.namespace("raw")
                let birdNS = try lab.namespace("bird")
                let link = try lab.link(rawNS, nodeNS, v4: ("\(Self.raw[0])/24", "192.0.2.2/24"))
                for address in Self.raw.dropFirst() { try rawNS.ip(["addr", "add", "\(address)/24", "dev", link.interfaceA]) }
                try lab.link(birdNS, nodeNS, v4: ("198.51.100.1/24", "198.51.100.2/24"))
                let bird = try lab.bird(in: birdNS, config: Bird.config(PeerSetup(
                    routerID: "198.51.100.1", localAS: Self.birdAS, localV4: "198.51.100.1", localV6: "2001:db8:9::1",
                    neighbor: "198.51.100.2", neighborAS: Self.nodeAS, statics: [("203.0.113.0/28", "198.51.100.1")])))
                let listeners = try Self.raw.map { try rawNS.listen(on: $0) }
                defer { listeners.forEach { $0.close() } }

                var resources = [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: false),
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24"),
                    CalicoYAML.pool("pods", "100.64.0.0/16"), CalicoYAML.block("node-1", "100.64.1.0/26"),
                    CalicoYAML.peer("bird", "198.51.100.1", asNumber: Self.birdAS, spec: ["sourceAddress: None"]),
                ]
                for (i, address) in Self.raw.enumerated() {
                    resources.append(CalicoYAML.peer("raw-\(i)", address, asNumber: UInt32(Self.rawAS)))
                }
                let store = try lab.datastore("node-1", resources)
                let node = try lab.swiftletd(in: nodeNS, node: "node-1", store: store)
                let birdUp = Wait.until(timeout: .seconds(10)) { node.isEstablished("198.51.100.1") && bird.isEstablished("198.51.100.2") }
                try #require(birdUp, Comment(rawValue: node.evidence))
                let birdConnection = node.peer("198.51.100.1")?.connectionID

                // (a) OPEN with version 3: NOTIFICATION 2/1, data = our version (00 04), closed.
                let a = RawPeer(socket: try listeners[0].accept(timeout: .seconds(5)))
                #expect(a.next(ofType: 1, timeout: .seconds(5)) != nil, "swiftletd sends its OPEN first")
                try a.send(RawPeer.open(version: 3, asn: Self.rawAS, identifier: [192, 0, 2, 10]))
                _ = a.next(ofType: 3, timeout: .seconds(5))
                #expect(a.notifications.first.map { [$0.code, $0.subcode] + $0.data } == [2, 1, 0, 4],
                        Comment(rawValue: "notifications \(a.notifications)\n\(node.log.suffix(2000))"))
                #expect(a.waitForClose(timeout: .seconds(3)))
                #expect(Self.logLines(node, Self.raw[0]).contains { $0.contains("Unsupported Version Number") })

                // (b) A good UPDATE, then ORIGIN 5 for it and a second prefix: treat-as-withdraw.
                let b = RawPeer(socket: try listeners[1].accept(timeout: .seconds(5)))
                try #require(try b.establish(asn: Self.rawAS, identifier: [192, 0, 2, 11]), Comment(rawValue: node.evidence))
                let p24: [UInt8] = [24, 203, 0, 113], p25: [UInt8] = [25, 203, 0, 113, 128]
                try b.send(RawPeer.update(attributes: Self.attributes(origin: 0, nextHop: [192, 0, 2, 11]), nlri: p24))
                let installed = Wait.until(timeout: .seconds(5)) {
                    try node.routes("203.0.113.0/24").contains { $0.fromPeer == Self.raw[1] && $0.best }
                }
                #expect(installed, Comment(rawValue: node.evidence))
                let connection = node.peer(Self.raw[1])?.connectionID
                try b.send(RawPeer.update(attributes: Self.attributes(origin: 5, nextHop: [192, 0, 2, 11]), nlri: p24 + p25))
                let withdrawn = Wait.until(timeout: .seconds(5)) {
                    try node.routes("203.0.113.0/24").isEmpty && node.log.contains("treated as withdraw")
                }
                #expect(withdrawn, Comment(rawValue: node.evidence))
                #expect((try? node.routes("203.0.113.128/25"))?.isEmpty == true, "the second prefix never installed")
                let logLine = Self.logLines(node, Self.raw[1]).first { $0.contains("treated as withdraw") } ?? ""
                #expect(logLine.contains("ORIGIN"), Comment(rawValue: String(logLine)))
                #expect(b.next(ofType: 3, timeout: .milliseconds(500)) == nil, "no NOTIFICATION for a treat-as-withdraw error")
                #expect(node.isEstablished(Self.raw[1]) && node.peer(Self.raw[1])?.connectionID == connection)

                // (c) Total Path Attribute Length 10 bytes past the end: NOTIFICATION 3/1, reset.
                let c = RawPeer(socket: try listeners[2].accept(timeout: .seconds(5)))
                try #require(try c.establish(asn: Self.rawAS, identifier: [192, 0, 2, 12]), Comment(rawValue: node.evidence))
                let attrs = Self.attributes(origin: 0, nextHop: [192, 0, 2, 12])
                try c.send(RawPeer.update(attributes: attrs, nlri: p24, attributeLength: attrs.count + p24.count + 10))
                _ = c.next(ofType: 3, timeout: .seconds(5))
                #expect(c.notifications.first.map { [$0.code, $0.subcode] } == [3, 1], Comment(rawValue: "\(c.notifications)\n\(node.log.suffix(2000))"))
                #expect(c.waitForClose(timeout: .seconds(3)))
                #expect(Self.logLines(node, Self.raw[2]).contains { $0.contains("total path attribute length") },
                        Comment(rawValue: node.log.suffix(2000).description))

                // (d) A KEEPALIVE with a bad marker: NOTIFICATION 1/1 (Connection Not Synchronized).
                let d = RawPeer(socket: try listeners[3].accept(timeout: .seconds(5)))
                try #require(try d.establish(asn: Self.rawAS, identifier: [192, 0, 2, 13]), Comment(rawValue: node.evidence))
                try d.send(RawPeer.message(type: 4, [], marker: [UInt8](repeating: 0xFF, count: 15) + [0xFE]))
                _ = d.next(ofType: 3, timeout: .seconds(5))
                #expect(d.notifications.first.map { [$0.code, $0.subcode] } == [1, 1], Comment(rawValue: "\(d.notifications)\n\(node.log.suffix(2000))"))
                #expect(d.waitForClose(timeout: .seconds(3)))
                #expect(Self.logLines(node, Self.raw[3]).contains { $0.contains("marker") },
                        Comment(rawValue: node.log.suffix(2000).description))

                // After all of it: running, the BIRD session and the good raw session untouched.
                #expect(node.process.isRunning)
                #expect(node.isEstablished("198.51.100.1") && node.peer("198.51.100.1")?.connectionID == birdConnection)
                #expect(node.peer("198.51.100.1")?.establishedCount == 1)
                #expect(node.isEstablished(Self.raw[1]))
                #expect(((try? node.routes("203.0.113.0/28")) ?? []).contains { $0.fromPeer == "198.51.100.1" })
                print(node.table(["peers"]))
            }
            print("lab swiftletd bad input: \(ContinuousClock.now - began)")
        }
    }
}
