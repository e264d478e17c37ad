/// Shared helpers: temporary directories under /tmp, plain and editor-style file writes, a
/// thread-safe event recorder with bounded waits, and sample resources.
import CalicoModel
import Dispatch
import Foundation
@testable import Datastore

/// A fresh directory under /tmp, removed by `remove()`.
struct TempDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/swiftlet-store-XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { throw StoreError.unavailable("mkdtemp failed") }
        path = String(cString: p)
    }

    func file(_ relative: String) -> String { "\(path)/\(relative)" }

    /// Writes in place (open, truncate, write, close), as `cat > f` does.
    func write(_ relative: String, _ text: String) throws {
        let full = file(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// Writes a temp file next to the target and renames it into place, as vim and `sed -i` do.
    func renameIntoPlace(_ relative: String, _ text: String) throws {
        let temp = file(relative + ".swp")
        try Data(text.utf8).write(to: URL(fileURLWithPath: temp))
        guard rename(temp, file(relative)) == 0 else { throw StoreError.unavailable("rename failed") }
    }

    func remove(_ relative: String) throws { try FileManager.default.removeItem(atPath: file(relative)) }

    func contents(_ relative: String) -> String? {
        FileManager.default.contents(atPath: file(relative)).flatMap { String(data: $0, encoding: .utf8) }
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: file(relative)) }

    func removeAll() { try? FileManager.default.removeItem(atPath: path) }
}

/// Collects events from a watch handler (any thread) and waits for them with a bound.
final class EventRecorder: @unchecked Sendable {
    // @unchecked Sendable: `events` is guarded by `lock`.
    private let lock = NSLock()
    private var events: [(StoreEvent, DispatchTime)] = []

    func record(_ e: StoreEvent) { lock.withLock { events.append((e, .now())) } }

    var all: [StoreEvent] { lock.withLock { events.map(\.0) } }
    var count: Int { lock.withLock { events.count } }

    /// Waits (at most `timeout` seconds) for an event after index `start` matching `match`;
    /// returns it with its arrival time.
    func wait(after start: Int, timeout: Double = 2, _ match: (StoreEvent) -> Bool) -> (StoreEvent, DispatchTime)? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let hit = lock.withLock({ events.dropFirst(start).first { match($0.0) } }) { return hit }
            usleep(2_000)
        }
        return nil
    }
}

extension StoreEvent {
    var snapshot: ResourceSet? { if case .changed(let s, _, _) = self { s } else { nil } }
    var changedKeys: Set<ResourceKey> { if case .changed(_, _, let k) = self { k } else { [] } }
    var isChanged: Bool { snapshot != nil }
    var errors: [ConfigError] { if case .invalid(let e, _) = self { e } else { [] } }
}

/// Milliseconds between two instants.
func milliseconds(_ from: DispatchTime, _ to: DispatchTime) -> Double {
    Double(to.uptimeNanoseconds - from.uptimeNanoseconds) / 1e6
}

enum Sample {
    static let cluster = """
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata:
          name: default
        spec:
          asNumber: 64512
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: pods
        spec:
          cidr: 100.64.0.0/16

        """

    static func node(_ name: String, _ address: String) -> String {
        """
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata:
          name: \(name)
        spec:
          bgp:
            ipv4Address: \(address)/24

        """
    }

    static func peer(_ name: String, _ ip: String, filter: String? = nil) -> String {
        """
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata:
          name: \(name)
        spec:
          peerIP: \(ip)
          asNumber: 65000
        \(filter.map { "  filters: [\($0)]" } ?? "")

        """
    }

    static let filter = """
        apiVersion: projectcalico.org/v3
        kind: BGPFilter
        metadata:
          name: pods-only
        spec:
          exportV4:
            - action: Accept
              matchOperator: In
              cidr: 100.64.0.0/16
            - action: Reject

        """

    static func key(_ kind: ResourceKind, _ name: String) -> ResourceKey { ResourceKey(kind: kind, name: name) }
}
