
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Verification, per algorithm family, with contexts prepared ahead: an
 * HMAC context per hash made with the key, an RSA, PSS or ECDSA context
 * per algorithm made at a key's first use; Ed25519, which signs the
 * message itself, needs none.
 */


#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include "jac_internal.h"


static jac_err_t jac_verify_public(jac_key_t *key, const jac_alg_t *a,
    const u_char *input, size_t len, const u_char *sig, size_t siglen);
static jac_err_t jac_verify_eddsa(jac_key_t *key, const u_char *input,
    size_t len, const u_char *sig, size_t siglen);


EVP_MAC_CTX *
jac_mac_new(const char *digest, const u_char *secret, size_t len)
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


/*
 * Verifies a signature with a key of the algorithm's family.  HS*: in
 * constant time; the length of a signature is public, so a wrong length
 * is refused at once.
 */

jac_err_t
jac_verify(jac_key_t *key, const jac_alg_t *a, const u_char *input,
    size_t len, const u_char *sig, size_t siglen)
{
    size_t        i, maclen;
    u_char        mac[JAC_MAX_MAC_LEN];
    EVP_MAC_CTX  *ctx;

    if (!(key->algs & a->alg)) {
        return JAC_ERR_BAD_SIGNATURE;
    }

    if (a->kind != JAC_KIND_HMAC) {
        return jac_verify_public(key, a, input, len, sig, siglen);
    }

    i = a - jac_algs;

    if (siglen != a->size) {
        return JAC_ERR_BAD_SIGNATURE;
    }

    ctx = key->mac[i];

    if (EVP_MAC_init(ctx, NULL, 0, NULL) != 1
        || EVP_MAC_update(ctx, input, len) != 1
        || EVP_MAC_final(ctx, mac, &maclen, sizeof(mac)) != 1
        || maclen != siglen)
    {
        return JAC_ERR_INTERNAL;
    }

    if (CRYPTO_memcmp(mac, sig, siglen) != 0) {
        return JAC_ERR_BAD_SIGNATURE;
    }

    return JAC_OK;
}


static jac_err_t
jac_verify_public(jac_key_t *key, const jac_alg_t *a,
    const u_char *input, size_t len, const u_char *sig, size_t siglen)
{
    int            rc, derlen;
    size_t         i;
    u_char        *der, digest[EVP_MAX_MD_SIZE];
    BIGNUM        *r, *s;
    ECDSA_SIG     *es;
    unsigned int   dlen;

    if (a->kind == JAC_KIND_EDDSA) {
        return jac_verify_eddsa(key, input, len, sig, siglen);
    }

    i = a - jac_algs;

    if (key->vctx[i] == NULL && jac_verify_prepare(key, a) != 0) {
        ERR_clear_error();
        return JAC_ERR_INTERNAL;
    }

    der = NULL;

    if (a->kind == JAC_KIND_EC) {

        /*
         * RFC 7518, 3.4: R || S, each exactly the size of the order; both
         * in [1, order - 1], which also refuses the all-zero signature
         * of CVE-2022-21449
         */

        if (siglen != 2 * a->size) {
            return JAC_ERR_BAD_SIGNATURE;
        }

        r = BN_bin2bn(sig, a->size, NULL);
        s = BN_bin2bn(sig + a->size, a->size, NULL);
        es = ECDSA_SIG_new();

        if (r == NULL || s == NULL || es == NULL) {
            BN_free(r);
            BN_free(s);
            ECDSA_SIG_free(es);
            return JAC_ERR_INTERNAL;
        }

        if (BN_is_zero(r) || BN_is_zero(s)
            || BN_cmp(r, key->order) >= 0 || BN_cmp(s, key->order) >= 0)
        {
            BN_free(r);
            BN_free(s);
            ECDSA_SIG_free(es);
            return JAC_ERR_BAD_SIGNATURE;
        }

        ECDSA_SIG_set0(es, r, s);
        derlen = i2d_ECDSA_SIG(es, &der);
        ECDSA_SIG_free(es);

        if (derlen <= 0) {
            return JAC_ERR_INTERNAL;
        }

        sig = der;
        siglen = derlen;
    }

    if (EVP_Digest(input, len, digest, &dlen, key->md[i], NULL) != 1) {
        OPENSSL_free(der);
        ERR_clear_error();
        return JAC_ERR_INTERNAL;
    }

    rc = EVP_PKEY_verify(key->vctx[i], sig, siglen, digest, dlen);

    /* 0 and the errors of a malformed signature alike mean "no" */

    ERR_clear_error();
    OPENSSL_free(der);

    return (rc == 1) ? JAC_OK : JAC_ERR_BAD_SIGNATURE;
}


/* the context of an algorithm for this key: padding and digest set */

int
jac_verify_prepare(jac_key_t *key, const jac_alg_t *a)
{
    size_t         i;
    EVP_PKEY_CTX  *ctx;

    i = a - jac_algs;

    key->md[i] = EVP_MD_fetch(NULL, a->digest, NULL);
    if (key->md[i] == NULL) {
        return -1;
    }

    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);

    if (ctx == NULL
        || EVP_PKEY_verify_init(ctx) != 1
        || (a->kind == JAC_KIND_RSA
            && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1)
        || (a->kind == JAC_KIND_PSS
            && (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) != 1
                || EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx,
                                                    RSA_PSS_SALTLEN_DIGEST)
                   != 1
                || EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, key->md[i]) != 1))
        || EVP_PKEY_CTX_set_signature_md(ctx, key->md[i]) != 1)
    {
        EVP_PKEY_CTX_free(ctx);
        EVP_MD_free(key->md[i]);
        key->md[i] = NULL;
        return -1;
    }

    key->vctx[i] = ctx;

    return 0;
}


/* Ed25519 signs the message itself: no context to prepare */

static jac_err_t
jac_verify_eddsa(jac_key_t *key, const u_char *input, size_t len,
    const u_char *sig, size_t siglen)
{
    jac_err_t    err;
    EVP_MD_CTX  *md;

    md = EVP_MD_CTX_new();
    if (md == NULL) {
        return JAC_ERR_INTERNAL;
    }

    if (EVP_DigestVerifyInit(md, NULL, NULL, NULL, key->pkey) != 1) {
        err = JAC_ERR_INTERNAL;

    } else {
        err = (EVP_DigestVerify(md, sig, siglen, input, len) == 1)
              ? JAC_OK : JAC_ERR_BAD_SIGNATURE;
    }

    ERR_clear_error();
    EVP_MD_CTX_free(md);

    return err;
}
