/// Framing tests (RFC 4271 §4.1, §6.1; RFC 7313 §5; RFC 8654 §4): partial input, back-to-back
/// messages, and every header error with its exact code, subcode and data. Also holds the small
/// helpers the other BGPWire message tests share.
import Testing
@testable import BGPWire
import NetCore

/// The 16-byte all-ones marker.
let marker = [UInt8](repeating: 0xFF, count: 16)

/// A message with a correct header around `body`.
func wireMessage(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
    let length = 19 + body.count
    return marker + [UInt8(length >> 8), UInt8(length & 0xFF), type] + body
}

/// A message whose header claims `length` whatever the body is.
func wireMessage(_ type: UInt8, length: Int, _ body: [UInt8]) -> [UInt8] {
    marker + [UInt8(length >> 8), UInt8(length & 0xFF), type] + body
}

/// The NOTIFICATION carried by the WireError `f` throws, or nil when it does not throw.
/// (Closures infer untyped `throws`, so any other error is recorded as a test failure.)
func thrownNotification<T>(_ f: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation) -> NotificationMessage? {
    do {
        _ = try f()
        return nil
    } catch let error as WireError {
        return error.notification
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

@Suite("MessageFramer")
struct FramerTests {
    let keepalive = wireMessage(4, [])
    let refresh = wireMessage(5, [0x00, 0x01, 0x00, 0x01])

    @Test func wholeKeepalive() throws {
        let out = try MessageFramer().frame(keepalive[...])
        guard case let .message(type, body, total) = out else { Issue.record("not framed: \(out)"); return }
        #expect(type == .keepalive)
        #expect(body.isEmpty)
        #expect(total == 19)
    }

    @Test func everyPartialHeaderNeedsMoreBytes() throws {
        for n in 0..<19 {
            #expect(try MessageFramer().frame(refresh.prefix(n)) == .needMoreBytes, "after \(n) bytes")
        }
    }

    @Test func partialBodyNeedsMoreBytes() throws {
        for n in 19..<refresh.count {
            #expect(try MessageFramer().frame(refresh.prefix(n)) == .needMoreBytes, "after \(n) bytes")
        }
    }

    @Test func twoMessagesBackToBackWithoutCopying() throws {
        let buffer = refresh + keepalive + [0xFF, 0xFF]  // and the start of a third
        let framer = MessageFramer()
        guard case let .message(t1, b1, n1) = try framer.frame(buffer[...]) else { Issue.record("first"); return }
        #expect(t1 == .routeRefresh)
        #expect(n1 == 23)
        #expect(b1.startIndex == 19 && b1.endIndex == 23)  // a view into `buffer`
        #expect(Array(b1) == [0, 1, 0, 1])
        let rest = buffer.dropFirst(n1)
        guard case let .message(t2, b2, n2) = try framer.frame(rest) else { Issue.record("second"); return }
        #expect(t2 == .keepalive)
        #expect(b2.isEmpty && b2.startIndex == 42)
        #expect(n2 == 19)
        #expect(try framer.frame(rest.dropFirst(n2)) == .needMoreBytes)
    }

    @Test func badMarkerIsSeenAsSoonAsItArrives() {
        var bytes = keepalive
        bytes[3] = 0xFE
        // Only five bytes have arrived, and byte 3 is already wrong: 1/1, no data.
        #expect(thrownNotification { try MessageFramer().frame(bytes.prefix(5)) }
                == NotificationMessage(code: 1, subcode: 1, data: []))
        #expect(thrownNotification { try MessageFramer().frame(bytes[...]) }?.subcode == 1)
    }

    @Test func lengthBelowHeaderSize() {
        let bytes = wireMessage(4, length: 18, [])
        #expect(thrownNotification { try MessageFramer().frame(bytes[...]) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 0x12]))
        // Known as soon as the length field is in, before the type octet.
        #expect(thrownNotification { try MessageFramer().frame(bytes.prefix(18)) }?.data == [0x00, 0x12])
    }

    @Test func lengthAboveMaximum() throws {
        let bytes = wireMessage(2, length: 4097, [])
        #expect(thrownNotification { try MessageFramer().frame(bytes[...]) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x10, 0x01]))
        // With RFC 8654 Extended Messages a 4097-byte UPDATE is fine (and incomplete here).
        #expect(try MessageFramer(maxMessageLength: 65535).frame(bytes[...]) == .needMoreBytes)
        #expect(try MessageFramer(context: DecodeContext(extendedMessage: true)).frame(bytes[...]) == .needMoreBytes)
    }

    @Test func openIsNeverAnExtendedMessage() {
        // RFC 8654 §4: OPEN stays within 4096 even when the limit is 65535.
        let bytes = wireMessage(1, length: 4097, [])
        #expect(thrownNotification { try MessageFramer(maxMessageLength: 65535).frame(bytes[...]) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x10, 0x01]))
    }

    @Test(arguments: [UInt8(0), 6, 7, 128, 255])
    func unknownType(_ type: UInt8) {
        #expect(thrownNotification { try MessageFramer().frame(wireMessage(type, length: 19, [])[...]) }
                == NotificationMessage(code: 1, subcode: 3, data: [type]))
    }

    @Test(arguments: [
        (UInt8(1), 28),  // OPEN < 29
        (2, 22),  // UPDATE < 23
        (3, 20),  // NOTIFICATION < 21
        (4, 20),  // KEEPALIVE != 19
        (5, 22),  // ROUTE-REFRESH != 23 (too short to hold a subtype)
    ])
    func lengthWrongForType(_ type: UInt8, _ length: Int) {
        let bytes = wireMessage(type, length: length, [UInt8](repeating: 0, count: length - 19))
        #expect(thrownNotification { try MessageFramer().frame(bytes[...]) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, UInt8(length)]))
    }

    @Test func minimumLengthsAreAccepted() throws {
        for (type, length) in [(UInt8(1), 29), (2, 23), (3, 21), (4, 19), (5, 23)] {
            let bytes = wireMessage(type, length: length, [UInt8](repeating: 0, count: length - 19))
            guard case let .message(_, body, total) = try MessageFramer().frame(bytes[...]) else {
                Issue.record("type \(type) not framed"); continue
            }
            #expect(total == length && body.count == length - 19)
        }
    }

    @Test func routeRefreshBadLengthNormalSubtypeIsHeaderError() {
        // Subtype 0 (RFC 2918): RFC 7313 §5 does not apply, so 1/2 with the length field.
        let bytes = wireMessage(5, [0x00, 0x01, 0x00, 0x01, 0x00])
        #expect(thrownNotification { try MessageFramer().frame(bytes[...]) }
                == NotificationMessage(code: 1, subcode: 2, data: [0x00, 24]))
    }

    @Test func routeRefreshBadLengthBoRRIsRouteRefreshError() throws {
        // RFC 7313 §5: BoRR/EoRR with a body other than 4 bytes → 7/1, data = the whole message.
        let bytes = wireMessage(5, [0x00, 0x02, 0x01, 0x01, 0xAA])
        #expect(try MessageFramer().frame(bytes.prefix(23)) == .needMoreBytes)  // waits for it all
        #expect(thrownNotification { try MessageFramer().frame(bytes[...]) }
                == NotificationMessage(code: 7, subcode: 1, data: bytes))
    }

    @Test func framingASliceThatDoesNotStartAtZero() throws {
        let buffer = [UInt8](repeating: 0, count: 7) + keepalive
        guard case let .message(type, body, total) = try MessageFramer().frame(buffer.dropFirst(7)) else {
            Issue.record("not framed"); return
        }
        #expect(type == .keepalive && body.startIndex == 26 && total == 19)
    }

    @Test func headerBytes() {
        #expect(MessageFramer.header(type: .update, bodyLength: 4) == marker + [0x00, 0x17, 0x02])
        #expect(BGPMessage.keepaliveBytes == marker + [0x00, 0x13, 0x04])
    }
}
