/// libFuzzer target over Swiftlet's decoders: BGP framing + message decoding (with every
/// combination of negotiated facts), an encode → decode round trip of whatever decoded cleanly,
/// and the MRT record decoder with bgpdump-style output. Built only by scripts/fuzz
/// (SWIFTLET_FUZZ=1, -sanitize=fuzzer,address); see ../shared/SWIFT-LINUX-NOTES.md for why the
/// driver is started from main.swift instead of libFuzzer's own main.
import BGPWire
import MRT
import NetCore
import Glibc

/// First input byte: bit 7 selects MRT (1) or a BGP byte stream (0); bits 0–3 pick the BGP
/// decode context (4-octet AS, ADD-PATH IPv4, ADD-PATH IPv6, Extended Messages).
func fuzzOne(_ input: [UInt8]) {
    guard let selector = input.first else { return }
    let rest = Array(input.dropFirst())
    if selector & 0x80 != 0 {
        _ = MRTDecoder.decodeAll(rest, mode: .lines(largeCommunities: selector & 1 != 0))
        _ = MRTDecoder.decodeAll(rest, mode: .summary)
        return
    }
    var addPath = Set<AddressFamily>()
    if selector & 2 != 0 { addPath.insert(.ipv4Unicast) }
    if selector & 4 != 0 { addPath.insert(.ipv6Unicast) }
    let context = DecodeContext(fourOctetAS: selector & 1 != 0, addPathReceive: addPath,
                                extendedMessage: selector & 8 != 0)
    var buffer = rest[...]
    // Each pass consumes at least one 19-byte header or stops, so the loop ends.
    while true {
        let next: (message: BGPMessage, length: Int)?
        do { next = try BGPMessage.decodeNext(from: buffer, context: context) } catch { return }
        guard let (message, length) = next else { return }
        checkRoundTrip(message, context: context)
        buffer = buffer.dropFirst(length)
    }
}

/// A message that decoded without RFC 7606 findings must survive encode → decode unchanged
/// (attribute order aside: the encoder puts MP_(UN)REACH_NLRI first, RFC 7606 §5.1), and
/// encoding must be stable: encode(decode(encode(m))) == encode(m).
func checkRoundTrip(_ message: BGPMessage, context: DecodeContext) {
    if case .update(let u) = message, !u.attributeErrors.isEmpty { return }
    let bytes = message.encode(context: context)
    // Re-encoding may legitimately need the Extended Messages limit (e.g. 2-octet AS paths
    // grow when AS4_PATH is added); decode with the larger limit.
    var wide = context
    wide.maxMessageLength = BGPHeader.extendedMaxLength
    let again: BGPMessage
    do {
        again = try BGPMessage.decode(message: bytes, context: wide)
    } catch {
        fatalError("re-encoded message does not decode: \(error)\n\(message)")
    }
    guard sameContent(message, again) else {
        fatalError("round trip changed the message:\n\(message)\n→\n\(again)")
    }
    guard again.encode(context: context) == bytes else {
        fatalError("encoding is not stable for:\n\(message)")
    }
}

func sameContent(_ a: BGPMessage, _ b: BGPMessage) -> Bool {
    guard case .update(let u) = a, case .update(let v) = b else { return a == b }
    return u.withdrawn == v.withdrawn && u.nlri == v.nlri && u.attributes.count == v.attributes.count
        && Set(u.attributes) == Set(v.attributes)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    fuzzOne(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv as UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
let status = LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput)
exit(status)
