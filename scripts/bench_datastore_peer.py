#!/usr/bin/env python3
"""The Python side of scripts/bench-datastore: fills a datastore with a Calico cluster, plays the
route reflectors swiftletd peers with, makes changes to the store and times each one until the
BGP message it causes arrives. Standard library only (Python 3.11).

  populate --store etcd:URL|file:DIR --nodes N       write the cluster (N Node resources)
  run --store … --changes 100 --go-file F            listen on port 179 as the route reflectors,
                                                     wait for the sessions, then on F make the
                                                     changes one at a time and print the times

The cluster (all addresses in 100.64.0.0/10, RFC 6598): BGPConfiguration `default` (AS 64512,
mesh off), IPPool 100.96.0.0/11 (/26 blocks, directly routed), two route-reflector Nodes
rr-1/rr-2 (100.64.0.1/.2, label route-reflector: "true", routeReflectorClusterID 100.64.255.1),
the node under test `bench-node` (100.65.0.1) and N-3 other client Nodes (100.65.4.1 …), one
confirmed BlockAffinity per Node, and Calico's two route-reflector BGPPeers (clients peer with
`has(route-reflector)`, reflectors with `!has(route-reflector)`).

Changes, alternating: "block" k = a BlockAffinity 100.112.0.0/26 + k·64 for bench-node (done when
an UPDATE carrying that prefix arrives on any route-reflector session), "peer" k = a new
route-reflector Node rr-new-k at 100.64.1.k (done when an OPEN arrives on a connection to that
address; the session is then completed and kept). The clock starts just before the write (the
etcd gateway's HTTP request, or opening the temp file of an atomic YAML write) and stops at the
kernel's receive timestamp of the segment that completed the message (SO_TIMESTAMPNS, CLOCK_REALTIME),
so the time Python takes to notice is not counted.

Output (stdout, one record a line, `key value…`): listening-ns, established-ns (the first
KEEPALIVE from swiftletd: it is Established once ours arrives), ready, then for each change
`change KIND K LATENCY_MS WRITE_MS` (WRITE_MS: the store write alone — the HTTP round trip, or
the file write and rename), then `summary KIND N P50 P90 P99 MAX` (milliseconds, nearest-rank
percentiles) for block, peer, all, and after-write (every change timed from the end of its write:
the store's own write latency, etcd's fsync for example, left out).
"""
import argparse, http.client, ipaddress, json, base64, math, os, selectors, socket, struct, sys, time

AS_NUMBER = 64512
CLUSTER_ID = "100.64.255.1"
RR_ADDRESSES = ["100.64.0.1", "100.64.0.2"]
NODE_NAME, NODE_ADDRESS = "bench-node", "100.65.0.1"
POOL, BLOCK_SIZE = "100.96.0.0/11", 26
NEW_BLOCK_BASE = ipaddress.IPv4Address("100.112.0.0")
NEW_PEER_BASE = ipaddress.IPv4Address("100.64.1.0")
API = "projectcalico.org/v3"
PLURAL = {"Node": "nodes", "BlockAffinity": "blockaffinities", "IPPool": "ippools",
          "BGPConfiguration": "bgpconfigurations", "BGPPeer": "bgppeers"}
# SO_TIMESTAMPNS (asm-generic/socket.h: SO_TIMESTAMPNS_OLD = 35); Python does not export it.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
KEEPALIVE_EVERY = 20.0  # seconds; swiftletd's hold time is 90 s unless configured


def log(*a):
    print("bench-datastore-peer:", *a, file=sys.stderr, flush=True)


def out(*a):
    print(*a, flush=True)


# --- the cluster ---------------------------------------------------------------------------------

def resource(kind, name, spec, labels=None):
    meta = {"name": name}
    if labels:
        meta["labels"] = labels
    return {"apiVersion": API, "kind": kind, "metadata": meta, "spec": spec}


def block_name(node, cidr):
    """Calico's BlockAffinity name: node and CIDR with '.', ':' and '/' as '-'."""
    return node + "-" + cidr.replace(".", "-").replace(":", "-").replace("/", "-")


def block_affinity(node, cidr):
    return resource("BlockAffinity", block_name(node, cidr),
                    {"node": node, "cidr": cidr, "state": "confirmed", "deleted": "false"})


def node(name, address, rr=False):
    bgp = {"ipv4Address": address + "/10"}
    if rr:
        bgp["routeReflectorClusterID"] = CLUSTER_ID
    return resource("Node", name, {"bgp": bgp}, {"route-reflector": "true"} if rr else None)


def nth_block(base, k):
    return f"{base + k * (1 << (32 - BLOCK_SIZE))}/{BLOCK_SIZE}"


def cluster(nodes):
    """Every resource of a cluster with `nodes` Node resources (at least 3)."""
    if nodes < 3:
        raise SystemExit("--nodes: at least 3 (two route reflectors and the node under test)")
    pool_base = ipaddress.IPv4Network(POOL).network_address
    members = [("rr-1", RR_ADDRESSES[0], True), ("rr-2", RR_ADDRESSES[1], True), (NODE_NAME, NODE_ADDRESS, False)]
    for i in range(nodes - 3):  # other clients: 100.65.4.1 … (250 a /24), never bench-node's address
        members.append((f"node-{i:04d}", f"100.65.{4 + i // 250}.{i % 250 + 1}", False))
    res = [resource("BGPConfiguration", "default",
                    {"asNumber": AS_NUMBER, "nodeToNodeMeshEnabled": False, "logSeverityScreen": "Info"}),
           resource("IPPool", "bench-pool", {"cidr": POOL, "blockSize": BLOCK_SIZE,
                                             "ipipMode": "Never", "vxlanMode": "Never"}),
           resource("BGPPeer", "peer-with-route-reflectors",
                    {"nodeSelector": "!has(route-reflector)", "peerSelector": "has(route-reflector)"}),
           resource("BGPPeer", "route-reflectors-to-clients",
                    {"nodeSelector": "has(route-reflector)", "peerSelector": "!has(route-reflector)"})]
    for j, (name, address, rr) in enumerate(members):
        res.append(node(name, address, rr))
        res.append(block_affinity(name, nth_block(pool_base, j)))
    return res


# --- the stores ----------------------------------------------------------------------------------

def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return json.dumps(v)  # a double-quoted YAML scalar: JSON's escapes are YAML's


def yaml_lines(value, indent):
    pad = "  " * indent
    for k, v in value.items():
        if isinstance(v, dict):
            yield f"{pad}{k}:"
            yield from yaml_lines(v, indent + 1)
        else:
            yield f"{pad}{k}: {yaml_scalar(v)}"


def yaml_text(r):
    return "\n".join(yaml_lines(r, 0)) + "\n"


class EtcdStore:
    """Writes through etcd's v3 JSON gateway on one kept-alive HTTP/1.1 connection."""

    def __init__(self, url, prefix):
        u = url.removeprefix("http://").rstrip("/")
        host, _, port = u.partition(":")
        self.host, self.port, self.prefix = host, int(port or 2379), prefix
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)

    def key(self, r):
        return f"{self.prefix}projectcalico.org/{PLURAL[r['kind']]}/{r['metadata']['name']}"

    def post(self, path, body):
        data = json.dumps(body).encode()
        for attempt in (1, 2):  # one reconnect if the kept-alive connection was closed
            try:
                self.conn.request("POST", path, data, {"Content-Type": "application/json"})
                resp = self.conn.getresponse()
                text = resp.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                if attempt == 2:
                    raise
        if resp.status != 200:
            raise SystemExit(f"etcd {path}: HTTP {resp.status}: {text[:300]!r}")
        return json.loads(text)

    @staticmethod
    def b64(s):
        return base64.b64encode(s.encode()).decode()

    def put(self, r):
        self.post("/v3/kv/put", {"key": self.b64(self.key(r)), "value": self.b64(json.dumps(r, separators=(",", ":")))})

    def put_all(self, resources):
        for i in range(0, len(resources), 100):  # etcd's default --max-txn-ops is 128
            ops = [{"request_put": {"key": self.b64(self.key(r)),
                                    "value": self.b64(json.dumps(r, separators=(",", ":")))}}
                   for r in resources[i:i + 100]]
            self.post("/v3/kv/txn", {"success": ops})


class FileStore:
    """One YAML file per resource (`<kind>-<name>.yaml`, as swiftletctl writes them), each
    written atomically: a dot-named temp file (ignored by the scanner), fsync, rename."""

    def __init__(self, directory):
        self.directory = directory
        os.makedirs(directory, exist_ok=True)

    def put(self, r):
        name = f"{r['kind'].lower()}-{r['metadata']['name']}.yaml"
        tmp = os.path.join(self.directory, f".{name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(fd, yaml_text(r).encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(tmp, os.path.join(self.directory, name))

    def put_all(self, resources):
        for r in resources:
            self.put(r)


def open_store(text, prefix):
    if text.startswith("etcd:"):
        return EtcdStore(text.removeprefix("etcd:"), prefix)
    if text.startswith("file:"):
        return FileStore(text.removeprefix("file:"))
    raise SystemExit(f"--store {text!r}: expected etcd:URL or file:DIR")


# --- BGP (RFC 4271 §4, RFC 4760, RFC 6793) --------------------------------------------------------

MARKER = b"\xff" * 16


def message(kind, body=b""):
    return MARKER + struct.pack(">HB", 19 + len(body), kind) + body


def open_message(router_id, hold_time=90):
    caps = (bytes([1, 4]) + struct.pack(">HBB", 1, 0, 1)          # multiprotocol: IPv4 unicast
            + bytes([65, 4]) + struct.pack(">I", AS_NUMBER))      # 4-octet AS
    params = bytes([2, len(caps)]) + caps
    body = struct.pack(">BHH4sB", 4, AS_NUMBER, hold_time, socket.inet_aton(router_id), len(params)) + params
    return message(1, body)


KEEPALIVE = message(4)


def prefixes(data):
    """IPv4 prefixes of an NLRI field (length octet, then the significant octets)."""
    at, found = 0, []
    while at < len(data):
        bits = data[at]
        n = (bits + 7) // 8
        raw = data[at + 1:at + 1 + n] + bytes(4 - n)
        found.append(f"{socket.inet_ntoa(raw)}/{bits}")
        at += 1 + n
    return found


def update_prefixes(body):
    """Announced IPv4 unicast prefixes of an UPDATE: the NLRI field and MP_REACH_NLRI (AFI 1/SAFI 1)."""
    wlen = struct.unpack_from(">H", body, 0)[0]
    alen = struct.unpack_from(">H", body, 2 + wlen)[0]
    attrs, nlri = body[4 + wlen:4 + wlen + alen], body[4 + wlen + alen:]
    found, at = prefixes(nlri), 0
    while at < len(attrs):
        flags, code = attrs[at], attrs[at + 1]
        if flags & 0x10:
            length, head = struct.unpack_from(">H", attrs, at + 2)[0], 4
        else:
            length, head = attrs[at + 2], 3
        value = attrs[at + head:at + head + length]
        if code == 14 and struct.unpack_from(">HB", value, 0) == (1, 1):
            nh_len = value[3]
            found += prefixes(value[4 + nh_len + 1:])
        at += head + length
    return found


class Session:
    def __init__(self, sock, local, remote, accepted_ns):
        self.sock, self.local, self.remote = sock, local, remote
        self.accepted_ns = accepted_ns
        self.buffer = b""
        self.opened = self.established = False


class Reflectors:
    """Listens on port 179 for every address of the namespace and answers swiftletd's sessions."""

    def __init__(self, node_address):
        self.node_address = node_address
        self.selector = selectors.DefaultSelector()
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("0.0.0.0", 179))
        self.listener.listen(128)
        self.listener.setblocking(False)
        self.selector.register(self.listener, selectors.EVENT_READ, None)
        self.open_ns = {}         # local address -> receive time of the first OPEN to it
        self.established_ns = {}  # local address -> receive time of swiftletd's first KEEPALIVE
        self.prefix_ns = {}       # prefix -> receive time of the first UPDATE carrying it
        self.notifications = []
        self.next_keepalive = time.monotonic() + KEEPALIVE_EVERY

    def accept(self):
        sock, (remote, _) = self.listener.accept()
        local = sock.getsockname()[0]
        sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setblocking(False)
        s = Session(sock, local, remote, time.time_ns())
        if remote != self.node_address:
            log(f"connection from {remote} (expected {self.node_address}); served anyway")
        self.selector.register(sock, selectors.EVENT_READ, s)

    def close(self, s, why):
        log(f"session {s.local} <- {s.remote} closed: {why}")
        self.selector.unregister(s.sock)
        s.sock.close()

    def read(self, s):
        try:
            data, anc, _, _ = s.sock.recvmsg(65536, socket.CMSG_SPACE(16))
        except BlockingIOError:
            return
        except OSError as e:
            return self.close(s, e)
        stamp = time.time_ns()
        for level, kind, raw in anc:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(raw) >= 16:
                sec, nsec = struct.unpack("qq", raw[:16])
                stamp = sec * 1_000_000_000 + nsec
        if not data:
            return self.close(s, "end of stream")
        s.buffer += data
        while len(s.buffer) >= 19:
            length, kind = struct.unpack_from(">HB", s.buffer, 16)
            if len(s.buffer) < length:
                break
            body, s.buffer = s.buffer[19:length], s.buffer[length:]
            self.handle(s, kind, body, stamp)

    def handle(self, s, kind, body, stamp):
        if kind == 1:  # OPEN: answer with ours and a KEEPALIVE (we are passive)
            self.open_ns.setdefault(s.local, stamp)
            s.opened = True
            s.sock.sendall(open_message(s.local) + KEEPALIVE)
        elif kind == 4:
            if s.opened and not s.established:
                s.established = True
                self.established_ns.setdefault(s.local, stamp)
        elif kind == 2:
            for p in update_prefixes(body):
                self.prefix_ns.setdefault(p, stamp)
        elif kind == 3:
            self.notifications.append((s.local, body[:2].hex()))
            log(f"NOTIFICATION from {s.remote} to {s.local}: code/subcode {body[:2].hex()} {body[2:]!r}")

    def poll(self, until, timeout):
        """Serves the sessions until `until()` is true (returns True) or `timeout` seconds pass."""
        deadline = time.monotonic() + timeout
        while not until():
            now = time.monotonic()
            if now >= deadline:
                return False
            if now >= self.next_keepalive:
                for key in list(self.selector.get_map().values()):
                    if key.data is not None and key.data.established:
                        key.data.sock.sendall(KEEPALIVE)
                self.next_keepalive = now + KEEPALIVE_EVERY
            for key, _ in self.selector.select(min(deadline, self.next_keepalive) - now):
                if key.data is None:
                    self.accept()
                else:
                    self.read(key.data)
        return True


# --- commands -------------------------------------------------------------------------------------

def percentile(sorted_values, q):
    """Nearest-rank percentile (the smallest value with at least q of the samples at or below it)."""
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def summary(kind, values):
    v = sorted(values)
    if not v:
        out(f"summary {kind} 0 - - - -")
        return
    out(f"summary {kind} {len(v)} {percentile(v, .5):.2f} {percentile(v, .9):.2f} "
        f"{percentile(v, .99):.2f} {v[-1]:.2f}")


def populate(args):
    resources = cluster(args.nodes)
    start = time.monotonic()
    open_store(args.store, args.prefix).put_all(resources)
    log(f"wrote {len(resources)} resources ({args.nodes} Nodes) to {args.store} in {time.monotonic() - start:.2f} s")


def run(args):
    store = open_store(args.store, args.prefix)
    rr = Reflectors(NODE_ADDRESS)
    out("listening-ns", time.time_ns())
    pool_base = ipaddress.IPv4Network(POOL).network_address
    own_block = nth_block(pool_base, 2)  # bench-node is the third member of cluster()
    ready = lambda: (all(a in rr.established_ns for a in RR_ADDRESSES)
                     and own_block in rr.prefix_ns)
    if not rr.poll(ready, args.timeout_start):
        raise SystemExit(f"sessions to {RR_ADDRESSES} not Established with {own_block} received within "
                         f"{args.timeout_start} s (established: {sorted(rr.established_ns)})")
    out("established-ns", min(rr.established_ns.values()))
    out("ready")
    if not rr.poll(lambda: os.path.exists(args.go_file), 3600):
        raise SystemExit("no go file")
    results = {"block": [], "peer": [], "after-write": []}
    failures = 0
    for i in range(args.changes):
        k = i // 2 + 1
        if i % 2 == 0:
            kind, cidr = "block", nth_block(NEW_BLOCK_BASE, k)
            r, done = block_affinity(NODE_NAME, cidr), (lambda c=cidr: c in rr.prefix_ns)
            seen = lambda c=cidr: rr.prefix_ns[c]
        else:
            kind, address = "peer", str(NEW_PEER_BASE + k)
            r, done = node(f"rr-new-{k}", address, rr=True), (lambda a=address: a in rr.open_ns)
            seen = lambda a=address: rr.open_ns[a]
        t0 = time.time_ns()
        store.put(r)
        written = time.time_ns()
        if not rr.poll(done, args.timeout_change):
            failures += 1
            log(f"change {kind} {k}: no message within {args.timeout_change} s")
            continue
        ms = (seen() - t0) / 1e6
        results[kind].append(ms)
        results["after-write"].append((seen() - written) / 1e6)
        out(f"change {kind} {k} {ms:.3f} {(written - t0) / 1e6:.3f}")
        rr.poll(lambda: False, args.pause)  # keep serving sessions between changes
    summary("block", results["block"])
    summary("peer", results["peer"])
    summary("all", results["block"] + results["peer"])
    summary("after-write", results["after-write"])  # the store's write excluded: watch + daemon
    out("failures", failures)
    # Keep answering keepalives until the script has read the daemon's numbers and stops us.
    rr.poll(lambda: os.path.exists(args.go_file + ".done"), 3600)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("populate", "run"):
        s = sub.add_parser(name)
        s.add_argument("--store", required=True, help="etcd:http://HOST:PORT or file:DIR")
        s.add_argument("--prefix", default="/swiftlet/v3/", help="etcd key prefix")
        if name == "populate":
            s.add_argument("--nodes", type=int, required=True)
        else:
            s.add_argument("--changes", type=int, default=100)
            s.add_argument("--go-file", required=True)
            s.add_argument("--timeout-start", type=float, default=120)
            s.add_argument("--timeout-change", type=float, default=10)
            s.add_argument("--pause", type=float, default=0.05, help="seconds between changes")
    args = p.parse_args()
    populate(args) if args.command == "populate" else run(args)


if __name__ == "__main__":
    main()
