/// `EtcdWatch`: one running watch of an `EtcdStore` — a thread that lists when it must, follows
/// `/v3/watch` from the next revision, and turns etcd's events into validated `StoreEvent`s on
/// the caller's queue; outages are retried with capped, jittered exponential backoff.
import CalicoModel
import Dispatch
import Foundation

final class EtcdWatch: @unchecked Sendable {
    // @unchecked Sendable: every `var` below is touched only by the watch's own thread (`run`
    // and the stream callbacks it makes); `stopped` and `wakeup` are thread-safe.

    /// Backoff while no endpoint answers: 100 ms doubling to a 5 s cap, each delay drawn
    /// uniformly from [½, 1] of its step so that many nodes do not retry in lockstep.
    static let initialBackoff = 0.1
    static let maxBackoff = 5.0

    private let store: EtcdStore
    private let queue: DispatchQueue
    private let handler: @Sendable (StoreEvent) -> Void
    let stopped = CancelFlag()
    private let wakeup = DispatchSemaphore(value: 0)

    private var values: [String: EtcdValue]
    private var cache: EtcdDecodeCache
    /// The revision the next watch stream starts from; nil: list first.
    private var nextRevision: Int64?
    /// What this watch last delivered: the consumer's view.
    private var delivered: ResourceSet?
    private var deliveredRevision: Int64
    private var reportedErrors: [ConfigError]?
    private var unavailable = false
    private var failures = 0
    /// Per stream: unparsed tail of the body, and how the server ended it.
    private var pending = Data()
    private var created = false
    private var compacted = false
    private var serverError: String?

    init(store: EtcdStore, from revision: Int64, baseline: (raw: EtcdRawState, set: ResourceSet)?, cache: EtcdDecodeCache,
         queue: DispatchQueue, handler: @escaping @Sendable (StoreEvent) -> Void) {
        self.store = store
        self.queue = queue
        self.handler = handler
        self.cache = cache
        deliveredRevision = revision
        values = baseline?.raw.values ?? [:]
        delivered = baseline?.set
        nextRevision = baseline == nil ? nil : revision + 1
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "etcd-watch"
        thread.stackSize = 4 << 20   // YAML decoding recurses; the 512 KiB default is tight
        thread.start()
    }

    /// No event is delivered after this returns (each delivery re-checks the flag on `queue`);
    /// the thread ends within about a second (libcurl polls the flag while a stream is idle).
    func cancel() {
        stopped.set()
        wakeup.signal()
    }

    private func run() {
        while !stopped.isSet {
            if nextRevision == nil, !relist() {
                backoff()
                continue
            }
            guard let start = nextRevision else { continue }
            pending = Data()
            created = false
            compacted = false
            serverError = nil
            let request = EtcdWire.WatchRequest(create_request: .init(
                key: EtcdWire.base64(store.layout.prefix), range_end: EtcdWire.prefixEnd(store.layout.prefix),
                start_revision: String(start)))
            let end = store.client.stream("/v3/watch", request, shouldStop: { [stopped] in stopped.isSet },
                                          onData: { [self] data in received(data) })
            if stopped.isSet { return }
            switch end {
            case .cancelled:
                if compacted {
                    nextRevision = nil   // history before our revision is gone: list again and diff
                } else if let serverError {
                    becameUnavailable("etcd cancelled the watch: \(serverError)")
                    nextRevision = nil
                    backoff()
                }
            case .dropped:
                // etcd answered and then went away: resume from the last revision at once. A
                // dead cluster then shows up as `.unreachable`; a stream that drops before it
                // was even created must not spin.
                if !created { backoff() }
            case .unreachable(let reason), .refused(let reason):
                becameUnavailable(reason)
                nextRevision = nil   // on return: list and deliver one `.changed` with the difference
                backoff()
            }
        }
    }

    /// Lists the prefix and reports the result. False when etcd could not be read.
    private func relist() -> Bool {
        let raw: EtcdRawState
        do {
            raw = try store.range()
        } catch {
            becameUnavailable(error.reason)
            return false
        }
        becameAvailable()
        values = raw.values
        nextRevision = raw.revision + 1
        report(revision: raw.revision)
        return true
    }

    /// One piece of the stream: complete lines are parsed and applied; the content is validated
    /// once per piece (a burst of events in one read is one `.changed`). False ends the stream.
    private func received(_ data: Data) -> Bool {
        if stopped.isSet { return false }
        pending.append(data)
        var lastRevision: Int64?
        var keepGoing = true
        while keepGoing, let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            let line = pending[pending.startIndex..<newline]
            pending.removeSubrange(pending.startIndex...newline)
            guard !line.allSatisfy({ $0 == 32 || $0 == 13 }) else { continue }
            guard let message = try? JSONDecoder().decode(EtcdWire.WatchLine.self, from: line) else {
                serverError = "unreadable watch response: \(String(decoding: line.prefix(200), as: UTF8.self))"
                keepGoing = false
                break
            }
            if let error = message.error {
                serverError = error.message ?? "error \(error.grpc_code ?? 0)"
                keepGoing = false
                break
            }
            guard let result = message.result else { continue }
            if result.created == true {
                created = true
                failures = 0
                becameAvailable()
            }
            if result.canceled == true {
                if let c = result.compact_revision, (Int64(c) ?? 0) > 0 {
                    compacted = true
                } else {
                    serverError = result.cancel_reason ?? "cancelled by the server"
                }
                keepGoing = false
            }
            for event in result.events ?? [] {
                guard let kv = event.kv, let key = kv.key else { continue }
                let name = EtcdStore.text(key)
                let revision = Int64(kv.mod_revision ?? "") ?? 0
                if event.type == "DELETE" {
                    values[name] = nil
                } else {
                    values[name] = EtcdValue(text: EtcdStore.text(kv.value), modRevision: revision)
                }
                lastRevision = max(lastRevision ?? 0, revision)
            }
        }
        if let lastRevision {
            nextRevision = lastRevision + 1
            report(revision: lastRevision)
        }
        return keepGoing && !stopped.isSet
    }

    /// Validates the current values and delivers what is news to the consumer (as `FileWatch`).
    private func report(revision: Int64) {
        switch cache.evaluate(values) {
        case .success(let set):
            reportedErrors = nil
            let keys = delivered.map { set.changedKeys(from: $0) } ?? Set(set.byKey.keys)
            let news = delivered == nil ? revision > deliveredRevision || !keys.isEmpty : !keys.isEmpty
            delivered = set
            deliveredRevision = revision
            if news { deliver(.changed(snapshot: set, revision: revision, changedKeys: keys)) }
        case .failure(let errors):
            // The revision in force for this consumer is the last one it was given.
            guard errors.errors != reportedErrors else { return }
            reportedErrors = errors.errors
            deliver(.invalid(errors: errors.errors, revision: deliveredRevision))
        }
    }

    private func becameAvailable() {
        store.noteAvailable()
        if unavailable {
            unavailable = false
            deliver(.recovered)
        }
    }

    private func becameUnavailable(_ reason: String) {
        store.noteUnavailable(reason)
        if !unavailable {
            unavailable = true
            deliver(.unavailable(reason: reason))
        }
    }

    /// Sleeps the next backoff step (or until cancelled).
    private func backoff() {
        let step = min(EtcdWatch.maxBackoff, EtcdWatch.initialBackoff * pow(2, Double(min(failures, 16))))
        failures += 1
        let delay = step * Double.random(in: 0.5...1)
        _ = wakeup.wait(timeout: .now() + delay)
    }

    private func deliver(_ event: StoreEvent) {
        guard !stopped.isSet else { return }
        queue.async { [self] in
            guard !stopped.isSet else { return }
            handler(event)
        }
    }
}

extension StoreError {
    /// The reason without the "datastore unavailable:" wrapper (for `.unavailable(reason:)`).
    var reason: String {
        if case .unavailable(let reason) = self { return reason }
        return description
    }
}
