/// A scratch directory for one test (datastore files, secrets, sockets), removed afterwards.
import Foundation

final class TempDirectory {
    let path: String

    init(_ label: String = "daemon") throws {
        // Short: a Unix socket path must fit in 108 bytes.
        path = "/tmp/swl-t-\(label)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `<dir>/<name>` (creating subdirectories) and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let full = "\(path)/\(name)"
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    func remove(_ name: String) { try? FileManager.default.removeItem(atPath: "\(path)/\(name)") }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Calico resources the daemon tests share.
enum Fixture {
    static func bgpConfiguration(asNumber: Int = 64512, mesh: Bool = true, severity: String? = nil) -> String {
        """
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata:
          name: default
        spec:
          asNumber: \(asNumber)
          nodeToNodeMeshEnabled: \(mesh)
        \(severity.map { "  logSeverityScreen: \($0)" } ?? "")
        """
    }

    static func node(_ name: String, _ address: String) -> String {
        """
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata:
          name: \(name)
        spec:
          bgp:
            ipv4Address: \(address)/8
        """
    }

    static func nodePort(_ name: String, _ port: UInt16) -> String {
        """
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata:
          name: node.\(name)
        spec:
          listenPort: \(port)
        """
    }

    static let pool = """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: pods
        spec:
          cidr: 100.64.0.0/16
        """

    static func block(_ node: String, _ cidr: String) -> String {
        """
        apiVersion: projectcalico.org/v3
        kind: BlockAffinity
        metadata:
          name: \(node)-\(cidr.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: ".", with: "-"))
        spec:
          node: \(node)
          cidr: \(cidr)
          state: confirmed
        """
    }

    static func peer(_ name: String, _ address: String, asNumber: Int, secret: (String, String)? = nil) -> String {
        var text = """
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata:
          name: \(name)
        spec:
          peerIP: \(address)
          asNumber: \(asNumber)
        """
        if let secret {
            text += "\n  password:\n    secretKeyRef:\n      name: \(secret.0)\n      key: \(secret.1)"
        }
        return text
    }

    static func documents(_ docs: [String]) -> String { docs.joined(separator: "\n---\n") + "\n" }
}
