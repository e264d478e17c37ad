/// Conformance on real routing data: for every MRT file in ../shared/data/realbgp/mrt our
/// output equals bgpdump's (the expected file, or /usr/bin/bgpdump -m run here).
import Foundation
import MRT
import MRTFile
import Testing

@Suite("MRT conformance with bgpdump on real data")
struct ConformanceTests {
    static let files: [String] = [
        "pch-ibgp-fulltable-v4-2015.updates.et-header.gz",
        "ris-updates.20160811.1600.gz",
        "routeviews-linx-updates.20070211.0141.gz",
        "ris-rrc15-updates.20100227.1600.gz",
        "ris-bview.20020722.2337.gz",
    ]

    @Test("output equals bgpdump -m line for line", arguments: files)
    func matchesBGPDump(_ name: String) throws {
        guard SharedData.isPresent else {
            print("skipped: \(SharedData.mrtDirectory.path) is absent (real BGP data lives beside the checkout)")
            return
        }
        let input = SharedData.mrtDirectory.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: input) else {
            print("skipped: \(input) is absent")
            return
        }
        let expectedPath = SharedData.expectedDirectory.appendingPathComponent(name + ".bgpdump-vm.txt.gz").path
        let reference: [UInt8]
        if FileManager.default.fileExists(atPath: expectedPath) {
            reference = try MRTFileDecoder.readAll(path: expectedPath)
        } else if SharedData.hasBGPDump {
            reference = [UInt8](try runProcess(SharedData.bgpdump, ["-m", input]))
        } else {
            print("skipped: no expected output for \(name) and \(SharedData.bgpdump) is not installed")
            return
        }
        let (ours, _, error) = MRTFileDecoder.decodeToMemory(path: input, mode: .lines(largeCommunities: false))
        #expect(error == nil, "decoding \(name) failed: \(error.map { "\($0)" } ?? "")")
        if let diff = firstDifference(ours, reference) {
            Issue.record("\(name): \(diff)")
        }
    }

    @Test("--summary counts the full table")
    func summaryOfFullTable() throws {
        let input = SharedData.mrtDirectory.appendingPathComponent(ConformanceTests.files[0]).path
        guard FileManager.default.fileExists(atPath: input) else {
            print("skipped: \(input) is absent")
            return
        }
        let (_, summary, error) = MRTFileDecoder.decodeToMemory(path: input, mode: .summary)
        #expect(error == nil)
        let s = try #require(summary)
        // README of the data: 577,737 NLRI announced, 3 withdrawals, one peer, 89,679 UPDATEs.
        #expect(s.announced == 577_737)
        #expect(s.withdrawn == 3)
        #expect(s.peers == 1)
        #expect(s.messagesByType[2] == 89_679)
        #expect(s.render().contains("prefixes announced: 577737"))
    }
}
