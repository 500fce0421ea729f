
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 */


#include <stdlib.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "jwt.h"
#include "jwt_internal.h"


/*
 * An HMAC key keeps one MAC context per hash it is long enough for, with
 * the key already set, so a verification only re-initialises it.
 */

struct jwt_key_s {
    unsigned              algs;
    EVP_MAC_CTX          *mac[JWT_HMAC_N];
};


static EVP_MAC_CTX *jwt_key_mac_new(const char *digest, const u_char *secret,
    size_t len);


jwt_key_t *
jwt_key_hmac(const u_char *secret, size_t len, const char **reason)
{
    size_t              i;
    jwt_key_t          *key;
    const jwt_hmac_t   *h;

    /* RFC 7518, 3.2: a key of at least the size of the hash output */

    if (len < jwt_hmac[0].size) {
        *reason = "the secret is shorter than 32 bytes, the least HS256 "
                  "allows (RFC 7518, 3.2)";
        return NULL;
    }

    key = calloc(1, sizeof(jwt_key_t));
    if (key == NULL) {
        *reason = "out of memory";
        return NULL;
    }

    for (i = 0; i < JWT_HMAC_N; i++) {
        h = &jwt_hmac[i];

        if (len < h->size) {
            continue;
        }

        key->mac[i] = jwt_key_mac_new(h->digest, secret, len);
        if (key->mac[i] == NULL) {
            *reason = "OpenSSL could not prepare the HMAC key";
            jwt_key_free(key);
            return NULL;
        }

        key->algs |= h->alg;
    }

    return key;
}


static EVP_MAC_CTX *
jwt_key_mac_new(const char *digest, const u_char *secret, size_t len)
{
    EVP_MAC      *mac;
    OSSL_PARAM    params[2];
    EVP_MAC_CTX  *ctx;

    mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
    if (mac == NULL) {
        return NULL;
    }

    ctx = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);

    if (ctx == NULL) {
        return NULL;
    }

    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                                 (char *) digest, 0);
    params[1] = OSSL_PARAM_construct_end();

    if (EVP_MAC_init(ctx, secret, len, params) != 1) {
        EVP_MAC_CTX_free(ctx);
        return NULL;
    }

    return ctx;
}


unsigned
jwt_key_algs(const jwt_key_t *key)
{
    return key->algs;
}


void
jwt_key_free(jwt_key_t *key)
{
    size_t  i;

    if (key == NULL) {
        return;
    }

    for (i = 0; i < JWT_HMAC_N; i++) {
        EVP_MAC_CTX_free(key->mac[i]);
    }

    free(key);
}


/*
 * Verifies an HS* signature in constant time; the length of the
 * signature is public, so a wrong length is refused at once.
 */

jwt_err_t
jwt_key_verify(jwt_key_t *key, unsigned alg, const u_char *input,
    size_t len, const u_char *sig, size_t siglen)
{
    size_t         i, maclen;
    u_char         mac[JWT_MAX_MAC_LEN];
    EVP_MAC_CTX   *ctx;

    if (!(key->algs & alg)) {
        return JWT_ERR_BAD_SIGNATURE;
    }

    for (i = 0; jwt_hmac[i].alg != alg; i++) { /* void */ }

    if (siglen != jwt_hmac[i].size) {
        return JWT_ERR_BAD_SIGNATURE;
    }

    ctx = key->mac[i];

    if (EVP_MAC_init(ctx, NULL, 0, NULL) != 1
        || EVP_MAC_update(ctx, input, len) != 1
        || EVP_MAC_final(ctx, mac, &maclen, sizeof(mac)) != 1
        || maclen != siglen)
    {
        return JWT_ERR_INTERNAL;
    }

    if (CRYPTO_memcmp(mac, sig, siglen) != 0) {
        return JWT_ERR_BAD_SIGNATURE;
    }

    return JWT_OK;
}
