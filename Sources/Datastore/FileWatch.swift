/// `FileWatch`: one running watch of a `FileStore` — inotify events, a short debounce, a
/// refresh of what changed, and the resulting `StoreEvent`s delivered on the caller's queue.
import CalicoModel
import Dispatch
import Glibc

final class FileWatch: @unchecked Sendable {
    // @unchecked Sendable: every mutable property is touched only on `queue` (the inotify
    // source's handler, the debounce and retry timers, start and cancel all run there).

    /// How long a burst of events is collected before the directory is re-read. Editors write
    /// a temp file, rename it and touch backups within a few ms; 25 ms keeps the change latency
    /// well under the 100 ms budget.
    static let debounce: DispatchTimeInterval = .milliseconds(25)
    /// How often a vanished or unreadable directory is tried again.
    static let retryInterval: DispatchTimeInterval = .milliseconds(500)

    private let state: FileStoreState
    private let queue: DispatchQueue
    private let handler: @Sendable (StoreEvent) -> Void
    private var watcher: InotifyWatcher?
    private var cancelled = false
    private var flushScheduled = false
    private var dirty: Set<String> = []
    private var forceAll = false
    /// What this watch last delivered: the consumer's view.
    private var deliveredRevision: Int64
    private var delivered: ResourceSet?
    private var reportedErrors: [ConfigError]?
    private var unavailable = false
    /// Set from any thread by `WatchHandle.cancel()`; checked before every delivery.
    let stopped = CancelFlag()

    init(state: FileStoreState, from revision: Int64, baseline: ResourceSet?, queue: DispatchQueue,
         handler: @escaping @Sendable (StoreEvent) -> Void) {
        self.state = state
        self.queue = queue
        self.handler = handler
        deliveredRevision = revision
        delivered = baseline
    }

    /// Opens inotify, watches the tree and catches up from the start revision. Runs on `queue`.
    func start() {
        guard !cancelled else { return }
        do {
            watcher = try InotifyWatcher(queue: queue) { [weak self] changes in self?.received(changes) }
        } catch {
            deliver(.unavailable(reason: "cannot watch \(state.root): \(error)"))
            return
        }
        flush()
    }

    /// Stops delivery and closes the inotify fd. Runs on `queue`.
    func cancel() {
        cancelled = true
        watcher?.close()
        watcher = nil
    }

    private func received(_ changes: [InotifyWatcher.Change]) {
        for change in changes {
            if change.event.isOverflow { forceAll = true }   // events were lost: re-read everything
            if let path = change.path { dirty.insert(path) }
            if change.event.isDirectory, change.event.mask & (UInt32(IN_CREATE) | UInt32(IN_MOVED_TO)) != 0,
               let path = change.path {
                watcher?.add(path)   // watch it now; the refresh walk reads what is already inside
            }
        }
        scheduleFlush(after: FileWatch.debounce)
    }

    private func scheduleFlush(after delay: DispatchTimeInterval) {
        guard !flushScheduled, !cancelled else { return }
        flushScheduled = true
        queue.asyncAfter(deadline: .now() + delay) { [weak self] in
            guard let self else { return }
            self.flushScheduled = false
            self.flush()
        }
    }

    /// Re-reads the directory (changed files only) and reports the outcome if it is news.
    private func flush() {
        guard !cancelled, let watcher else { return }
        let forced = dirty, all = forceAll
        dirty = []
        forceAll = false
        var walked: [String] = []
        let outcome = state.refresh(forced: forced, forceAll: all) { dir in
            watcher.add(dir)
            walked.append(dir)
        }
        if case .unavailable = outcome {} else { watcher.sync(walked) }
        report(outcome)
    }

    private func report(_ outcome: RefreshOutcome) {
        if case .unavailable(let reason) = outcome {
            if !unavailable { unavailable = true; deliver(.unavailable(reason: reason)) }
            scheduleFlush(after: FileWatch.retryInterval)
            return
        }
        if unavailable { unavailable = false; deliver(.recovered) }
        switch outcome {
        case .good(let set, let revision):
            // Back from invalid content to a good state, even the very one in force: delivered
            // (possibly with no changed key) so the consumer knows its refusal is over.
            let wasInvalid = reportedErrors != nil
            reportedErrors = nil
            let keys = delivered.map { set.changedKeys(from: $0) } ?? Set(set.byKey.keys)
            let news = wasInvalid || (delivered == nil ? revision > deliveredRevision || !keys.isEmpty : !keys.isEmpty)
            delivered = set
            deliveredRevision = revision
            if news { deliver(.changed(snapshot: set, revision: revision, changedKeys: keys)) }
        case .invalid(let errors, _):
            // The revision in force for this consumer is the last one it was given.
            guard errors != reportedErrors else { return }
            reportedErrors = errors
            deliver(.invalid(errors: errors, revision: deliveredRevision))
        case .unavailable:
            break
        }
    }

    private func deliver(_ event: StoreEvent) {
        guard !cancelled, !stopped.isSet else { return }
        handler(event)
    }
}
