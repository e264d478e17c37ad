/// `swiftletctl bench kernel`: installs N routes into the calling network namespace's table
/// through `NetlinkRouteTable` — the code path swiftletd uses — and prints the time, routes per
/// second and this process's memory (VmRSS/VmHWM) before and after, for scripts/bench-kernel.
/// `--emit ip-batch|bird` prints the same route set as `ip -batch` lines or BIRD 2 static
/// routes instead, so all three contenders install exactly the same prefixes.
import ArgumentParser
import Glibc
import Kernel
import NetCore
import NetlinkWire

struct BenchKernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Install N routes into this namespace's kernel table through NetlinkRouteTable and time it.",
        discussion: """
            The routes are N distinct /32s counted up from 100.64.0.0 (RFC 6598 shared address \
            space; at most 4194304, the whole /10), each `via --via` (which must be on a connected \
            subnet of this namespace). Run it in a namespace whose table holds none of them: the \
            time covers setDesired + apply() — the initial dump of the (empty) table, the plan, \
            and every batch from the first write to the last ACK. Output lines are `key value`: \
            routes, seconds, routes-per-s, added, failed, and VmRSS/VmHWM (KiB) from \
            /proc/self/status before the routes are built, once the desired set is handed over \
            (the built array freed: rss-desired-kib, hwm-desired-kib) and after they are installed. \
            --emit prints the same routes for `ip -batch` or as a BIRD 2 `protocol static` body \
            and exits without touching the kernel.
            """)

    @Option(help: "Number of routes (0…4194304).")
    var routes: Int
    @Option(help: "Gateway of every route (an IPv4 address on a connected subnet).")
    var via: String = "192.0.2.1"
    @Option(help: "Routing table id.")
    var table: UInt32 = RouteTableConfiguration.mainTable
    @Option(help: "rtm_protocol stamped on the routes (Swiftlet's default is 201).")
    var `protocol`: UInt8 = RouteTableConfiguration.defaultProtocol.rawValue
    @Option(help: "Requests per sendmsg (NetlinkRouteTable's batch size).")
    var batchSize: Int = RouteTableConfiguration().batchSize
    @Option(help: "Print the routes instead of installing them: ip-batch (`route add` lines) or bird (static routes).")
    var emit: String?

    static let maxRoutes = 1 << 22

    func validate() throws {
        guard (0...Self.maxRoutes).contains(routes) else {
            throw ValidationError("--routes: \(routes) is outside 0…\(Self.maxRoutes) (the /32s of 100.64.0.0/10)")
        }
        guard IPv4Address(via) != nil else { throw ValidationError("--via: not an IPv4 address: \(via)") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size: must be at least 1, got \(batchSize)") }
        if let emit, emit != "ip-batch", emit != "bird" {
            throw ValidationError("--emit: expected ip-batch or bird, got \(emit)")
        }
    }

    /// The i-th benchmark destination: 100.64.0.0 + i, as a /32.
    static func prefix(_ i: Int) -> IPv4Prefix {
        // Cannot fail: length 32 is valid and every address is its own network.
        IPv4Prefix(address: IPv4Address(rawValue: 0x6440_0000 &+ UInt32(i)), length: 32)!
    }

    func run() throws {
        guard let gateway = IPv4Address(via) else { throw ValidationError("--via: not an IPv4 address: \(via)") }
        if let emit {
            try Self.emit(emit, routes: routes, gateway: gateway, table: table, protocol: `protocol`)
            return
        }
        let before = BenchMemory.read()
        benchSay("rss-before-kib \(before.rss)")
        benchSay("hwm-before-kib \(before.hwm)")
        let configuration = RouteTableConfiguration(routeProtocol: RouteProtocol(`protocol`), table: table, batchSize: batchSize)
        let routeTable: NetlinkRouteTable
        do { routeTable = try NetlinkRouteTable(configuration: configuration) } catch {
            benchSay("error \(error)")
            throw ExitCode(1)
        }
        let start = benchMonotonicSeconds()
        // The desired set is built inside the timed region, as the daemon hands its RIB's routes
        // to the table; it is a temporary the table copies into its own state. Each route gets
        // its own next-hop array, as routes built one by one from a RIB do.
        do {
            var desired: [DesiredRoute] = []
            desired.reserveCapacity(routes)
            for i in 0..<routes { desired.append(.via(.v4(Self.prefix(i)), [DesiredNextHop(gateway: .v4(gateway))])) }
            routeTable.setDesired(desired)
        }
        let staged = BenchMemory.read()
        let report: ApplyReport
        do { report = try routeTable.apply() } catch {
            benchSay("error \(error)")
            throw ExitCode(1)
        }
        let seconds = benchMonotonicSeconds() - start
        let after = BenchMemory.read()
        benchSay("routes \(routes)")
        benchSay("added \(report.added)")
        benchSay("failed \(report.failed)")
        benchSay("seconds \(seconds)")
        benchSay("routes-per-s \(seconds > 0 ? Int((Double(routes) / seconds).rounded()) : 0)")
        benchSay("rss-desired-kib \(staged.rss)")
        benchSay("hwm-desired-kib \(staged.hwm)")
        benchSay("rss-after-kib \(after.rss)")
        benchSay("hwm-after-kib \(after.hwm)")
        benchSay("cpu-s \(benchCPUSeconds())")
        // Kept alive to here so its state is part of the memory measured above.
        withExtendedLifetime(routeTable) {}
        if report.failed > 0 || report.added != routes {
            // Only now: status lists every programmed route, too big to build for nothing.
            if let failure = routeTable.status.failures.first { benchSay("first-failure \(failure.message)") }
            throw ExitCode(1)
        }
    }

    /// Writes the route set to stdout in one of the reference tools' syntaxes, 1 MiB at a time.
    static func emit(_ format: String, routes: Int, gateway: IPv4Address, table: UInt32, protocol: UInt8) throws {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 256)
        for i in 0..<routes {
            let line = format == "bird"
                ? "  route \(prefix(i)) via \(gateway);\n"
                : "route add \(prefix(i)) via \(gateway) table \(table) proto \(`protocol`)\n"
            out.append(contentsOf: line.utf8)
            if out.count >= 1 << 20 { try flush(&out) }
        }
        try flush(&out)
    }

    private static func flush(_ out: inout [UInt8]) throws {
        var offset = 0
        while offset < out.count {
            let n = out.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ValidationError("--emit: write to stdout failed: errno \(errno)")
            }
            offset += n
        }
        out.removeAll(keepingCapacity: true)
    }
}

/// CLOCK_MONOTONIC in seconds.
func benchMonotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// VmRSS and VmHWM of this process (KiB), from /proc/self/status (proc(5)).
struct BenchMemory {
    var rss = 0
    var hwm = 0

    static func read() -> BenchMemory {
        var m = BenchMemory()
        guard let f = fopen("/proc/self/status", "r") else { return m }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            let value = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            if text.hasPrefix("VmRSS:") { m.rss = value }
            if text.hasPrefix("VmHWM:") { m.hwm = value }
        }
        return m
    }
}
