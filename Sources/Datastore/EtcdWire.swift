/// `EtcdWire`: the JSON of etcd v3's gRPC gateway (etcd 3.4, `/v3/...`) as Swift types. The
/// gateway maps the protobuf messages of etcdserverpb to JSON: `bytes` fields are base64,
/// `int64` fields are decimal strings, default values are left out (a PUT event has no `type`).
import Foundation

enum EtcdWire {
    static func base64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }

    /// The text of a base64 field; nil when it is not base64 or not UTF-8.
    static func text(base64 b: String?) -> String? {
        guard let b else { return "" }   // an empty `bytes` field is left out
        return Data(base64Encoded: b).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// The smallest key after every key starting with `prefix` (etcd's `range_end` for a prefix:
    /// the last byte below 0xff incremented, the 0xff bytes after it dropped).
    static func prefixEnd(_ prefix: String) -> String {
        var bytes = Array(prefix.utf8)
        while let last = bytes.last {
            if last < 0xff { bytes[bytes.count - 1] = last + 1; return Data(bytes).base64EncodedString() }
            bytes.removeLast()
        }
        return Data([0]).base64EncodedString()   // "\0": every key (etcd's convention)
    }

    // MARK: requests

    struct RangeRequest: Encodable {
        var key: String
        var range_end: String
    }

    struct AuthenticateRequest: Encodable {
        var name: String
        var password: String
    }

    struct Compare: Encodable {
        var target = "MOD"
        var result: String
        var key: String
        var range_end: String?
        var mod_revision: String
    }

    struct PutRequest: Encodable {
        var key: String
        var value: String
    }

    struct DeleteRangeRequest: Encodable {
        var key: String
    }

    struct RequestOp: Encodable {
        var request_put: PutRequest?
        var request_delete_range: DeleteRangeRequest?
    }

    struct TxnRequest: Encodable {
        var compare: [Compare]
        var success: [RequestOp]
    }

    struct WatchCreate: Encodable {
        var key: String
        var range_end: String
        var start_revision: String
    }

    struct WatchRequest: Encodable {
        var create_request: WatchCreate
    }

    // MARK: responses

    struct Header: Decodable {
        var revision: String?
        var revisionNumber: Int64 { revision.flatMap { Int64($0) } ?? 0 }
    }

    struct KeyValue: Decodable {
        var key: String?
        var value: String?
        var mod_revision: String?
    }

    struct RangeResponse: Decodable {
        var header: Header?
        var kvs: [KeyValue]?
    }

    struct TxnResponse: Decodable {
        var header: Header?
        var succeeded: Bool?
    }

    struct AuthenticateResponse: Decodable {
        var token: String?
    }

    struct Event: Decodable {
        var type: String?
        var kv: KeyValue?
    }

    struct WatchResult: Decodable {
        var header: Header?
        var created: Bool?
        var canceled: Bool?
        var compact_revision: String?
        var cancel_reason: String?
        var events: [Event]?
    }

    /// One line of the watch stream: `{"result": …}` or, when the gateway gives up, `{"error": …}`.
    struct WatchLine: Decodable {
        var result: WatchResult?
        var error: StreamError?
    }

    /// grpc-gateway's error inside a stream (`{"error":{"grpc_code":…,"message":…}}`).
    struct StreamError: Decodable {
        var grpc_code: Int?
        var http_code: Int?
        var message: String?
    }

    /// The gateway's error body for a unary call (`{"error":…,"message":…,"code":<gRPC code>}`).
    struct ErrorBody: Decodable {
        var error: String?
        var message: String?
        var code: Int?
    }

    static func encode(_ value: some Encodable) -> String {
        // Encoding these plain structs of strings cannot fail.
        (try? String(decoding: JSONEncoder().encode(value), as: UTF8.self)) ?? "{}"
    }
}
