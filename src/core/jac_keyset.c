
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Key sets: the keys of a key file or a fetched JWKS, read from PEM
 * (public keys, PKCS#1 RSA public keys, certificates), a JWK or a JWKS
 * (RFC 7517, RFC 7518 section 6, RFC 8037).
 */


#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "jac_internal.h"


static int jac_keyset_add(jac_keyset_t *set, jac_key_t *key);
static int jac_keyset_pem(jac_keyset_t *set, const u_char *data, size_t len,
    const char **reason);
static int jac_keyset_json(jac_keyset_t *set, const u_char *data,
    size_t len, const char **reason);
static jac_key_t *jac_key_jwk(json_t *jwk, int *skip, const char **reason);
static EVP_PKEY *jac_jwk_rsa(json_t *jwk, const char **reason);
static EVP_PKEY *jac_jwk_ec(json_t *jwk, int *skip, const char **reason);
static EVP_PKEY *jac_jwk_okp(json_t *jwk, int *skip, const char **reason);
static ssize_t jac_jwk_bytes(json_t *jwk, const char *name, u_char *buf,
    size_t size);
static void jac_keyset_skipped(jac_keyset_t *set, json_t *jwk,
    const char *why);


int
jac_keyset_load(jac_keyset_t *set, const u_char *data, size_t len,
    const char **reason)
{
    int            rc;
    const u_char  *p, *end;

    memset(set, 0, sizeof(jac_keyset_t));

    end = data + len;

    for (p = data; p < end; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
            break;
        }
    }

    if (p < end && *p == '{') {
        rc = jac_keyset_json(set, p, end - p, reason);

    } else if (p + 11 <= end && memcmp(p, "-----BEGIN ", 11) == 0) {
        rc = jac_keyset_pem(set, data, len, reason);

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
        jac_keyset_free(set);
    }

    return rc;
}


void
jac_keyset_free(jac_keyset_t *set)
{
    size_t  i;

    for (i = 0; i < set->n; i++) {
        jac_key_free(set->keys[i]);
    }

    free(set->keys);

    set->keys = NULL;
    set->n = 0;
}


static int
jac_keyset_add(jac_keyset_t *set, jac_key_t *key)
{
    jac_key_t  **keys;

    keys = realloc(set->keys, (set->n + 1) * sizeof(jac_key_t *));
    if (keys == NULL) {
        jac_key_free(key);
        return -1;
    }

    set->keys = keys;
    set->keys[set->n++] = key;

    return 0;
}


static int
jac_keyset_pem(jac_keyset_t *set, const u_char *data, size_t len,
    const char **reason)
{
    int             rc;
    BIO            *bio;
    X509           *x509;
    long            derlen;
    char           *name, *header;
    u_char         *der;
    EVP_PKEY       *pkey;
    jac_key_t      *key;
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

        key = jac_key_public(pkey, reason);

        if (key != NULL && jac_key_seal(key) != 0) {
            *reason = "OpenSSL could not hash the key";
            jac_key_free(key);
            key = NULL;
        }

        if (key == NULL || jac_keyset_add(set, key) != 0) {
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
jac_keyset_json(jac_keyset_t *set, const u_char *data, size_t len,
    const char **reason)
{
    int         skip;
    size_t      i;
    json_t     *json, *keys;
    jac_key_t  *key;

    json = json_loadb((const char *) data, len, JSON_REJECT_DUPLICATES, NULL);

    if (!json_is_object(json)) {
        json_decref(json);
        *reason = "it is not a JSON object";
        return -1;
    }

    keys = json_object_get(json, "keys");

    if (keys == NULL) {
        /* a single JWK: what a JWKS would skip is an error here */

        key = jac_key_jwk(json, &skip, reason);
        json_decref(json);

        if (key == NULL) {
            return -1;
        }

        return jac_keyset_add(set, key);
    }

    if (!json_is_array(keys)) {
        json_decref(json);
        *reason = "the \"keys\" of the JWKS is not an array";
        return -1;
    }

    for (i = 0; i < json_array_size(keys); i++) {
        skip = 0;

        key = jac_key_jwk(json_array_get(keys, i), &skip, reason);

        if (key == NULL) {
            if (!skip) {
                json_decref(json);
                return -1;
            }

            set->skipped++;
            set->skipped_reason = *reason;
            jac_keyset_skipped(set, json_array_get(keys, i), *reason);
            continue;
        }

        if (jac_keyset_add(set, key) != 0) {
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

static jac_key_t *
jac_key_jwk(json_t *jwk, int *skip, const char **reason)
{
    u_char           k[1024];
    size_t           i;
    ssize_t          n;
    json_t          *v;
    unsigned         alg;
    EVP_PKEY        *pkey;
    jac_key_t       *key;
    const char      *kty;
    const jac_alg_t *a;

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
        n = jac_jwk_bytes(jwk, "k", k, sizeof(k));
        if (n < 0) {
            *reason = "an oct JWK has no valid \"k\"";
            return NULL;
        }

        key = jac_key_hmac(k, n, reason);
        OPENSSL_cleanse(k, sizeof(k));

    } else {
        if (strcmp(kty, "RSA") == 0) {
            pkey = jac_jwk_rsa(jwk, reason);

        } else if (strcmp(kty, "EC") == 0) {
            pkey = jac_jwk_ec(jwk, skip, reason);

        } else if (strcmp(kty, "OKP") == 0) {
            pkey = jac_jwk_okp(jwk, skip, reason);

        } else {
            *reason = "a JWK has an unsupported \"kty\"";
            *skip = 1;
            return NULL;
        }

        if (pkey == NULL) {
            return NULL;
        }

        key = jac_key_public(pkey, reason);
    }

    if (key == NULL) {
        return NULL;
    }

    /* "alg" narrows what the key verifies, within its family */

    v = json_object_get(jwk, "alg");

    if (v != NULL) {
        alg = json_is_string(v) ? jac_alg_by_name(
                                      (const u_char *) json_string_value(v),
                                      json_string_length(v))
                                : 0;

        if (alg == 0) {
            *reason = "a JWK has an unsupported \"alg\"";
            *skip = 1;
            jac_key_free(key);
            return NULL;
        }

        if (!(key->algs & alg)) {
            a = jac_alg_get(alg);
            *reason = (a->kind == JAC_KIND_HMAC)
                      ? "a JWK's \"alg\" needs a longer secret"
                      : "a JWK's \"alg\" does not fit its key type";
            jac_key_free(key);
            return NULL;
        }

        key->algs = alg;
    }

    v = json_object_get(jwk, "kid");

    if (json_is_string(v)
        && jac_key_set_kid(key, json_string_value(v), json_string_length(v))
           != 0)
    {
        *reason = "out of memory";
        jac_key_free(key);
        return NULL;
    }

    if (jac_key_seal(key) != 0) {
        *reason = "OpenSSL could not hash the key";
        jac_key_free(key);
        return NULL;
    }

    return key;
}


static EVP_PKEY *
jac_jwk_rsa(json_t *jwk, const char **reason)
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

    len = jac_jwk_bytes(jwk, "n", buf, sizeof(buf));
    if (len <= 0) {
        *reason = "an RSA JWK has no valid \"n\"";
        return NULL;
    }

    n = BN_bin2bn(buf, len, NULL);

    len = jac_jwk_bytes(jwk, "e", buf, sizeof(buf));
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
jac_jwk_ec(json_t *jwk, int *skip, const char **reason)
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

    if (jac_jwk_bytes(jwk, "x", point + 1, size + 1) != (ssize_t) size
        || jac_jwk_bytes(jwk, "y", point + 1 + size, size + 1)
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
jac_jwk_okp(json_t *jwk, int *skip, const char **reason)
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

    if (jac_jwk_bytes(jwk, "x", x, sizeof(x)) != 32) {
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
jac_jwk_bytes(json_t *jwk, const char *name, u_char *buf, size_t size)
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

    return jac_base64url_decode(buf, (const u_char *) json_string_value(v),
                                len);
}



/*
 * A skipped key in the set's list of them, as 'kid "k" (why)': what the
 * warning of a key file or a key request says of each; " ..." ends a list
 * that does not fit
 */

static void
jac_keyset_skipped(jac_keyset_t *set, json_t *jwk, const char *why)
{
    int      n;
    char    *text;
    json_t  *kid;
    size_t   len, room;

    text = set->skipped_text;
    len = strlen(text);

    if (len >= 4 && memcmp(text + len - 4, " ...", 4) == 0) {
        return;
    }

    room = sizeof(set->skipped_text) - 5 - len;
    kid = json_object_get(jwk, "kid");

    if (json_is_string(kid)) {
        n = snprintf(text + len, room, "%skid \"%.64s\" (%s)",
                     len ? "; " : "", json_string_value(kid), why);

    } else {
        n = snprintf(text + len, room, "%sa key without kid (%s)",
                     len ? "; " : "", why);
    }

    if (n < 0 || (size_t) n >= room) {
        memcpy(text + len, " ...", 5);
    }
}
