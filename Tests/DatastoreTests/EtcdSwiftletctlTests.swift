/// `swiftletctl apply / get / delete`, the built binary, against a file store and (when etcd is
/// installed) an etcd store: output, exit status, validation refusals, the SWIFTLET_DATASTORE
/// fallback and `--datastore` before the subcommand.
import CalicoModel
import Foundation
import Testing
@testable import Datastore

/// The built `swiftletctl` beside the running test bundle (or in SWIFTLET_BIN_DIR).
enum SwiftletctlBinary {
    static let path: String? = {
        if let dir = ProcessInfo.processInfo.environment["SWIFTLET_BIN_DIR"] { return dir + "/swiftletctl" }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (exe as NSString).deletingLastPathComponent
        while !dir.isEmpty, dir != "/" {
            if FileManager.default.isExecutableFile(atPath: dir + "/swiftletctl") { return dir + "/swiftletctl" }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }()
    static let missing = "swiftletctl tests skipped: the swiftletctl binary is not built beside the test bundle (swift build --build-tests, or set SWIFTLET_BIN_DIR)"
}

/// Runs swiftletctl; returns (status, stdout, stderr).
func swiftletctl(_ args: [String], environment: [String: String] = [:]) throws -> (Int32, String, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try #require(SwiftletctlBinary.path))
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    env[StoreLocation.environmentVariable] = nil
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite(.serialized, .enabled(if: SwiftletctlBinary.path != nil, Comment(rawValue: SwiftletctlBinary.missing)))
struct EtcdSwiftletctlTests {
    /// The same session against any datastore: apply (peer before the filter it names), get in
    /// both formats, refusals, delete.
    func session(_ datastore: String, scratch: TempDirectory) throws {
        let ds = ["--datastore", datastore]
        let file = scratch.file("apply.yaml")
        try (Sample.peer("tor-a", "198.51.100.1", filter: "pods-only") + "---\n" + Sample.filter)
            .write(toFile: file, atomically: true, encoding: .utf8)

        var (status, out, err) = try swiftletctl(ds + ["apply", "-f", file])
        #expect(status == 0, "\(err)")
        #expect(out == "BGPFilter/pods-only created\nBGPPeer/tor-a created\n")
        (status, out, err) = try swiftletctl(["apply", "-f", file], environment: [StoreLocation.environmentVariable: datastore])
        #expect(status == 0, "\(err)")
        #expect(out == "BGPPeer/tor-a unchanged\nBGPFilter/pods-only unchanged\n")

        // get: YAML for one, a JSON list for a kind; both read back to what was applied.
        let expected = try ResourceSet.decode([SourceFile(path: file, contents: String(contentsOfFile: file, encoding: .utf8))])
        (status, out, err) = try swiftletctl(ds + ["get", "bgppeer", "tor-a"])
        #expect(status == 0, "\(err)")
        #expect(try ResourceSet.decode([SourceFile(path: "get", contents: out)]).bgpPeers == expected.bgpPeers)
        (status, out, err) = try swiftletctl(ds + ["get", "BGPFilters", "-o", "json"])
        #expect(status == 0, "\(err)")
        #expect(out.contains("\"kind\": \"BGPFilterList\""))
        #expect(try ResourceSet.decode([SourceFile(path: "get", contents: out)]).bgpFilters == expected.bgpFilters)

        // A document that does not validate: nothing applied, the error names file and field.
        let bad = scratch.file("bad.yaml")
        try Sample.peer("tor-b", "not-an-ip").write(toFile: bad, atomically: true, encoding: .utf8)
        (status, out, err) = try swiftletctl(ds + ["apply", "-f", bad])
        #expect(status == 1)
        #expect(err.contains(bad) && err.contains("spec.peerIP") && err.contains("nothing applied"))
        // A final state that does not validate (a filter that nothing defines): nothing applied.
        try Sample.peer("tor-c", "198.51.100.3", filter: "missing").write(toFile: bad, atomically: true, encoding: .utf8)
        (status, out, err) = try swiftletctl(ds + ["apply", "-f", bad])
        #expect(status == 1)
        #expect(err.contains("\"missing\": no BGPFilter with this name"))

        // The filter is in use: refused. Then the peer, then the filter.
        (status, out, err) = try swiftletctl(ds + ["delete", "bgpfilter", "pods-only"])
        #expect(status == 1)
        #expect(err.contains("BGPFilter/pods-only not deleted"))
        (status, out, err) = try swiftletctl(ds + ["delete", "bgppeer", "tor-a"])
        #expect(status == 0, "\(err)")
        #expect(out == "BGPPeer/tor-a deleted\n")
        (status, out, err) = try swiftletctl(ds + ["delete", "bgpfilter", "pods-only"])
        #expect(status == 0, "\(err)")
        (status, out, err) = try swiftletctl(ds + ["get", "bgppeer", "tor-a"])
        #expect(status == 1)
        #expect(err.contains("BGPPeer/tor-a: not found"))
        (status, out, err) = try swiftletctl(ds + ["get", "widgets"])
        #expect(status != 0)
        #expect(err.contains("unknown kind \"widgets\""))
    }

    @Test func applyGetDeleteOnAFileStore() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try dir.write("store/cluster.yaml", Sample.cluster)
        try session("file:\(dir.file("store"))", scratch: dir)
        // What apply wrote is plain files the file store names after the resource.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("store")) == ["cluster.yaml"])
    }

    @Test(.enabled(if: EtcdTestEnvironment.hasEtcd, Comment(rawValue: EtcdTestEnvironment.missing)))
    func applyGetDeleteOnAnEtcdStore() throws {
        let dir = try TempDirectory()
        defer { dir.removeAll() }
        try withEtcd { etcd in
            try session("etcd:\(etcd.endpoint)", scratch: dir)
            let keys = try etcd.ctl(["get", "/swiftlet/v3/", "--prefix", "--keys-only"])
            #expect(keys.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
    }
}
