/// `EtcdStore`: the `etcd:URL[,URL…]` datastore — one key per resource under a prefix, read
/// and written through etcd v3's JSON gateway, validated as one set exactly like the file store.
import CalicoModel
import Dispatch
import Foundation

/// The store's last known reachability, cheap to read from any thread (a status page, a
/// readiness probe). Updated by every request and by running watches.
public enum StoreHealth: Hashable, Sendable, CustomStringConvertible {
    case available
    case unavailable(reason: String, since: Date)

    public var isAvailable: Bool { if case .available = self { true } else { false } }

    public var description: String {
        switch self {
        case .available: "available"
        case .unavailable(let reason, let since): "unavailable since \(since): \(reason)"
        }
    }
}

/// See docs/etcd.md. In short:
/// - `list()` is one range request over the prefix; the response header's revision is the
///   snapshot's revision. Values are decoded (YAML or JSON) and validated as one set.
/// - `watch(from:)` streams `/v3/watch` from `revision + 1` on a thread of its own, resumes from
///   the last revision seen when the stream drops, re-lists after compaction or an outage
///   (`.unavailable` … `.recovered`, then one `.changed` with the difference), and backs off
///   exponentially (with jitter, capped at 5 s) while no endpoint answers.
/// - `put`/`delete` validate the whole resulting set, then write in a transaction that fails if
///   anything under the prefix was created or modified since the range that was validated.
public final class EtcdStore: ResourceStore, @unchecked Sendable {
    // @unchecked Sendable: `lastList`, `cache` and `healthState` are guarded by `lock`; the rest
    // is immutable (the client is itself thread-safe).
    public let endpoints: [String]
    public let options: EtcdOptions
    public let layout: EtcdKeyLayout
    let client: EtcdClient
    private let lock = NSLock()
    private var lastList: (raw: EtcdRawState, set: ResourceSet)?
    private var cache: EtcdDecodeCache
    private var healthState: StoreHealth = .available

    /// How often `put`/`delete` re-read and retry when another writer changed the prefix between
    /// their range and their transaction.
    static let writeAttempts = 5

    /// `options` are used as given (call `fillingUnset(from:)` for the environment fallbacks).
    public init(endpoints: [String], options: EtcdOptions = EtcdOptions()) throws(StoreError) {
        guard !endpoints.isEmpty else { throw .unsupported("etcd: no endpoint given (etcd:URL[,URL…])") }
        for e in endpoints where !(e.hasPrefix("http://") || e.hasPrefix("https://")) {
            throw .unsupported("etcd endpoint \"\(e)\": not an http:// or https:// URL")
        }
        let options = try options.validated()
        try EtcdHTTP.load()
        self.endpoints = endpoints
        self.options = options
        layout = EtcdKeyLayout(prefix: options.prefix)
        client = EtcdClient(endpoints: endpoints, options: options)
        cache = EtcdDecodeCache(layout: layout)
    }

    /// Reachability as last seen (`.available` until a request or watch fails).
    public var health: StoreHealth { lock.withLock { healthState } }

    public func list() throws(StoreError) -> (resources: ResourceSet, revision: Int64) {
        let raw = try range()
        let result = lock.withLock { cache.evaluate(raw.values) }
        switch result {
        case .success(let set):
            lock.withLock { lastList = (raw, set) }
            return (set, raw.revision)
        case .failure(let errors):
            throw .invalid(errors.errors)
        }
    }

    public func watch(from revision: Int64, on queue: DispatchQueue,
                      handler: @escaping @Sendable (StoreEvent) -> Void) -> WatchHandle {
        let (baseline, decoded) = lock.withLock { (lastList?.raw.revision == revision ? lastList : nil, cache) }
        let watch = EtcdWatch(store: self, from: revision, baseline: baseline, cache: decoded, queue: queue, handler: handler)
        watch.start()
        return WatchHandle { watch.cancel() }
    }

    @discardableResult
    public func put(_ resource: Resource) throws(StoreError) -> Int64 {
        let key = layout.key(resource.key)
        let name = resource.key.name
        if name.contains("/") || name.isEmpty {
            throw .invalid([ConfigError(file: key, document: 0, resource: resource.key.description, field: "metadata.name",
                                        value: name, reason: "an etcd-stored name must be non-empty and contain no \"/\"")])
        }
        let text = resource.jsonText
        // The value must read back as exactly this resource (no field lost by the writer).
        let back = try? ResourceSet.decode([SourceFile(path: key, contents: text)])
        guard let back, back.all == [resource] else {
            throw .invalid([ConfigError(file: key, document: 0, resource: resource.key.description, field: "", value: "",
                                        reason: "cannot be written back faithfully as JSON")])
        }
        return try write(resource.key, value: text)
    }

    @discardableResult
    public func delete(kind: ResourceKind, name: String) throws(StoreError) -> Int64 {
        try write(ResourceKey(kind: kind, name: name), value: nil)
    }

    // MARK: internals shared with EtcdWatch

    /// Every key under the prefix and the revision of that read.
    func range() throws(StoreError) -> EtcdRawState {
        let request = EtcdWire.RangeRequest(key: EtcdWire.base64(layout.prefix), range_end: EtcdWire.prefixEnd(layout.prefix))
        let response: EtcdWire.RangeResponse
        do {
            response = try client.call("/v3/kv/range", request, as: EtcdWire.RangeResponse.self)
        } catch {
            noteUnavailable(error)
            throw error
        }
        noteAvailable()
        var values: [String: EtcdValue] = [:]
        for kv in response.kvs ?? [] {
            values[EtcdStore.text(kv.key)] = EtcdValue(text: EtcdStore.text(kv.value), modRevision: Int64(kv.mod_revision ?? "") ?? 0)
        }
        return EtcdRawState(values: values, revision: response.header?.revisionNumber ?? 0)
    }

    /// A base64 `bytes` field as text (invalid UTF-8 replaced, so a bad value still fails to
    /// decode with an error naming its key instead of vanishing).
    static func text(_ base64: String?) -> String {
        guard let base64 else { return "" }
        guard let data = Data(base64Encoded: base64) else { return base64 }
        return String(decoding: data, as: UTF8.self)
    }

    func noteAvailable() { lock.withLock { healthState = .available } }

    func noteUnavailable(_ error: StoreError) {
        guard case .unavailable(let reason) = error else { return }
        noteUnavailable(reason)
    }

    func noteUnavailable(_ reason: String) {
        lock.withLock {
            if case .unavailable(_, let since) = healthState {
                healthState = .unavailable(reason: reason, since: since)
            } else {
                healthState = .unavailable(reason: reason, since: Date())
            }
        }
    }

    // MARK: writes

    /// Reads the prefix, checks the whole set as it would be with `key` set to `value` (nil:
    /// removed), and writes it in a transaction guarded by two comparisons (etcd `Compare`):
    /// every key under the prefix has `mod_revision` below the read's revision + 1 (nothing was
    /// created or modified since), and `key` still has the `mod_revision` that was read (0:
    /// absent), which also catches its deletion. Retried a few times when another writer won.
    private func write(_ key: ResourceKey, value: String?) throws(StoreError) -> Int64 {
        let etcdKey = layout.key(key)
        for _ in 0..<EtcdStore.writeAttempts {
            let raw = try range()
            let existing = raw.values[etcdKey]
            if value == nil, existing == nil { throw .notFound(key) }
            var proposed = raw.values
            proposed[etcdKey] = value.map { EtcdValue(text: $0, modRevision: -1) }   // -1: not a real revision
            var scratch = lock.withLock { cache }
            let after: ResourceSet
            switch scratch.evaluate(proposed) {
            case .failure(let errors): throw .invalid(errors.errors)
            case .success(let set): after = set
            }
            if case .success(let before) = scratch.evaluate(raw.values), before.sameContent(as: after) {
                return raw.revision   // nothing would change: write nothing, as the file store does
            }
            if let revision = try transact(etcdKey, value: value, basedOn: raw) { return revision }
        }
        throw .unavailable("etcd: \(key) not written: other writers kept changing \(layout.prefix) (\(EtcdStore.writeAttempts) attempts)")
    }

    /// Sets (or, for nil, deletes) `etcdKey` if nothing under the prefix changed since `raw` was
    /// read. Returns the new revision, or nil when another writer got there first.
    func transact(_ etcdKey: String, value: String?, basedOn raw: EtcdRawState) throws(StoreError) -> Int64? {
        let prefixKey = EtcdWire.base64(layout.prefix), encodedKey = EtcdWire.base64(etcdKey)
        let request = EtcdWire.TxnRequest(
            compare: [
                EtcdWire.Compare(result: "LESS", key: prefixKey, range_end: EtcdWire.prefixEnd(layout.prefix),
                                 mod_revision: String(raw.revision + 1)),
                EtcdWire.Compare(result: "EQUAL", key: encodedKey, range_end: nil,
                                 mod_revision: String(raw.values[etcdKey]?.modRevision ?? 0)),
            ],
            success: [value.map { EtcdWire.RequestOp(request_put: .init(key: encodedKey, value: EtcdWire.base64($0))) }
                      ?? EtcdWire.RequestOp(request_delete_range: .init(key: encodedKey))])
        let response: EtcdWire.TxnResponse
        do {
            response = try client.call("/v3/kv/txn", request, as: EtcdWire.TxnResponse.self)
        } catch {
            noteUnavailable(error)
            throw error
        }
        guard response.succeeded == true else { return nil }
        return response.header?.revisionNumber ?? raw.revision + 1
    }
}
