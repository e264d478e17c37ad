/// A real etcd for the etcd store's tests: `/usr/bin/etcd` (Debian etcd-server 3.4) on
/// 127.0.0.1 with free ports and a temporary data directory, stopped by PID, the directory
/// removed; plus `etcdctl`, `openssl` and free-port helpers.
import Dispatch
import Foundation
import Glibc
@testable import Datastore

enum EtcdTestEnvironment {
    static let etcd = "/usr/bin/etcd"
    static let etcdctl = "/usr/bin/etcdctl"
    static let openssl = "/usr/bin/openssl"

    static var hasEtcd: Bool {
        FileManager.default.isExecutableFile(atPath: etcd) && FileManager.default.isExecutableFile(atPath: etcdctl)
    }
    static let missing = "etcd tests skipped: /usr/bin/etcd or /usr/bin/etcdctl missing (scripts/lab-deps installs etcd-server and etcd-client)"
    static var hasOpenSSL: Bool { FileManager.default.isExecutableFile(atPath: openssl) }
}

struct EtcdTestError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then closed).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw EtcdTestError("socket: errno \(errno)") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let ok = withUnsafeMutablePointer(to: &addr) { p in
        p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
            bind(fd, sa, len) == 0 && getsockname(fd, sa, &len) == 0
        }
    }
    guard ok else { throw EtcdTestError("bind/getsockname: errno \(errno)") }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Runs a program to completion; returns (status, stdout + stderr).
@discardableResult
func runTool(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    p.environment = env
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    try p.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// TLS files for an https etcd: a CA, a server certificate for 127.0.0.1 and a client certificate.
struct EtcdTestCertificates {
    let ca, serverCert, serverKey, clientCert, clientKey: String

    /// Generated with openssl in `directory` (2048-bit RSA, 1 day).
    init(directory: String) throws {
        func ssl(_ args: [String]) throws {
            let (status, out) = try runTool(EtcdTestEnvironment.openssl, args)
            guard status == 0 else { throw EtcdTestError("openssl \(args.joined(separator: " ")): \(out)") }
        }
        let d = directory
        ca = d + "/ca.pem"
        serverCert = d + "/server.pem"; serverKey = d + "/server-key.pem"
        clientCert = d + "/client.pem"; clientKey = d + "/client-key.pem"
        try ssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", d + "/ca-key.pem", "-out", ca, "-days", "1",
                 "-subj", "/CN=swiftlet-test-ca"])
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n".write(toFile: d + "/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: d + "/client.ext", atomically: true, encoding: .utf8)
        for (name, cn, ext) in [("server", "127.0.0.1", "server.ext"), ("client", "swiftlet", "client.ext")] {
            try ssl(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(d)/\(name)-key.pem", "-out", "\(d)/\(name).csr",
                     "-subj", "/CN=\(cn)"])
            try ssl(["x509", "-req", "-in", "\(d)/\(name).csr", "-CA", ca, "-CAkey", d + "/ca-key.pem", "-CAcreateserial",
                     "-out", "\(d)/\(name).pem", "-days", "1", "-extfile", "\(d)/\(ext)"])
        }
    }
}

/// One etcd process. `stop()` ends it by PID (SIGTERM, then SIGKILL after 5 s); `start()` again
/// reuses the data directory. `remove()` stops it and deletes the directory.
final class EtcdServer: @unchecked Sendable {
    // @unchecked Sendable: used by one test at a time; `process` changes only in start/stop.
    let directory: String
    let peerPort: Int
    private(set) var clientPort: Int
    let certificates: EtcdTestCertificates?
    private var process: Process?

    var scheme: String { certificates == nil ? "http" : "https" }
    var endpoint: String { "\(scheme)://127.0.0.1:\(clientPort)" }
    var tls: EtcdTLS {
        EtcdTLS(caFile: certificates?.ca, certFile: certificates?.clientCert, keyFile: certificates?.clientKey)
    }

    /// Starts etcd (TLS with client certificates when `tls`, generated by openssl).
    init(tls: Bool = false) throws {
        var template = Array("/tmp/swiftlet-etcd-XXXXXX".utf8CString)
        guard let p = mkdtemp(&template) else { throw EtcdTestError("mkdtemp failed") }
        directory = String(cString: p)
        clientPort = try freePort()
        peerPort = try freePort()
        do {
            certificates = tls ? try EtcdTestCertificates(directory: directory) : nil
            try start()
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Starts etcd on `port` (default: the current client port) and waits until it answers.
    func start(port: Int? = nil) throws {
        if let port { clientPort = port }
        let url = endpoint
        var args = ["--name", "t", "--data-dir", directory + "/data",
                    "--listen-client-urls", url, "--advertise-client-urls", url,
                    "--listen-peer-urls", "http://127.0.0.1:\(peerPort)",
                    "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)",
                    "--initial-cluster", "t=http://127.0.0.1:\(peerPort)",
                    "--logger", "zap", "--log-level", "error"]
        if let c = certificates {
            args += ["--cert-file", c.serverCert, "--key-file", c.serverKey, "--trusted-ca-file", c.ca, "--client-cert-auth"]
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: EtcdTestEnvironment.etcd)
        p.arguments = args
        let log = FileManager.default.createFile(atPath: directory + "/etcd.log", contents: nil)
            ? FileHandle(forWritingAtPath: directory + "/etcd.log") : nil
        log?.seekToEndOfFile()
        p.standardOutput = log
        p.standardError = log
        try p.run()
        process = p
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if case .response = EtcdHTTP.post(url: url + "/v3/maintenance/status", body: "{}", headers: [], tls: tls,
                                              connectTimeout: 0.5, timeout: 1) {
                return
            }
            guard p.isRunning else { break }
            usleep(50_000)
        }
        let text = (try? String(contentsOfFile: directory + "/etcd.log", encoding: .utf8)) ?? ""
        stop()
        throw EtcdTestError("etcd did not start on \(url): \(text.suffix(2000))")
    }

    /// Ends the process by its PID and waits for it.
    func stop() {
        guard let p = process else { return }
        process = nil
        guard p.isRunning else { return }
        kill(p.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while p.isRunning, Date() < deadline { usleep(10_000) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
    }

    func remove() {
        stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `etcdctl --endpoints URL ARGS` (API v3), failing the test when it fails.
    @discardableResult
    func ctl(_ args: [String], user: String? = nil) throws -> String {
        var full = ["--endpoints", endpoint]
        if let c = certificates { full += ["--cacert", c.ca, "--cert", c.clientCert, "--key", c.clientKey] }
        if let user { full += ["--user", user] }
        let (status, out) = try runTool(EtcdTestEnvironment.etcdctl, full + args, environment: ["ETCDCTL_API": "3"])
        guard status == 0 else { throw EtcdTestError("etcdctl \(args.joined(separator: " ")): \(out)") }
        return out
    }
}
