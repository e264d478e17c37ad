#!/usr/bin/env python3
"""Writes a libFuzzer seed corpus for Fuzz/swiftlet-fuzz from the real data in ../shared:
BGP messages taken out of BGP4MP records (selector byte = the decode context the record implies),
runs of whole MRT records (selector 0x80), and the BGP payloads of the pcaps (via tshark).
The seeds go to a scratch directory; nothing from ../shared is ever written into the project."""
import gzip, os, struct, subprocess, sys

def mrt_records(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    at = 0
    while at + 12 <= len(data):
        _ts, typ, sub, length = struct.unpack_from(">IHHI", data, at)
        end = at + 12 + length
        if end > len(data):
            return
        yield typ, sub, data[at:end], data[at + 12:end]
        at = end

def bgp_of(typ, sub, body):
    """The BGP message inside a BGP4MP/BGP4MP_ET MESSAGE record, and whether it is 4-octet AS."""
    if typ == 17:
        body = body[4:]                     # BGP4MP_ET: microseconds first (RFC 6396 §3)
    if sub in (1, 6):                       # MESSAGE, MESSAGE_LOCAL: 2-octet ASes
        asw, as4 = 2, False
    elif sub in (4, 7):                     # MESSAGE_AS4(_LOCAL)
        asw, as4 = 4, True
    else:
        return None
    off = 2 * asw + 2
    if len(body) < off + 2:
        return None
    afi = struct.unpack_from(">H", body, off)[0]
    off += 2 + (8 if afi == 1 else 32)
    return body[off:], as4

def main(out, shared):
    os.makedirs(out, exist_ok=True)
    n = 0
    def seed(blob):
        nonlocal n
        with open(os.path.join(out, f"seed-{n:05d}"), "wb") as f:
            f.write(blob)
        n += 1
    mrt_dir = os.path.join(shared, "data/realbgp/mrt")
    for name in sorted(os.listdir(mrt_dir)) if os.path.isdir(mrt_dir) else []:
        run, taken = [], 0
        for i, (typ, sub, rec, body) in enumerate(mrt_records(os.path.join(mrt_dir, name))):
            if i < 40:
                run.append(rec)
            if typ in (16, 17) and (i < 200 or i % 997 == 0) and taken < 400:
                got = bgp_of(typ, sub, body)
                if got:
                    msg, as4 = got
                    seed(bytes([1 if as4 else 0]) + msg)
                    taken += 1
            if i > 200000:
                break
        seed(bytes([0x80]) + b"".join(run))
    pcap_dir = os.path.join(shared, "data/realbgp/pcap")
    for name in sorted(os.listdir(pcap_dir)) if os.path.isdir(pcap_dir) else []:
        try:
            res = subprocess.run(["tshark", "-r", os.path.join(pcap_dir, name), "-Y", "bgp",
                                  "-T", "fields", "-e", "tcp.payload"],
                                 capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            continue
        for line in res.stdout.split():
            try:
                seed(bytes([1]) + bytes.fromhex(line.replace(":", "")))
            except ValueError:
                pass
    print(f"fuzz-seeds: wrote {n} seeds to {out}")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
