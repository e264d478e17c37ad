/// swiftletd (the built binary) in a lab namespace: a Calico-style datastore directory written
/// into the lab directory, the daemon started with its own control socket and pidfile, and
/// queried with the built `swiftletctl --json` over that socket (a Unix socket: reachable from
/// outside the namespace).
import Daemon
import Foundation
import Speaker

/// Where `swift build` put the executables: beside the running test bundle, or
/// `SWIFTLET_BIN_DIR` when set.
enum SwiftletBinaries {
    static let directory: String? = {
        if let dir = ProcessInfo.processInfo.environment["SWIFTLET_BIN_DIR"] { return dir }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        // …/debug/swiftletPackageTests.xctest (a file on Linux) → …/debug
        var dir = (exe as NSString).deletingLastPathComponent
        while !dir.isEmpty, dir != "/" {
            if FileManager.default.isExecutableFile(atPath: dir + "/swiftletd") { return dir }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }()

    static var swiftletd: String? { directory.map { $0 + "/swiftletd" } }
    static var swiftletctl: String? { directory.map { $0 + "/swiftletctl" } }
    static var isAvailable: Bool {
        [swiftletd, swiftletctl].allSatisfy { $0.map(FileManager.default.isExecutableFile(atPath:)) ?? false }
    }
    static var reason: String { "swiftletd/swiftletctl not built beside the test bundle (set SWIFTLET_BIN_DIR)" }
}

/// One running swiftletd.
final class Swiftletd {
    let node: String
    let process: LabProcess
    let socket: String
    let datastore: String

    init(node: String, process: LabProcess, socket: String, datastore: String) {
        self.node = node; self.process = process; self.socket = socket; self.datastore = datastore
    }

    /// `swiftletctl --socket S --json WORDS` decoded as `Result`.
    func ctl<Result: Codable & Sendable>(_ words: [String], as type: Result.Type) throws -> Result {
        guard let ctl = SwiftletBinaries.swiftletctl else { throw LabError(SwiftletBinaries.reason) }
        let r = try Command.run([ctl, "--socket", socket, "--json"] + words, timeout: 10)
        guard r.succeeded else { throw LabError("swiftletctl \(words.joined(separator: " ")): \(r.stderr)\(r.stdout)") }
        do {
            return try ControlClient.decode(Array(r.stdout.utf8), as: type)
        } catch {
            throw LabError("swiftletctl \(words.joined(separator: " ")): \(error)")
        }
    }

    /// The human table (for failure notes and the test log).
    func table(_ words: [String]) -> String {
        guard let ctl = SwiftletBinaries.swiftletctl,
              let r = try? Command.run([ctl, "--socket", socket] + words, timeout: 10) else { return "?" }
        return r.stdout + r.stderr
    }

    func peers() throws -> [PeerStatus] { try ctl(["peers"], as: [PeerStatus].self) }
    func routes(_ prefix: String? = nil) throws -> [RouteStatus] { try ctl(["routes"] + (prefix.map { [$0] } ?? []), as: [RouteStatus].self) }
    func peer(_ address: String) -> PeerStatus? { (try? peers())?.first { $0.address == address } }

    func isEstablished(_ address: String) -> Bool { peer(address)?.state == "Established" }

    var log: String { process.log }

    /// Everything to read after a failure.
    var evidence: String {
        "--- swiftletd \(node) peers ---\n\(table(["peers"]))--- routes ---\n\(table(["routes"]))--- log ---\n\(log.suffix(4000))"
    }
}

extension Lab {
    /// Writes `resources` (YAML documents) as `<lab>/<name>-store/resources.yaml`.
    func datastore(_ name: String, _ resources: [String]) throws -> String {
        let dir = path("\(name)-store")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        _ = try write("\(name)-store/resources.yaml", resources.joined(separator: "\n---\n") + "\n")
        return dir
    }

    /// Starts swiftletd for `node` in `namespace` with the datastore directory `store` (or, with
    /// `datastore`, that `--datastore` value); returns once its control socket answers `status`.
    func swiftletd(in namespace: Namespace, node: String, store: String, datastore: String? = nil) throws -> Swiftletd {
        guard let binary = SwiftletBinaries.swiftletd else { throw LabError(SwiftletBinaries.reason) }
        let socket = path("\(node).sock")
        // `env` execs the daemon, so the PID kept (and signalled) is swiftletd's own.
        let p = try process(in: namespace, [
            "env", "SWIFT_BACKTRACE=enable=no", binary, "--node", node, "--datastore", datastore ?? "file:\(store)",
            "--control-socket", socket, "--pidfile", path("\(node).pid"), "--secrets-dir", path("secrets"),
            "--log-level", "debug",
        ], name: "swiftletd-\(node)")
        let d = Swiftletd(node: node, process: p, socket: socket, datastore: store)
        try waitUntilReady(p) { _ = try d.ctl(["status"], as: SpeakerStatus.self); return true }
        return d
    }

    /// A bridge in its own namespace with one veth port per member, each member's end given
    /// `addresses[i]` (an L2 segment for a mesh: every node reaches every other directly).
    /// Returns the bridge's namespace.
    @discardableResult
    func bridge(_ members: [Namespace], addresses: [String]) throws -> Namespace {
        let sw = try namespace("switch")
        try sw.ip(["link", "add", "br0", "type", "bridge"])
        try sw.ip(["link", "set", "br0", "up"])
        for (member, address) in zip(members, addresses) {
            guard LabAddresses.isAllowed(address) else { throw LabError("lab address \(address) is not a documentation/CGNAT address") }
            let link = try self.link(member, sw)
            try member.ip(["addr", "add", address, "dev", link.interfaceA])
            try sw.ip(["link", "set", link.interfaceB, "master", "br0"])
        }
        return sw
    }
}

/// Calico v3 resources for lab datastores.
enum CalicoYAML {
    static func bgpConfiguration(asNumber: UInt32, mesh: Bool) -> String {
        """
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata:
          name: default
        spec:
          asNumber: \(asNumber)
          nodeToNodeMeshEnabled: \(mesh)
        """
    }

    static func node(_ name: String, v4: String?, v6: String? = nil) -> String {
        var text = "apiVersion: projectcalico.org/v3\nkind: Node\nmetadata:\n  name: \(name)\nspec:\n  bgp:"
        if let v4 { text += "\n    ipv4Address: \(v4)" }
        if let v6 { text += "\n    ipv6Address: \(v6)" }
        return text
    }

    static func pool(_ name: String, _ cidr: String) -> String {
        "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: \(name)\nspec:\n  cidr: \(cidr)"
    }

    static func block(_ node: String, _ cidr: String) -> String {
        let name = "\(node)-" + cidr.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return """
        apiVersion: projectcalico.org/v3
        kind: BlockAffinity
        metadata:
          name: \(name)
        spec:
          node: \(node)
          cidr: \(cidr)
          state: confirmed
          deleted: "false"
        """
    }

    static func peer(_ name: String, _ address: String, asNumber: UInt32, holdTime: String? = nil) -> String {
        let annotation = holdTime.map { "\n  annotations:\n    swiftlet.io/hold-time: \"\($0)\"" } ?? ""
        return """
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata:
          name: \(name)\(annotation)
        spec:
          peerIP: "\(address)"
          asNumber: \(asNumber)
        """
    }
}
