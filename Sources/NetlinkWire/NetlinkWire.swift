/// NetlinkWire: rtnetlink messages as values — encode and decode of routes (rtmsg), links
/// (ifinfomsg, with vxlan and ipip link info), interface addresses (ifaddrmsg) and neighbours
/// (ndmsg: ARP/NDP entries and bridge FDB entries), plus the netlink envelope itself: nlmsghdr
/// framing, attributes, multipart dumps, NLMSG_DONE, NLMSG_ERROR / ACK with extended ACK text.
///
/// Pure: no sockets, no Glibc, no Foundation. Kernel constants are spelled out in Swift with the
/// header they come from (netlink(7), rtnetlink(7), <linux/rtnetlink.h>, <linux/if_link.h>…).
/// Netlink is host byte order (little-endian on every platform Swiftlet runs on) except addresses
/// and a few network-order fields (IFLA_VXLAN_PORT, IFLA_IPTUN_ENCAP_*PORT). Alignment (4 bytes)
/// lives in one place: `Netlink.align`. Decoding never traps: every read is bounds-checked and
/// malformed input becomes a `NetlinkDecodeError`.
public enum NetlinkWire {}
