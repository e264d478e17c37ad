/// CCurl: libcurl for the etcd v3 store (Datastore's EtcdStore), with non-variadic shims for
/// the variadic parts of its API: Swift cannot call C variadic functions such as
/// curl_easy_setopt and curl_easy_getinfo, so each argument type gets one fixed-signature wrapper.
#ifndef SWIFTLET_CCURL_H
#define SWIFTLET_CCURL_H
#include <curl/curl.h>

/// The write callback libcurl calls with each piece of the response body.
typedef size_t (*ccurl_write_callback)(char *data, size_t size, size_t count, void *context);
/// The transfer-progress callback; libcurl calls it about once a second even while a stream is
/// idle, so returning non-zero is how a blocked watch is cancelled.
typedef int (*ccurl_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                       curl_off_t ultotal, curl_off_t ulnow);

/// curl_global_init(CURL_GLOBAL_ALL) (the macro is not importable).
CURLcode ccurl_global_init(void);

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
