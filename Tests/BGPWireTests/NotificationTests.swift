/// NOTIFICATION golden bytes (RFC 4271 §4.5), names of every code and subcode, the Shutdown
/// Communication of RFC 9003 (build, extract, malformed cases) and Hard Reset (RFC 8538).
import Testing
@testable import BGPWire
import NetCore

@Suite("NOTIFICATION")
struct NotificationTests {
    @Test func goldenBothWays() throws {
        let cases: [(NotificationMessage, [UInt8])] = [
            // Hold Timer Expired: code 4, subcode 0, no data.
            (.holdTimerExpired, [0x04, 0x00]),
            // Bad Message Length with the offending length field 18.
            (NotificationMessage(MessageHeaderErrorSubcode.badMessageLength, data: [0x00, 0x12]), [0x01, 0x02, 0x00, 0x12]),
            // Bad Peer AS.
            (NotificationMessage(OpenMessageErrorSubcode.badPeerAS), [0x02, 0x02]),
            // Role Mismatch (RFC 9234): subcode 11.
            (NotificationMessage(OpenMessageErrorSubcode.roleMismatch), [0x02, 0x0B]),
            // Cease / Administrative Shutdown "maintenance" (RFC 9003: length, UTF-8).
            (.shutdown("maintenance"), [0x06, 0x02, 0x0B] + Array("maintenance".utf8)),
            // ROUTE-REFRESH Message Error / Invalid Message Length (RFC 7313).
            (NotificationMessage(RouteRefreshErrorSubcode.invalidMessageLength, data: [0xAB]), [0x07, 0x01, 0xAB]),
        ]
        for (message, body) in cases {
            #expect(message.encode() == body)
            #expect(try NotificationMessage.decode(body: body[...]) == message)
            #expect(try BGPMessage.decode(message: wireMessage(3, body), context: DecodeContext()) == .notification(message))
        }
    }

    @Test func tooShortBody() {
        #expect(thrownNotification { try NotificationMessage.decode(body: [0x06]) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 20]))
    }

    @Test func descriptions() {
        #expect(NotificationMessage.shutdown("maintenance").description == "Cease/Administrative Shutdown: \"maintenance\"")
        #expect(NotificationMessage.shutdown("bye", reset: true).description == "Cease/Administrative Reset: \"bye\"")
        #expect(NotificationMessage.shutdown("").description == "Cease/Administrative Shutdown (data 00)")
        #expect(NotificationMessage.holdTimerExpired.description == "Hold Timer Expired")
        #expect(NotificationMessage(MessageHeaderErrorSubcode.badMessageLength, data: [0x00, 0x12]).description
                == "Message Header Error/Bad Message Length (data 00 12)")
        #expect(NotificationMessage(FSMErrorSubcode.unexpectedMessageInOpenConfirm).description
                == "Finite State Machine Error/Receive Unexpected Message in OpenConfirm State")
        #expect(NotificationMessage(code: 99, subcode: 1).description == "code 99/subcode 1")
        #expect(NotificationMessage(code: 6, subcode: 42).description == "Cease/subcode 42")
        #expect(NotificationMessage(CeaseSubcode.bfdDown).description == "Cease/BFD Down")
        #expect(NotificationMessage(UpdateMessageErrorSubcode.malformedASPath).description == "UPDATE Message Error/Malformed AS_PATH")
        let long = NotificationMessage(code: 3, subcode: 1, data: [UInt8](repeating: 0xAB, count: 100))
        #expect(long.description.hasSuffix("ab …)"))
    }

    @Test func everyNamedCodeHasARealName() {
        for code in NotificationCode.allCases { #expect(!code.description.isEmpty && code.rawValue >= 1) }
        #expect(NotificationCode.allCases.map(\.rawValue) == Array(1...8))
        #expect(CeaseSubcode.allCases.map(\.rawValue) == Array(0...10))
        #expect(MessageHeaderErrorSubcode.allCases.map(\.rawValue) == Array(0...3))
        #expect(UpdateMessageErrorSubcode.allCases.map(\.rawValue) == Array(0...11))
        #expect(FSMErrorSubcode.allCases.map(\.rawValue) == Array(0...3))
        #expect(OpenMessageErrorSubcode.allCases.map(\.rawValue) == [0, 1, 2, 3, 4, 5, 6, 7, 11])
        for s in CeaseSubcode.allCases where s != .unspecific {
            #expect(NotificationMessage(s).subcodeName == s.description)
        }
    }

    @Test func shutdownCommunicationIsCutAt255BytesOnACharacterBoundary() {
        let text = String(repeating: "é", count: 200)  // 400 bytes
        let n = NotificationMessage.shutdown(text)
        #expect(n.data[0] == 254)  // 255 would split the 128th "é"
        #expect(n.data.count == 255)
        #expect(n.shutdownCommunication == String(repeating: "é", count: 127))
        let ascii = NotificationMessage.shutdown(String(repeating: "a", count: 300))
        #expect(ascii.data[0] == 255 && ascii.shutdownCommunication?.utf8.count == 255)
    }

    @Test func malformedShutdownCommunicationIsNilNeverATrap() {
        // Length octet 20 with 3 bytes after it.
        let overlong = NotificationMessage(code: 6, subcode: 2, data: [20, 0x61, 0x62, 0x63])
        #expect(overlong.shutdownCommunication == nil)
        #expect(overlong.description == "Cease/Administrative Shutdown (data 14 61 62 63)")
        // Not UTF-8.
        #expect(NotificationMessage(code: 6, subcode: 4, data: [2, 0xC3, 0x28]).shutdownCommunication == nil)
        // Empty data, length 0.
        #expect(NotificationMessage(code: 6, subcode: 2).shutdownCommunication == nil)
        #expect(NotificationMessage(code: 6, subcode: 2, data: [0]).shutdownCommunication == nil)
        // Other subcodes never carry one.
        #expect(NotificationMessage(code: 6, subcode: 3, data: [1, 0x61]).shutdownCommunication == nil)
        // Bytes after the communication are ignored.
        #expect(NotificationMessage(code: 6, subcode: 2, data: [1, 0x61, 0xFF]).shutdownCommunication == "a")
    }

    @Test func hardResetWrapsTheCause() {
        let hr = NotificationMessage.hardReset(.shutdown("upgrade"))
        #expect(hr.encode() == [0x06, 0x09, 0x02, 0x07] + Array("upgrade".utf8))
        #expect(hr.hardResetCause == .shutdown("upgrade"))
        #expect(hr.description == "Cease/Hard Reset (Cease/Administrative Shutdown: \"upgrade\")")
        // A Hard Reset nested in a Hard Reset is shown as data, not followed.
        let nested = NotificationMessage(code: 6, subcode: 9, data: [UInt8](repeating: 9, count: 4000))
        #expect(nested.description.hasPrefix("Cease/Hard Reset (data 09"))
    }
}
