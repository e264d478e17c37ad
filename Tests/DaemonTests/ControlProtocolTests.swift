/// The control protocol: request lines parse and print back; replies round-trip through JSON;
/// an error reply becomes the error the client shows.
import Foundation
import NetCore
import Testing
@testable import Daemon

@Suite("Control protocol")
struct ControlProtocolTests {
    @Test("request lines", arguments: [
        ("status", ControlRequest.status), ("peers\n", .peers), (" reload \r\n", .reload),
        ("routes", .routes(nil)), ("routes 100.64.1.0/26", .routes(IPPrefix("100.64.1.0/26"))),
        ("routes  2001:db8::/122\n", .routes(IPPrefix("2001:db8::/122"))),
    ])
    func parse(_ line: String, _ expected: ControlRequest) throws {
        let request = try ControlRequest(line: line)
        #expect(request == expected)
        #expect(try ControlRequest(line: request.line) == request)
    }

    @Test("bad request lines are refused with the reason", arguments: ["", "  ", "stat", "routes 100.64.1.0", "routes a b", "peers all"])
    func bad(_ line: String) {
        #expect(throws: ControlProtocolError.self) { try ControlRequest(line: line) }
    }

    @Test("a reply round-trips through JSON, one line")
    func reply() throws {
        let result = ReloadResult(applied: false, errors: ["a.yaml document 1: spec.cidr \"x\": bad"])
        let raw = ControlCoding.encode(ControlReply(result: result))
        #expect(!raw.contains(UInt8(ascii: "\n")))
        #expect(String(decoding: raw, as: UTF8.self).hasPrefix("{\"ok\":true,"))
        #expect(try ControlClient.decode(raw, as: ReloadResult.self) == result)
    }

    @Test("dates travel as ISO 8601")
    func dates() throws {
        struct Stamp: Codable, Sendable, Equatable { var at: Date }
        let stamp = Stamp(at: Date(timeIntervalSince1970: 1_700_000_000))
        let raw = ControlCoding.encode(ControlReply(result: stamp))
        #expect(String(decoding: raw, as: UTF8.self).contains("2023-11-14T22:13:20Z"))
        #expect(try ControlClient.decode(raw, as: Stamp.self) == stamp)
    }

    @Test("an error reply becomes the client's error")
    func errorReply() {
        let raw = ControlCoding.encode(ControlReply<String>(error: "unknown request \"x\""))
        #expect(throws: ControlClientError.protocolError(.failed("unknown request \"x\""))) {
            try ControlClient.decode(raw, as: [String].self)
        }
        #expect(throws: ControlClientError.self) { try ControlClient.decode(Array("not json".utf8), as: String.self) }
    }
}
