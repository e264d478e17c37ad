/// The human forms of the kernel replies: the `kernel` section under `swiftletctl status` (with
/// skipped pools, tunnel devices and tunnel failures), and `swiftletctl routes --kernel`
/// (programmed routes, pending ones, VTEP neighbours and FDB entries, failures with why).
extension ControlText {
    public static func status(_ s: DaemonStatus) -> String {
        status(s.speaker) + kernelSection(s.kernel)
    }

    static func kernelSection(_ k: KernelStatus) -> String {
        guard k.enabled else { return "kernel         not programmed (--no-kernel)\n" }
        var lines = [
            "kernel         \(k.phase): \(k.phaseDetail)",
            "  table \(k.table) proto \(k.routeProtocol): \(k.programmed) programmed, \(k.desired) desired, \(k.failures) failed, \(k.resyncCount) resync(s)",
        ]
        if let e = k.lastError { lines.append("  last error: \(e)") }
        for p in k.skippedPools {
            lines.append("  skipped pool \(p.name) (\(p.cidr)), \(p.skippedRoutes) route(s): \(p.reason)")
        }
        for d in k.devices { lines.append("  device \(d)") }
        for f in k.tunnelFailures { lines.append("  tunnel failure: \(f)") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func kernelRoutes(_ r: KernelRoutes) -> String {
        var out = kernelSection(r.status)
        guard r.status.enabled else { return out }
        out += r.programmed.isEmpty ? "no routes programmed\n" : "programmed\n" + r.programmed.map { "  \($0)\n" }.joined()
        if !r.pending.isEmpty { out += "pending\n" + r.pending.map { "  \($0)\n" }.joined() }
        if !r.neighbours.isEmpty { out += "neighbours\n" + r.neighbours.map { "  \($0)\n" }.joined() }
        if !r.fdb.isEmpty { out += "fdb\n" + r.fdb.map { "  \($0)\n" }.joined() }
        if !r.failures.isEmpty { out += "failed\n" + r.failures.map { "  \($0.message)\n" }.joined() }
        return out
    }
}
