/// swiftletd (the built binary) and the transport protections, with BIRD 2 as the peer:
/// a TCP MD5 session with the wrong key never establishes (the peer's kernel counts
/// TCPMD5Failure, swiftletctl shows the session down, the log and the peer's last error give the
/// key-mismatch hint); GTSM (`ttlSecurity: 1`) with BIRD's `ttl security on` establishes, and
/// with a BIRD without GTSM never does (our kernel counts TCPMinTTLDrop: IP_MINTTL is set on our
/// socket; `ss -tni` does not show the minimum TTL, so the counter is the evidence). The
/// matching-key MD5 session is in SwiftletdLabTests.
import Foundation
import Testing

extension LabSuite {
    @Suite("swiftletd: TCP MD5 and GTSM", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable && LabEnvironment.Daemon.bird.isAvailable,
                    Comment(rawValue: SwiftletBinaries.reason + LabEnvironment.Daemon.bird.reason)))
    struct SwiftletdTransportSecurityTests {
        static let nodeAS: UInt32 = 64512, birdAS: UInt32 = 65001

        static func birdConfig(local: String, neighbor: String, extra: String) -> String {
            Bird.config(PeerSetup(routerID: local, localAS: birdAS, localV4: local, localV6: "2001:db8:9::1",
                                  neighbor: neighbor, neighborAS: nodeAS))
                .replacingOccurrences(of: "passive on;", with: "passive on;\n  \(extra)")
        }

        @Test("a TCP MD5 session with the wrong key never establishes, and says why")
        func md5WrongKey() async throws {
            let began = ContinuousClock.now
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let birdNS = try lab.namespace("bird")
                try lab.link(birdNS, nodeNS, v4: ("192.0.2.1/24", "192.0.2.2/24"))
                let bird = try lab.bird(in: birdNS, config: Self.birdConfig(local: "192.0.2.1", neighbor: "192.0.2.2",
                                                                            extra: "password \"the-right-key\";"))
                try FileManager.default.createDirectory(atPath: lab.path("secrets/bgp"), withIntermediateDirectories: true)
                _ = try lab.write("secrets/bgp/tor", "a-wrong-key\n")
                let store = try lab.datastore("node-1", [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: false),
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24"),
                    CalicoYAML.peer("tor", "192.0.2.1", asNumber: Self.birdAS,
                                    spec: ["password:", "  secretKeyRef:", "    name: bgp", "    key: tor"]),
                ])
                let node = try lab.swiftletd(in: nodeNS, node: "node-1", store: store)

                // 8 s: never Established, and BIRD's kernel dropped our badly signed SYNs.
                let established = Wait.until(timeout: .seconds(8)) { node.isEstablished("192.0.2.1") || bird.isEstablished("192.0.2.2") }
                #expect(!established, Comment(rawValue: node.evidence))
                let failures = birdNS.tcpCounter("TCPMD5Failure")
                #expect(failures > 0, "BIRD's kernel counts TCPMD5Failure: \(failures)")
                #expect(node.peer("192.0.2.1")?.state != "Established")

                // The connect times out after 30 s; then the log and the peer's last error say
                // a key mismatch is likely.
                let hinted = Wait.until(timeout: .seconds(30), interval: .milliseconds(250)) {
                    node.log.contains("key mismatch is likely") && (node.peer("192.0.2.1")?.lastError ?? "").contains("key mismatch")
                }
                #expect(hinted, Comment(rawValue: node.evidence))
                #expect(!node.isEstablished("192.0.2.1") && !bird.isEstablished("192.0.2.2"))
                print(node.table(["peers"]))
            }
            print("lab swiftletd MD5 wrong key: \(ContinuousClock.now - began)")
        }

        @Test("GTSM: ttlSecurity 1 with BIRD's `ttl security on` establishes; with a peer not sending TTL 255 it never does")
        func gtsm() async throws {
            let began = ContinuousClock.now
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let goodNS = try lab.namespace("gtsm")
                let plainNS = try lab.namespace("plain")
                try lab.link(goodNS, nodeNS, v4: ("192.0.2.1/24", "192.0.2.2/24"))
                try lab.link(plainNS, nodeNS, v4: ("198.51.100.1/24", "198.51.100.2/24"))
                let good = try lab.bird(in: goodNS, config: Self.birdConfig(local: "192.0.2.1", neighbor: "192.0.2.2",
                                                                            extra: "ttl security on;"), name: "bird-gtsm")
                // No GTSM here: BIRD's session packets leave with TTL < 255 (1 for a direct eBGP
                // peer). Its SYN-ACK may still pass (it comes from BIRD's listening socket), so TCP
                // can connect; its OPEN and ACKs are what our kernel drops.
                let plain = try lab.bird(in: plainNS, config: Self.birdConfig(local: "198.51.100.1", neighbor: "198.51.100.2",
                                                                              extra: "ttl security off;"), name: "bird-plain")
                let store = try lab.datastore("node-1", [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: false),
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24"),
                    CalicoYAML.pool("pods", "100.64.0.0/16"), CalicoYAML.block("node-1", "100.64.1.0/26"),
                    CalicoYAML.peer("gtsm", "192.0.2.1", asNumber: Self.birdAS, spec: ["ttlSecurity: 1"]),
                    CalicoYAML.peer("plain", "198.51.100.1", asNumber: Self.birdAS, spec: ["ttlSecurity: 1", "sourceAddress: None"]),
                ])
                let drops = nodeNS.tcpCounter("TCPMinTTLDrop")
                let node = try lab.swiftletd(in: nodeNS, node: "node-1", store: store)

                // BIRD with `ttl security on` accepts only TTL 255: we send with 255.
                let up = Wait.until(timeout: .seconds(10)) { good.isEstablished("192.0.2.2") && node.isEstablished("192.0.2.1") }
                #expect(up, Comment(rawValue: "\(node.evidence)\n--- bird ---\n\((try? good.neighborDetails("192.0.2.2")) ?? "")"))
                #expect(good.waitForRoute("100.64.1.0/26", timeout: .seconds(5)) { $0.nextHop == "192.0.2.2" })

                // The plain peer's packets arrive with TTL < 255: our kernel drops them
                // (IP_MINTTL), so the session never comes up.
                let dropped = Wait.until(timeout: .seconds(5)) { nodeNS.tcpCounter("TCPMinTTLDrop") > drops }
                #expect(dropped, "TCPMinTTLDrop in the node's namespace: \(drops) → \(nodeNS.tcpCounter("TCPMinTTLDrop"))")
                #expect(!node.isEstablished("198.51.100.1") && !plain.isEstablished("198.51.100.2"), Comment(rawValue: node.evidence))
            }
            print("lab swiftletd GTSM: \(ContinuousClock.now - began)")
        }
    }
}
