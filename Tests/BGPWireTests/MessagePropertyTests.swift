/// Property tests (swift-property-based): encode then decode is the identity for generated
/// OPENs (every capability kind, other parameters, both parameter encodings), NOTIFICATIONs,
/// ROUTE-REFRESHes and KEEPALIVEs; and framing a stream cut at random points yields exactly the
/// messages that were written.
import Testing
import PropertyBased
@testable import BGPWire
import NetCore

/// Random building blocks over any random number generator.
enum Random {
    static func bytes(_ range: ClosedRange<Int>, _ g: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<Int.random(in: range, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    static func family(_ g: inout some RandomNumberGenerator) -> AddressFamily {
        Bool.random(using: &g)
            ? [AddressFamily.ipv4Unicast, .ipv6Unicast, AddressFamily(afi: .ipv4, safi: .labeledUnicast)].randomElement(using: &g) ?? .ipv4Unicast
            : AddressFamily(afi: AFI(rawValue: .random(in: 0...0xFFFF, using: &g)), safi: SAFI(rawValue: .random(in: 0...255, using: &g)))
    }

    /// Text mixing ASCII with 2-, 3- and 4-byte UTF-8 characters.
    static func text(_ range: ClosedRange<Int>, _ g: inout some RandomNumberGenerator) -> String {
        let alphabet: [Character] = ["a", "z", "0", " ", "-", ".", "é", "ß", "日", "本", "🚀"]
        return String((0..<Int.random(in: range, using: &g)).map { _ in alphabet.randomElement(using: &g) ?? "a" })
    }

    static let knownCodes: Set<UInt8> = [1, 2, 5, 6, 9, 64, 65, 69, 70, 71, 73]

    static func capability(_ g: inout some RandomNumberGenerator) -> Capability {
        switch Int.random(in: 0...11, using: &g) {
        case 0: return .multiprotocol(family(&g))
        case 1: return .routeRefresh
        case 2: return .extendedNextHop((0..<Int.random(in: 0...4, using: &g)).map { _ in
            ExtendedNextHopEntry(family: family(&g), nextHopAFI: AFI(rawValue: .random(in: 0...0xFFFF, using: &g))) })
        case 3: return .extendedMessage
        case 4: return .role([BGPRole.provider, .routeServer, .routeServerClient, .customer, .peer].randomElement(using: &g) ?? .peer)
        case 5: return .gracefulRestart(GracefulRestart(
            restarting: .random(using: &g), notification: .random(using: &g), restartTime: .random(in: 0...4095, using: &g),
            families: (0..<Int.random(in: 0...4, using: &g)).map { _ in
                GracefulRestart.Family(family: family(&g), forwardingStatePreserved: .random(using: &g)) }))
        case 6: return .fourOctetAS(ASN(.random(in: 0...UInt32.max, using: &g)))
        case 7: return .addPath((0..<Int.random(in: 0...4, using: &g)).map { _ in
            AddPathFamily(family: family(&g), mode: AddPathMode(rawValue: .random(in: 1...3, using: &g))) })
        case 8: return .enhancedRouteRefresh
        case 9: return .longLivedGracefulRestart(LongLivedGracefulRestart(families: (0..<Int.random(in: 0...4, using: &g)).map { _ in
            LongLivedGracefulRestart.Family(family: family(&g), forwardingStatePreserved: .random(using: &g),
                                            staleTime: .random(in: 0...0xFFFFFF, using: &g)) }))
        case 10: return .fqdn(hostname: text(0...6, &g), domain: text(0...6, &g))
        default:
            var code = UInt8.random(in: 0...255, using: &g)
            while knownCodes.contains(code) { code &+= 1 }
            return .unknown(code: code, value: bytes(0...24, &g))
        }
    }

    static func open(_ g: inout some RandomNumberGenerator) -> OpenMessage {
        // Up to 30 capabilities: often more than 255 bytes, so both encodings are exercised.
        let capabilities = (0..<Int.random(in: 0...30, using: &g)).map { _ in capability(&g) }
        let others = (0..<Int.random(in: 0...2, using: &g)).map { _ in
            OptionalParameter(type: .random(in: 3...254, using: &g), value: bytes(0...30, &g)) }
        return OpenMessage(version: .random(in: 0...255, using: &g), myAS: .random(in: 0...0xFFFF, using: &g),
                           holdTime: .random(in: 0...0xFFFF, using: &g),
                           identifier: RouterID(rawValue: .random(in: 0...UInt32.max, using: &g)),
                           capabilities: capabilities, otherParameters: others,
                           extendedParameters: Int.random(in: 0...4, using: &g) == 0)
    }

    static func notification(_ g: inout some RandomNumberGenerator) -> NotificationMessage {
        if Bool.random(using: &g) {
            return .shutdown(text(0...140, &g), reset: .random(using: &g))
        }
        return NotificationMessage(code: .random(in: 0...255, using: &g), subcode: .random(in: 0...255, using: &g),
                                   data: bytes(0...100, &g))
    }

    static func routeRefresh(_ g: inout some RandomNumberGenerator) -> RouteRefreshMessage {
        RouteRefreshMessage(family: family(&g), subtypeRaw: .random(in: 0...255, using: &g))
    }

    static func message(_ g: inout some RandomNumberGenerator) -> BGPMessage {
        switch Int.random(in: 0...3, using: &g) {
        case 0: .open(open(&g))
        case 1: .notification(notification(&g))
        case 2: .routeRefresh(routeRefresh(&g))
        default: .keepalive
        }
    }
}

/// Generators without shrinking (the values are structured; a failing seed is reported).
enum Gens {
    static let open = Generator<OpenMessage, Shrink.None<OpenMessage>> { g in Random.open(&g) }
    static let notification = Generator<NotificationMessage, Shrink.None<NotificationMessage>> { g in Random.notification(&g) }
    static let routeRefresh = Generator<RouteRefreshMessage, Shrink.None<RouteRefreshMessage>> { g in Random.routeRefresh(&g) }
    static let messages = Generator<[BGPMessage], Shrink.None<[BGPMessage]>> { g in
        (0..<Int.random(in: 1...8, using: &g)).map { _ in Random.message(&g) }
    }
}

@Suite("Round trips")
struct MessagePropertyTests {
    let context = DecodeContext()

    @Test func openRoundTrips() async {
        await propertyCheck(count: 300, input: Gens.open) { (open) throws in
            var expected = open
            expected.extendedParameters = open.encodesExtendedParameters
            #expect(try OpenMessage.decode(body: open.encode()[...]) == expected)
            let whole = BGPMessage.open(open).encode(context: context)
            #expect(try BGPMessage.decode(message: whole, context: context) == .open(expected))
        }
    }

    @Test func capabilityRoundTrips() async {
        let gen = Generator<Capability, Shrink.None<Capability>> { g in Random.capability(&g) }
        await propertyCheck(count: 500, input: gen) { (capability) throws in
            #expect(try Capability.decodeList(capability.encode()[...]) == [capability])
        }
    }

    @Test func notificationRoundTrips() async {
        await propertyCheck(count: 300, input: Gens.notification) { (notification) throws in
            #expect(try NotificationMessage.decode(body: notification.encode()[...]) == notification)
            let whole = BGPMessage.notification(notification).encode(context: context)
            #expect(try BGPMessage.decode(message: whole, context: context) == .notification(notification))
            _ = notification.description  // never traps, whatever the data
        }
    }

    @Test func shutdownCommunicationRoundTrips() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1000)) { (seed) throws in
            var g = SplitMix(seed: UInt64(seed))
            let text = Random.text(1...120, &g)
            let n = NotificationMessage.shutdown(text)
            #expect(n.data.count <= 256)
            #expect(n.shutdownCommunication.map { text.hasPrefix($0) } ?? false)
            if text.utf8.count <= 255 { #expect(n.shutdownCommunication == text) }
        }
    }

    @Test func routeRefreshRoundTrips() async {
        await propertyCheck(count: 300, input: Gens.routeRefresh) { (refresh) throws in
            #expect(try RouteRefreshMessage.decode(body: refresh.encode()[...]) == refresh)
            let whole = BGPMessage.routeRefresh(refresh).encode(context: context)
            #expect(whole.count == 23)
            #expect(try BGPMessage.decode(message: whole, context: context) == .routeRefresh(refresh))
        }
    }

    @Test func framingAStreamCutAnywhere() async {
        await propertyCheck(count: 200, input: Gens.messages, Gen.int(in: 1...64)) { (messages, chunk) throws in
            // Normalise: what decoding would report for each generated value.
            let expected = messages.map { m -> BGPMessage in
                guard case .open(var o) = m else { return m }
                o.extendedParameters = o.encodesExtendedParameters
                return .open(o)
            }
            let stream = messages.flatMap { $0.encode(context: context) }
            // Deliver `chunk` bytes at a time into a growing buffer, as a socket would.
            var buffer = [UInt8]()
            var consumed = 0
            var got = [BGPMessage]()
            var offset = 0
            while offset < stream.count {
                let end = min(offset + chunk, stream.count)
                buffer.append(contentsOf: stream[offset..<end])
                offset = end
                while let (message, length) = try BGPMessage.decodeNext(from: buffer[consumed...], context: context) {
                    got.append(message)
                    consumed += length
                }
            }
            #expect(consumed == stream.count)
            #expect(got == expected)
        }
    }
}

extension MessagePropertyTests {
    /// Damaged input never traps or hangs: a valid message with random bytes overwritten (the
    /// header's marker and length kept, so the body decoders are reached) decodes or throws.
    @Test func damagedMessagesNeverTrap() async {
        let gen = Generator<[UInt8], Shrink.None<[UInt8]>> { g in
            var bytes = Random.message(&g).encode(context: DecodeContext())
            for _ in 0..<Int.random(in: 1...6, using: &g) {
                let i = Int.random(in: 18..<bytes.count, using: &g)
                bytes[i] = .random(in: 0...255, using: &g)
            }
            return bytes
        }
        await propertyCheck(count: 1000, input: gen) { bytes in
            if let message = try? BGPMessage.decode(message: bytes, context: DecodeContext()) {
                _ = message.encode(context: DecodeContext())
            }
        }
    }
}

/// A tiny deterministic generator for tests that derive values from an integer seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
