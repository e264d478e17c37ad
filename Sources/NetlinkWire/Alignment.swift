/// The netlink alignment rule, in one place: messages (NLMSG_ALIGN) and attributes (NLA_ALIGN /
/// RTA_ALIGN) are padded to 4 bytes (<linux/netlink.h> NLMSG_ALIGNTO, NLA_ALIGNTO;
/// <linux/rtnetlink.h> RTA_ALIGNTO).
public enum Netlink {
    /// NLMSG_ALIGNTO == NLA_ALIGNTO == RTA_ALIGNTO == 4.
    public static let alignment = 4

    /// Rounds `length` up to the next multiple of 4 (NLMSG_ALIGN / NLA_ALIGN).
    @inline(__always)
    public static func align(_ length: Int) -> Int {
        (length + alignment - 1) & ~(alignment - 1)
    }

    /// sizeof(struct nlmsghdr) (NLMSG_HDRLEN), already aligned.
    public static let headerLength = 16
    /// sizeof(struct nlattr) / sizeof(struct rtattr) (NLA_HDRLEN).
    public static let attributeHeaderLength = 4
}
