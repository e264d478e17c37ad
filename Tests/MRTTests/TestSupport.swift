/// Helpers for the MRT tests: where the shared real data lives, building MRT records by hand
/// (RFC 6396 §2 header, §4 bodies), running bgpdump, and reporting the first differing line.
import Foundation
import Testing

enum SharedData {
    /// `<package root>/../shared/data/realbgp`, found from this file's path.
    static let realBGP: URL = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // MRTTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("../shared/data/realbgp").standardizedFileURL
    }()

    static var mrtDirectory: URL { realBGP.appendingPathComponent("mrt") }
    static var expectedDirectory: URL { realBGP.appendingPathComponent("expected") }
    static var isPresent: Bool { FileManager.default.fileExists(atPath: mrtDirectory.path) }

    static let bgpdump = "/usr/bin/bgpdump"
    static var hasBGPDump: Bool { FileManager.default.isExecutableFile(atPath: bgpdump) }
}

/// Runs a program and returns its standard output (standard error is discarded).
func runProcess(_ path: String, _ arguments: [String]) throws -> Data {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return data
}

/// nil when equal; else the first differing line numbers (1-based) and both lines.
func firstDifference(_ ours: [UInt8], _ reference: [UInt8]) -> String? {
    if ours == reference { return nil }
    let a = ours.split(separator: 10, omittingEmptySubsequences: false)
    let b = reference.split(separator: 10, omittingEmptySubsequences: false)
    for i in 0..<max(a.count, b.count) {
        let x = i < a.count ? String(decoding: a[i], as: UTF8.self) : "<end of output>"
        let y = i < b.count ? String(decoding: b[i], as: UTF8.self) : "<end of output>"
        if x != y {
            return "first difference at line \(i + 1) (ours has \(a.count - 1) lines, reference \(b.count - 1)):\n  ours:      \(x)\n  reference: \(y)"
        }
    }
    return "outputs differ in bytes but not in lines"
}

// MARK: Building records

func be16(_ v: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
func be32(_ v: UInt32) -> [UInt8] {
    [UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
}
func ip4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> [UInt8] { [a, b, c, d] }
/// An IPv6 address from its eight groups.
func ip6(_ groups: [UInt16]) -> [UInt8] { groups.flatMap { be16(Int($0)) } }

/// MRT record: common header (RFC 6396 §2), with the ET microseconds of §3 when given.
func mrtRecord(type: UInt16, subtype: UInt16, time: UInt32 = 1_000_000_000, microseconds: UInt32? = nil, body: [UInt8]) -> [UInt8] {
    var r = be32(time) + be16(Int(type)) + be16(Int(subtype))
    if let us = microseconds {
        r += be32(UInt32(body.count + 4)) + be32(us)
    } else {
        r += be32(UInt32(body.count))
    }
    return r + body
}

/// A path attribute (RFC 4271 §4.3), with the extended length bit when needed.
func attribute(_ flags: UInt8, _ type: UInt8, _ value: [UInt8]) -> [UInt8] {
    if value.count > 255 { return [flags | 0x10, type] + be16(value.count) + value }
    return [flags, type, UInt8(value.count)] + value
}

func origin(_ v: UInt8) -> [UInt8] { attribute(0x40, 1, [v]) }
/// AS_PATH from (segment type, ASNs) with `width`-octet numbers.
func asPath(_ segments: [(UInt8, [UInt32])], width: Int = 4, type: UInt8 = 2) -> [UInt8] {
    var v = [UInt8]()
    for (t, asns) in segments {
        v += [t, UInt8(asns.count)]
        for a in asns { v += width == 4 ? be32(a) : be16(Int(a)) }
    }
    return attribute(0x40, type, v)
}
func nextHop(_ a: [UInt8]) -> [UInt8] { attribute(0x40, 3, a) }

/// Encoded prefix (RFC 4271 §4.3): length then the significant octets.
func prefix(_ bytes: [UInt8], _ length: Int) -> [UInt8] { [UInt8(length)] + bytes.prefix((length + 7) / 8) }

/// A BGP message: marker, length, type (RFC 4271 §4.1).
func bgpMessage(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
    [UInt8](repeating: 0xFF, count: 16) + be16(19 + body.count) + [type] + body
}

func updateBody(withdrawn: [UInt8] = [], attributes: [UInt8] = [], nlri: [UInt8] = []) -> [UInt8] {
    be16(withdrawn.count) + withdrawn + be16(attributes.count) + attributes + nlri
}

/// BGP4MP MESSAGE* body (RFC 6396 §4.4.2/§4.4.3): ASes, interface, AFI, addresses, message.
func bgp4mpMessageBody(as4: Bool, peerAS: UInt32, localAS: UInt32, peer: [UInt8], local: [UInt8], message: [UInt8]) -> [UInt8] {
    let asns = as4 ? be32(peerAS) + be32(localAS) : be16(Int(peerAS)) + be16(Int(localAS))
    return asns + be16(0) + be16(peer.count == 16 ? 2 : 1) + peer + local + message
}

/// BGP4MP STATE_CHANGE[_AS4] body (RFC 6396 §4.4.1/§4.4.4).
func stateChangeBody(as4: Bool, peerAS: UInt32, peer: [UInt8], local: [UInt8], old: Int, new: Int) -> [UInt8] {
    let asns = as4 ? be32(peerAS) + be32(64512) : be16(Int(peerAS)) + be16(64512)
    return asns + be16(0) + be16(peer.count == 16 ? 2 : 1) + peer + local + be16(old) + be16(new)
}

/// Writes bytes to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], suffix: String = ".mrt") throws -> String {
    let path = NSTemporaryDirectory() + "swiftlet-mrt-\(UUID().uuidString)\(suffix)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}
