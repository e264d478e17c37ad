/// Reload (SIGHUP or `swiftletctl reload`): re-read and validate the datastore; an invalid one
/// is reported line by line and the running configuration kept; a valid one is applied by the
/// speaker, which touches only what changed, and the ApplyReport is logged.
import Speaker

extension Daemon {
    /// Re-reads and validates the datastore: invalid → every error logged, the running
    /// configuration kept; valid → the speaker applies the difference. Same as SIGHUP.
    public func reload() -> ReloadResult {
        queue.sync { reloadOnQueue() }
    }

    func reloadOnQueue() -> ReloadResult {
        guard !stopping else { return ReloadResult(applied: false, errors: ["swiftletd is shutting down"]) }
        let next: NodeConfiguration
        do {
            next = try loader.load()
        } catch {
            let lines: [String]
            if case .invalidConfiguration(let l) = error { lines = l } else { lines = [error.description] }
            logger.error("reload refused, keeping the running configuration: \(lines.count) error(s)")
            for line in lines { logger.error("  \(line)") }
            return ReloadResult(applied: false, errors: lines)
        }
        levels.applyConfigured(next.desired.logSeverity)
        let report = speaker.apply(Daemon.speakerConfiguration(next))
        running = next
        kernel?.configure(next.desired)
        let changes = Daemon.describe(report)
        logger.info("reload applied: \(Daemon.summary(next)); \(changes.isEmpty ? "no change" : changes.joined(separator: "; "))")
        return ReloadResult(applied: true, changes: changes)
    }

    /// The ApplyReport as short lines ("added: Mesh_192_0_2_13").
    static func describe(_ r: ApplyReport) -> [String] {
        var out: [String] = []
        if r.restarted { out.append("restarted: identity or listening changed") }
        for (name, list) in [("added", r.added), ("removed", r.removed), ("reset", r.reset),
                             ("updated", r.updatedLive), ("originated", r.originatedAdded),
                             ("withdrawn", r.originatedWithdrawn)] where !list.isEmpty {
            out.append("\(name): \(list.joined(separator: ", "))")
        }
        if r.policyChanged { out.append("export/import policy changed") }
        return out
    }

    /// The configuration in force.
    public var runningConfiguration: NodeConfiguration { queue.sync { running } }
}
