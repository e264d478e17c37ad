/// BGPMessage dispatch: KEEPALIVE golden bytes (RFC 4271 §4.4), frame+decode in one call,
/// errors for trailing or missing bytes, and decoding by raw type octet.
import Testing
@testable import BGPWire
import NetCore

@Suite("BGPMessage")
struct MessageTests {
    let context = DecodeContext()

    @Test func keepaliveGolden() throws {
        let bytes = marker + [0x00, 0x13, 0x04]  // 19 bytes, type 4
        #expect(BGPMessage.keepalive.encode(context: context) == bytes)
        #expect(try BGPMessage.decode(message: bytes, context: context) == .keepalive)
    }

    @Test func keepaliveWithABodyIsBadLength() {
        // Through the framer and straight into the body decoder: the same 1/2 with length 20.
        #expect(thrownNotification { try BGPMessage.decode(message: wireMessage(4, [0]), context: context) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 20]))
        #expect(thrownNotification { try BGPMessage.decode(type: .keepalive, body: [0], context: context) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 20]))
    }

    @Test func decodeNextWalksABuffer() throws {
        let buffer = BGPMessage.keepaliveBytes + wireMessage(3, [0x06, 0x02, 0x00])
            + BGPMessage.routeRefresh(RouteRefreshMessage(family: .ipv6Unicast)).encode(context: context)
        var rest = buffer[...]
        var got = [BGPMessage]()
        while let (message, length) = try BGPMessage.decodeNext(from: rest, context: context) {
            got.append(message)
            rest = rest.dropFirst(length)
        }
        #expect(rest.isEmpty)
        #expect(got == [.keepalive, .notification(.shutdown("")),
                        .routeRefresh(RouteRefreshMessage(family: .ipv6Unicast))])
    }

    @Test func decodeNextNeedsMoreBytes() throws {
        #expect(try BGPMessage.decodeNext(from: BGPMessage.keepaliveBytes.prefix(18), context: context) == nil)
    }

    @Test func exactlyOneMessage() {
        #expect(thrownNotification { try BGPMessage.decode(message: BGPMessage.keepaliveBytes + [0xFF], context: context) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 0x13]))
        #expect(thrownNotification { try BGPMessage.decode(message: Array(BGPMessage.keepaliveBytes.prefix(18)), context: context) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 0x13]))
        #expect(thrownNotification { try BGPMessage.decode(message: [0xFF], context: context) }
                == NotificationMessage(code: 1, subcode: 2, data: []))
    }

    @Test func rawTypeDispatch() throws {
        #expect(try BGPMessage.decode(rawType: 4, body: [], context: context) == .keepalive)
        #expect(thrownNotification { try BGPMessage.decode(rawType: 9, body: [], context: context) }
                == NotificationMessage(code: 1, subcode: 3, data: [9]))
    }

    @Test func typeNames() {
        #expect(MessageType.allCases.map(\.description) == ["OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE", "ROUTE-REFRESH"])
    }

    @Test func updateGoesThroughTheUpdateCodec() throws {
        // The smallest UPDATE: no withdrawn routes, no attributes, no NLRI (IPv4 End-of-RIB).
        let bytes = marker + [0x00, 0x17, 0x02, 0x00, 0x00, 0x00, 0x00]
        guard case .update(let update) = try BGPMessage.decode(message: bytes, context: context) else {
            Issue.record("not an UPDATE"); return
        }
        #expect(update.withdrawn.isEmpty && update.attributes.isEmpty && update.nlri.isEmpty)
        #expect(BGPMessage.update(update).encode(context: context) == bytes)
    }
}
