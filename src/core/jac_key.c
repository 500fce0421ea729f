
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 */


#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "jac.h"
#include "jac_internal.h"


/*
 * A key: an HMAC secret, with one MAC context per hash it is long enough
 * for (the key already set, so a verification only re-initialises it),
 * or a public key.  "algs" is what it may verify: its own family and
 * size only, narrowed by a JWK's "alg".
 */

struct jwt_key_s {
    unsigned              algs;
    char                 *kid;
    size_t                kid_len;
    EVP_MAC_CTX          *mac[JWT_HMAC_N];
    EVP_PKEY             *pkey;
    BIGNUM               *order;       /* of an EC key's group */
    u_char                material[JWT_FINGERPRINT_LEN];  /* SHA-256 */
    u_char                fingerprint[JWT_FINGERPRINT_LEN];

    /*
     * RS*, PS*, ES*: a verification context and its digest for each
     * algorithm, prepared at the first use, so that a verification only
     * hashes and verifies
     */
    EVP_PKEY_CTX         *vctx[JWT_ALG_N];
    EVP_MD               *md[JWT_ALG_N];
};


static EVP_MAC_CTX *jwt_key_mac_new(const char *digest, const u_char *secret,
    size_t len);
static jwt_key_t *jwt_key_public(EVP_PKEY *pkey, const char **reason);
static jwt_err_t jwt_key_verify_public(jwt_key_t *key, const jwt_alg_t *a,
    const u_char *input, size_t len, const u_char *sig, size_t siglen);
static jwt_err_t jwt_key_verify_eddsa(jwt_key_t *key, const u_char *input,
    size_t len, const u_char *sig, size_t siglen);
static int jwt_key_prepare(jwt_key_t *key, const jwt_alg_t *a, size_t i);
static int jwt_key_seal(jwt_key_t *key);
static int jwt_keyset_add(jwt_keyset_t *set, jwt_key_t *key);
static int jwt_keyset_pem(jwt_keyset_t *set, const u_char *data, size_t len,
    const char **reason);
static int jwt_keyset_json(jwt_keyset_t *set, const u_char *data,
    size_t len, const char **reason);
static jwt_key_t *jwt_key_jwk(json_t *jwk, int *skip, const char **reason);
static EVP_PKEY *jwt_jwk_rsa(json_t *jwk, const char **reason);
static EVP_PKEY *jwt_jwk_ec(json_t *jwk, int *skip, const char **reason);
static EVP_PKEY *jwt_jwk_okp(json_t *jwk, int *skip, const char **reason);
static ssize_t jwt_jwk_bytes(json_t *jwk, const char *name, u_char *buf,
    size_t size);


jwt_key_t *
jwt_key_hmac(const u_char *secret, size_t len, const char **reason)
{
    size_t            i;
    jwt_key_t        *key;
    const jwt_alg_t  *a;

    /* RFC 7518, 3.2: a key of at least the size of the hash output */

    if (len < jwt_algs[0].size) {
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
        a = &jwt_algs[i];

        if (len < a->size) {
            continue;
        }

        key->mac[i] = jwt_key_mac_new(a->digest, secret, len);
        if (key->mac[i] == NULL) {
            *reason = "OpenSSL could not prepare the HMAC key";
            jwt_key_free(key);
            return NULL;
        }

        key->algs |= a->alg;
    }

    if (EVP_Digest(secret, len, key->material, NULL, EVP_sha256(), NULL)
        != 1
        || jwt_key_seal(key) != 0)
    {
        *reason = "OpenSSL could not hash the secret";
        jwt_key_free(key);
        return NULL;
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


/* what a public key may verify, by its type and size */

static jwt_key_t *
jwt_key_public(EVP_PKEY *pkey, const char **reason)
{
    int         nid, len;
    char        group[64];
    u_char     *der;
    EC_GROUP   *g;
    jwt_key_t  *key;

    key = calloc(1, sizeof(jwt_key_t));
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

        key->algs = (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA)
                    ? JWT_ALG_RSA_ALL
                    : JWT_ALG_PS256|JWT_ALG_PS384|JWT_ALG_PS512;
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
            key->algs = JWT_ALG_ES256;

        } else if (nid == NID_secp384r1) {
            key->algs = JWT_ALG_ES384;

        } else if (nid == NID_secp521r1) {
            key->algs = JWT_ALG_ES512;

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
        key->algs = JWT_ALG_EDDSA;
        return key;

    default:
        *reason = "the key is not RSA, EC or Ed25519";
        break;
    }

failed:

    jwt_key_free(key);

    return NULL;
}


unsigned
jwt_key_algs(const jwt_key_t *key)
{
    return key->algs;
}


/* a key without a kid matches any */

const u_char *
jwt_key_fingerprint(const jwt_key_t *key)
{
    return key->fingerprint;
}


/*
 * The fingerprint covers what decides which tokens a key verifies: its
 * material, its algorithms and its kid; so a JWKS that lists the same
 * key under another kid or alg has, for the token cache, another key.
 */

static int
jwt_key_seal(jwt_key_t *key)
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
jwt_key_kid_matches(const jwt_key_t *key, const char *kid, size_t len)
{
    return key->kid == NULL
           || (key->kid_len == len && memcmp(key->kid, kid, len) == 0);
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

    for (i = 0; i < JWT_ALG_N; i++) {
        EVP_PKEY_CTX_free(key->vctx[i]);
        EVP_MD_free(key->md[i]);
    }

    EVP_PKEY_free(key->pkey);
    BN_free(key->order);
    free(key->kid);
    free(key);
}


/*
 * Verifies a signature with a key of the algorithm's family.  HS*: in
 * constant time; the length of a signature is public, so a wrong length
 * is refused at once.
 */

jwt_err_t
jwt_key_verify(jwt_key_t *key, const jwt_alg_t *a, const u_char *input,
    size_t len, const u_char *sig, size_t siglen)
{
    size_t        i, maclen;
    u_char        mac[JWT_MAX_MAC_LEN];
    EVP_MAC_CTX  *ctx;

    if (!(key->algs & a->alg)) {
        return JWT_ERR_BAD_SIGNATURE;
    }

    if (a->kind != JWT_KIND_HMAC) {
        return jwt_key_verify_public(key, a, input, len, sig, siglen);
    }

    i = a - jwt_algs;

    if (siglen != a->size) {
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


static jwt_err_t
jwt_key_verify_public(jwt_key_t *key, const jwt_alg_t *a,
    const u_char *input, size_t len, const u_char *sig, size_t siglen)
{
    int            rc, derlen;
    size_t         i;
    u_char        *der, digest[EVP_MAX_MD_SIZE];
    BIGNUM        *r, *s;
    ECDSA_SIG     *es;
    unsigned int   dlen;

    if (a->kind == JWT_KIND_EDDSA) {
        return jwt_key_verify_eddsa(key, input, len, sig, siglen);
    }

    i = a - jwt_algs;

    if (key->vctx[i] == NULL && jwt_key_prepare(key, a, i) != 0) {
        ERR_clear_error();
        return JWT_ERR_INTERNAL;
    }

    der = NULL;

    if (a->kind == JWT_KIND_EC) {

        /*
         * RFC 7518, 3.4: R || S, each exactly the size of the order; both
         * in [1, order - 1], which also refuses the all-zero signature
         * of CVE-2022-21449
         */

        if (siglen != 2 * a->size) {
            return JWT_ERR_BAD_SIGNATURE;
        }

        r = BN_bin2bn(sig, a->size, NULL);
        s = BN_bin2bn(sig + a->size, a->size, NULL);
        es = ECDSA_SIG_new();

        if (r == NULL || s == NULL || es == NULL) {
            BN_free(r);
            BN_free(s);
            ECDSA_SIG_free(es);
            return JWT_ERR_INTERNAL;
        }

        if (BN_is_zero(r) || BN_is_zero(s)
            || BN_cmp(r, key->order) >= 0 || BN_cmp(s, key->order) >= 0)
        {
            BN_free(r);
            BN_free(s);
            ECDSA_SIG_free(es);
            return JWT_ERR_BAD_SIGNATURE;
        }

        ECDSA_SIG_set0(es, r, s);
        derlen = i2d_ECDSA_SIG(es, &der);
        ECDSA_SIG_free(es);

        if (derlen <= 0) {
            return JWT_ERR_INTERNAL;
        }

        sig = der;
        siglen = derlen;
    }

    if (EVP_Digest(input, len, digest, &dlen, key->md[i], NULL) != 1) {
        OPENSSL_free(der);
        ERR_clear_error();
        return JWT_ERR_INTERNAL;
    }

    rc = EVP_PKEY_verify(key->vctx[i], sig, siglen, digest, dlen);

    /* 0 and the errors of a malformed signature alike mean "no" */

    ERR_clear_error();
    OPENSSL_free(der);

    return (rc == 1) ? JWT_OK : JWT_ERR_BAD_SIGNATURE;
}


/* the context of an algorithm for this key: padding and digest set */

static int
jwt_key_prepare(jwt_key_t *key, const jwt_alg_t *a, size_t i)
{
    EVP_PKEY_CTX  *ctx;

    key->md[i] = EVP_MD_fetch(NULL, a->digest, NULL);
    if (key->md[i] == NULL) {
        return -1;
    }

    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key->pkey, NULL);

    if (ctx == NULL
        || EVP_PKEY_verify_init(ctx) != 1
        || (a->kind == JWT_KIND_RSA
            && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1)
        || (a->kind == JWT_KIND_PSS
            && (EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) != 1
                || EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx,
                                                    RSA_PSS_SALTLEN_DIGEST)
                   != 1
                || EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, key->md[i]) != 1))
        || EVP_PKEY_CTX_set_signature_md(ctx, key->md[i]) != 1)
    {
        EVP_PKEY_CTX_free(ctx);
        return -1;
    }

    key->vctx[i] = ctx;

    return 0;
}


/* Ed25519 signs the message itself: no context to prepare */

static jwt_err_t
jwt_key_verify_eddsa(jwt_key_t *key, const u_char *input, size_t len,
    const u_char *sig, size_t siglen)
{
    jwt_err_t    err;
    EVP_MD_CTX  *md;

    md = EVP_MD_CTX_new();
    if (md == NULL) {
        return JWT_ERR_INTERNAL;
    }

    if (EVP_DigestVerifyInit(md, NULL, NULL, NULL, key->pkey) != 1) {
        err = JWT_ERR_INTERNAL;

    } else {
        err = (EVP_DigestVerify(md, sig, siglen, input, len) == 1)
              ? JWT_OK : JWT_ERR_BAD_SIGNATURE;
    }

    ERR_clear_error();
    EVP_MD_CTX_free(md);

    return err;
}


int
jwt_keyset_load(jwt_keyset_t *set, const u_char *data, size_t len,
    const char **reason)
{
    int            rc;
    const u_char  *p, *end;

    memset(set, 0, sizeof(jwt_keyset_t));

    end = data + len;

    for (p = data; p < end; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            break;
        }
    }

    if (p < end && *p == '{') {
        rc = jwt_keyset_json(set, p, end - p, reason);

    } else if (p + 11 <= end && memcmp(p, "-----BEGIN ", 11) == 0) {
        rc = jwt_keyset_pem(set, data, len, reason);

    } else {
        *reason = "neither PEM nor a JWK or JWKS";
        rc = -1;
    }

    ERR_clear_error();

    if (rc == 0 && set->n == 0) {
        /* only a JWKS can end up with none */
        *reason = "the JWKS has no usable key";
        rc = -1;
    }

    if (rc != 0) {
        jwt_keyset_free(set);
    }

    return rc;
}


void
jwt_keyset_free(jwt_keyset_t *set)
{
    size_t  i;

    for (i = 0; i < set->n; i++) {
        jwt_key_free(set->keys[i]);
    }

    free(set->keys);

    set->keys = NULL;
    set->n = 0;
}


static int
jwt_keyset_add(jwt_keyset_t *set, jwt_key_t *key)
{
    jwt_key_t  **keys;

    keys = realloc(set->keys, (set->n + 1) * sizeof(jwt_key_t *));
    if (keys == NULL) {
        jwt_key_free(key);
        return -1;
    }

    set->keys = keys;
    set->keys[set->n++] = key;

    return 0;
}


static int
jwt_keyset_pem(jwt_keyset_t *set, const u_char *data, size_t len,
    const char **reason)
{
    int             rc;
    BIO            *bio;
    X509           *x509;
    long            derlen;
    char           *name, *header;
    u_char         *der;
    EVP_PKEY       *pkey;
    jwt_key_t      *key;
    const u_char   *p;

    bio = BIO_new_mem_buf(data, (int) len);
    if (bio == NULL) {
        *reason = "out of memory";
        return -1;
    }

    rc = 0;

    while (PEM_read_bio(bio, &name, &header, &der, &derlen) == 1) {

        p = der;
        pkey = NULL;

        if (strcmp(name, "PUBLIC KEY") == 0) {
            pkey = d2i_PUBKEY(NULL, &p, derlen);

        } else if (strcmp(name, "RSA PUBLIC KEY") == 0) {
            pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, derlen);

        } else if (strcmp(name, "CERTIFICATE") == 0) {
            x509 = d2i_X509(NULL, &p, derlen);

            if (x509 != NULL) {
                pkey = X509_get_pubkey(x509);
                X509_free(x509);
            }

        } else if (strstr(name, "PRIVATE KEY") != NULL) {
            *reason = "it holds a private key: give nginx the public key "
                      "only";
            rc = -1;

        } else {
            *reason = "it holds a PEM block that is not a public key or "
                      "a certificate";
            rc = -1;
        }

        OPENSSL_free(name);
        OPENSSL_free(header);
        OPENSSL_free(der);

        if (rc != 0) {
            break;
        }

        if (pkey == NULL) {
            *reason = "a PEM block does not decode";
            rc = -1;
            break;
        }

        key = jwt_key_public(pkey, reason);

        if (key != NULL && jwt_key_seal(key) != 0) {
            *reason = "OpenSSL could not hash the key";
            jwt_key_free(key);
            key = NULL;
        }

        if (key == NULL || jwt_keyset_add(set, key) != 0) {
            rc = -1;
            break;
        }
    }

    BIO_free(bio);

    if (rc == 0 && set->n == 0) {
        *reason = "no PEM block decodes";
        rc = -1;
    }

    return rc;
}


static int
jwt_keyset_json(jwt_keyset_t *set, const u_char *data, size_t len,
    const char **reason)
{
    int         skip;
    size_t      i;
    json_t     *json, *keys;
    jwt_key_t  *key;

    json = json_loadb((const char *) data, len, JSON_REJECT_DUPLICATES, NULL);

    if (!json_is_object(json)) {
        json_decref(json);
        *reason = "it is not a JSON object";
        return -1;
    }

    keys = json_object_get(json, "keys");

    if (keys == NULL) {
        /* a single JWK: what a JWKS would skip is an error here */

        key = jwt_key_jwk(json, &skip, reason);
        json_decref(json);

        if (key == NULL) {
            return -1;
        }

        return jwt_keyset_add(set, key);
    }

    if (!json_is_array(keys)) {
        json_decref(json);
        *reason = "the \"keys\" of the JWKS is not an array";
        return -1;
    }

    for (i = 0; i < json_array_size(keys); i++) {
        skip = 0;

        key = jwt_key_jwk(json_array_get(keys, i), &skip, reason);

        if (key == NULL) {
            if (!skip) {
                json_decref(json);
                return -1;
            }

            set->skipped++;
            set->skipped_reason = *reason;
            continue;
        }

        if (jwt_keyset_add(set, key) != 0) {
            json_decref(json);
            *reason = "out of memory";
            return -1;
        }
    }

    json_decref(json);

    return 0;
}


/*
 * A JWK (RFC 7517, RFC 7518 section 6, RFC 8037): "skip" is set when
 * the key is merely of no use here (another "use", an unsupported type
 * or curve), which a JWKS may hold.
 */

static jwt_key_t *
jwt_key_jwk(json_t *jwk, int *skip, const char **reason)
{
    u_char           k[1024];
    size_t           i;
    ssize_t          n;
    json_t          *v;
    unsigned         alg;
    EVP_PKEY        *pkey;
    jwt_key_t       *key;
    const char      *kty;
    const jwt_alg_t *a;

    static const char  *private[] = { "d", "p", "q", "dp", "dq", "qi",
                                      "oth" };

    *skip = 0;

    if (!json_is_object(jwk)) {
        *reason = "a JWK is not a JSON object";
        return NULL;
    }

    kty = json_string_value(json_object_get(jwk, "kty"));
    if (kty == NULL) {
        *reason = "a JWK has no \"kty\"";
        return NULL;
    }

    if (strcmp(kty, "oct") != 0) {
        for (i = 0; i < sizeof(private) / sizeof(private[0]); i++) {
            if (json_object_get(jwk, private[i]) != NULL) {
                *reason = "a JWK holds a private key: give nginx the public "
                          "key only";
                return NULL;
            }
        }
    }

    v = json_object_get(jwk, "use");

    if (v != NULL && !(json_is_string(v)
                       && strcmp(json_string_value(v), "sig") == 0))
    {
        *reason = "a JWK is not for signatures (\"use\" is not \"sig\")";
        *skip = 1;
        return NULL;
    }

    if (strcmp(kty, "oct") == 0) {
        n = jwt_jwk_bytes(jwk, "k", k, sizeof(k));
        if (n < 0) {
            *reason = "an oct JWK has no valid \"k\"";
            return NULL;
        }

        key = jwt_key_hmac(k, n, reason);
        OPENSSL_cleanse(k, sizeof(k));

    } else {
        if (strcmp(kty, "RSA") == 0) {
            pkey = jwt_jwk_rsa(jwk, reason);

        } else if (strcmp(kty, "EC") == 0) {
            pkey = jwt_jwk_ec(jwk, skip, reason);

        } else if (strcmp(kty, "OKP") == 0) {
            pkey = jwt_jwk_okp(jwk, skip, reason);

        } else {
            *reason = "a JWK has an unsupported \"kty\"";
            *skip = 1;
            return NULL;
        }

        if (pkey == NULL) {
            return NULL;
        }

        key = jwt_key_public(pkey, reason);
    }

    if (key == NULL) {
        return NULL;
    }

    /* "alg" narrows what the key verifies, within its family */

    v = json_object_get(jwk, "alg");

    if (v != NULL) {
        alg = json_is_string(v) ? jwt_alg_by_name(
                                      (const u_char *) json_string_value(v),
                                      json_string_length(v))
                                : 0;

        if (alg == 0) {
            *reason = "a JWK has an unsupported \"alg\"";
            *skip = 1;
            jwt_key_free(key);
            return NULL;
        }

        if (!(key->algs & alg)) {
            a = jwt_alg_get(alg);
            *reason = (a->kind == JWT_KIND_HMAC)
                      ? "a JWK's \"alg\" needs a longer secret"
                      : "a JWK's \"alg\" does not fit its key type";
            jwt_key_free(key);
            return NULL;
        }

        key->algs = alg;
    }

    v = json_object_get(jwk, "kid");

    if (json_is_string(v)) {
        key->kid_len = json_string_length(v);
        key->kid = malloc(key->kid_len + 1);

        if (key->kid == NULL) {
            *reason = "out of memory";
            jwt_key_free(key);
            return NULL;
        }

        memcpy(key->kid, json_string_value(v), key->kid_len + 1);
    }

    if (jwt_key_seal(key) != 0) {
        *reason = "OpenSSL could not hash the key";
        jwt_key_free(key);
        return NULL;
    }

    return key;
}


static EVP_PKEY *
jwt_jwk_rsa(json_t *jwk, const char **reason)
{
    u_char           buf[1024];
    BIGNUM          *n, *e;
    ssize_t          len;
    EVP_PKEY        *pkey;
    OSSL_PARAM      *params;
    EVP_PKEY_CTX    *ctx;
    OSSL_PARAM_BLD  *bld;

    pkey = NULL;
    n = NULL;
    e = NULL;
    params = NULL;
    ctx = NULL;
    bld = NULL;

    len = jwt_jwk_bytes(jwk, "n", buf, sizeof(buf));
    if (len <= 0) {
        *reason = "an RSA JWK has no valid \"n\"";
        return NULL;
    }

    n = BN_bin2bn(buf, len, NULL);

    len = jwt_jwk_bytes(jwk, "e", buf, sizeof(buf));
    if (len <= 0) {
        *reason = "an RSA JWK has no valid \"e\"";
        goto done;
    }

    e = BN_bin2bn(buf, len, NULL);

    *reason = "OpenSSL refuses the RSA JWK";

    bld = OSSL_PARAM_BLD_new();

    if (n == NULL || e == NULL || bld == NULL
        || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) != 1
        || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) != 1)
    {
        goto done;
    }

    params = OSSL_PARAM_BLD_to_param(bld);
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);

    if (params == NULL || ctx == NULL
        || EVP_PKEY_fromdata_init(ctx) != 1
        || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
    {
        pkey = NULL;
    }

done:

    BN_free(n);
    BN_free(e);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);

    return pkey;
}


static EVP_PKEY *
jwt_jwk_ec(json_t *jwk, int *skip, const char **reason)
{
    u_char         point[1 + 2 * 66];
    size_t         size;
    const char    *crv, *group;
    EVP_PKEY      *pkey;
    OSSL_PARAM     params[3];
    EVP_PKEY_CTX  *ctx;

    crv = json_string_value(json_object_get(jwk, "crv"));

    if (crv != NULL && strcmp(crv, "P-256") == 0) {
        group = "prime256v1";
        size = 32;

    } else if (crv != NULL && strcmp(crv, "P-384") == 0) {
        group = "secp384r1";
        size = 48;

    } else if (crv != NULL && strcmp(crv, "P-521") == 0) {
        group = "secp521r1";
        size = 66;

    } else {
        *reason = "an EC JWK is on an unsupported curve";
        *skip = 1;
        return NULL;
    }

    /* the uncompressed point: 04 || x || y, each exactly the field size */

    point[0] = 0x04;

    if (jwt_jwk_bytes(jwk, "x", point + 1, size + 1) != (ssize_t) size
        || jwt_jwk_bytes(jwk, "y", point + 1 + size, size + 1)
           != (ssize_t) size)
    {
        *reason = "an EC JWK has no valid \"x\" and \"y\"";
        return NULL;
    }

    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                                 (char *) group, 0);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
                                                  point, 1 + 2 * size);
    params[2] = OSSL_PARAM_construct_end();

    pkey = NULL;
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);

    if (ctx == NULL
        || EVP_PKEY_fromdata_init(ctx) != 1
        || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) != 1)
    {
        *reason = "an EC JWK's point is not on its curve";
        EVP_PKEY_CTX_free(ctx);
        return NULL;
    }

    EVP_PKEY_CTX_free(ctx);

    /* the point must be on the curve */

    ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);

    if (ctx == NULL || EVP_PKEY_public_check(ctx) != 1) {
        *reason = "an EC JWK's point is not on its curve";
        EVP_PKEY_CTX_free(ctx);
        EVP_PKEY_free(pkey);
        return NULL;
    }

    EVP_PKEY_CTX_free(ctx);

    return pkey;
}


static EVP_PKEY *
jwt_jwk_okp(json_t *jwk, int *skip, const char **reason)
{
    u_char       x[33];
    const char  *crv;
    EVP_PKEY    *pkey;

    crv = json_string_value(json_object_get(jwk, "crv"));

    if (crv == NULL || strcmp(crv, "Ed25519") != 0) {
        *reason = "an OKP JWK is not Ed25519";
        *skip = 1;
        return NULL;
    }

    if (jwt_jwk_bytes(jwk, "x", x, sizeof(x)) != 32) {
        *reason = "an Ed25519 JWK has no valid \"x\"";
        return NULL;
    }

    pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, x, 32);
    if (pkey == NULL) {
        *reason = "OpenSSL refuses the Ed25519 JWK";
    }

    return pkey;
}


/* a base64url member of a JWK, decoded; -1 when absent or too long */

static ssize_t
jwt_jwk_bytes(json_t *jwk, const char *name, u_char *buf, size_t size)
{
    json_t  *v;
    size_t   len;

    v = json_object_get(jwk, name);

    if (!json_is_string(v)) {
        return -1;
    }

    len = json_string_length(v);

    if (len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0) > size) {
        return -1;
    }

    return jwt_base64url_decode(buf, (const u_char *) json_string_value(v),
                                len);
}
