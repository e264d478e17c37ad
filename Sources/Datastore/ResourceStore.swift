/// `ResourceStore`: the one protocol every datastore backend implements — list at a revision,
/// watch from that revision, put and delete single resources.
import CalicoModel
import Dispatch

/// A source of Calico resources. Usage (the daemon's pattern):
///
///     let (snapshot, revision) = try store.list()          // apply the initial state
///     let handle = store.watch(from: revision, on: queue) { event in … }   // then follow it
///
/// Every snapshot a store hands out has passed `ResourceSet` validation; invalid content never
/// replaces a good snapshot (it arrives as `.invalid`). Revisions increase with every change of
/// the validated content; a watch started `from: r` delivers only states newer than `r` (a
/// `.changed` at once if the store moved on between `list()` and `watch`).
public protocol ResourceStore: AnyObject, Sendable {
    /// The current validated content and its revision. Throws `StoreError.invalid` when the
    /// content does not validate, `.unavailable` when it cannot be read.
    func list() throws(StoreError) -> (resources: ResourceSet, revision: Int64)

    /// Follows the store from `revision`; `handler` runs on `queue` (one event at a time).
    func watch(from revision: Int64, on queue: DispatchQueue,
               handler: @escaping @Sendable (StoreEvent) -> Void) -> WatchHandle

    /// Creates or replaces one resource (by kind and name). The whole store with the new
    /// resource must validate, or nothing is written (`StoreError.invalid`). Returns the new revision.
    @discardableResult
    func put(_ resource: Resource) throws(StoreError) -> Int64

    /// Removes one resource. `StoreError.notFound` when absent; `.invalid` if the rest would
    /// not validate (e.g. a BGPPeer still names the BGPFilter being deleted). Returns the new revision.
    @discardableResult
    func delete(kind: ResourceKind, name: String) throws(StoreError) -> Int64
}
