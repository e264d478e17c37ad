/// `DatastoreStatus`: what `swiftletctl status` says about the datastore the daemon follows —
/// whether the last good state is current, refused (invalid content) or stale (the store is
/// unreachable), since when, at which revision, and what the last applied change did.
import Foundation

public struct DatastoreStatus: Codable, Hashable, Sendable {
    public enum State: String, Codable, Hashable, Sendable {
        /// The running configuration is the store's current content.
        case current
        /// The store's newest content does not validate; the last good state keeps running.
        case invalid
        /// The store cannot be read (etcd down, directory gone); the last good state keeps running.
        case unavailable
    }

    /// `file:DIR` or `etcd:URL…`.
    public var location: String
    public var state: State
    /// When `state` last changed.
    public var since: Date
    /// The revision of the configuration in force.
    public var revision: Int64
    /// Whether changes are followed as they happen (watch) or only on reload/SIGHUP.
    public var watching: Bool
    /// The invalid content's errors, or the unavailability's reason.
    public var problems: [String]
    /// Changes applied since start (watch events and reloads that changed something).
    public var changesApplied: Int
    /// When the last change was applied and what it did (the ApplyReport's lines).
    public var lastChangeAt: Date?
    public var lastChange: [String]

    public init(location: String, watching: Bool, revision: Int64, now: Date = Date()) {
        self.location = location; self.watching = watching; self.revision = revision
        state = .current; since = now; problems = []; changesApplied = 0; lastChangeAt = nil; lastChange = []
    }

    /// Moves to `state` (keeping `since` when it does not change).
    mutating func set(_ new: State, problems: [String], now: Date = Date()) {
        if new != state { state = new; since = now }
        self.problems = problems
    }
}

/// The `status` reply: the speaker's and kernel's status (`DaemonStatus`, flat as before, so
/// older readers decoding `SpeakerStatus` keep working) plus `datastore`.
public struct StatusReport: Codable, Hashable, Sendable {
    public var daemon: DaemonStatus
    public var datastore: DatastoreStatus?

    public init(daemon: DaemonStatus, datastore: DatastoreStatus?) { self.daemon = daemon; self.datastore = datastore }

    private enum Keys: String, CodingKey { case datastore }

    public init(from decoder: any Decoder) throws {
        daemon = try DaemonStatus(from: decoder)
        datastore = try decoder.container(keyedBy: Keys.self).decodeIfPresent(DatastoreStatus.self, forKey: .datastore)
    }

    public func encode(to encoder: any Encoder) throws {
        try daemon.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encodeIfPresent(datastore, forKey: .datastore)
    }
}

extension ControlText {
    /// Status with the datastore section after the speaker's and kernel's.
    public static func status(_ r: StatusReport) -> String {
        var text = status(r.daemon)
        guard let d = r.datastore else { return text }
        var lines = ["datastore      \(d.location), revision \(d.revision)\(d.watching ? ", watched" : ", read on reload only")"]
        switch d.state {
        case .current:
            lines.append("  state        current since \(TextTable.time(d.since))")
        case .invalid:
            lines.append("  state        INVALID since \(TextTable.time(d.since)): the last good configuration (revision \(d.revision)) keeps running")
        case .unavailable:
            lines.append("  state        UNAVAILABLE since \(TextTable.time(d.since)): the last good configuration (revision \(d.revision)) keeps running")
        }
        lines += d.problems.map { "    \($0)" }
        if let at = d.lastChangeAt {
            lines.append("  last change  \(TextTable.time(at)) (\(d.changesApplied) applied since start)")
            lines += d.lastChange.map { "    \($0)" }
        }
        text += lines.joined(separator: "\n") + "\n"
        return text
    }
}
