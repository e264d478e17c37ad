/// MRT: RFC 6396 record parsing and bgpdump-compatible text output. Pure.
