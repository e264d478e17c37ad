/// Speaker: the node's BGP speaker — Transport `Listener`s, one `PeerRunner` per configured
/// peer (RFC 4271 §8 FSM, Dispatch timers, connections) and the `RoutingInformationBase`, all
/// on one serial queue. What the daemon uses: `start`, `apply`, `shutdown`, the snapshots
/// (Speaker+Snapshots.swift) and `setRouteChangeHandler`.
///
/// Never does: protocol decisions (BGPSession, RIB) or socket details (Transport, Platform).
import BGPSession
import BGPWire
import Dispatch
import Foundation
import Logging
import NetCore
import Platform
import RIB
import Transport

/// The BGP speaker of one node.
///
/// Threading: `@unchecked Sendable` because all mutable state (listeners, runners, RIB) is
/// touched only on `queue`, a serial queue. Public methods may be called from any thread
/// except `queue` itself: `start`, `apply` and the snapshot methods hop onto the queue with
/// `queue.sync` (calling them on `queue` would deadlock: a precondition traps instead);
/// `shutdown` returns at once and calls `completion` on the queue when done.
public final class Speaker: @unchecked Sendable {
    public let queue: DispatchQueue
    let logger: Logger
    var configuration: SpeakerConfiguration
    var rib: RoutingInformationBase
    var listeners: [Listener] = []
    var runners: [IPAddress: PeerRunner] = [:]
    var startedAt: Date?
    var lastErrors: [String] = []
    var routeChangeHandler: (@Sendable ([RouteChange]) -> Void)?
    var pumpScheduled = false
    /// Connections flushing a NOTIFICATION (waited for on shutdown).
    var closingConnections: [Connection] = []
    var isShutDown = false

    public init(configuration: SpeakerConfiguration, logger: Logger, queue: DispatchQueue? = nil) {
        self.configuration = configuration
        self.logger = logger
        self.queue = queue ?? DispatchQueue(label: "swiftlet.speaker")
        rib = RoutingInformationBase(configuration: Self.ribConfiguration(configuration))
    }

    static func ribConfiguration(_ c: SpeakerConfiguration) -> RIBConfiguration {
        RIBConfiguration(localAS: c.localAS, routerID: c.routerID, clusterID: c.clusterID?.rawValue)
    }

    /// Binds the listening sockets, originates the configured prefixes and starts every peer.
    /// Throws when a socket cannot be bound (nothing is left running then).
    public func start() throws {
        dispatchPrecondition(condition: .notOnQueue(queue))
        try queue.sync { () throws -> Void in
            try startListening()
            startedAt = Date()
            logger.info("BGP speaker started: router ID \(configuration.routerID), AS\(configuration.localAS), port \(listenPort)")
            originate(configuration.originated, replacing: [])
            for p in configuration.peers { addPeer(p) }
        }
    }

    /// One listener per address; with port 0 the first one's ephemeral port is used by all.
    func startListening() throws {
        var port = configuration.listenPort
        let addresses = configuration.listenAddresses.isEmpty
            ? [IPAddress.v4(.zero), IPAddress.v6(.zero)] : configuration.listenAddresses
        do {
            for address in addresses {
                let listener = Listener(configuration: .init(addresses: [SocketAddress(address, port: port)]), queue: queue)
                listener.isConfiguredPeer = { [unowned self] in runners[$0] != nil }
                listener.onAccept = { [unowned self] in runners[$0.remote.address]?.accept($0) }
                listener.log = { [logger] in logger.notice("\($0)") }
                for p in configuration.peers { try listener.setMD5Key(Self.md5Key(p), for: p.address) }
                try listener.start()
                port = listener.localAddresses.first?.port ?? port
                listeners.append(listener)
            }
        } catch {
            for l in listeners { l.close() }
            listeners.removeAll()
            throw error
        }
    }

    var listenPort: UInt16 { listeners.first?.localAddresses.first?.port ?? configuration.listenPort }

    static func md5Key(_ p: PeerSettings) -> [UInt8]? {
        p.password.map { Array($0.utf8) }
    }

    /// Adds a runner (and its RIB slot, and its MD5 key on the listeners) and starts it.
    func addPeer(_ p: PeerSettings) {
        let id = rib.addPeer(ribPeerConfiguration(p, local: nil))
        let runner = PeerRunner(speaker: self, settings: p, ribPeer: id)
        runners[p.address] = runner
        installKey(p)
        runner.start()
    }

    func installKey(_ p: PeerSettings) {
        for l in listeners {
            do { try l.setMD5Key(Self.md5Key(p), for: p.address) } catch {
                logger.error("cannot install the TCP MD5 key for \(p.address): \(error)", metadata: ["peer": "\(p.address)"])
            }
        }
    }

    /// Called on the speaker's queue with every batch of Loc-RIB changes (for the kernel writer).
    public func setRouteChangeHandler(_ handler: @escaping @Sendable ([RouteChange]) -> Void) {
        queue.async { self.routeChangeHandler = handler }
    }

    func recordError(_ text: String) {
        lastErrors.append(text)
        if lastErrors.count > 20 { lastErrors.removeFirst(lastErrors.count - 20) }
    }
}
