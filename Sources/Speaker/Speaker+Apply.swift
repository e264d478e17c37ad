/// Reconfiguration without needless resets: peers added, removed, reset (transport or OPEN
/// changed) or updated live (timers from the next OPEN, RFC 4271 §4.2; policy by re-export
/// from the RIB, RFC 4271 §9.1.3), originated prefixes diffed. Unchanged sessions are untouched.
import Dispatch
import NetCore
import RIB

extension Speaker {
    /// Moves to `new`: only the differences are applied (see `ApplyReport`). Not on `queue`.
    /// `resetting`: the peers (by address) whose sessions the caller's change plan says must be
    /// reset (Templater's `ChangePlan.resetPeers`); every other changed peer is updated live.
    /// nil: the speaker decides itself (`PeerSettings.needsReset`).
    @discardableResult
    public func apply(_ new: SpeakerConfiguration, resetting: Set<IPAddress>? = nil) -> ApplyReport {
        dispatchPrecondition(condition: .notOnQueue(queue))
        return queue.sync { applyOnQueue(new, resetting: resetting) }
    }

    func applyOnQueue(_ new: SpeakerConfiguration, resetting: Set<IPAddress>? = nil) -> ApplyReport {
        var report = ApplyReport()
        let old = configuration
        if startedAt != nil, old.needsRestart(toBecome: new) { return restart(with: new) }
        configuration = new
        report.policyChanged = old.exportAllowed != new.exportAllowed || old.exportDenied != new.exportDenied
            || old.importAllowed != new.importAllowed || old.filters != new.filters
            || old.localIPv4 != new.localIPv4 || old.localIPv6 != new.localIPv6
        removePeers(notIn: new, &report)
        for p in new.peers { applyPeer(p, policyChanged: report.policyChanged, resetting: resetting, &report) }
        let oldPrefixes = Set(old.originated.map(\.prefix)), newPrefixes = Set(new.originated.map(\.prefix))
        report.originatedAdded = newPrefixes.subtracting(oldPrefixes).sorted().map(\.description)
        report.originatedWithdrawn = oldPrefixes.subtracting(newPrefixes).sorted().map(\.description)
        if startedAt != nil { originate(new.originated, replacing: old.originated) }
        logger.info("configuration applied: \(report.added.count) added, \(report.removed.count) removed, \(report.reset.count) reset, \(report.updatedLive.count) updated live")
        return report
    }

    private func removePeers(notIn new: SpeakerConfiguration, _ report: inout ApplyReport) {
        let kept = Set(new.peers.map(\.address))
        for (address, runner) in runners where !kept.contains(address) {
            runner.stop(communication: "peer removed from the configuration")
            routesChanged(rib.removePeer(runner.ribPeer))
            runners[address] = nil
            for l in listeners { try? l.setMD5Key(nil, for: address) }
            report.removed.append(runner.settings.name)
        }
    }

    private func applyPeer(_ p: PeerSettings, policyChanged: Bool, resetting: Set<IPAddress>?, _ report: inout ApplyReport) {
        guard let runner = runners[p.address] else {
            if startedAt != nil { addPeer(p) }
            report.added.append(p.name)
            return
        }
        let old = runner.settings
        // The plan's word when there is one, except that what the open TCP connection itself
        // carries (address, port, MD5 key, source, TTL) can never change without a new one.
        let reset = resetting.map { $0.contains(p.address) || old.needsNewConnection(toBecome: p) }
            ?? old.needsReset(toBecome: p)
        if reset {
            if old.password != p.password { installKey(p) }
            rib.reconfigurePeer(runner.ribPeer, ribPeerConfiguration(p, local: nil))
            runner.reset(to: p, communication: "session parameters changed")
            report.reset.append(p.name)
        } else if old != p || policyChanged {
            runner.settings = p
            let local = runner.primary.connection?.local?.address
            rib.reconfigurePeer(runner.ribPeer, ribPeerConfiguration(p, local: local))
            schedulePump()
            if old != p { report.updatedLive.append(p.name) } else { report.unchanged.append(p.name) }
        } else {
            report.unchanged.append(p.name)
        }
    }

    /// Identity or listening changed: everything restarts with a new RIB.
    private func restart(with new: SpeakerConfiguration) -> ApplyReport {
        var report = ApplyReport()
        report.restarted = true
        report.removed = configuration.peers.map(\.name)
        report.added = new.peers.map(\.name)
        for runner in runners.values { runner.stop(communication: "BGP identity changed; restarting") }
        runners.removeAll()
        for l in listeners { l.close() }
        listeners.removeAll()
        configuration = new
        let withdrawn = rib.locRIBPrefixes
        rib = RoutingInformationBase(configuration: Self.ribConfiguration(new))
        routesChanged(withdrawn)
        do { try startListening() } catch {
            logger.error("cannot listen after reconfiguration: \(error)")
            recordError("listen: \(error)")
        }
        originate(new.originated, replacing: [])
        for p in new.peers { addPeer(p) }
        return report
    }
}
