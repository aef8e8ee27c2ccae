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

#endif
