/// The lab: network namespaces named `swl-<test pid>-<n>`, veth links between them with
/// documentation/CGNAT addresses, and child processes (daemons) started inside them. Everything
/// a `Lab` creates it removes in `tearDown()`, which `Lab.run` calls however the body ends; it
/// stops only the PIDs it started (SIGTERM, then SIGKILL) and deletes only its namespaces.
/// It never touches the root namespace's links, routes or firewall.
import Foundation
import Glibc
import NetCore

final class Lab {
    /// Runs `body` with a fresh lab and tears it down afterwards, also when `body` throws.
    static func run<T>(_ body: (Lab) async throws -> T) async throws -> T {
        let lab = try Lab()
        defer { lab.tearDown() }
        return try await body(lab)
    }

    /// Scratch directory for configs, sockets and logs (removed on tear-down unless
    /// SWIFTLET_LAB_KEEP is set, to read the daemons' logs after a failure).
    let directory: URL
    private(set) var namespaces: [Namespace] = []
    private(set) var processes: [LabProcess] = []
    private var linkCount = 0
    private var tornDown = false

    nonisolated(unsafe) private static var namespaceCount = 0
    private static let counterLock = NSLock()

    init() throws {
        if let reason = LabEnvironment.unavailableReason { throw LabError(reason) }
        Lab.sweepStaleNamespaces()
        let base = FileManager.default.temporaryDirectory
        directory = base.appendingPathComponent("swl-lab-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        chmod(directory.path, 0o755)
    }

    deinit { tearDown() }

    // MARK: Namespaces and links

    /// A new network namespace `swl-<pid>-<n>` with its loopback up. `label` is for humans
    /// (interface names, logs).
    func namespace(_ label: String) throws -> Namespace {
        let n = Lab.counterLock.withLock { () -> Int in
            Lab.namespaceCount += 1
            return Lab.namespaceCount
        }
        let ns = Namespace(name: "swl-\(getpid())-\(n)", label: label)
        try Command.check(["ip", "netns", "add", ns.name])
        namespaces.append(ns)
        try ns.ip(["link", "set", "lo", "up"])
        return ns
    }

    /// A veth pair between `a` and `b`, created directly inside the two namespaces. `v4`/`v6`
    /// give each end's address with its prefix length ("192.0.2.1/24"); IPv6 addresses are added
    /// with `nodad` so they are usable at once. Only documentation/CGNAT ranges are accepted.
    @discardableResult
    func link(_ a: Namespace, _ b: Namespace, v4: (String, String)? = nil, v6: (String, String)? = nil) throws -> LabLink {
        linkCount += 1
        let nameA = String("v\(linkCount)-\(b.label)".prefix(15))
        let nameB = String("v\(linkCount)-\(a.label)".prefix(15))
        for address in [v4?.0, v4?.1, v6?.0, v6?.1].compactMap({ $0 }) {
            guard LabAddresses.isAllowed(address) else {
                throw LabError("lab address \(address) is outside 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 100.64.0.0/10, 2001:db8::/32")
            }
        }
        try Command.check(["ip", "link", "add", nameA, "netns", a.name, "type", "veth",
                           "peer", "name", nameB, "netns", b.name])
        if let v4 {
            try a.ip(["addr", "add", v4.0, "dev", nameA])
            try b.ip(["addr", "add", v4.1, "dev", nameB])
        }
        if let v6 {
            try a.ip(["addr", "add", v6.0, "dev", nameA, "nodad"])
            try b.ip(["addr", "add", v6.1, "dev", nameB, "nodad"])
        }
        try a.ip(["link", "set", nameA, "up"])
        try b.ip(["link", "set", nameB, "up"])
        return LabLink(a: a, b: b, interfaceA: nameA, interfaceB: nameB,
                       v4: v4.map { (LabAddresses.host($0.0), LabAddresses.host($0.1)) },
                       v6: v6.map { (LabAddresses.host($0.0), LabAddresses.host($0.1)) })
    }

    // MARK: Processes

    /// Starts `arguments` inside `namespace` (`ip netns exec`, which execs, so the PID kept is
    /// the program's own). Output goes to `<lab dir>/<name>.log`. Stopped on tear-down.
    @discardableResult
    func process(in namespace: Namespace, _ arguments: [String], name: String) throws -> LabProcess {
        let log = directory.appendingPathComponent("\(name).log")
        guard let program = arguments.first, let executable = Command.which(program) else {
            throw LabError("cannot start \(name): \(arguments.first ?? "?") is not installed")
        }
        let argv = ["ip", "netns", "exec", namespace.name, executable] + arguments.dropFirst()
        let p = try LabProcess.start(argv, name: name, log: log)
        processes.append(p)
        return p
    }

    /// Waits until `ready` succeeds (a daemon answering its control socket); fails at once,
    /// with the log, when the process exits instead.
    func waitUntilReady(_ p: LabProcess, timeout: Duration = .seconds(10), _ ready: () throws -> Bool) throws {
        var exited = false
        let ok = Wait.until(timeout: timeout, interval: .milliseconds(50)) {
            if !p.isRunning { exited = true; return true }
            return try ready()
        }
        if exited { throw LabError("\(p.name) exited with status \(p.exitStatus ?? -1): \(p.log)") }
        if !ok { throw LabError("\(p.name) did not become ready in \(timeout): \(p.log)") }
    }

    /// A path inside the lab directory.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `text` to `<lab dir>/<name>` and returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        chmod(p, 0o644)
        return p
    }

    // MARK: Tear-down

    /// Stops every process this lab started (newest first), deletes its namespaces and its
    /// directory. Safe to call twice; never throws (a failing step must not skip the others).
    func tearDown() {
        guard !tornDown else { return }
        tornDown = true
        for p in processes.reversed() { p.stop() }
        for ns in namespaces.reversed() {
            // Anything still inside was started for this lab (e.g. a helper forked by a daemon).
            if let r = try? Command.run(["ip", "netns", "pids", ns.name], timeout: 5) {
                for pid in r.stdout.split(whereSeparator: \.isNewline).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
            }
            _ = try? Command.run(["ip", "netns", "del", ns.name], timeout: 10)
        }
        if ProcessInfo.processInfo.environment["SWIFTLET_LAB_KEEP"] == nil {
            try? FileManager.default.removeItem(at: directory)
        } else {
            print("lab: kept \(directory.path)")
        }
    }

    /// Namespaces `swl-<pid>-<n>` left by an earlier test process that died before its
    /// tear-down (a crash): that PID is gone, so the namespace and anything in it are ours and
    /// stale. Namespaces of a live process are never touched.
    static func sweepStaleNamespaces() {
        guard let r = try? Command.run(["ip", "netns", "list"], timeout: 5) else { return }
        for line in r.stdout.split(whereSeparator: \.isNewline) {
            let name = String(line.split(separator: " ").first ?? "")
            let parts = name.split(separator: "-")
            guard parts.count == 3, parts[0] == "swl", let pid = Int32(parts[1]), pid != getpid() else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            if let pids = try? Command.run(["ip", "netns", "pids", name], timeout: 5) {
                for p in pids.stdout.split(whereSeparator: \.isNewline).compactMap({ Int32($0) }) { kill(p, SIGKILL) }
            }
            _ = try? Command.run(["ip", "netns", "del", name], timeout: 10)
        }
        // Scratch directories `swl-lab-<pid>-…` of dead test processes, likewise.
        let tmp = FileManager.default.temporaryDirectory
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: tmp.path)) ?? [] {
            let parts = entry.split(separator: "-")
            guard parts.count == 4, parts[0] == "swl", parts[1] == "lab", let pid = Int32(parts[2]), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: tmp.appendingPathComponent(entry))
        }
    }
}

/// One network namespace of a lab.
struct Namespace: Sendable, CustomStringConvertible {
    /// The kernel name, `swl-<pid>-<n>`.
    let name: String
    /// A short human name ("bird", "speaker").
    let label: String
    var description: String { "\(label)(\(name))" }

    /// Runs `ip -n NAME …`.
    @discardableResult
    func ip(_ arguments: [String]) throws -> String {
        try Command.check(["ip", "-n", name] + arguments)
    }

    /// Runs a command inside the namespace and returns its result (not checked).
    func exec(_ arguments: [String], timeout: Int = 20) throws -> CommandResult {
        try Command.run(["ip", "netns", "exec", name] + arguments, timeout: timeout)
    }

    /// The namespace's file for setns(2).
    var path: String { "/var/run/netns/\(name)" }
}

/// Both ends of a veth link, with the host addresses (without prefix length).
struct LabLink: Sendable {
    let a: Namespace
    let b: Namespace
    let interfaceA: String
    let interfaceB: String
    let v4: (a: String, b: String)?
    let v6: (a: String, b: String)?
}

/// The address ranges lab tests may use (DESIGN.md: documentation and CGNAT space only).
enum LabAddresses {
    static let allowed: [IPPrefix] = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "100.64.0.0/10", "2001:db8::/32"]
        .compactMap { IPPrefix($0) }

    /// "192.0.2.1/24" → "192.0.2.1".
    static func host(_ cidr: String) -> String { String(cidr.split(separator: "/").first ?? "") }

    static func isAllowed(_ cidr: String) -> Bool {
        guard let address = IPAddress(host(cidr)) else { return false }
        return allowed.contains { range in
            switch (range, address) {
            case let (.v4(p), .v4(a)): p.contains(a)
            case let (.v6(p), .v6(a)): p.contains(a)
            default: false
            }
        }
    }
}
