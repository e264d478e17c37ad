/// Cross-check with BGPWire: every UPDATE inside the real BGP4MP files decodes with
/// `UpdateMessage.decode` (RFC 4271 §4.3, RFC 4760, RFC 6793), and the prefixes it finds are as
/// many as the bgpdump-compatible view of `MRT` prints.
import BGPWire
import Foundation
import MRT
import MRTFile
import Testing

@Suite("MRT UPDATEs decode with BGPWire")
struct BGPWireCrossCheckTests {
    static let files = [
        "ris-updates.20160811.1600.gz",
        "routeviews-linx-updates.20070211.0141.gz",
        "ris-rrc15-updates.20100227.1600.gz",
        "pch-ibgp-fulltable-v4-2015.updates.et-header.gz",
    ]

    @Test("every UPDATE decodes and yields the same prefix count", arguments: files)
    func updatesDecode(_ name: String) throws {
        let path = SharedData.mrtDirectory.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipped: \(path) is absent")
            return
        }
        let bytes = try MRTFileDecoder.readAll(path: path)
        var updates = 0, prefixes = 0, failures: [String] = []
        bytes.withUnsafeBufferPointer { p in
            var at = 0
            while case .record(let header, let body) = MRTFramer.frame(p, at: at) {
                defer { at = body.upperBound }
                guard header.type == MRTType.bgp4mp || header.type == MRTType.bgp4mpET else { continue }
                let sub = header.subtype
                guard [1, 4, 6, 7].contains(sub) else { continue }
                // RFC 6396 §4.4.2/§4.4.3: ASes, interface index, AFI, two addresses, message.
                let as4 = sub == 4 || sub == 7
                let afiAt = body.lowerBound + (as4 ? 8 : 4) + 2
                let afi = Int(p[afiAt]) << 8 | Int(p[afiAt + 1])
                let message = afiAt + 2 + (afi == 2 ? 32 : 8)
                guard message + 19 <= body.upperBound, p[message + 18] == 2 else { continue }
                let length = Int(p[message + 16]) << 8 | Int(p[message + 17])
                let end = min(message + length, body.upperBound)
                updates += 1
                do throws(WireError) {
                    let u = try UpdateMessage.decode(body: bytes[(message + 19)..<end], context: DecodeContext(fourOctetAS: as4))
                    prefixes += u.nlri.count
                    for a in u.attributes {
                        if case .mpReachNLRI(let r) = a, case .prefixes(let list) = r.nlri { prefixes += list.count }
                    }
                } catch {
                    if failures.count < 5 { failures.append("record at byte offset \(at): \(error)") }
                }
            }
        }
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
        let summary = MRTFileDecoder.decodeToMemory(path: path, mode: .summary).summary
        #expect(updates == summary?.messagesByType[2])
        #expect(prefixes == summary?.announced, "\(name): BGPWire found \(prefixes) announced prefixes, the bgpdump view \(summary?.announced ?? -1)")
    }
}
