/// `InMemoryStore`: a `ResourceStore` held in memory, for unit tests of consumers (daemon,
/// templater glue). Same validation as the real stores; events are delivered synchronously.
import CalicoModel
import Dispatch
import Foundation

/// Every mutation validates the whole set, bumps the revision and runs each watcher's handler on
/// its queue *before returning* (directly when already on that queue, else `queue.sync`), so a
/// test can assert right after `put`. `simulate(_:)` injects `.unavailable`, `.recovered` or
/// `.invalid` to exercise a consumer's error paths.
public final class InMemoryStore: ResourceStore, @unchecked Sendable {
    // @unchecked Sendable: all mutable state below is guarded by `lock`.
    private let lock = NSLock()
    private var resources: [ResourceKey: Resource] = [:]
    private var revision: Int64 = 1
    private var watchers: [Int: Watcher] = [:]
    private var nextWatcherID = 0

    private struct Watcher {
        var queue: DispatchQueue
        var key: DispatchSpecificKey<Int>
        var handler: @Sendable (StoreEvent) -> Void
        var delivered: ResourceSet
    }

    /// Starts with `resources` (not validated: tests may want to start anywhere) at revision 1.
    public init(_ resources: [Resource] = []) {
        for r in resources { self.resources[r.key] = r }
    }

    public func list() throws(StoreError) -> (resources: ResourceSet, revision: Int64) {
        lock.withLock { (ResourceSet(Array(resources.values)), revision) }
    }

    public func watch(from revision: Int64, on queue: DispatchQueue,
                      handler: @escaping @Sendable (StoreEvent) -> Void) -> WatchHandle {
        let (id, catchUp) = lock.withLock { () -> (Int, StoreEvent?) in
            let id = nextWatcherID
            nextWatcherID += 1
            let key = DispatchSpecificKey<Int>()
            queue.setSpecific(key: key, value: id)
            let current = ResourceSet(Array(resources.values))
            watchers[id] = Watcher(queue: queue, key: key, handler: handler, delivered: current)
            guard self.revision > revision else { return (id, nil) }
            // The caller's view at `revision` is unknown here: report every key as changed.
            return (id, .changed(snapshot: current, revision: self.revision, changedKeys: Set(current.byKey.keys)))
        }
        if let catchUp { deliver(catchUp, to: id) }
        return WatchHandle { [weak self] in self?.removeWatcher(id) }
    }

    @discardableResult
    public func put(_ resource: Resource) throws(StoreError) -> Int64 {
        try mutate { $0[resource.key] = resource }
    }

    @discardableResult
    public func delete(kind: ResourceKind, name: String) throws(StoreError) -> Int64 {
        let key = ResourceKey(kind: kind, name: name)
        guard lock.withLock({ resources[key] != nil }) else { throw .notFound(key) }
        return try mutate { $0[key] = nil }
    }

    /// Replaces the whole content (validated), as a bulk edit of the directory would.
    @discardableResult
    public func replaceAll(_ new: [Resource]) throws(StoreError) -> Int64 {
        try mutate { all in all = Dictionary(new.map { ($0.key, $0) }, uniquingKeysWith: { _, last in last }) }
    }

    /// Delivers `event` to every watcher as if the backend had produced it (`.unavailable`,
    /// `.recovered`, `.invalid`). The content is unchanged.
    public func simulate(_ event: StoreEvent) {
        for id in lock.withLock({ Array(watchers.keys) }) { deliver(event, to: id) }
    }

    private func mutate(_ change: (inout [ResourceKey: Resource]) -> Void) throws(StoreError) -> Int64 {
        let result: Result<Int64, StoreError> = lock.withLock {
            var proposed = resources
            change(&proposed)
            let set = ResourceSet(Array(proposed.values))
            let errors = set.validate()
            guard errors.isEmpty else { return .failure(.invalid(errors)) }
            guard !set.sameContent(as: ResourceSet(Array(resources.values))) else { return .success(revision) }
            resources = proposed
            revision += 1
            return .success(revision)
        }
        let rev = try result.get()
        notifyChanged()
        return rev
    }

    /// Sends each watcher the current snapshot if it differs from what that watcher last saw.
    private func notifyChanged() {
        for id in lock.withLock({ Array(watchers.keys) }) {
            let event: StoreEvent? = lock.withLock {
                guard var w = watchers[id] else { return nil }
                let current = ResourceSet(Array(resources.values))
                let keys = current.changedKeys(from: w.delivered)
                guard !keys.isEmpty else { return nil }
                w.delivered = current
                watchers[id] = w
                return .changed(snapshot: current, revision: revision, changedKeys: keys)
            }
            if let event { deliver(event, to: id) }
        }
    }

    private func deliver(_ event: StoreEvent, to id: Int) {
        guard let w = lock.withLock({ watchers[id] }) else { return }
        if DispatchQueue.getSpecific(key: w.key) == id {
            w.handler(event)
        } else {
            w.queue.sync { w.handler(event) }
        }
    }

    private func removeWatcher(_ id: Int) {
        _ = lock.withLock { watchers.removeValue(forKey: id) }
    }
}
