/// `KernelRouteWriter`: keeps the kernel's route table — and the tunnel devices, neighbour and
/// FDB entries the routes go through — in step with BGP. Loc-RIB changes (from the speaker's
/// queue) and configuration changes are recorded and applied, coalesced, on the writer's own
/// serial queue — the `RouteTable` and `TunnelDevices` block on netlink ACKs, so never on the
/// speaker's queue. A periodic full resync (and one on SIGHUP) repairs drift. Each apply first
/// brings the tunnel devices to what the pools need, then writes the routes; a pool whose device
/// cannot be built (tunl0 on a kernel without ipip) is left out, reported once, and every other
/// pool is served.
///
/// Restart safety: at start the writer holds — it writes nothing, so the routes of our protocol
/// that a previous swiftletd left in the kernel stay in place — until every configured peer has
/// converged (Established and quiet for `settle` seconds) or `grace` seconds have passed; then
/// the first apply dumps the kernel, keeps what is still wanted untouched, adds what is missing
/// and removes what is stale. Stopping leaves every route in place (BIRD's graceful behaviour).
import CalicoModel
import Dispatch
import Foundation
import Kernel
import Logging
import NetCore
import Speaker

public final class KernelRouteWriter: @unchecked Sendable {
    // @unchecked: every `var` is only touched on `queue`; the `let`s are immutable or Sendable.
    public let table: any RouteTable
    public let tunnels: any TunnelDevices
    let options: KernelOptions
    let logger: Logger
    let queue = DispatchQueue(label: "swiftlet.kernel")
    /// Whether BGP has converged (every configured peer up and settled).
    let converged: @Sendable () -> Bool
    /// Whether every configured peer is Established and sent its End-of-RIB (RFC 4724 §2) for
    /// every family: the initial tables are complete, no quiet second needs waiting for.
    let endOfRIBFromAll: @Sendable () -> Bool
    /// The hold's end is queued behind the route changes already handed over (`checkConvergence`).
    var holdEndQueued = false

    var learned: [IPPrefix: [IPAddress]] = [:]
    var config: DesiredNodeConfig
    var local: KernelLocalNode
    /// The tunnel dataplane after the last apply; nil before the first.
    var tunnelStatus: TunnelStatus?
    var reportedTunnelFailures: Set<String> = []
    /// What this writer allocated for this node (VXLAN address, MAC) until the Node resource
    /// carries it: a reload with an older Node keeps these, so the MAC never changes twice.
    var allocated = KernelLocalNode()
    /// Allocated settings the Node resource does not carry yet: published (again) on the next
    /// apply — a failed or lost write (another writer of the same file) heals itself.
    var pendingPublish: KernelLocalNode?
    var lastPublishError: String?
    /// Writes this node's allocated tunnel settings into its Node resource (the daemon's
    /// datastore); nil: not published (tests).
    public var publisher: (@Sendable (KernelLocalNode) throws -> Void)? {
        get { queue.sync { publish } }
        set { queue.sync { publish = newValue } }
    }
    var publish: (@Sendable (KernelLocalNode) throws -> Void)?
    var holding = true
    var stopped = false
    let started = Date()
    var lastChange = Date.distantPast
    var applyScheduled = false
    var skipped: [SkippedPool] = []
    var reportedPools: Set<String> = []
    var reportedFailures: Set<String> = []
    var lastError: String?
    var applyCount = 0
    var timers: [DispatchSourceTimer] = []

    public init(table: any RouteTable, tunnels: any TunnelDevices, options: KernelOptions, config: DesiredNodeConfig,
                local: KernelLocalNode = KernelLocalNode(), logger: Logger,
                endOfRIBFromAll: @escaping @Sendable () -> Bool = { false },
                converged: @escaping @Sendable () -> Bool) {
        self.endOfRIBFromAll = endOfRIBFromAll
        self.table = table
        self.tunnels = tunnels
        self.options = options
        self.config = config
        self.local = local
        self.logger = logger
        self.converged = converged
    }

    /// Starts the convergence check and the periodic resync.
    public func start() {
        queue.async { [self] in
            reportSkippedPools(KernelDesiredRoutes.compute(learned: learned, config: config, local: local).skipped)
            logger.info("kernel routes: table \(options.table) proto \(options.routeProtocol); keeping the routes already there until BGP has converged (at most \(Int(options.grace)) s)")
            timers.append(repeating(0.2) { [self] in checkConvergence() })
            timers.append(repeating(options.resyncInterval) { [self] in resyncOnQueue("periodic") })
        }
    }

    /// Loc-RIB changes from the speaker (called on the speaker's queue: only hands them over).
    public func routesChanged(_ changes: [LocRIBChange]) {
        queue.async { [self] in
            for c in changes {
                learned[c.prefix] = c.isLocal || c.nextHops.isEmpty ? nil : c.nextHops
            }
            lastChange = Date()
            scheduleApply()
        }
    }

    /// A new configuration (blocks, pools, nodes) and this node's own tunnel addresses.
    public func configure(_ next: DesiredNodeConfig, local nextLocal: KernelLocalNode = KernelLocalNode()) {
        queue.async { [self] in
            config = next
            local = nextLocal
            let missing = (nextLocal.vxlanTunnelAddress == nil && allocated.vxlanTunnelAddress != nil)
                || (nextLocal.vxlanTunnelMAC == nil && allocated.vxlanTunnelMAC != nil)
            local.vxlanTunnelAddress = local.vxlanTunnelAddress ?? allocated.vxlanTunnelAddress
            local.vxlanTunnelMAC = local.vxlanTunnelMAC ?? allocated.vxlanTunnelMAC
            pendingPublish = missing ? allocated : nil
            scheduleApply()
        }
    }

    /// Dump the kernel and repair (SIGHUP). While holding, nothing is written.
    public func resync() { queue.async { [self] in resyncOnQueue("requested") } }

    /// Stops writing; every route stays in the kernel.
    public func stop() {
        queue.sync {
            stopped = true
            for t in timers { t.cancel() }
            timers = []
        }
    }

    /// Waits until the queue has run everything submitted so far (tests).
    public func flush() { queue.sync {} }

    // MARK: on the queue

    func scheduleApply() {
        guard !applyScheduled, !stopped else { return }
        applyScheduled = true
        queue.asyncAfter(deadline: .now() + options.applyDelay) { [self] in
            applyScheduled = false
            applyOnQueue()
        }
    }

    func checkConvergence() {
        guard holding, !stopped else { return }
        let waited = Date().timeIntervalSince(started)
        let quiet = Date().timeIntervalSince(lastChange) >= options.settle
        if !quiet, !holdEndQueued, endOfRIBFromAll() {
            // Every peer's initial table is in. The route changes it caused were handed over
            // (queue.async from the speaker) before its End-of-RIB was recorded, so they are on
            // this queue ahead of a block queued now: end the hold there, with them applied,
            // instead of waiting for a quiet second that steady churn may never leave.
            holdEndQueued = true
            queue.async { [self] in
                guard holding, !stopped else { return }
                logger.info("kernel routes: End-of-RIB from every peer after \(String(format: "%.1f", Date().timeIntervalSince(started))) s; programming the kernel, stale routes of ours are removed now")
                holding = false
                applyOnQueue()
            }
            return
        }
        if quiet && converged() {
            logger.info("kernel routes: BGP converged after \(String(format: "%.1f", waited)) s; programming the kernel, stale routes of ours are removed now")
        } else if waited >= options.grace {
            logger.warning("kernel routes: BGP has not converged within the \(Int(options.grace)) s grace time; programming the kernel now, stale routes of ours are removed")
        } else {
            return
        }
        holding = false
        applyOnQueue()
    }

    func resyncOnQueue(_ why: String) {
        guard !holding, !stopped else { return }
        logger.debug("kernel routes: \(why) resync")
        table.scheduleResync()
        applyOnQueue()
    }

    func applyOnQueue() {
        if !holding, !stopped { allocateTunnelSettings() }
        let plan = KernelDesiredRoutes.plan(learned: learned, config: config, local: local)
        guard !holding, !stopped else {
            let (routes, skippedNow) = KernelDesiredRoutes.finish(plan, tunnels: nil)
            reportSkippedPools(skippedNow)
            table.setDesired(routes)
            return
        }
        do {
            let devices = try tunnels.apply(plan.tunnels)
            // Say what the devices are whenever they change (created, adopted, fixed, removed):
            // operators grep the log for tunl0 / vxlan.calico.
            let before = tunnelStatus?.devices ?? []
            if devices.status.devices != before {
                if devices.status.devices.isEmpty, !before.isEmpty {
                    logger.info("kernel routes: no tunnel device needed any more")
                }
                for d in devices.status.devices where !before.contains(d) {
                    logger.info("kernel routes: tunnel device \(d) (\(devices.writes) write(s) this pass)")
                }
            }
            tunnelStatus = devices.status
            // New or recreated devices have new indexes (and lost their routes): dump again.
            if devices.interfacesChanged { table.scheduleResync() }
            reportTunnelFailures(devices.status.failures)
        } catch {
            if lastError != "tunnel devices: \(error)" { logger.error("kernel routes: tunnel devices: \(error); retrying in 1 s") }
            lastError = "tunnel devices: \(error)"
            queue.asyncAfter(deadline: .now() + 1) { [self] in if lastError != nil { applyOnQueue() } }
            return
        }
        let (routes, skippedNow) = KernelDesiredRoutes.finish(plan, tunnels: tunnelStatus)
        reportSkippedPools(skippedNow)
        table.setDesired(routes)
        do {
            let report = try table.apply()
            applyCount += 1
            if lastError != nil { logger.info("kernel routes: applying works again") }
            lastError = nil
            if report.writes > 0 || report.failed > 0 {
                logger.debug("kernel routes: \(report.added) added, \(report.replaced) replaced, \(report.deleted) deleted, \(report.failed) failed\(report.resynced ? " (after a dump)" : "")")
            }
        } catch {
            if lastError != error.description { logger.error("kernel routes: \(error); retrying in 1 s") }
            lastError = error.description
            table.scheduleResync()
            queue.asyncAfter(deadline: .now() + 1) { [self] in if lastError != nil { applyOnQueue() } }
        }
        reportFailures()
    }

    /// One error line per pool, when it first appears.
    func reportSkippedPools(_ now: [SkippedPool]) {
        skipped = now
        let names = Set(now.map(\.name))
        for p in now where !reportedPools.contains(p.name) { logger.error("\(p.reason)") }
        reportedPools = names
    }

    /// A VXLAN pool and no VXLAN address or MAC in this node's Node resource: allocate them (as
    /// calico-node does) and publish them so the other nodes learn this node's VTEP.
    func allocateTunnelSettings() {
        guard KernelTunnelAllocation.needsVXLAN(config) else { return }
        var next = local
        var what: [String] = []
        if next.vxlanTunnelMAC == nil {
            next.vxlanTunnelMAC = KernelTunnelAllocation.randomMAC()
            what.append("vxlanTunnelMACAddr \(next.vxlanTunnelMAC ?? "")")
        }
        if next.vxlanTunnelAddress == nil, let (address, block) = KernelTunnelAllocation.vxlanAddress(config) {
            next.vxlanTunnelAddress = address
            what.append("ipv4VXLANTunnelAddr \(address) (first free address of block \(block))")
        }
        if next != local {
            local = next
            allocated.vxlanTunnelAddress = next.vxlanTunnelAddress
            allocated.vxlanTunnelMAC = next.vxlanTunnelMAC
            pendingPublish = allocated
            logger.info("kernel routes: allocated \(what.joined(separator: ", ")) for this node")
        }
        publishPending()
    }

    /// Writes the allocated settings into the Node resource; a failure is logged once (per
    /// distinct error) and retried on the next apply.
    func publishPending() {
        guard let pending = pendingPublish, let publish else { return }
        do {
            try publish(pending)
            pendingPublish = nil
            lastPublishError = nil
            logger.info("kernel routes: published this node's VXLAN tunnel address and MAC in Node \(config.nodeName)")
        } catch {
            if lastPublishError != "\(error)" {
                logger.error("kernel routes: could not publish this node's VXLAN tunnel address and MAC in Node \(config.nodeName): \(error); other nodes cannot reach its VTEP until it is published (retried on every apply)")
            }
            lastPublishError = "\(error)"
        }
    }

    /// One error line per tunnel failure, when it first appears. Failures that keep a device from
    /// existing are reported once per pool instead (`reportSkippedPools`), naming the pool.
    func reportTunnelFailures(_ failures: [TunnelFailure]) {
        let now = Set(failures.map(\.message))
        for f in failures where !reportedTunnelFailures.contains(f.message) {
            if f.operation == "create" || f.operation == "find underlay" {
                logger.debug("kernel routes: \(f.message)")
            } else {
                logger.error("kernel routes: \(f.message)")
            }
        }
        reportedTunnelFailures = now
    }

    /// One error line per refused route, when it first fails.
    func reportFailures() {
        let failures = table.status.failures
        let now = Set(failures.map(\.message))
        let new = failures.filter { !reportedFailures.contains($0.message) }
        for f in new.prefix(10) { logger.error("kernel routes: \(f.message)") }
        if new.count > 10 { logger.error("kernel routes: \(new.count - 10) more route(s) refused; see swiftletctl routes --kernel") }
        reportedFailures = now
    }

    func repeating(_ seconds: Double, _ body: @escaping @Sendable () -> Void) -> DispatchSourceTimer {
        let t = DispatchSource.makeTimerSource(queue: queue)
        t.schedule(deadline: .now() + seconds, repeating: seconds)
        t.setEventHandler(handler: body)
        t.resume()
        return t
    }

    // MARK: reports

    public var status: KernelStatus { queue.sync { statusOnQueue(table.status) } }

    func statusOnQueue(_ s: RouteTableStatus) -> KernelStatus {
        let phase = stopped ? "stopped" : holding ? "holding" : "programming"
        let left = max(0, options.grace - Date().timeIntervalSince(started))
        let detail = stopped ? "swiftletd is stopping; kernel routes are left in place"
            : holding ? "waiting for every BGP peer to converge (at most \(Int(left.rounded(.up))) s more): routes of proto \(options.routeProtocol) already in the kernel are kept, nothing is written yet"
            : lastError.map { "applying failed: \($0)" } ?? "in step with BGP (\(applyCount) apply pass(es))"
        return KernelStatus(
            enabled: true, phase: phase, phaseDetail: detail, table: options.table, routeProtocol: options.routeProtocol,
            desired: table.desired.count, programmed: s.programmed.count, failures: s.failures.count,
            skippedPools: skipped, lastError: lastError, resyncCount: s.resyncCount, applyCount: applyCount,
            devices: tunnelStatus?.devices.map(\.description) ?? [],
            tunnelFailures: tunnelStatus?.failures.map(\.message) ?? [])
    }

    /// `ip route` text with the tunnel devices' indexes replaced by their names.
    func named(_ text: String) -> String {
        var out = text
        for d in tunnelStatus?.devices ?? [] {
            out = out.replacingOccurrences(of: "dev #\(d.index) ", with: "dev \(d.name) ")
            if out.hasSuffix("dev #\(d.index)") { out = String(out.dropLast("#\(d.index)".count)) + d.name }
        }
        return out
    }

    public var routes: KernelRoutes {
        queue.sync {
            let s = table.status
            let programmedPrefixes = Set(s.programmed.map(\.destination))
            return KernelRoutes(
                status: statusOnQueue(s),
                programmed: s.programmed.map { named($0.description) },
                pending: table.desired.filter { !programmedPrefixes.contains($0.prefix) }.map(\.description),
                failures: s.failures.map { KernelRouteFailure(route: named($0.route.description), operation: $0.operation,
                                                              message: named($0.message)) },
                neighbours: tunnelStatus?.neighbours ?? [], fdb: tunnelStatus?.fdb ?? [])
        }
    }
}
