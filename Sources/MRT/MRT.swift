/// MRT: the MRT routing-information export format (RFC 6396, ADD-PATH extensions of RFC 8050)
/// as values, and the one-line-per-prefix text of `bgpdump -m` (RIPE NCC libbgpdump).
///
/// Owns: framing of records (`MRTFramer`, RFC 6396 §2 common header, §3 extended timestamp),
/// parsing record bodies (`MRTRecordParser`: TABLE_DUMP §4.2, TABLE_DUMP_V2 §4.3, BGP4MP and
/// BGP4MP_ET §4.4), the bgpdump-compatible attribute view (`DumpAttributes`), the line writer
/// (`BGPDumpWriter`) and counters (`MRTSummary`).
///
/// Pure: no Glibc, Dispatch or Foundation. Bytes come in as buffers, text goes out as bytes into
/// a caller-owned `[UInt8]`; reading files, gunzipping and writing stdout belong to `MRTFile`.
///
/// Why a separate attribute view instead of `UpdateMessage.decode`: the goal here is output that
/// equals bgpdump's byte for byte, including its handling of malformed input (reads past the end
/// of a field yield zeros, truncated attributes are skipped, prefix host bits are printed as
/// sent, AS4_PATH is merged by bgpdump's own rule). BGPWire decodes by RFC 4271/7606 rules for a
/// live session; the two answers differ on exactly the inputs where fidelity matters.
public enum MRT {}
