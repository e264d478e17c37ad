/// `EtcdClient`: calls to etcd's v3 JSON gateway over several endpoints — failover to the next
/// endpoint on a connection failure, the `Authorization` token from `/v3/auth/authenticate`
/// (fetched again when etcd says it expired), and the watch stream.
import Foundation

final class EtcdClient: @unchecked Sendable {
    // @unchecked Sendable: `preferred` and `token` are read and written only under `lock`;
    // everything else is immutable.
    let endpoints: [String]
    let options: EtcdOptions
    private let tls: EtcdTLS
    private let lock = NSLock()
    /// The endpoint that answered last: tried first next time.
    private var preferred = 0
    private var token: String?

    init(endpoints: [String], options: EtcdOptions) {
        self.endpoints = endpoints.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.options = options
        tls = EtcdTLS(caFile: options.caFile, certFile: options.certFile, keyFile: options.keyFile)
    }

    /// How one endpoint answered.
    private enum Attempt {
        case ok(Data)
        /// Not reached (connection refused, timeout, TLS handshake failed): try the next endpoint.
        case unreachable(String)
        /// Reached, and it said no: HTTP status, gRPC code, message.
        case rejected(status: Int, code: Int?, message: String)
    }

    /// One unary call (`/v3/kv/range`, `/v3/kv/txn`, …), decoded as `R`. Throws
    /// `.unavailable` naming every endpoint's failure when none answers, or etcd's refusal.
    func call<R: Decodable>(_ path: String, _ request: some Encodable, as: R.Type) throws(StoreError) -> R {
        let body = EtcdWire.encode(request)
        let result: Result<R, StoreError> = overEndpoints(path, refused: { .failure(.unavailable($0)) },
                                                          unreachable: { .failure(.unavailable($0)) }) { endpoint, index, headers in
            switch attempt(endpoint + path, body: body, headers: headers, timeout: options.requestTimeout) {
            case .ok(let data):
                lock.withLock { preferred = index }
                do { return .finished(.success(try JSONDecoder().decode(R.self, from: data))) } catch {
                    return .finished(.failure(.unavailable(
                        "etcd \(endpoint)\(path): unexpected answer (\(error)): \(String(decoding: data.prefix(300), as: UTF8.self))")))
                }
            case .unreachable(let reason):
                return .nextEndpoint(reason)
            case .rejected(let status, let code, let message):
                return .rejected(status: status, code: code, message: message)
            }
        }
        return try result.get()
    }

    /// What one try on one endpoint came to (`overEndpoints`).
    private enum EndpointStep<T> {
        /// Done, with this result.
        case finished(T)
        /// Not reached: note why and try the next endpoint.
        case nextEndpoint(String)
        /// Reached, and it said no: an expired token is fetched again, "unavailable" (no leader)
        /// moves on to the next endpoint, anything else is a refusal.
        case rejected(status: Int, code: Int?, message: String)
    }

    /// Tries `attemptOne` on every endpoint, the last one that answered first, authenticating
    /// when a user is set (once more after an expired token); `refused` and `unreachable` make
    /// the caller's result for etcd saying no and for no endpoint answering.
    private func overEndpoints<T>(_ path: String, refused: (String) -> T, unreachable: (String) -> T,
                                  _ attemptOne: (_ endpoint: String, _ index: Int, _ headers: [String]) -> EndpointStep<T>) -> T {
        var failures: [String] = []
        let start = lock.withLock { preferred }
        nextEndpoint: for i in endpoints.indices {
            let index = (start + i) % endpoints.count
            let endpoint = endpoints[index]
            var retriedAuth = false
            while true {
                let headers: [String]
                switch authorization(endpoint) {
                case .success(let h): headers = h
                case .failure(.unreachable(let reason)):
                    failures.append("\(endpoint): \(reason)")
                    continue nextEndpoint
                case .failure(.refused(let reason)):
                    return refused(reason)
                }
                switch attemptOne(endpoint, index, headers) {
                case .finished(let value):
                    return value
                case .nextEndpoint(let reason):
                    failures.append("\(endpoint): \(reason)")
                case .rejected(let status, let code, let message):
                    if EtcdClient.isAuthFailure(code: code, message: message), options.username != nil, !retriedAuth {
                        retriedAuth = true   // the token expired (etcd's simple tokens live 5 min): fetch a new one
                        lock.withLock { token = nil }
                        continue
                    }
                    if status == 503 || code == 14 {   // gRPC UNAVAILABLE, e.g. "no leader": another member may do
                        failures.append("\(endpoint): \(message)")
                    } else {
                        return refused(EtcdClient.refusal(endpoint + path, status: status, code: code, message: message,
                                                          hasCredentials: options.username != nil))
                    }
                }
                break
            }
        }
        return unreachable("no etcd endpoint answered: \(failures.joined(separator: "; "))")
    }

    /// How a watch stream ended.
    enum StreamEnd: Sendable {
        /// The stream was open (etcd answered) and then closed or broke: resume the watch.
        case dropped(String)
        /// No endpoint could be reached.
        case unreachable(String)
        /// etcd refused the request (auth, permission): retry later, after a backoff.
        case refused(String)
        /// `shouldStop` or `onData` asked to stop.
        case cancelled
    }

    /// Opens `/v3/watch` with `request` on the first endpoint that connects and hands each piece
    /// of the (newline-delimited JSON) body to `onData` until the stream ends or is cancelled.
    func stream(_ path: String, _ request: some Encodable, shouldStop: @escaping () -> Bool,
                onData: @escaping (Data) -> Bool) -> StreamEnd {
        let body = EtcdWire.encode(request)
        return overEndpoints(path, refused: { .refused($0) }, unreachable: { .unreachable($0) }) { endpoint, index, headers in
            var errorBody = Data()
            let outcome = EtcdHTTP.post(
                url: endpoint + path, body: body, headers: headers, tls: tls,
                connectTimeout: options.dialTimeout, timeout: 0,
                consume: { piece, status in
                    guard status == 200 else { errorBody.append(piece); return errorBody.count < 65536 }
                    return onData(piece)
                },
                shouldStop: shouldStop)
            switch outcome {
            case .cancelled:
                return .finished(.cancelled)
            case .failed(let reason, let afterData):
                guard afterData else { return .nextEndpoint(reason) }
                lock.withLock { preferred = index }
                return .finished(.dropped("\(endpoint): \(reason)"))
            case .response(let status, _) where status == 200:
                lock.withLock { preferred = index }
                return .finished(.dropped("\(endpoint): the watch stream ended"))
            case .response(let status, _):
                let (code, message) = EtcdClient.errorMessage(errorBody)
                return .rejected(status: status, code: code, message: message)
            }
        }
    }

    // MARK: authentication

    private enum AuthFailure: Error {
        case unreachable(String)
        case refused(String)
    }

    /// The `Authorization` header for `endpoint`, authenticating first when a user is set and no
    /// token is held. Tokens are cluster-wide (a simple token is known to the member that issued
    /// it, but etcd forwards auth through raft, so any member accepts it).
    private func authorization(_ endpoint: String) -> Result<[String], AuthFailure> {
        guard let user = options.username, let password = options.password else { return .success([]) }
        if let token = lock.withLock({ token }) { return .success(["Authorization: \(token)"]) }
        let body = EtcdWire.encode(EtcdWire.AuthenticateRequest(name: user, password: password))
        switch attempt(endpoint + "/v3/auth/authenticate", body: body, headers: [], timeout: options.requestTimeout) {
        case .ok(let data):
            guard let token = (try? JSONDecoder().decode(EtcdWire.AuthenticateResponse.self, from: data))?.token, !token.isEmpty else {
                return .failure(.refused("etcd \(endpoint): authentication as \"\(user)\" returned no token"))
            }
            lock.withLock { self.token = token }
            return .success(["Authorization: \(token)"])
        case .unreachable(let reason):
            return .failure(.unreachable(reason))
        case .rejected(_, let code, let message):
            let hint = code == 9 ? " (authentication is not enabled on this cluster: unset \(EtcdOptions.Variable.username)/\(EtcdOptions.Variable.password))" : ""
            return .failure(.refused("etcd \(endpoint): authentication as \"\(user)\" refused: \(message)\(hint)"))
        }
    }

    private func attempt(_ url: String, body: String, headers: [String], timeout: Double) -> Attempt {
        switch EtcdHTTP.post(url: url, body: body, headers: headers, tls: tls, connectTimeout: options.dialTimeout,
                             timeout: timeout) {
        case .response(200, let data): return .ok(data)
        case .response(let status, let data):
            let (code, message) = EtcdClient.errorMessage(data)
            return .rejected(status: status, code: code, message: message.isEmpty ? "HTTP \(status)" : message)
        case .failed(let reason, _): return .unreachable(reason)
        case .cancelled: return .unreachable("cancelled")
        }
    }

    // MARK: errors

    /// gRPC code and message from a gateway error body (unary `{"error":…,"code":…}` or the
    /// stream's `{"error":{"grpc_code":…,"message":…}}`), else the raw text.
    static func errorMessage(_ data: Data) -> (code: Int?, message: String) {
        if let e = try? JSONDecoder().decode(EtcdWire.ErrorBody.self, from: data) {
            return (e.code, e.message ?? e.error ?? "")
        }
        if let line = try? JSONDecoder().decode(EtcdWire.WatchLine.self, from: data), let e = line.error {
            return (e.grpc_code, e.message ?? "")
        }
        return (nil, String(decoding: data.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// etcd's answers when a request carries no token, an expired one, or one for a removed user.
    static func isAuthFailure(code: Int?, message: String) -> Bool {
        code == 16 || message.contains("invalid auth token") || message.contains("user name is empty")
    }

    static func refusal(_ what: String, status: Int, code: Int?, message: String, hasCredentials: Bool) -> String {
        var text = "etcd \(what): \(message) (HTTP \(status)\(code.map { ", gRPC code \($0)" } ?? ""))"
        if !hasCredentials, isAuthFailure(code: code, message: message) {
            text += "; the cluster requires authentication: set \(EtcdOptions.Variable.username) and \(EtcdOptions.Variable.password)"
        }
        return text
    }
}
