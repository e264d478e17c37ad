/// A minimal reader of the `protocol bgp NAME from bgp_template { … }` blocks in Calico's
/// compiled bird.cfg / bird6.cfg: the session parameters the golden tests compare.
import CalicoModel

struct BirdPeerBlock: Equatable, CustomStringConvertible {
    var name = ""
    var neighbor = ""
    var port: UInt16?
    var remoteAS = ""
    var localAS: String?
    var passive = false
    var sourceAddress: String?
    var ttlSecurity: UInt8?
    var rrClient = false
    var rrClusterID: String?
    var password = false
    var restartTime: UInt16?
    var keepalive: UInt16?
    var nextHop = "auto"
    var allowLocalAS: String?

    var description: String {
        "\(name) \(neighbor)\(port.map { " port \($0)" } ?? "") as \(remoteAS) local \(localAS ?? "-")"
            + (passive ? " passive" : "") + " src \(sourceAddress ?? "-") ttl \(ttlSecurity.map(String.init) ?? "off")"
            + (rrClient ? " rr-client \(rrClusterID ?? "?")" : "") + (password ? " password" : "")
            + " restart \(restartTime.map(String.init) ?? "-") keepalive \(keepalive.map(String.init) ?? "-")"
            + " next-hop \(nextHop)" + (allowLocalAS.map { " allow-local-as \($0)" } ?? "")
    }

    /// All blocks of one file.
    static func parse(_ text: String) -> [BirdPeerBlock] {
        var blocks: [BirdPeerBlock] = []
        var current: BirdPeerBlock?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("protocol bgp ") {
                current = BirdPeerBlock(name: String(line.split(separator: " ")[2]))
            } else if raw.hasPrefix("}"), let c = current {
                blocks.append(c)
                current = nil
            } else if current != nil {
                current?.read(line)
            }
        }
        return blocks
    }

    private mutating func read(_ line: String) {
        let w = line.replacingOccurrences(of: ";", with: " ").split(separator: " ").map(String.init)
        guard let first = w.first else { return }
        switch (first, w.count > 1 ? w[1] : "") {
        case ("neighbor", _):
            neighbor = w[1]
            if let i = w.firstIndex(of: "port") { port = UInt16(w[i + 1]) }
            if let i = w.firstIndex(of: "as") { remoteAS = w[i + 1] }
        case ("local", "as"): localAS = w[2]
        case ("passive", _): passive = true
        case ("source", "address"): sourceAddress = w[2]
        case ("multihop", _) where w.count > 1 && UInt8(w[1]) != nil: ttlSecurity = UInt8(w[1])
        case ("rr", "client"): rrClient = true
        case ("rr", "cluster"): rrClusterID = w[3]
        case ("password", _): password = true
        case ("graceful", "restart") where w.count > 3: restartTime = UInt16(w[3])
        case ("keepalive", "time"): keepalive = UInt16(w[2])
        case ("next", "hop"): nextHop = w[2]
        case ("allow", "local"): allowLocalAS = w[3]
        default: break
        }
    }

    /// The same view of a computed peer.
    init(_ p: PeerConfig, nodeAS: ASN) {
        name = p.name
        neighbor = p.address.description
        port = p.port
        remoteAS = p.remoteAS.description
        localAS = p.explicitLocalAS || p.localAS != nodeAS ? p.localAS.description : nil
        passive = p.passive
        sourceAddress = p.sourceAddress?.description
        ttlSecurity = p.ttlSecurity
        rrClient = p.routeReflectorClient
        rrClusterID = p.routeReflectorClusterID?.description
        password = p.password != nil
        restartTime = p.gracefulRestartTime
        keepalive = p.keepaliveTime
        nextHop = p.nextHop.rawValue
        allowLocalAS = p.numAllowedLocalAS.map(String.init)
    }

    init(name: String) { self.name = name }
}

import Foundation
import NetCore
