/// What every peer daemon in the lab (BIRD 2, FRR, GoBGP) answers, in one shape: its view of a
/// neighbor and its RIB. Each daemon turns its own CLI output into these values.
import Foundation
import NetCore

/// A route as a peer daemon shows it in its RIB.
struct LabRoute: Sendable, CustomStringConvertible {
    var prefix: String
    var nextHop: String?
    var asPath: [UInt32] = []
    /// Standard communities as "AS:value".
    var communities: [String] = []
    /// Large communities as "global:local1:local2".
    var largeCommunities: [String] = []
    var description: String {
        "\(prefix) via \(nextHop ?? "-") path \(asPath) comm \(communities) large \(largeCommunities)"
    }
}

/// A running peer daemon.
protocol PeerDaemon: AnyObject {
    var kind: LabEnvironment.Daemon { get }
    var process: LabProcess { get }
    /// The session state in the daemon's own words ("Established").
    func neighborState(_ neighbor: String) throws -> String
    /// Everything the daemon says about the neighbor (for "last error" checks and failure logs).
    func neighborDetails(_ neighbor: String) throws -> String
    /// The daemon's routes of one family.
    func routes(_ afi: AFI) throws -> [LabRoute]
    /// The families whose End-of-RIB the daemon says it received from the neighbor, or nil
    /// when the daemon does not show that.
    func endOfRIBReceived(_ neighbor: String) throws -> Set<AFI>?
}

extension PeerDaemon {
    func endOfRIBReceived(_ neighbor: String) throws -> Set<AFI>? { nil }

    func isEstablished(_ neighbor: String) -> Bool {
        ((try? neighborState(neighbor)) ?? "").lowercased().hasPrefix("establ")
    }

    /// The route for `prefix`, if the daemon has one.
    func route(_ prefix: String) -> LabRoute? {
        guard let p = IPPrefix(prefix) else { return nil }
        return (try? routes(p.afi))?.first { IPPrefix($0.prefix) == p }
    }

    /// Waits until the daemon has (or, with `present: false`, no longer has) a route for `prefix`.
    @discardableResult
    func waitForRoute(_ prefix: String, present: Bool = true, timeout: Duration = .seconds(5),
                      where match: (LabRoute) -> Bool = { _ in true }) -> Bool {
        Wait.until(timeout: timeout, interval: .milliseconds(50)) {
            if let r = route(prefix) { return present && match(r) }
            return !present
        }
    }

    /// The daemon's log so far.
    var log: String { process.log }
}

/// The settings the interop tests give every daemon: one neighbor (our test speaker), passive,
/// IPv4 and IPv6 unicast, and static routes it originates.
struct PeerSetup: Sendable {
    var routerID: String
    var localAS: UInt32
    /// The daemon's own addresses on the link (for configs that need them).
    var localV4: String
    var localV6: String
    var neighbor: String
    var neighborAS: UInt32
    /// Prefixes the daemon originates, and the next hop to give them where one is needed.
    var statics: [(prefix: String, nextHop: String)] = []
    var holdTime: Int = 90

    var isInternal: Bool { localAS == neighborAS }
    var neighborIsV6: Bool { neighbor.contains(":") }
}

/// JSON helpers for the daemons' `-j`/`json` output.
enum JSON {
    static func parse(_ text: String) throws -> Any {
        guard let data = text.data(using: .utf8), !text.isEmpty else { throw LabError("empty JSON output") }
        do { return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) } catch {
            throw LabError("bad JSON: \(error): \(text.prefix(500))")
        }
    }

    static func int(_ value: Any?) -> Int? {
        if let n = value as? NSNumber { return n.intValue }
        if let s = value as? String { return Int(s) }
        return nil
    }
}
