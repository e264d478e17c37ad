/// CPlatform: the few kernel interfaces Swift's Glibc module does not import, as plain C
/// functions and constants (accept4, struct tcp_md5sig filling, IPV6_MINHOPCOUNT).
/// Used only by the Platform module; nothing here holds state.
#pragma once
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

/// Largest TCP MD5 key the kernel takes (RFC 2385; TCP_MD5SIG_MAXKEYLEN).
static const int cplatform_tcp_md5_max_key_length = 80;

/// IPV6_MINHOPCOUNT (linux/in6.h): the IPv6 counterpart of IP_MINTTL for GTSM (RFC 5082).
static const int cplatform_ipv6_minhopcount = 73;

/// accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC): the accepted socket is non-blocking
/// and close-on-exec from its first moment. Returns the new fd, or -1 with errno set.
int cplatform_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len);

/// setsockopt(TCP_MD5SIG) for `peer` (RFC 2385): installs `key` (1...80 bytes) or, with
/// key_length 0, removes the key for that address. Returns 0, or -1 with errno set
/// (EINVAL for a key longer than 80 bytes, without calling the kernel).
int cplatform_set_tcp_md5sig(int fd, const struct sockaddr *peer, socklen_t peer_length,
                             const unsigned char *key, int key_length);
