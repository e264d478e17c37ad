/// swiftletd programming the kernel of its namespace (proto 201, main table) from BGP: a route
/// BIRD announces in a pool without encapsulation appears as `via <BIRD>` within a second and
/// goes within a second of the withdrawal; the local block has its blackhole; a route added by
/// hand with another protocol is never touched; one of ours deleted by hand comes back on
/// SIGHUP; after kill -9 and a restart the learned route is never missing (polled throughout)
/// while a stale route of ours is removed once BGP has converged again.
import Daemon
import Foundation
import Glibc
import Speaker
import Testing

extension LabSuite {
    @Suite("swiftletd kernel routes", .serialized,
           .enabled(if: SwiftletBinaries.isAvailable, Comment(rawValue: SwiftletBinaries.reason)))
    struct SwiftletdKernelRouteTests {
        static let nodeAS: UInt32 = 64512, birdAS: UInt32 = 65001
        static let learned = "100.64.2.0/26", block = "100.64.1.0/26", stale = "100.64.9.0/26"

        /// swiftletd with kernel options, started in `namespace`; returns once `status` answers.
        static func start(_ lab: Lab, in namespace: Namespace, store: String, name: String) throws -> Swiftletd {
            guard let binary = SwiftletBinaries.swiftletd else { throw LabError(SwiftletBinaries.reason) }
            let socket = lab.path("node-1.sock")
            let p = try lab.process(in: namespace, [
                "env", "SWIFT_BACKTRACE=enable=no", binary, "--node", "node-1", "--datastore", "file:\(store)",
                "--control-socket", socket, "--pidfile", lab.path("node-1.pid"), "--secrets-dir", lab.path("secrets"),
                "--log-level", "debug", "--kernel-grace", "30", "--kernel-resync", "600",
            ], name: name)
            let d = Swiftletd(node: "node-1", process: p, socket: socket, datastore: store)
            try lab.waitUntilReady(p) { _ = try d.ctl(["status"], as: SpeakerStatus.self); return true }
            return d
        }

        /// `ip -n NS route show proto 201`, one route per line.
        static func ours(_ ns: Namespace) -> [String] {
            ((try? ns.ip(["route", "show", "proto", "201"])) ?? "").split(separator: "\n").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }

        static func has(_ ns: Namespace, _ prefix: String, _ form: String) -> Bool {
            ours(ns).contains { $0.hasPrefix(prefix) || $0.hasPrefix("blackhole \(prefix)") ? $0.contains(form) : false }
        }

        static func phase(_ d: Swiftletd) -> String? { try? d.ctl(["routes", "--kernel"], as: KernelRoutes.self).status.phase }

        /// Seconds until `condition` holds (nil if not within `timeout`).
        static func timeUntil(_ timeout: Double, _ condition: () -> Bool) -> Double? {
            let start = Date()
            while Date().timeIntervalSince(start) < timeout {
                if condition() { return Date().timeIntervalSince(start) }
                usleep(20_000)
            }
            return nil
        }

        @Test("BIRD announces/withdraws → kernel route within a second; blackhole; foreign routes untouched; SIGHUP repairs; kill -9 restart keeps the route",
              .enabled(if: LabEnvironment.Daemon.bird.isAvailable, Comment(rawValue: LabEnvironment.Daemon.bird.reason)))
        func kernelRoutes() async throws {
            try await Lab.run { lab in
                let nodeNS = try lab.namespace("node")
                let birdNS = try lab.namespace("bird")
                try lab.link(birdNS, nodeNS, v4: ("192.0.2.1/24", "192.0.2.2/24"))
                let bird = try lab.bird(in: birdNS, config: Bird.config(PeerSetup(
                    routerID: "192.0.2.1", localAS: Self.birdAS, localV4: "192.0.2.1", localV6: "2001:db8:1::1",
                    neighbor: "192.0.2.2", neighborAS: Self.nodeAS, statics: [(Self.learned, "192.0.2.1")])))
                let store = try lab.datastore("node-1", [
                    CalicoYAML.bgpConfiguration(asNumber: Self.nodeAS, mesh: false),
                    CalicoYAML.node("node-1", v4: "192.0.2.2/24"),
                    CalicoYAML.pool("pods-v4", "100.64.0.0/16"),
                    CalicoYAML.block("node-1", Self.block),
                    CalicoYAML.peer("tor-bird", "192.0.2.1", asNumber: Self.birdAS),
                ])
                // Someone else's route (proto static), and the same prefix as ours in another table.
                try nodeNS.ip(["route", "add", "198.51.100.0/24", "via", "192.0.2.1", "proto", "static"])
                try nodeNS.ip(["route", "add", Self.learned, "via", "192.0.2.1", "proto", "static", "table", "100"])
                var node = try Self.start(lab, in: nodeNS, store: store, name: "swiftletd-1")

                let programming = Wait.until(timeout: .seconds(20)) { Self.phase(node) == "programming" }
                try #require(programming, Comment(rawValue: "kernel writer still \(Self.phase(node) ?? "?")\n\(node.evidence)"))
                let first = Wait.until(timeout: .seconds(5)) { Self.has(nodeNS, Self.learned, "via 192.0.2.1") }
                try #require(first, Comment(rawValue: "\(Self.ours(nodeNS))\n\(node.table(["routes", "--kernel"]))\n\(node.evidence)"))
                #expect(Self.has(nodeNS, Self.block, "blackhole"), Comment(rawValue: "\(Self.ours(nodeNS))"))
                print(node.table(["routes", "--kernel"]))

                // Withdraw and announce again: within a second each way.
                _ = try bird.birdc(["disable", "static4"])
                let gone = Self.timeUntil(3) { !Self.has(nodeNS, Self.learned, "via") }
                #expect(gone.map { $0 < 1 } == true, Comment(rawValue: "withdrawal took \(gone.map { "\($0) s" } ?? "too long"): \(Self.ours(nodeNS))"))
                _ = try bird.birdc(["enable", "static4"])
                let back = Self.timeUntil(3) { Self.has(nodeNS, Self.learned, "via 192.0.2.1") }
                #expect(back.map { $0 < 1 } == true, Comment(rawValue: "announcement took \(back.map { "\($0) s" } ?? "too long"): \(Self.ours(nodeNS))"))
                print("lab kernel: withdrawal in \(gone ?? -1) s, announcement in \(back ?? -1) s")

                // Deleted by hand: back after SIGHUP (resync).
                try nodeNS.ip(["route", "del", Self.learned, "proto", "201"])
                #expect(!Self.has(nodeNS, Self.learned, "via"))
                kill(node.process.pid, SIGHUP)
                let repaired = Wait.until(timeout: .seconds(3)) { Self.has(nodeNS, Self.learned, "via 192.0.2.1") }
                #expect(repaired, Comment(rawValue: "\(Self.ours(nodeNS))\n\(node.log.suffix(1500))"))

                // kill -9, a stale route of ours appears meanwhile, restart: the learned route is
                // never missing; the stale one goes once BGP has converged.
                kill(node.process.pid, SIGKILL)
                _ = Wait.until(timeout: .seconds(5)) { !node.process.isRunning }
                try nodeNS.ip(["route", "add", Self.stale, "via", "192.0.2.1", "proto", "201"])
                var missing: [String] = []
                let check = { (when: String) in
                    if !Self.has(nodeNS, Self.learned, "via 192.0.2.1") { missing.append(when) }
                }
                let down = Date()
                while Date().timeIntervalSince(down) < 0.5 { check("while down"); usleep(20_000) }
                node = try Self.start(lab, in: nodeNS, store: store, name: "swiftletd-2")
                check("after restart")
                #expect(Self.has(nodeNS, Self.stale, "via"), "a stale route is kept while holding")
                let again = Self.timeUntil(20) { check("while starting"); return Self.phase(node) == "programming" }
                #expect(again != nil, Comment(rawValue: "kernel writer still \(Self.phase(node) ?? "?")\n\(node.evidence)"))
                let staleGone = Self.timeUntil(5) { check("after converging"); return !Self.has(nodeNS, Self.stale, "via") }
                #expect(staleGone != nil, Comment(rawValue: "\(Self.ours(nodeNS))"))
                for _ in 0..<10 { check("after converging"); usleep(20_000) }
                #expect(missing.isEmpty, Comment(rawValue: "learned route missing: \(Set(missing))\n\(node.log.suffix(2000))"))

                // Other protocols' and other tables' routes never touched.
                let foreign = try nodeNS.ip(["route", "show", "198.51.100.0/24"])
                #expect(foreign.contains("proto static"), Comment(rawValue: foreign))
                let other = try nodeNS.ip(["route", "show", "table", "100"])
                #expect(other.contains(Self.learned), Comment(rawValue: other))
                node.process.stop()
                _ = bird
            }
        }
    }
}
