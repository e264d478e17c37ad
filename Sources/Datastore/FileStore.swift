/// `FileStore`: the `file:DIR` datastore — every `*.yaml`/`*.yml` under a directory (recursively),
/// validated as one set, watched with inotify; `put`/`delete` write files atomically.
import CalicoModel
import Dispatch

/// See docs/datastore.md. In short:
/// - `list()` walks the tree, reads each file (cached by path + inode/size/mtime) and validates
///   the whole set. An invalid directory throws `.invalid`; a missing one `.unavailable`.
/// - `watch` follows changes: inotify on the root and every subdirectory, events debounced
///   (25 ms), changed files re-read, the whole set re-validated. A good new state arrives as
///   `.changed`; an invalid one as `.invalid` (the last good state stays in force); content
///   identical to the last delivered state produces no event.
/// - `put` writes `<kind>-<name>.yaml` (lower-case kind) atomically, or rewrites the file already
///   holding that resource; `delete` removes the file holding it, or rewrites a shared file
///   without it.
public final class FileStore: ResourceStore, Sendable {
    public let directory: String
    let state: FileStoreState

    public init(directory: String) {
        let trimmed = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.directory = trimmed
        state = FileStoreState(root: trimmed)
    }

    public func list() throws(StoreError) -> (resources: ResourceSet, revision: Int64) {
        switch state.refresh() {
        case .good(let set, let revision): return (set, revision)
        case .invalid(let errors, _): throw .invalid(errors)
        case .unavailable(let reason): throw .unavailable(reason)
        }
    }

    public func watch(from revision: Int64, on queue: DispatchQueue,
                      handler: @escaping @Sendable (StoreEvent) -> Void) -> WatchHandle {
        let baseline = state.snapshot(at: revision)
        let watch = FileWatch(state: state, from: revision, baseline: baseline, queue: queue, handler: handler)
        queue.async { watch.start() }
        return WatchHandle {
            watch.stopped.set()   // no delivery after this returns, even one already queued
            queue.async { watch.cancel() }
        }
    }
}
