/// Test harness: speakers on loopback with ephemeral ports, and bounded polling.
import Foundation
import Logging
import NetCore
@testable import Speaker

enum Harness {
    static let v4 = IPAddress("127.0.0.1")!  // literal, known valid
    static let v6 = IPAddress("::1")!        // literal, known valid

    /// A started speaker with no peers listening on `addresses` (ephemeral port).
    static func speaker(_ name: String, routerID: String, asn: ASN, addresses: [IPAddress] = [v4],
                        clusterID: String? = nil, originated: [String] = []) throws -> Speaker {
        var config = SpeakerConfiguration(
            routerID: RouterID(IPv4Address(routerID)!), localAS: asn,
            clusterID: clusterID.flatMap { IPv4Address($0) }, listenAddresses: addresses, listenPort: 0,
            localIPv6: IPv6Address("::1"), originated: originated.map { .init(IPPrefix($0)!) },
            exportAllowed: [IPPrefix("10.0.0.0/8")!, IPPrefix("2001:db8::/32")!],
            connectRetryTime: .seconds(2), idleHoldTime: .milliseconds(300), connectTimeout: .seconds(3))
        config.holdTime = 30
        var logger = Logger(label: "speaker.\(name)")
        logger.logLevel = ProcessInfo.processInfo.environment["SPEAKER_TEST_LOG"] != nil ? .debug : .critical
        let speaker = Speaker(configuration: config, logger: logger)
        try speaker.start()
        return speaker
    }

    static func peer(_ address: IPAddress, _ other: Speaker, asn: ASN, name: String, rrClient: Bool = false,
                     password: String? = nil) -> PeerSettings {
        PeerSettings(name: name, kind: rrClient ? .rrClient : .global, address: address,
                     port: other.status().listenPort, remoteAS: asn, password: password,
                     routeReflectorClient: rrClient)
    }

    /// Adds `peers` to `speaker`'s running configuration.
    static func add(_ peers: [PeerSettings], to speaker: Speaker) {
        var c = speaker.currentConfiguration
        c.peers += peers
        speaker.apply(c)
    }

    /// Polls `condition` every 50 ms for at most `seconds`.
    static func wait(_ seconds: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }

    static func peer(_ speaker: Speaker, _ name: String) -> PeerStatus? {
        speaker.peers().first { $0.name == name }
    }

    static func established(_ speaker: Speaker, _ name: String) -> Bool {
        peer(speaker, name)?.state == "Established"
    }

    static func route(_ speaker: Speaker, _ prefix: String) -> RouteStatus? {
        speaker.routes(prefix: IPPrefix(prefix)).first { $0.best }
    }

    static func stop(_ speakers: Speaker...) {
        for s in speakers {
            let done = DispatchSemaphore(value: 0)
            s.shutdown(communication: "test over") { done.signal() }
            _ = done.wait(timeout: .now() + 6)
        }
    }
}
