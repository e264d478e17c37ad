/// The collector of `swiftletctl bench collect`: one blocking poll()/recv() loop on the
/// process's only thread. It counts distinct IPv4 prefixes straight from each UPDATE's NLRI
/// and withdrawn-routes fields (RFC 4271 §4.3; no attribute decoding, one set insert per
/// prefix), answers every KEEPALIVE, and prints the wall clock of the read that completed the
/// expected count (`last-prefix-ns`); if the count stops growing for `idle` seconds it reports
/// the last prefix seen and how many there were.
import BGPWire
import Glibc

enum BenchCollector {
    static func run(_ o: BenchPeerOptions, expect: Int, idle: Double, timeout: Double) throws {
        let (s, initial) = try BenchSession.establish(o)
        var inbox = initial
        let start = benchNow()
        benchSay("established-ns \(start)")
        var seen = Set<UInt64>(minimumCapacity: expect)
        var announced = 0, withdrawn = 0, updates = 0
        var lastPrefix: Int64 = 0
        let idleNs = Int64(idle * 1e9), timeoutNs = Int64(timeout * 1e9)
        var firstPass = true
        while true {
            if !firstPass {
                if s.poll(Int16(POLLIN), ms: 200) != 0 {
                    if try inbox.read(from: s.fd, limit: 1 << 20) == 0 { throw BenchError("the peer closed the connection") }
                }
            }
            firstPass = false
            let before = seen.count
            while let (type, body) = try inbox.next() {
                switch type {
                case MessageType.update.rawValue:
                    updates += 1
                    count(inbox.bytes, body, into: &seen, announced: &announced, withdrawn: &withdrawn)
                case MessageType.keepalive.rawValue:
                    try s.writeAll(BGPMessage.keepaliveBytes)
                case MessageType.notification.rawValue:
                    throw BenchSession.notification(inbox.bytes[body])
                default: break
                }
            }
            let now = benchNow()
            if seen.count != before { lastPrefix = now }
            if seen.count >= expect {
                report(lastPrefix, seen.count, expect, announced, withdrawn, updates, complete: true)
                return
            }
            if lastPrefix > 0 && now - lastPrefix > idleNs {
                // The daemon dropped some prefixes (e.g. AS_PATH loops): report what arrived.
                report(lastPrefix, seen.count, expect, announced, withdrawn, updates, complete: false)
                return
            }
            if now - start > timeoutNs {
                report(lastPrefix, seen.count, expect, announced, withdrawn, updates, complete: false)
                throw BenchError("timed out at \(seen.count) of \(expect) prefixes")
            }
        }
    }

    static func report(_ t: Int64, _ n: Int, _ expect: Int, _ announced: Int, _ withdrawn: Int, _ updates: Int, complete: Bool) {
        benchSay("last-prefix-ns \(t)")
        benchSay("cpu-s \(benchCPUSeconds())")
        benchSay("prefixes \(n) expected \(expect) announced \(announced) withdrawn \(withdrawn) updates \(updates) complete \(complete)")
    }

    /// Adds the NLRI of one UPDATE body to `seen` and removes its withdrawn routes.
    static func count(_ b: [UInt8], _ body: Range<Int>, into seen: inout Set<UInt64>, announced: inout Int, withdrawn: inout Int) {
        guard body.count >= 4 else { return }
        let wLen = Int(b[body.lowerBound]) << 8 | Int(b[body.lowerBound + 1])
        let wStart = body.lowerBound + 2
        let aAt = wStart + wLen
        guard aAt + 2 <= body.upperBound else { return }
        let aLen = Int(b[aAt]) << 8 | Int(b[aAt + 1])
        let nStart = aAt + 2 + aLen
        guard nStart <= body.upperBound else { return }
        walk(b, wStart..<aAt) { seen.remove($0); withdrawn += 1 }
        walk(b, nStart..<body.upperBound) { seen.insert($0); announced += 1 }
    }

    /// Calls `each` with (address << 8 | length) for every IPv4 prefix in `range`.
    @inline(__always)
    static func walk(_ b: [UInt8], _ range: Range<Int>, _ each: (UInt64) -> Void) {
        var i = range.lowerBound
        while i < range.upperBound {
            let len = Int(b[i])
            let octets = (len + 7) / 8
            guard len <= 32, i + 1 + octets <= range.upperBound else { return }
            var addr: UInt32 = 0
            for k in 0..<octets { addr |= UInt32(b[i + 1 + k]) << UInt32(24 - 8 * k) }
            each(UInt64(addr) << 8 | UInt64(len))
            i += 1 + octets
        }
    }
}
