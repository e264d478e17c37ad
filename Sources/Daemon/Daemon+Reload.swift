/// Reload (SIGHUP or `swiftletctl reload`) and the datastore watch share one path: a validated
/// snapshot becomes this node's configuration, which the speaker applies touching only what
/// changed (unchanged sessions are never reset); an invalid one is reported line by line and the
/// running configuration kept.
import Datastore
import Foundation
import Speaker
import Templater

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
            return refuse(error, what: "reload")
        }
        return applyOnQueue(next, cause: "reload")
    }

    /// Logs every error of a refused configuration and keeps the running one.
    func refuse(_ error: DaemonError, what: String) -> ReloadResult {
        let lines: [String]
        if case .invalidConfiguration(let l) = error { lines = l } else { lines = [error.description] }
        logger.error("\(what) refused, keeping the running configuration: \(lines.count) error(s)")
        for line in lines { logger.error("  \(line)") }
        datastoreStatus.set(.invalid, problems: lines)
        return ReloadResult(applied: false, errors: lines)
    }

    /// Applies a validated configuration: speaker first (sessions), then the kernel writer.
    func applyOnQueue(_ next: NodeConfiguration, cause: String) -> ReloadResult {
        levels.applyConfigured(next.desired.logSeverity)
        let previous = running
        // The plan (Templater) says what the change means, field by field; the speaker and the
        // kernel writer then apply it, touching nothing else. Logged before anything moves.
        let plan = ChangePlan.between(previous.desired, next.desired,
                                      passwordKeys: .init(old: previous.passwords, new: next.passwords))
        if !plan.isEmpty {
            logger.info("\(cause): change plan (revision \(previous.revision) → \(next.revision))")
            for line in plan.lines { logger.info("  \(line)") }
        }
        let report = speaker.apply(Daemon.speakerConfiguration(next), resetting: Set(plan.resetPeers.map(\.new.address)))
        running = next
        kernel?.configure(next.desired, local: KernelLocalNode(next.localNode))
        let changes = Daemon.describe(report)
        datastoreStatus.revision = next.revision
        datastoreStatus.set(.current, problems: [])
        if !plan.isEmpty || !changes.isEmpty {
            datastoreStatus.changesApplied += 1
            datastoreStatus.lastChangeAt = Date()
            datastoreStatus.lastChange = plan.isEmpty ? changes : plan.lines
        }
        logger.info("\(cause) applied (revision \(next.revision)): \(Daemon.summary(next)); \(changes.isEmpty ? "no change" : changes.joined(separator: "; "))")
        return ReloadResult(applied: true, changes: changes, plan: plan.isEmpty ? [] : plan.lines)
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
