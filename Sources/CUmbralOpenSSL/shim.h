#ifndef C_UMBRAL_OPENSSL_SHIM_H
#define C_UMBRAL_OPENSSL_SHIM_H

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

// Function-like macros are not imported into Swift; these give them a callable form.
static inline int CUmbralOpenSSL_BN_num_bytes(const BIGNUM *a) { return BN_num_bytes(a); }
static inline void CUmbralOpenSSL_OPENSSL_free(void *p) { OPENSSL_free(p); }

// OpenSSL 3.0 deprecates EC_POINTs_mul but still ships it; it is the only libcrypto entry point
// for a variable-time multi-scalar multiplication, used here for verification of public data only.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static inline int CUmbralOpenSSL_EC_POINTs_mul(const EC_GROUP *group, EC_POINT *r, const BIGNUM *n,
                                               size_t num, const EC_POINT *p[], const BIGNUM *m[],
                                               BN_CTX *ctx) {
    return EC_POINTs_mul(group, r, n, num, p, m, ctx);
}

// Also deprecated in 3.0 and still effective: a precomputed table for multiples of the generator,
// which the variable-time verification path above uses.
static inline int CUmbralOpenSSL_EC_GROUP_precompute_mult(EC_GROUP *group, BN_CTX *ctx) {
    return EC_GROUP_precompute_mult(group, ctx);
}
#pragma GCC diagnostic pop

#endif
