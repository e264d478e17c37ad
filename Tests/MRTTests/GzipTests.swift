/// MRTFile: plain and gzip files (RFC 1952), several gzip members in one file, and corrupt or
/// truncated gzip streams (the lines before the damage are kept, then the error).
import Foundation
import MRT
import MRTFile
import Testing

/// Many small state-change records (RFC 6396 §4.4.1): 40 bytes each, one line each.
private func stateRecords(_ n: Int, first: Int = 0) -> [UInt8] {
    (first..<(first + n)).flatMap { i in
        mrtRecord(type: 16, subtype: 0, time: UInt32(1_000_000_000 + i),
                  body: stateChangeBody(as4: false, peerAS: 65001, peer: ip4(192, 0, 2, 1), local: ip4(192, 0, 2, 2), old: 1, new: 2))
    }
}

private func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let input = try temporaryFile(bytes, suffix: ".raw")
    defer { try? FileManager.default.removeItem(atPath: input) }
    return [UInt8](try runProcess("/usr/bin/env", ["gzip", "-c", "-n", input]))
}

private var hasGzip: Bool {
    ["/usr/bin/gzip", "/bin/gzip"].contains { FileManager.default.isExecutableFile(atPath: $0) }
}

@Suite("MRT files: plain, gzip, damaged")
struct GzipTests {
    @Test("plain and gzip files give the same lines; members are read in turn")
    func membersAndPlain() throws {
        guard hasGzip else { print("skipped: gzip is not installed"); return }
        let a = stateRecords(3000), b = stateRecords(2000, first: 3000)
        let plain = try temporaryFile(a + b)
        let twoMembers = try temporaryFile(try gzip(a) + gzip(b), suffix: ".gz")
        defer { for p in [plain, twoMembers] { try? FileManager.default.removeItem(atPath: p) } }
        let x = MRTFileDecoder.decodeToMemory(path: plain, mode: .lines(largeCommunities: false))
        let y = MRTFileDecoder.decodeToMemory(path: twoMembers, mode: .lines(largeCommunities: false))
        #expect(x.error == nil)
        #expect(y.error == nil)
        #expect(x.output.filter { $0 == 10 }.count == 5000)
        #expect(x.output == y.output)
        #expect(try MRTFileDecoder.readAll(path: twoMembers) == a + b)
    }

    @Test("a truncated gzip file: lines before the cut, then an error naming the offsets")
    func truncatedGzip() throws {
        guard hasGzip else { print("skipped: gzip is not installed"); return }
        let z = try gzip(stateRecords(20000))
        let path = try temporaryFile(Array(z.prefix(z.count / 2)), suffix: ".gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = MRTFileDecoder.decodeToMemory(path: path, mode: .lines(largeCommunities: false))
        #expect(r.output.filter { $0 == 10 }.count > 100)
        #expect("\(r.error.map { "\($0)" } ?? "")".contains("gzip stream"))
    }

    @Test("a corrupt gzip stream: lines before the damage, then an error")
    func corruptGzip() throws {
        guard hasGzip else { print("skipped: gzip is not installed"); return }
        var z = try gzip(stateRecords(20000))
        for i in (z.count / 2)..<(z.count / 2 + 64) { z[i] ^= 0x5A }
        let path = try temporaryFile(z, suffix: ".gz")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = MRTFileDecoder.decodeToMemory(path: path, mode: .lines(largeCommunities: false))
        let error = try #require(r.error)
        #expect("\(error)".contains("gzip stream") || "\(error)".contains("record at byte offset"))
    }

    @Test("an MRT file cut inside a record: the lines before, then the record's offset")
    func truncatedPlainFile() throws {
        let records = stateRecords(10)
        let path = try temporaryFile(Array(records.dropLast(5)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = MRTFileDecoder.decodeToMemory(path: path, mode: .lines(largeCommunities: false))
        #expect(r.output.filter { $0 == 10 }.count == 9)
        #expect("\(r.error.map { "\($0)" } ?? "")" == "record at byte offset 288: truncated BGP4MP/STATE_CHANGE record: the length field says 20 body bytes but only 15 remain in the file")
    }

    @Test("a missing file is reported")
    func missingFile() {
        let r = MRTFileDecoder.decodeToMemory(path: "/nonexistent/file.mrt", mode: .summary)
        #expect("\(r.error.map { "\($0)" } ?? "")".contains("cannot open /nonexistent/file.mrt"))
    }
}
