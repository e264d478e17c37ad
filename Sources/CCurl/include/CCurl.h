/// CCurl: libcurl for the etcd v3 store (Datastore's EtcdStore), loaded with dlopen on first use
/// and reached through non-variadic shims.
/// - Loaded, not linked: only an `etcd:` datastore needs HTTP, and linking libcurl made every
///   swiftletd and swiftletctl map libcurl and its ~20 libraries (OpenSSL, GnuTLS, LDAP, SSH,
///   Kerberos…) and pay their relocations at start, about 5 MB of resident memory for nothing
///   with a `file:` datastore. Only <curl/curl.h>'s types and constants are used at build time.
/// - Shims: Swift cannot call C variadic functions such as curl_easy_setopt and
///   curl_easy_getinfo, so each argument type gets one fixed-signature wrapper.
#ifndef SWIFTLET_CCURL_H
#define SWIFTLET_CCURL_H
#include <curl/curl.h>

/// The file ccurl_load opens (libcurl's SONAME; Debian package libcurl4).
#define CCURL_LIBRARY "libcurl.so.4"

/// The write callback libcurl calls with each piece of the response body.
typedef size_t (*ccurl_write_callback)(char *data, size_t size, size_t count, void *context);
/// The transfer-progress callback; libcurl calls it about once a second even while a stream is
/// idle, so returning non-zero is how a blocked watch is cancelled.
typedef int (*ccurl_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);

/// Opens CCURL_LIBRARY and resolves the functions below, then runs
/// curl_global_init(CURL_GLOBAL_ALL). NULL on success, else a message naming the library and
/// dlerror's reason (static storage). Not thread-safe: call it once, before any other ccurl_
/// function (EtcdHTTP does, from a Swift global's once-only initializer); the others must not be
/// called when it failed.
const char *ccurl_load(void);

CURL *ccurl_easy_init(void);
void ccurl_easy_cleanup(CURL *handle);
CURLcode ccurl_easy_perform(CURL *handle);
const char *ccurl_easy_strerror(CURLcode code);
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string);
void ccurl_slist_free_all(struct curl_slist *list);

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
/// CURLOPT_WRITEFUNCTION plus CURLOPT_WRITEDATA.
CURLcode ccurl_setopt_write(CURL *handle, ccurl_write_callback callback, void *context);
/// CURLOPT_XFERINFOFUNCTION plus CURLOPT_XFERINFODATA, with CURLOPT_NOPROGRESS off.
CURLcode ccurl_setopt_progress(CURL *handle, ccurl_progress_callback callback, void *context);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);

/// CURL_ERROR_SIZE, the size CURLOPT_ERRORBUFFER needs.
static inline int ccurl_error_size(void) { return CURL_ERROR_SIZE; }
#endif
