
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The key object: an HMAC secret or a public key (RSA, EC, Ed25519), the
 * algorithms it may verify by its type and size, its kid, and the
 * fingerprint that tells one key from another.  A dir key of JWE is made
 * in jac_jwe.c, and released here like the others.
 */


#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include "jac_internal.h"


static int jac_key_rsa_check(jac_key_t *key, const char **reason);
static int jac_key_ed25519_check(EVP_PKEY *pkey, const char **reason);


/* the y of Ed25519's points of small order, little-endian */

static const u_char  jac_ed25519_small[][32] = {
    { 0x00 },                                           /* 0, order 4 */
    { 0x01 },                                           /* 1, order 1 */
    { 0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0,   /* order 8 */
      0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
      0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39,
      0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05 },
    { 0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f,   /* order 8 */
      0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
      0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6,
      0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a },
    { 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   /* p - 1, order 2 */
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f }
};


jac_key_t *
jac_key_hmac(const u_char *secret, size_t len, const char **reason)
{
    size_t            i;
    jac_key_t        *key;
    const jac_alg_t  *a;

    /* RFC 7518, 3.2: a key of at least the size of the hash output */

    if (len < jac_algs[0].size) {
        *reason = "the secret is shorter than 32 bytes, the least HS256 "
                  "allows (RFC 7518, 3.2)";
        return NULL;
    }

    key = calloc(1, sizeof(jac_key_t));
    if (key == NULL) {
        *reason = "out of memory";
        return NULL;
    }

    for (i = 0; i < JAC_HMAC_N; i++) {
        a = &jac_algs[i];

        if (len < a->size) {
            continue;
        }

        key->mac[i] = jac_mac_new(a->digest, secret, len);
        if (key->mac[i] == NULL) {
            *reason = "OpenSSL could not prepare the HMAC key";
            jac_key_free(key);
            return NULL;
        }

        key->algs |= a->alg;
    }

    if (EVP_Digest(secret, len, key->material, NULL, EVP_sha256(), NULL)
        != 1
        || jac_key_seal(key) != 0)
    {
        *reason = "OpenSSL could not hash the secret";
        jac_key_free(key);
        return NULL;
    }

    return key;
}


/* what a public key may verify, by its type and size */

jac_key_t *
jac_key_public(EVP_PKEY *pkey, const char **reason)
{
    int         nid, len;
    char        group[64];
    u_char     *der;
    EC_GROUP   *g;
    jac_key_t  *key;

    key = calloc(1, sizeof(jac_key_t));
    if (key == NULL) {
        *reason = "out of memory";
        EVP_PKEY_free(pkey);
        return NULL;
    }

    key->pkey = pkey;

    der = NULL;
    len = i2d_PUBKEY(pkey, &der);

    if (len <= 0
        || EVP_Digest(der, len, key->material, NULL, EVP_sha256(), NULL)
           != 1)
    {
        OPENSSL_free(der);
        *reason = "OpenSSL could not encode the key";
        goto failed;
    }

    OPENSSL_free(der);

    switch (EVP_PKEY_get_base_id(pkey)) {

    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        if (EVP_PKEY_get_bits(pkey) < 2048) {
            *reason = "the RSA key is shorter than 2048 bits";
            goto failed;
        }

        if (jac_key_rsa_check(key, reason) != 0) {
            goto failed;
        }

        return key;

    case EVP_PKEY_EC:
        if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME,
                                           group, sizeof(group), NULL)
            != 1)
        {
            *reason = "the EC key has no named curve";
            goto failed;
        }

        nid = OBJ_txt2nid(group);

        if (nid == NID_X9_62_prime256v1) {
            key->algs = JAC_ALG_ES256;

        } else if (nid == NID_secp384r1) {
            key->algs = JAC_ALG_ES384;

        } else if (nid == NID_secp521r1) {
            key->algs = JAC_ALG_ES512;

        } else {
            *reason = "the EC key is on a curve other than P-256, P-384 "
                      "and P-521";
            goto failed;
        }

        g = EC_GROUP_new_by_curve_name(nid);
        if (g == NULL) {
            *reason = "OpenSSL does not know the curve";
            goto failed;
        }

        key->order = BN_dup(EC_GROUP_get0_order(g));
        EC_GROUP_free(g);

        if (key->order == NULL) {
            *reason = "out of memory";
            goto failed;
        }

        return key;

    case EVP_PKEY_ED25519:
        if (jac_key_ed25519_check(pkey, reason) != 0) {
            goto failed;
        }

        key->algs = JAC_ALG_EDDSA;
        return key;

    default:
        *reason = "the key is not RSA, EC or Ed25519";
        break;
    }

failed:

    jac_key_free(key);

    return NULL;
}


unsigned
jac_key_algs(const jac_key_t *key)
{
    return key->algs;
}


const u_char *
jac_key_fingerprint(const jac_key_t *key)
{
    return key->fingerprint;
}


/*
 * The fingerprint covers what decides which tokens a key verifies: its
 * material, its algorithms and its kid; so a JWKS that lists the same
 * key under another kid or alg has, for the token cache, another key.
 */

int
jac_key_seal(jac_key_t *key)
{
    int          rc;
    u_char       algs[4];
    EVP_MD_CTX  *md;

    algs[0] = (u_char) (key->algs >> 24);
    algs[1] = (u_char) (key->algs >> 16);
    algs[2] = (u_char) (key->algs >> 8);
    algs[3] = (u_char) key->algs;

    md = EVP_MD_CTX_new();

    rc = (md != NULL
          && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1
          && EVP_DigestUpdate(md, key->material, sizeof(key->material)) == 1
          && EVP_DigestUpdate(md, algs, sizeof(algs)) == 1
          && (key->kid == NULL
              || EVP_DigestUpdate(md, key->kid, key->kid_len + 1) == 1)
          && EVP_DigestFinal_ex(md, key->fingerprint, NULL) == 1)
         ? 0 : -1;

    EVP_MD_CTX_free(md);

    return rc;
}


int
jac_key_set_kid(jac_key_t *key, const char *kid, size_t len)
{
    key->kid = malloc(len + 1);
    if (key->kid == NULL) {
        return -1;
    }

    memcpy(key->kid, kid, len);
    key->kid[len] = '\0';
    key->kid_len = len;

    return 0;
}


/* a key without a kid matches any */

const char *
jac_key_kid(const jac_key_t *key)
{
    return key->kid;
}


int
jac_key_kid_matches(const jac_key_t *key, const char *kid, size_t len)
{
    return key->kid == NULL
           || (key->kid_len == len && memcmp(key->kid, kid, len) == 0);
}


void
jac_key_free(jac_key_t *key)
{
    size_t  i;

    if (key == NULL) {
        return;
    }

    for (i = 0; i < JAC_HMAC_N; i++) {
        EVP_MAC_CTX_free(key->mac[i]);
    }

    for (i = 0; i < JAC_ALG_N; i++) {
        EVP_PKEY_CTX_free(key->vctx[i]);
        EVP_MD_free(key->md[i]);
    }

    EVP_CIPHER_CTX_free(key->gcm);
    EVP_MAC_CTX_free(key->cbc_mac);
    EVP_CIPHER_CTX_free(key->cbc);

    EVP_PKEY_free(key->pkey);
    BN_free(key->order);
    free(key->kid);
    free(key);
}


/*
 * An RSA key verifies RS* and PS* (an RSA-PSS key PS* only), with an odd
 * modulus and an odd public exponent of at least 3: with e = 1 the padded
 * digest, which anyone can compute, would be a valid signature.  An
 * RSA-PSS key whose parameters restrict it (to one hash, or a least salt
 * length) verifies only the PS* algorithms it can prepare for, at least
 * one.
 */

static int
jac_key_rsa_check(jac_key_t *key, const char **reason)
{
    int               ok;
    BIGNUM           *n, *e;
    const jac_alg_t  *a;

    n = NULL;
    e = NULL;

    ok = EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_RSA_N, &n) == 1
         && EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_RSA_E, &e) == 1
         && BN_is_odd(n) && BN_is_odd(e) && !BN_is_one(e);

    BN_free(n);
    BN_free(e);

    if (!ok) {
        *reason = "the RSA key's modulus or exponent is not valid (both "
                  "odd, the exponent at least 3)";
        return -1;
    }

    if (EVP_PKEY_get_base_id(key->pkey) == EVP_PKEY_RSA) {
        key->algs = JAC_ALG_RSA_ALL;
        return 0;
    }

    for (a = jac_algs; a->alg; a++) {
        if (a->kind == JAC_KIND_PSS && jac_verify_prepare(key, a) == 0) {
            key->algs |= a->alg;
        }
    }

    if (key->algs == 0) {
        *reason = "the RSA-PSS key's parameters allow none of PS256, PS384 "
                  "and PS512 (salt as long as the hash)";
        return -1;
    }

    return 0;
}


/*
 * An Ed25519 public key must not be a point of small order (RFC 8032
 * verifiers need not refuse them, and OpenSSL does not): for such a key,
 * a signature of a small-order R and S = 0 verifies most messages.  The
 * points of order 1, 2, 4 and 8 have the y of the table (x only changes
 * the sign bit); p and p + 1, the non-canonical forms of 0 and 1, and any
 * other y of p or more are refused too.
 */

static int
jac_key_ed25519_check(EVP_PKEY *pkey, const char **reason)
{
    size_t  i, len;
    u_char  y[32];

    len = sizeof(y);

    if (EVP_PKEY_get_raw_public_key(pkey, y, &len) != 1 || len != 32) {
        *reason = "OpenSSL could not read the Ed25519 key";
        return -1;
    }

    y[31] &= 0x7f;

    /* y >= p = 2^255 - 19: 0x7f, thirty 0xff and a first byte >= 0xed */

    for (i = 1; i < 31 && y[i] == 0xff; i++) { /* void */ }

    if (i == 31 && y[31] == 0x7f && y[0] >= 0xed) {
        *reason = "the Ed25519 key is not in canonical form";
        return -1;
    }

    for (i = 0; i < sizeof(jac_ed25519_small) / 32; i++) {
        if (memcmp(y, jac_ed25519_small[i], 32) == 0) {
            *reason = "the Ed25519 key is a point of small order, for "
                      "which anyone could sign";
            return -1;
        }
    }

    return 0;
}
