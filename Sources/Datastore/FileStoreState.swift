/// `FileStoreState`: the file store's shared memory — parse cache, last good snapshot and
/// revision counter — used by `list`, `put`/`delete` and every watch of one `FileStore`.
import CalicoModel
import Foundation

/// What one refresh found.
enum RefreshOutcome: Sendable {
    /// The directory validates: this snapshot is in force at this revision.
    case good(ResourceSet, revision: Int64)
    /// It does not: these errors; `revision` is the last good one, still in force (0: none yet).
    case invalid([ConfigError], revision: Int64)
    /// The directory cannot be read at all.
    case unavailable(String)
}

final class FileStoreState: @unchecked Sendable {
    // @unchecked Sendable: every mutable property is read and written only under `lock`
    // (callers: list/put/delete on any thread, watches on their own queues).
    private let lock = NSLock()
    let root: String
    private var cache = ParsedFileCache()
    private(set) var good: ResourceSet?
    private(set) var revision: Int64 = 0

    init(root: String) { self.root = root }

    /// The last good snapshot if it is the one at `revision` (a watch's starting point).
    func snapshot(at revision: Int64) -> ResourceSet? {
        lock.withLock { revision == self.revision ? good : nil }
    }

    /// Walks the tree, re-reads what changed and re-validates. The revision increases only when
    /// the validated content differs from the last good snapshot.
    func refresh(forced: Set<String> = [], forceAll: Bool = false,
                 visitDirectory: (String) -> Void = { _ in }) -> RefreshOutcome {
        lock.withLock { refreshLocked(forced: forced, forceAll: forceAll, visitDirectory: visitDirectory) }
    }

    /// Runs `body` with the lock held and the state freshly refreshed (put/delete).
    func withRefreshed<T>(_ body: (RefreshOutcome, inout ParsedFileCache) throws(StoreError) -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        let outcome = refreshLocked(forced: [], forceAll: false, visitDirectory: { _ in })
        return try body(outcome, &cache)
    }

    /// Re-reads after a write made under `withRefreshed` (the lock is not held).
    func refreshAfterWrite(_ paths: Set<String>) -> RefreshOutcome {
        refresh(forced: paths)
    }

    private func refreshLocked(forced: Set<String>, forceAll: Bool, visitDirectory: (String) -> Void) -> RefreshOutcome {
        let scan: DirectoryScan
        do {
            scan = try DirectoryScan.walk(root, visitDirectory: visitDirectory)
        } catch {
            // `walk` throws only `.unavailable(reason)`; keep the reason, not its description
            // (which would say "datastore unavailable" twice once re-wrapped).
            if case .unavailable(let reason) = error { return .unavailable(reason) }
            return .unavailable(error.description)
        }
        let readProblems = scan.problems + cache.update(scan, forced: forced, forceAll: forceAll)
        switch cache.snapshot() {
        case .failure(let errors):
            return .invalid(readProblems + errors.errors, revision: revision)
        case .success(let set):
            guard readProblems.isEmpty else { return .invalid(readProblems, revision: revision) }
            if let good, good.sameContent(as: set) {
                self.good = set   // origins may have moved between files
                return .good(set, revision: revision)
            }
            good = set
            revision += 1
            return .good(set, revision: revision)
        }
    }
}
