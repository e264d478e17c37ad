/// `EtcdHTTP`: one HTTP/1.1 POST through libcurl — a whole response for unary calls, or a
/// stream of body pieces for `/v3/watch` — with TLS client certificates and cancellation.
/// libcurl is loaded (dlopen) the first time an etcd store is opened, not linked: see CCurl.h.
import CCurl
import Foundation

/// libcurl's loading and one-time global setup, run on first use (Swift runs a global's
/// initializer once, thread-safely): nil when ready, else why not (the library cannot be loaded).
/// ccurl_load and curl_global_init must precede every other call and are not thread-safe.
/// SIGPIPE is ignored process-wide first: with CURLOPT_NOSIGNAL (required with threads) libcurl
/// no longer ignores it around transfers, and OpenSSL writes a TLS connection with write(2), so
/// an etcd closing an https connection would otherwise kill the process. Swiftlet's own sockets
/// already send with MSG_NOSIGNAL, so nothing relies on SIGPIPE's default action.
private let curlLoadError: String? = {
    signal(SIGPIPE, SIG_IGN)
    return ccurl_load().map { String(cString: $0) }
}()

/// TLS settings for https:// endpoints (PEM files; libcurl with OpenSSL reads them).
struct EtcdTLS: Hashable, Sendable {
    var caFile: String?
    var certFile: String?
    var keyFile: String?
}

/// What one POST produced.
enum HTTPOutcome: Sendable {
    /// A response arrived (any status); `body` is empty when a stream consumer took the data.
    case response(status: Int, body: Data)
    /// No usable response: connection refused, timeout, TLS failure, or the stream broke.
    /// `afterData` says whether any body had arrived (a dropped stream, not a dead endpoint).
    case failed(reason: String, afterData: Bool)
    /// `shouldStop` returned true, or the consumer declined more data.
    case cancelled
}

/// The state the C callbacks reach through their `void *` context.
private final class TransferContext {
    var body = Data()
    var receivedAny = false
    var declined = false
    let handle: UnsafeMutableRawPointer
    let consume: ((Data, Int) -> Bool)?
    let shouldStop: (() -> Bool)?

    init(handle: UnsafeMutableRawPointer, consume: ((Data, Int) -> Bool)?, shouldStop: (() -> Bool)?) {
        self.handle = handle
        self.consume = consume
        self.shouldStop = shouldStop
    }
}

enum EtcdHTTP {
    /// Loads libcurl if that has not been done; throws, naming the library, when it cannot be.
    /// EtcdStore calls it when opened, so a missing libcurl is a start-up error, not a retry loop.
    static func load() throws(StoreError) {
        if let reason = curlLoadError { throw .unsupported(reason) }
    }

    /// POSTs `body` (JSON) to `url`. Without `consume` the whole body is collected; with it each
    /// piece is handed over as it arrives, with the response's HTTP status, and returning false
    /// ends the transfer (`.cancelled`).
    /// `timeout` 0 means none (a watch stream lives until cancelled). `shouldStop` is polled
    /// about once a second while the stream is idle (libcurl's progress callback).
    static func post(url: String, body: String, headers: [String], tls: EtcdTLS, connectTimeout: Double,
                     timeout: Double, consume: ((Data, Int) -> Bool)? = nil,
                     shouldStop: (() -> Bool)? = nil) -> HTTPOutcome {
        if let reason = curlLoadError { return .failed(reason: reason, afterData: false) }
        guard let handle = ccurl_easy_init() else { return .failed(reason: "curl_easy_init failed", afterData: false) }
        defer { ccurl_easy_cleanup(handle) }
        let context = TransferContext(handle: handle, consume: consume, shouldStop: shouldStop)
        let unmanaged = Unmanaged.passRetained(context)
        defer { unmanaged.release() }

        var list: UnsafeMutablePointer<curl_slist>?
        for h in ["Content-Type: application/json", "Expect:"] + headers { list = ccurl_slist_append(list, h) }
        defer { ccurl_slist_free_all(list) }

        var errorBuffer = [CChar](repeating: 0, count: Int(ccurl_error_size()))
        return errorBuffer.withUnsafeMutableBufferPointer { errors -> HTTPOutcome in
            // String options are copied by libcurl (since 7.17), so temporaries are fine.
            _ = ccurl_setopt_string(handle, CURLOPT_URL, url)
            _ = ccurl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.utf8.count)
            _ = ccurl_setopt_string(handle, CURLOPT_COPYPOSTFIELDS, body)
            _ = ccurl_setopt_pointer(handle, CURLOPT_HTTPHEADER, list)
            _ = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress)
            // No signals: this runs on many threads, and libcurl's SIGALRM-based DNS timeout is not thread-safe.
            _ = ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
            _ = ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
            // A watch can sit idle for hours: TCP keepalive notices a peer that vanished without a FIN.
            _ = ccurl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
            _ = ccurl_setopt_long(handle, CURLOPT_TCP_KEEPIDLE, 10)
            _ = ccurl_setopt_long(handle, CURLOPT_TCP_KEEPINTVL, 5)
            if let ca = tls.caFile { _ = ccurl_setopt_string(handle, CURLOPT_CAINFO, ca) }
            if let cert = tls.certFile { _ = ccurl_setopt_string(handle, CURLOPT_SSLCERT, cert) }
            if let key = tls.keyFile { _ = ccurl_setopt_string(handle, CURLOPT_SSLKEY, key) }
            _ = ccurl_setopt_write(handle, { data, size, count, context in
                let ctx = Unmanaged<TransferContext>.fromOpaque(context!).takeUnretainedValue()
                let n = size * count
                let piece = data.map { Data(bytes: $0, count: n) } ?? Data()
                ctx.receivedAny = true
                if let consume = ctx.consume {
                    var status = 0
                    _ = ccurl_getinfo_long(ctx.handle, CURLINFO_RESPONSE_CODE, &status)
                    guard consume(piece, status) else { ctx.declined = true; return 0 }   // 0 aborts the transfer
                } else {
                    ctx.body.append(piece)
                }
                return n
            }, unmanaged.toOpaque())
            if shouldStop != nil {
                _ = ccurl_setopt_progress(handle, { context, _, _, _, _ in
                    let ctx = Unmanaged<TransferContext>.fromOpaque(context!).takeUnretainedValue()
                    return ctx.shouldStop?() == true ? 1 : 0
                }, unmanaged.toOpaque())
            }

            let code = ccurl_easy_perform(handle)
            if context.declined || code == CURLE_ABORTED_BY_CALLBACK { return .cancelled }
            guard code == CURLE_OK else {
                let detail = String(cString: errors.baseAddress!)
                let reason = detail.isEmpty ? String(cString: ccurl_easy_strerror(code)) : detail
                return .failed(reason: reason, afterData: context.receivedAny)
            }
            var status = 0
            _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
            return .response(status: status, body: context.body)
        }
    }
}
