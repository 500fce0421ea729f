
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * JWE (RFC 7516) in its compact serialization, with "dir" only (RFC 7518
 * 4.5): the content encryption keys, the derivation of Better Auth's
 * (HKDF), the protected header's checks, and the content decryption of
 * AES_CBC_HMAC_SHA2 (RFC 7518 5.2), the tag checked before anything is
 * decrypted, and of AES GCM (5.3).
 */


#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/kdf.h>

#include "jac_internal.h"


#define JAC_JWE_MAX_IV         16
#define JAC_JWE_MAX_TAG        32
#define JAC_JWE_MAX_KEY        64
#define JAC_AES_BLOCK          16

/* the base64url length of n bytes, unpadded */
#define jac_base64url_len(n)   (((n) * 4 + 2) / 3)


/* a content encryption algorithm, "enc" (RFC 7518 5.1) */

typedef struct {
    const char           *name;
    size_t                key_len;
    size_t                iv_len;
    size_t                tag_len;
    unsigned              gcm:1;
    const char           *cipher;      /* OpenSSL's name */
    const char           *digest;      /* CBC-HS: the HMAC's */
    const char           *iv_reason;
    const char           *tag_reason;
} jac_enc_t;


typedef struct {
    const char           *name;
    const char           *reason;
} jac_jwe_alg_t;


static jac_err_t jac_jwe_header(json_t **header, const u_char *b64,
    size_t len, u_char *work, const jac_enc_t **enc, const char **reason);
static jac_err_t jac_jwe_part(u_char *dst, size_t size, const u_char *src,
    size_t len, const char *bad, const char **reason);
static jac_key_t *jac_jwe_key(jac_key_t *const *keys, size_t nkeys,
    size_t *from, const jac_enc_t *e, const char *kid, size_t kid_len);
static jac_err_t jac_jwe_decrypt_with(jac_key_t *key, const jac_enc_t *e,
    const u_char *aad, size_t aadlen, const u_char *iv, u_char *data,
    size_t len, const u_char *tag, size_t *plainlen);
static jac_err_t jac_jwe_cbc(jac_key_t *key, const jac_enc_t *e,
    const u_char *aad, size_t aadlen, const u_char *iv, u_char *data,
    size_t len, const u_char *tag, size_t *plainlen);
static jac_err_t jac_jwe_gcm(jac_key_t *key, const u_char *aad,
    size_t aadlen, const u_char *iv, u_char *data, size_t len,
    const u_char *tag, size_t *plainlen);
static EVP_CIPHER_CTX *jac_cipher_new(const char *name, const u_char *key);
static int jac_key_thumbprint(jac_key_t *key, const u_char *cek,
    size_t len);


static const jac_enc_t  jac_encs[] = {
    { "A128CBC-HS256", 32, 16, 16, 0, "AES-128-CBC", "SHA256",
      "JWE IV is not 16 bytes, as A128CBC-HS256 needs",
      "JWE tag is not 16 bytes, as A128CBC-HS256 needs" },
    { "A192CBC-HS384", 48, 16, 24, 0, "AES-192-CBC", "SHA384",
      "JWE IV is not 16 bytes, as A192CBC-HS384 needs",
      "JWE tag is not 24 bytes, as A192CBC-HS384 needs" },
    { "A256CBC-HS512", 64, 16, 32, 0, "AES-256-CBC", "SHA512",
      "JWE IV is not 16 bytes, as A256CBC-HS512 needs",
      "JWE tag is not 32 bytes, as A256CBC-HS512 needs" },
    { "A128GCM", 16, 12, 16, 1, "AES-128-GCM", NULL,
      "JWE IV is not 12 bytes, as A128GCM needs",
      "JWE tag is not 16 bytes, as A128GCM needs" },
    { "A192GCM", 24, 12, 16, 1, "AES-192-GCM", NULL,
      "JWE IV is not 12 bytes, as A192GCM needs",
      "JWE tag is not 16 bytes, as A192GCM needs" },
    { "A256GCM", 32, 12, 16, 1, "AES-256-GCM", NULL,
      "JWE IV is not 12 bytes, as A256GCM needs",
      "JWE tag is not 16 bytes, as A256GCM needs" },
    { NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL }
};


/* the key management algorithms of RFC 7518 4.1 other than dir */

#define jac_jwe_refused(name)                                               \
    { name, "JWE alg " name " is not accepted, only dir" }

static const jac_jwe_alg_t  jac_jwe_refused_algs[] = {
    jac_jwe_refused("RSA1_5"),
    jac_jwe_refused("RSA-OAEP"),
    jac_jwe_refused("RSA-OAEP-256"),
    jac_jwe_refused("RSA-OAEP-384"),
    jac_jwe_refused("RSA-OAEP-512"),
    jac_jwe_refused("A128KW"),
    jac_jwe_refused("A192KW"),
    jac_jwe_refused("A256KW"),
    jac_jwe_refused("ECDH-ES"),
    jac_jwe_refused("ECDH-ES+A128KW"),
    jac_jwe_refused("ECDH-ES+A192KW"),
    jac_jwe_refused("ECDH-ES+A256KW"),
    jac_jwe_refused("A128GCMKW"),
    jac_jwe_refused("A192GCMKW"),
    jac_jwe_refused("A256GCMKW"),
    jac_jwe_refused("PBES2-HS256+A128KW"),
    jac_jwe_refused("PBES2-HS384+A192KW"),
    jac_jwe_refused("PBES2-HS512+A256KW"),
    jac_jwe_refused("none"),
    { NULL, NULL }
};


/* registered header members that must be strings when present */

/* in the order of jac_check_members() */
static const char  *const jac_jwe_member_reasons[JAC_HEADER_MEMBERS] = {
    "JWE header's kid is not a string",
    "JWE header's typ is not a string",
    "JWE header's cty is not a string",
    "JWE header's jku is not a string",
    "JWE header's x5u is not a string",
    "JWE header's x5t is not a string",
    "JWE header's x5t#S256 is not a string",
    "JWE header's x5c is not an array of strings",
    "JWE header's jwk is not an object"
};


static const char  jac_jwe_bad[] = "JWE does not decrypt with the key";


jac_key_t *
jac_key_dir(const u_char *cek, size_t len, const u_char *kid, size_t kidlen,
    const char **reason)
{
    jac_key_t        *key;
    const jac_enc_t  *e;

    if (len != 16 && len != 24 && len != 32 && len != 48 && len != 64) {
        *reason = "a dir key is not 16, 24, 32, 48 or 64 bytes, the "
                  "sizes of A128GCM, A192GCM, A256GCM (or A128CBC-HS256), "
                  "A192CBC-HS384 and A256CBC-HS512";
        return NULL;
    }

    if (kid == NULL && kidlen != 0) {
        *reason = "the dir key's kid is missing";
        return NULL;
    }

    key = calloc(1, sizeof(jac_key_t));
    if (key == NULL) {
        *reason = "out of memory";
        return NULL;
    }

    key->cek_len = len;

    for (e = jac_encs; e->name != NULL; e++) {
        if (e->key_len != len) {
            continue;
        }

        if (e->gcm) {
            key->gcm = jac_cipher_new(e->cipher, cek);
            if (key->gcm == NULL) {
                goto failed;
            }

            continue;
        }

        /* RFC 7518 5.2.2.1: MAC_KEY the first half, ENC_KEY the second */

        key->cbc_mac = jac_mac_new(e->digest, cek, len / 2);
        key->cbc = jac_cipher_new(e->cipher, cek + len / 2);

        if (key->cbc_mac == NULL || key->cbc == NULL) {
            goto failed;
        }
    }

    if (EVP_Digest(cek, len, key->material, NULL, EVP_sha256(), NULL) != 1) {
        goto failed;
    }

    if (kidlen != 0) {
        if (jac_key_set_kid(key, (const char *) kid, kidlen) != 0) {
            *reason = "out of memory";
            jac_key_free(key);
            return NULL;
        }

    } else if (jac_key_thumbprint(key, cek, len) != 0) {
        goto failed;
    }

    if (jac_key_seal(key) != 0) {
        goto failed;
    }

    return key;

failed:

    ERR_clear_error();
    jac_key_free(key);

    *reason = "OpenSSL could not prepare the dir key";

    return NULL;
}


/* RFC 7638: SHA-256 of {"k":"...","kty":"oct"}, base64url */

static int
jac_key_thumbprint(jac_key_t *key, const u_char *cek, size_t len)
{
    u_char  *p, json[sizeof("{\"k\":\"\",\"kty\":\"oct\"}")
                      + jac_base64url_len(JAC_JWE_MAX_KEY)];
    u_char   digest[32], kid[jac_base64url_len(32)];

    p = json;
    memcpy(p, "{\"k\":\"", 6);
    p += 6;
    p += jac_base64url_encode(p, cek, len);
    memcpy(p, "\",\"kty\":\"oct\"}", 14);
    p += 14;

    if (EVP_Digest(json, p - json, digest, NULL, EVP_sha256(), NULL) != 1) {
        return -1;
    }

    return jac_key_set_kid(key, (const char *) kid,
                           jac_base64url_encode(kid, digest, 32));
}


static EVP_CIPHER_CTX *
jac_cipher_new(const char *name, const u_char *key)
{
    EVP_CIPHER      *cipher;
    EVP_CIPHER_CTX  *ctx;

    cipher = EVP_CIPHER_fetch(NULL, name, NULL);
    if (cipher == NULL) {
        return NULL;
    }

    ctx = EVP_CIPHER_CTX_new();

    if (ctx == NULL
        || EVP_DecryptInit_ex2(ctx, cipher, key, NULL, NULL) != 1)
    {
        EVP_CIPHER_CTX_free(ctx);
        ctx = NULL;
    }

    EVP_CIPHER_free(cipher);

    return ctx;
}


/*
 * A dir key from an "oct" JWK (RFC 7517, 6.4): {"kty":"oct","k":"...",
 * "kid":"..."}; without "kid", the key's thumbprint is its kid.
 */

jac_key_t *
jac_key_dir_jwk(const u_char *text, size_t len, const char **reason)
{
    u_char        cek[64 + 3];
    json_t       *jwk, *k, *kid;
    ssize_t       n;
    jac_key_t    *key;
    json_error_t  error;

    jwk = json_loadb((const char *) text, len, JSON_REJECT_DUPLICATES,
                     &error);

    if (!json_is_object(jwk)) {
        json_decref(jwk);
        *reason = "not a JWK: not a JSON object";
        return NULL;
    }

    k = json_object_get(jwk, "k");
    kid = json_object_get(jwk, "kid");

    if (!json_is_string(json_object_get(jwk, "kty"))
        || strcmp(json_string_value(json_object_get(jwk, "kty")), "oct") != 0)
    {
        *reason = "the JWK's kty is not \"oct\"";
        key = NULL;
        goto done;
    }

    if (!json_is_string(k) || json_string_length(k) > 88
        || (kid != NULL && (!json_is_string(kid)
                            || json_string_length(kid) == 0)))
    {
        *reason = "the JWK's k is not a string of at most 64 bytes, or its "
                  "kid not a string";
        key = NULL;
        goto done;
    }

    n = jac_base64url_decode(cek, (const u_char *) json_string_value(k),
                             json_string_length(k));

    if (n < 0) {
        *reason = "the JWK's k is not base64url";
        key = NULL;
        goto done;
    }

    key = jac_key_dir(cek, n,
                      kid ? (const u_char *) json_string_value(kid) : NULL,
                      kid ? json_string_length(kid) : 0, reason);

    OPENSSL_cleanse(cek, sizeof(cek));

done:

    json_decref(jwk);

    return key;
}


int
jac_hkdf_sha256(u_char *out, size_t outlen, const u_char *ikm,
    size_t ikmlen, const u_char *salt, size_t saltlen, const u_char *info,
    size_t infolen)
{
    int           rc;
    EVP_KDF      *kdf;
    OSSL_PARAM    params[5], *p;
    EVP_KDF_CTX  *ctx;

    kdf = EVP_KDF_fetch(NULL, OSSL_KDF_NAME_HKDF, NULL);
    if (kdf == NULL) {
        ERR_clear_error();
        return -1;
    }

    ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);

    if (ctx == NULL) {
        ERR_clear_error();
        return -1;
    }

    /* an empty salt is the hash's length of zeros (RFC 5869 2.2) */

    p = params;
    *p++ = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                            (char *) "SHA256", 0);
    *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                             (void *) ikm, ikmlen);
    if (saltlen != 0) {
        *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT,
                                                 (void *) salt, saltlen);
    }

    if (infolen != 0) {
        *p++ = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO,
                                                 (void *) info, infolen);
    }

    *p = OSSL_PARAM_construct_end();

    rc = (EVP_KDF_derive(ctx, out, outlen, params) == 1) ? 0 : -1;

    EVP_KDF_CTX_free(ctx);

    if (rc != 0) {
        ERR_clear_error();
    }

    return rc;
}


int
jac_token_parts(const u_char *token, size_t len)
{
    size_t         dots;
    const u_char  *p, *end;

    dots = 0;
    end = token + len;

    for (p = token; p < end; p++) {
        p = memchr(p, '.', end - p);

        if (p == NULL) {
            break;
        }

        if (++dots > 4) {
            return 0;
        }
    }

    return (dots == 2) ? 3 : (dots == 4) ? 5 : 0;
}


jac_err_t
jac_jwe_decrypt(jac_token_t *jwt, const u_char *token, size_t len,
    u_char *work, jac_key_t *const *keys, size_t nkeys, u_char **plain,
    size_t *plainlen, const char **reason)
{
    size_t            i, n, hlen, kid_len, from, tries;
    u_char            iv[JAC_JWE_MAX_IV], tag[JAC_JWE_MAX_TAG];
    json_t           *v;
    ssize_t           ctlen;
    jac_err_t         err;
    jac_key_t        *key;
    const char       *kid;
    const u_char     *dot[4], *p, *end;
    const jac_enc_t  *e;

    jwt->header = NULL;
    jwt->payload = NULL;
    jwt->alg = 0;
    jwt->key = NULL;

    *plain = NULL;
    *plainlen = 0;

    ctlen = 0;
    e = NULL;

    if (len > JAC_MAX_TOKEN_LEN) {
        *reason = "token is too large";
        return JAC_ERR_MALFORMED;
    }

    /*
     * compact serialization (RFC 7516 7.1): exactly five parts, the
     * protected header, the encrypted key, the IV, the ciphertext and
     * the tag
     */

    end = token + len;
    p = token;

    for (i = 0; i < 4; i++) {
        dot[i] = memchr(p, '.', end - p);

        if (dot[i] == NULL) {
            break;
        }

        p = dot[i] + 1;
    }

    if (i < 4 || memchr(p, '.', end - p) != NULL) {
        *reason = "token is not five dot-separated parts (a compact JWE)";
        return JAC_ERR_MALFORMED;
    }

    hlen = dot[0] - token;

    err = jac_jwe_header(&jwt->header, token, hlen, work, &e, reason);
    if (err != JAC_OK) {
        goto failed;
    }

    /* RFC 7516 5.2, step 10: with dir, the encrypted key is empty */

    if (dot[1] != dot[0] + 1) {
        *reason = "JWE encrypted key is not empty, as dir needs";
        err = JAC_ERR_MALFORMED;
        goto failed;
    }

    err = jac_jwe_part(iv, e->iv_len, dot[1] + 1, dot[2] - dot[1] - 1,
                       e->iv_reason, reason);
    if (err != JAC_OK) {
        goto failed;
    }

    err = jac_jwe_part(tag, e->tag_len, dot[3] + 1, end - dot[3] - 1,
                       e->tag_reason, reason);
    if (err != JAC_OK) {
        goto failed;
    }

    ctlen = jac_base64url_decode(work, dot[2] + 1, dot[3] - dot[2] - 1);

    if (ctlen < 0) {
        *reason = "JWE ciphertext is not base64url";
        err = JAC_ERR_MALFORMED;
        goto failed;
    }

    if (!e->gcm && (ctlen == 0 || ctlen % JAC_AES_BLOCK != 0)) {
        *reason = "JWE ciphertext is not whole AES blocks, as CBC needs";
        err = JAC_ERR_MALFORMED;
        goto failed;
    }

    /*
     * the key of the header's kid, or each key of the enc's length; the
     * additional authenticated data is the header as in the token
     */

    v = json_object_get(jwt->header, "kid");
    kid = json_is_string(v) ? json_string_value(v) : NULL;
    kid_len = json_is_string(v) ? json_string_length(v) : 0;

    from = 0;

    for (tries = 0; tries < JAC_MAX_KEY_TRIES; tries++) {

        key = jac_jwe_key(keys, nkeys, &from, e, kid, kid_len);
        if (key == NULL) {
            break;
        }

        /* a try before may have decrypted the ciphertext in place */

        if (tries != 0) {
            (void) jac_base64url_decode(work, dot[2] + 1,
                                        dot[3] - dot[2] - 1);
        }

        err = jac_jwe_decrypt_with(key, e, token, hlen, iv, work, ctlen,
                                   tag, &n);

        if (err == JAC_OK) {
            jwt->key = key;
            *plain = work;
            *plainlen = n;
            return JAC_OK;
        }

        if (err == JAC_ERR_INTERNAL) {
            *reason = "JWE decryption failed in OpenSSL";
            goto failed;
        }
    }

    if (tries != 0) {
        *reason = jac_jwe_bad;
        err = JAC_ERR_BAD_SIGNATURE;
        goto failed;
    }

    err = JAC_ERR_UNKNOWN_KEY;

    if (kid == NULL) {
        *reason = "no key has the length the JWE's enc needs";
        goto failed;
    }

    *reason = "no key has the JWE's kid";

    for (i = 0; i < nkeys; i++) {
        if (keys[i]->cek_len != 0 && keys[i]->kid_len == kid_len
            && memcmp(keys[i]->kid, kid, kid_len) == 0)
        {
            *reason = "the key of the JWE's kid is not of the length its "
                      "enc needs";
            break;
        }
    }

failed:

    /* nothing decrypted without its tag is left behind */

    if (ctlen > 0) {
        OPENSSL_cleanse(work, ctlen);
    }

    json_decref(jwt->header);
    jwt->header = NULL;

    return err;
}


/*
 * The protected header: a JSON object, no member twice, no crit, alg
 * dir, an enc of the table, no zip, and the registered members of RFC
 * 7516 4.1 that are there of their types.
 */

static jac_err_t
jac_jwe_header(json_t **header, const u_char *b64, size_t len, u_char *work,
    const jac_enc_t **enc, const char **reason)
{
    size_t                n;
    json_t               *h, *v;
    jac_err_t             err;
    const char           *name;
    const jac_enc_t      *e;
    const jac_jwe_alg_t  *a;

    static const char *const  reasons[] = {
        "JWE header is not base64url",
        "JWE header is not valid JSON, or has a member twice",
        "JWE header is not a JSON object"
    };

    err = jac_parse_object(header, b64, len, work, reasons, reason);
    if (err != JAC_OK) {
        return err;
    }

    h = *header;

    /* RFC 7516 4.1.13: no extension is understood, so "crit" fails */

    if (json_object_get(h, "crit") != NULL) {
        *reason = "JWE header has crit, which is not supported";
        return JAC_ERR_MALFORMED;
    }

    v = json_object_get(h, "alg");

    if (!json_is_string(v)) {
        *reason = "JWE header has no alg string";
        return JAC_ERR_MALFORMED;
    }

    name = json_string_value(v);
    n = json_string_length(v);

    if (n != 3 || memcmp(name, "dir", 3) != 0) {
        *reason = "JWE alg is not supported, only dir";

        for (a = jac_jwe_refused_algs; a->name != NULL; a++) {
            if (n == strlen(a->name) && memcmp(name, a->name, n) == 0) {
                *reason = a->reason;
                break;
            }
        }

        return JAC_ERR_ALG_NOT_ALLOWED;
    }

    v = json_object_get(h, "enc");

    if (!json_is_string(v)) {
        *reason = "JWE header has no enc string";
        return JAC_ERR_MALFORMED;
    }

    name = json_string_value(v);
    n = json_string_length(v);

    for (e = jac_encs; e->name != NULL; e++) {
        if (n == strlen(e->name) && memcmp(name, e->name, n) == 0) {
            break;
        }
    }

    if (e->name == NULL) {
        *reason = "JWE enc is not supported (A128CBC-HS256, A192CBC-HS384, "
                  "A256CBC-HS512, A128GCM, A192GCM, A256GCM)";
        return JAC_ERR_ALG_NOT_ALLOWED;
    }

    *enc = e;

    /* RFC 7516 4.1.3: nothing is decompressed */

    if (json_object_get(h, "zip") != NULL) {
        *reason = "JWE header has zip: compressed content is not accepted";
        return JAC_ERR_BAD_HEADER;
    }

    if (!jac_check_members(h, jac_jwe_member_reasons, reason)) {
        return JAC_ERR_BAD_HEADER;
    }

    return JAC_OK;
}


/* the IV or the tag: exactly "size" bytes of strict base64url */

static jac_err_t
jac_jwe_part(u_char *dst, size_t size, const u_char *src, size_t len,
    const char *bad, const char **reason)
{
    if (len != jac_base64url_len(size)) {
        *reason = bad;
        return JAC_ERR_MALFORMED;
    }

    if (jac_base64url_decode(dst, src, len) != (ssize_t) size) {
        *reason = "JWE IV or tag is not base64url";
        return JAC_ERR_MALFORMED;
    }

    return JAC_OK;
}


/*
 * The next dir key, from keys[*from] on, of the enc's length and, when
 * the header names a kid, with that kid.
 */

static jac_key_t *
jac_jwe_key(jac_key_t *const *keys, size_t nkeys, size_t *from,
    const jac_enc_t *e, const char *kid, size_t kid_len)
{
    size_t      i;
    jac_key_t  *key;

    for (i = *from; i < nkeys; i++) {
        key = keys[i];

        if (key->cek_len != e->key_len) {
            continue;
        }

        if (kid != NULL
            && (key->kid_len != kid_len
                || memcmp(key->kid, kid, kid_len) != 0))
        {
            continue;
        }

        *from = i + 1;
        return key;
    }

    *from = nkeys;

    return NULL;
}


jac_err_t
jac_jwe_open(jac_key_t *key, const char *enc, const u_char *aad,
    size_t aadlen, const u_char *iv, size_t ivlen, u_char *data, size_t len,
    const u_char *tag, size_t taglen, size_t *plainlen)
{
    const jac_enc_t  *e;

    for (e = jac_encs; e->name != NULL; e++) {
        if (strcmp(e->name, enc) == 0) {
            break;
        }
    }

    if (e->name == NULL || key->cek_len != e->key_len || ivlen != e->iv_len
        || taglen != e->tag_len
        || (!e->gcm && (len == 0 || len % JAC_AES_BLOCK != 0)))
    {
        return JAC_ERR_MALFORMED;
    }

    return jac_jwe_decrypt_with(key, e, aad, aadlen, iv, data, len, tag,
                                plainlen);
}


static jac_err_t
jac_jwe_decrypt_with(jac_key_t *key, const jac_enc_t *e, const u_char *aad,
    size_t aadlen, const u_char *iv, u_char *data, size_t len,
    const u_char *tag, size_t *plainlen)
{
    jac_err_t  err;

    if (e->gcm) {
        err = jac_jwe_gcm(key, aad, aadlen, iv, data, len, tag, plainlen);

    } else {
        err = jac_jwe_cbc(key, e, aad, aadlen, iv, data, len, tag,
                          plainlen);
    }

    ERR_clear_error();

    return err;
}


/*
 * AES_CBC_HMAC_SHA2 (RFC 7518 5.2.2.2): the HMAC over AAD || IV ||
 * ciphertext || AL (the AAD's length in bits, 64-bit big-endian),
 * truncated to the tag's length, compared in constant time before
 * anything is decrypted; then AES-CBC, and its PKCS #7 padding checked
 * without a branch on the bytes.  A wrong tag and bad padding are the
 * same error.
 */

static jac_err_t
jac_jwe_cbc(jac_key_t *key, const jac_enc_t *e, const u_char *aad,
    size_t aadlen, const u_char *iv, u_char *data, size_t len,
    const u_char *tag, size_t *plainlen)
{
    int        outl, fin;
    size_t     i, maclen, pad;
    u_char     al[8], mac[JAC_MAX_MAC_LEN], bad;
    uint64_t   bits;

    bits = (uint64_t) aadlen * 8;

    for (i = 0; i < 8; i++) {
        al[i] = (u_char) (bits >> (56 - 8 * i));
    }

    if (EVP_MAC_init(key->cbc_mac, NULL, 0, NULL) != 1
        || EVP_MAC_update(key->cbc_mac, aad, aadlen) != 1
        || EVP_MAC_update(key->cbc_mac, iv, e->iv_len) != 1
        || EVP_MAC_update(key->cbc_mac, data, len) != 1
        || EVP_MAC_update(key->cbc_mac, al, sizeof(al)) != 1
        || EVP_MAC_final(key->cbc_mac, mac, &maclen, sizeof(mac)) != 1
        || maclen < e->tag_len)
    {
        return JAC_ERR_INTERNAL;
    }

    if (CRYPTO_memcmp(mac, tag, e->tag_len) != 0) {
        return JAC_ERR_BAD_SIGNATURE;
    }

    if (EVP_DecryptInit_ex2(key->cbc, NULL, NULL, iv, NULL) != 1
        || EVP_CIPHER_CTX_set_padding(key->cbc, 0) != 1
        || EVP_DecryptUpdate(key->cbc, data, &outl, data, (int) len) != 1
        || (size_t) outl != len
        || EVP_DecryptFinal_ex(key->cbc, data + outl, &fin) != 1
        || fin != 0)
    {
        return JAC_ERR_INTERNAL;
    }

    /* PKCS #7: 1 to 16 bytes, each the count */

    pad = data[len - 1];
    bad = (u_char) ((pad == 0) | (pad > JAC_AES_BLOCK));

    for (i = 1; i <= JAC_AES_BLOCK; i++) {
        bad |= (u_char) ((i <= pad) & (data[len - i] != pad));
    }

    if (bad) {
        return JAC_ERR_BAD_SIGNATURE;
    }

    *plainlen = len - pad;

    return JAC_OK;
}


/* AES GCM (RFC 7518 5.3): OpenSSL checks the 128-bit tag */

static jac_err_t
jac_jwe_gcm(jac_key_t *key, const u_char *aad, size_t aadlen,
    const u_char *iv, u_char *data, size_t len, const u_char *tag,
    size_t *plainlen)
{
    int  outl, fin;

    if (EVP_DecryptInit_ex2(key->gcm, NULL, NULL, iv, NULL) != 1
        || EVP_DecryptUpdate(key->gcm, NULL, &outl, aad, (int) aadlen) != 1
        || EVP_DecryptUpdate(key->gcm, data, &outl, data, (int) len) != 1
        || (size_t) outl != len
        || EVP_CIPHER_CTX_ctrl(key->gcm, EVP_CTRL_AEAD_SET_TAG, 16,
                               (void *) tag)
           != 1)
    {
        return JAC_ERR_INTERNAL;
    }

    if (EVP_DecryptFinal_ex(key->gcm, data + outl, &fin) != 1) {
        return JAC_ERR_BAD_SIGNATURE;
    }

    *plainlen = len;

    return JAC_OK;
}


int
jac_jwe_nested(const jac_token_t *jwt)
{
    json_t      *v;
    size_t       n;
    const char  *cty;

    v = json_object_get(jwt->header, "cty");

    if (!json_is_string(v)) {
        return 0;
    }

    cty = json_string_value(v);
    n = json_string_length(v);

    /* RFC 7515 4.1.10: "JWT" is "application/jwt" */

    if (n == sizeof("application/jwt") - 1
        && strncasecmp(cty, "application/", 12) == 0)
    {
        cty += 12;
        n -= 12;
    }

    return n == 3 && strncasecmp(cty, "JWT", 3) == 0;
}


jac_err_t
jac_jwe_payload(jac_token_t *jwt, const u_char *plain, size_t len,
    const char **reason)
{
    json_t        *json;
    json_error_t   error;

    json = json_loadb((const char *) plain, len, JSON_REJECT_DUPLICATES,
                      &error);

    if (json == NULL) {
        *reason = "JWE payload is not valid JSON, or has a member twice";
        goto failed;
    }

    if (!json_is_object(json)) {
        json_decref(json);
        *reason = "JWE payload is not a JSON object";
        goto failed;
    }

    json_decref(jwt->payload);
    jwt->payload = json;

    return JAC_OK;

failed:

    json_decref(jwt->header);
    json_decref(jwt->payload);
    jwt->header = NULL;
    jwt->payload = NULL;

    return JAC_ERR_MALFORMED;
}
