#ifndef C_SECP256K1_SHIM_H
#define C_SECP256K1_SHIM_H

#include <string.h>
#include <secp256k1.h>
#include <secp256k1_ecdh.h>
#include <secp256k1_recovery.h>

// Flag macros built from other macros are not imported into Swift; these give them a value.
static const unsigned int CSecp256k1_CONTEXT_NONE = SECP256K1_CONTEXT_NONE;
static const unsigned int CSecp256k1_EC_COMPRESSED = SECP256K1_EC_COMPRESSED;
static const unsigned int CSecp256k1_EC_UNCOMPRESSED = SECP256K1_EC_UNCOMPRESSED;

// secp256k1_ecdh is libsecp256k1's only public entry point to its constant-time variable-base
// multiplication (secp256k1_ec_pubkey_tweak_mul runs the variable-time one). This "hash" hands back
// the product itself: `output` (65 bytes) receives the SEC1 uncompressed point 04 || x || y.
static inline int CSecp256k1_ecdh_copy_point(unsigned char *output, const unsigned char *x32,
                                             const unsigned char *y32, void *data) {
    (void)data;
    output[0] = 0x04;
    memcpy(output + 1, x32, 32);
    memcpy(output + 33, y32, 32);
    return 1;
}

#endif
