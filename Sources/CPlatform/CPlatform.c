// CPlatform: accept4 and struct tcp_md5sig, which Swift's Glibc does not expose usably.
#define _GNU_SOURCE
#include "CPlatform.h"
#include <errno.h>
#include <string.h>

int cplatform_accept_nonblocking(int fd, struct sockaddr *addr, socklen_t *len) {
    return accept4(fd, addr, len, SOCK_NONBLOCK | SOCK_CLOEXEC);
}

int cplatform_set_tcp_md5sig(int fd, const struct sockaddr *peer, socklen_t peer_length,
                             const unsigned char *key, int key_length) {
    struct tcp_md5sig sig;
    if (key_length < 0 || key_length > TCP_MD5SIG_MAXKEYLEN ||
        peer_length > (socklen_t)sizeof(sig.tcpm_addr)) {
        errno = EINVAL;
        return -1;
    }
    memset(&sig, 0, sizeof(sig));
    memcpy(&sig.tcpm_addr, peer, peer_length);
    sig.tcpm_keylen = (unsigned short)key_length;
    if (key_length > 0) memcpy(sig.tcpm_key, key, (size_t)key_length);
    return setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof(sig));
}
