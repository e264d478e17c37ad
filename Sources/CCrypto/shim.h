/* CCrypto: OpenSSL's libcrypto (libssl-dev), for SHA-256 through the non-deprecated EVP API. */
#include <openssl/evp.h>
