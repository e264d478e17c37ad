/// `swiftletctl bench feed|collect`: the two ends of scripts/bench-speaker. The feeder streams
/// pre-encoded UPDATEs to the daemon under test; the collector counts the prefixes the daemon
/// passes on. Both print `NAME-ns <CLOCK_REALTIME nanoseconds>` lines for the script.
import ArgumentParser
import NetCore

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Feeder and collector for the speaker benchmark (scripts/bench-speaker).",
        subcommands: [BenchFeedCommand.self, BenchCollectCommand.self, BenchKernelCommand.self, BenchRIBCommand.self])
}

struct BenchSessionOptions: ParsableArguments {
    @Option(help: "The daemon under test (IPv4 address; port 179).")
    var connect: String
    @Option(help: "This end's IPv4 address (source address, router ID and NEXT_HOP).")
    var local: String
    @Option(help: "This end's AS number.")
    var asNumber: UInt32
    @Option(help: "Give up connecting (or waiting for the daemon to connect) after this many seconds.")
    var connectTimeout: Double = 60
    @Flag(help: "Listen on --local port 179 and let the daemon connect (instead of connecting to it).")
    var passive = false

    func peer() throws -> BenchPeerOptions {
        guard let remote = IPv4Address(connect) else { throw ValidationError("--connect: not an IPv4 address: \(connect)") }
        guard let me = IPv4Address(local) else { throw ValidationError("--local: not an IPv4 address: \(local)") }
        return BenchPeerOptions(remote: remote, local: me, localAS: asNumber, connectTimeout: connectTimeout, passive: passive)
    }
}

struct BenchFeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Announce synthetic prefixes or a replayed MRT table as fast as the peer takes them.",
        discussion: """
            Everything is encoded before the session opens. --prefixes N announces N distinct \
            prefixes of 100.64.0.0/10 (/24s, then /25s, …), 1000 per AS_PATH; --mrt FILE (an \
            uncompressed MRT file of BGP4MP UPDATEs) announces the table's final state with this \
            end's AS prepended and its address as NEXT_HOP. --count-only prints the number of \
            distinct prefixes and exits.
            """)

    @OptionGroup var session: BenchSessionOptions
    @Option(help: "Announce this many synthetic prefixes.")
    var prefixes: Int?
    @Option(help: "Replay the IPv4 UPDATEs of this uncompressed MRT file.")
    var mrt: String?
    @Flag(help: "Only print the number of distinct prefixes that would be announced.")
    var countOnly = false
    @Option(help: "Keep the session up this many seconds after the last UPDATE.")
    var linger: Double = 3600
    @Option(help: "Once Established, wait until this file exists before sending the first UPDATE.")
    var goFile: String?

    func run() throws {
        let peer = try session.peer()
        let routes: BenchRoutes
        if let mrt {
            routes = try BenchRoutes.replay(mrtPath: mrt, feederAS: peer.localAS, nextHop: peer.local)
        } else if let prefixes, prefixes > 0, prefixes <= 8_000_000 {
            routes = BenchRoutes.synthetic(count: prefixes, feederAS: peer.localAS, nextHop: peer.local)
        } else {
            throw ValidationError("give --prefixes N (1…8000000) or --mrt FILE")
        }
        benchSay("prepared prefixes \(routes.prefixes) updates \(routes.updates) bytes \(routes.bytes.count) attribute-sets \(routes.attributeSets)")
        if countOnly { return }
        do { try BenchFeeder.run(routes, peer, linger: linger, goFile: goFile) } catch {
            benchSay("error \(error)")
            throw ExitCode(1)
        }
    }
}

struct BenchCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Count the prefixes the peer announces; report when the expected number has arrived.")

    @OptionGroup var session: BenchSessionOptions
    @Option(help: "Number of distinct prefixes to wait for.")
    var expect: Int
    @Option(help: "Stop when no new prefix has arrived for this many seconds.")
    var idle: Double = 20
    @Option(help: "Stop after this many seconds in Established.")
    var timeout: Double = 1800

    func run() throws {
        do { try BenchCollector.run(try session.peer(), expect: expect, idle: idle, timeout: timeout) } catch {
            benchSay("error \(error)")
            throw ExitCode(1)
        }
    }
}
