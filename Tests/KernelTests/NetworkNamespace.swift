/// A throwaway network namespace for real-kernel tests: created with `ip netns add`, named
/// after the test process's PID (`swlk-<pid>-<n>`), always deleted by `close()`. Code runs
/// inside it only on a short-lived thread that joined it with setns(2): a netlink socket
/// opened there stays bound to the namespace, and no other thread ever changes namespace.
import Foundation
import Glibc
import Synchronization

struct NamespaceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

final class NetworkNamespace: Sendable {
    private static let counter = Atomic<Int>(0)
    let name: String

    /// Why real-kernel tests cannot run here, or nil when they can.
    static let unavailableReason: String? = {
        guard getuid() == 0 else { return "real-kernel route tests need root (ip netns, CAP_NET_ADMIN)" }
        guard (try? run(["ip", "netns", "list"]))?.status == 0 else { return "`ip netns` does not work here" }
        guard Setns.function != nil else { return "setns(2) is not available" }
        return nil
    }()

    init() throws {
        let n = Self.counter.wrappingAdd(1, ordering: .relaxed).newValue
        name = "swlk-\(getpid())-\(n)"
        try Self.check(["ip", "netns", "add", name])
    }

    deinit { close() }

    /// Deletes the namespace (its links and routes go with it). Safe to call twice.
    func close() { _ = try? Self.run(["ip", "netns", "del", name]) }

    /// `ip -n <name> args…`; throws with the output unless it exits 0.
    @discardableResult
    func ip(_ args: String...) throws -> String { try Self.check(["ip", "-n", name] + args) }

    /// Runs `body` on a new thread that joined this namespace, and returns its result.
    func withNetwork<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let job = NamespaceJob(path: "/var/run/netns/\(name)", body: body)
        let thread = Thread { job.run() }
        thread.start()
        job.done.wait()
        return try job.result.withLock { try $0.get() }
    }

    // MARK: commands

    struct Output { var status: Int32; var text: String }

    static func run(_ argv: [String]) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }

    @discardableResult
    static func check(_ argv: [String]) throws -> String {
        let out = try run(argv)
        guard out.status == 0 else { throw NamespaceError("`\(argv.joined(separator: " "))` exited \(out.status): \(out.text)") }
        return out.text
    }
}

/// The work for one namespace thread: join the namespace, run, signal.
private final class NamespaceJob<T: Sendable>: Sendable {
    let path: String
    let body: @Sendable () throws -> T
    let result = Mutex<Result<T, any Error>>(.failure(NamespaceError("namespace thread did not run")))
    let done = DispatchSemaphore(value: 0)

    init(path: String, body: @escaping @Sendable () throws -> T) { self.path = path; self.body = body }

    func run() {
        defer { done.signal() }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            result.withLock { $0 = .failure(NamespaceError("open \(path): \(String(cString: strerror(errno)))")) }
            return
        }
        defer { Glibc.close(fd) }
        guard let setns = Setns.function, setns(fd, Setns.newNet) == 0 else {
            result.withLock { $0 = .failure(NamespaceError("setns \(path): \(String(cString: strerror(errno)))")) }
            return
        }
        let r = Result { try body() }
        result.withLock { $0 = r }
    }
}

/// setns(2) looked up by name: Glibc declares it only under _GNU_SOURCE.
enum Setns {
    typealias Function = @convention(c) (Int32, Int32) -> Int32
    static let newNet: Int32 = 0x4000_0000  // CLONE_NEWNET
    static let function: Function? = {
        guard let symbol = dlsym(nil, "setns") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()
}
