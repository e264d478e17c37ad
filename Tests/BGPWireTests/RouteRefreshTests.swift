/// ROUTE-REFRESH golden bytes (RFC 2918 §3) with the RFC 7313 §3.2 subtypes, and the length
/// errors of RFC 7313 §5.
import Testing
@testable import BGPWire
import NetCore

@Suite("ROUTE-REFRESH")
struct RouteRefreshTests {
    @Test func goldenBothWays() throws {
        let cases: [(RouteRefreshMessage, [UInt8])] = [
            // IPv4 unicast, normal request: AFI 1, subtype 0, SAFI 1.
            (RouteRefreshMessage(family: .ipv4Unicast), [0x00, 0x01, 0x00, 0x01]),
            // IPv6 unicast, Beginning of Route Refresh.
            (RouteRefreshMessage(family: .ipv6Unicast, subtype: .beginning), [0x00, 0x02, 0x01, 0x01]),
            // IPv6 unicast, End of Route Refresh.
            (RouteRefreshMessage(family: .ipv6Unicast, subtype: .end), [0x00, 0x02, 0x02, 0x01]),
            // A reserved subtype (7) is kept; RFC 7313 §5 has the session ignore the message.
            (RouteRefreshMessage(family: AddressFamily(afi: .ipv4, safi: .mplsVPN), subtypeRaw: 7), [0x00, 0x01, 0x07, 0x80]),
        ]
        for (message, body) in cases {
            #expect(message.encode() == body)
            #expect(try RouteRefreshMessage.decode(body: body[...]) == message)
            let whole = BGPMessage.routeRefresh(message).encode(context: DecodeContext())
            #expect(whole == marker + [0x00, 0x17, 0x05] + body)
            #expect(try BGPMessage.decode(message: whole, context: DecodeContext()) == .routeRefresh(message))
        }
        #expect(try RouteRefreshMessage.decode(body: [0x00, 0x01, 0x07, 0x80]).subtype == nil)
    }

    @Test func badLengthEoRRFromABareBodyCarriesTheRebuiltMessage() {
        // Without the framer (e.g. from MRT): the error still carries the complete message.
        let body: [UInt8] = [0x00, 0x02, 0x02, 0x01, 0x00, 0x00]
        #expect(thrownNotification { try RouteRefreshMessage.decode(body: body[...]) }
                == NotificationMessage(code: 7, subcode: 1, data: marker + [0x00, 25, 0x05] + body))
    }

    @Test func badLengthNormalIsBadMessageLength() {
        #expect(thrownNotification { try RouteRefreshMessage.decode(body: [0x00, 0x01, 0x00]) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 22]))
        #expect(thrownNotification { try RouteRefreshMessage.decode(body: [0x00, 0x01, 0x00, 0x01, 0x00]) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 24]))
    }
}
