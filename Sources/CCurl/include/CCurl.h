/// CCurl: libcurl for the etcd v3 store, with non-variadic shims for the variadic parts of its API.
#ifndef SWIFTLET_CCURL_H
#define SWIFTLET_CCURL_H
#include <curl/curl.h>
#endif
