// Fixed-signature wrappers around libcurl's variadic calls (see include/CCurl.h).
#include "CCurl.h"

CURLcode ccurl_global_init(void) { return curl_global_init(CURL_GLOBAL_ALL); }

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode ccurl_setopt_write(CURL *handle, ccurl_write_callback callback, void *context) {
    CURLcode rc = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    return rc != CURLE_OK ? rc : curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

CURLcode ccurl_setopt_progress(CURL *handle, ccurl_progress_callback callback, void *context) {
    CURLcode rc = curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
    if (rc == CURLE_OK) rc = curl_easy_setopt(handle, CURLOPT_XFERINFODATA, context);
    return rc != CURLE_OK ? rc : curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
}

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
