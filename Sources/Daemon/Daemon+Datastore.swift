/// Following the datastore as it changes (confd's job, inside the daemon): after the initial
/// `list()`, the store's watch delivers each new validated snapshot, which is applied at once —
/// no SIGHUP, no full reload, no session touched that did not change. Invalid content and an
/// unreachable store keep the last good configuration running (sessions and kernel routes
/// untouched) and show in `swiftletctl status`; the store catches up by itself when it recovers.
import Datastore

extension Daemon {
    /// Starts the watch from the revision the running configuration was listed at. On `queue`
    /// (or in init before anything else can reach the object).
    func followDatastore() {
        guard options.watchDatastore, case .success(let store) = loader.store else { return }
        watch = store.watch(from: running.revision, on: queue) { [weak self] event in
            self?.datastoreEvent(event)
        }
    }

    /// One watch event, on `queue`.
    func datastoreEvent(_ event: StoreEvent) {
        guard !stopping else { return }
        switch event {
        case .changed(let snapshot, let revision, let keys):
            logger.debug("datastore revision \(revision): \(keys.count) resource(s) changed: \(keys.sorted().map(\.description).joined(separator: ", "))")
            do {
                let next = try loader.configuration(from: snapshot, revision: revision)
                _ = applyOnQueue(next, cause: "datastore change")
            } catch {
                _ = refuse(error, what: "datastore change (revision \(revision))")
            }
        case .invalid(let errors, let revision):
            let lines = errors.map(\.description)
            logger.error("datastore content refused, keeping revision \(revision): \(lines.count) error(s)")
            for line in lines { logger.error("  \(line)") }
            datastoreStatus.set(.invalid, problems: lines)
        case .unavailable(let reason):
            logger.error("datastore \(options.datastore) unavailable, keeping the running configuration (sessions and kernel routes untouched): \(reason)")
            datastoreStatus.set(.unavailable, problems: [reason])
        case .recovered:
            logger.notice("datastore \(options.datastore) reachable again; catching up")
            if datastoreStatus.state == .unavailable { datastoreStatus.set(.current, problems: []) }
        }
    }

    /// Stops following the store (shutdown).
    func stopFollowingDatastore() {
        watch?.cancel()
        watch = nil
    }
}
