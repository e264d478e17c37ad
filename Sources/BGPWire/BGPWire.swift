/// BGPWire: every BGP-4 message, capability and path attribute as values, with a bounds-checked
/// decoder and an encoder (RFC 4271 §4, RFC 4760, RFC 6793, RFC 5492, RFC 7606 and the
/// extensions listed in docs/wire.md).
///
/// Pure: no sockets, no clocks, no Glibc/Dispatch/Foundation. Framing (is there a whole
/// message in this buffer?) is `MessageFramer`; parsing one framed message is
/// `BGPMessage.decode`. Decoding takes the session's negotiated facts (`DecodeContext`) because
/// the same bytes mean different things with and without 4-octet AS or ADD-PATH.
///
/// Safety rules the whole module keeps: every read goes through `ByteReader`, which fails with
/// a typed error instead of reading past its input; no allocation is sized by a length field
/// before that length is checked against the bytes actually present; every loop consumes input.
public enum BGPWire {}
