// libcurl through dlopen/dlsym and fixed-signature wrappers around its variadic calls
// (see include/CCurl.h for why it is loaded rather than linked).
#include "CCurl.h"
#include <dlfcn.h>
#include <stdio.h>

// The libcurl functions swiftlet calls, resolved by ccurl_load.
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    CURLcode (*easy_perform)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
    void (*slist_free_all)(struct curl_slist *list);
} curl;

static char load_error[512];

const char *ccurl_load(void) {
    void *lib = dlopen(CCURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        snprintf(load_error, sizeof load_error,
                 "the etcd datastore needs libcurl (%s, Debian package libcurl4), which cannot be loaded: %s",
                 CCURL_LIBRARY, dlerror());
        return load_error;
    }
#define RESOLVE(field, name)                                                                               \
    if ((*(void **)&curl.field = dlsym(lib, name)) == NULL) {                                             \
        snprintf(load_error, sizeof load_error, "the etcd datastore needs libcurl (%s): %s has no %s",    \
                 CCURL_LIBRARY, CCURL_LIBRARY, name);                                                      \
        return load_error;                                                                                 \
    }
    RESOLVE(global_init, "curl_global_init")
    RESOLVE(easy_init, "curl_easy_init")
    RESOLVE(easy_cleanup, "curl_easy_cleanup")
    RESOLVE(easy_setopt, "curl_easy_setopt")
    RESOLVE(easy_getinfo, "curl_easy_getinfo")
    RESOLVE(easy_perform, "curl_easy_perform")
    RESOLVE(easy_strerror, "curl_easy_strerror")
    RESOLVE(slist_append, "curl_slist_append")
    RESOLVE(slist_free_all, "curl_slist_free_all")
#undef RESOLVE
    CURLcode rc = curl.global_init(CURL_GLOBAL_ALL);
    if (rc != CURLE_OK) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed: %s", curl.easy_strerror(rc));
        return load_error;
    }
    return NULL;
}

CURL *ccurl_easy_init(void) { return curl.easy_init(); }
void ccurl_easy_cleanup(CURL *handle) { curl.easy_cleanup(handle); }
CURLcode ccurl_easy_perform(CURL *handle) { return curl.easy_perform(handle); }
const char *ccurl_easy_strerror(CURLcode code) { return curl.easy_strerror(code); }
struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *string) {
    return curl.slist_append(list, string);
}
void ccurl_slist_free_all(struct curl_slist *list) { curl.slist_free_all(list); }

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl.easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_write(CURL *handle, ccurl_write_callback callback, void *context) {
    CURLcode rc = curl.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    return rc != CURLE_OK ? rc : curl.easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

CURLcode ccurl_setopt_progress(CURL *handle, ccurl_progress_callback callback, void *context) {
    CURLcode rc = curl.easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (rc == CURLE_OK) rc = curl.easy_setopt(handle, CURLOPT_XFERINFODATA, context);
    return rc != CURLE_OK ? rc : curl.easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl.easy_getinfo(handle, info, value);
}
