
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * What the core's files share with each other and not with the glue: the
 * algorithm table (jac_alg.c), which every other file depends on, the key
 * object (built in jac_key.c and jac_keyset.c, used by jac_verify.c), and
 * the functions one file offers the others.  The files call each other in
 * one direction only: token -> verify, key, value; keyset -> key;
 * key -> verify; jwe -> key, verify, value; claims -> value; everything
 * -> alg, base64url.
 */


#ifndef _JAC_INTERNAL_H_INCLUDED_
#define _JAC_INTERNAL_H_INCLUDED_


#include <jansson.h>
#include <openssl/opensslv.h>
#include <openssl/evp.h>
#include <openssl/bn.h>

#include "jac.h"


#if (OPENSSL_VERSION_NUMBER < 0x30000000L)
#error "the JWT core needs OpenSSL 3.0 or newer"
#endif


#pragma GCC visibility push(hidden)


/* how an algorithm verifies */
#define JAC_KIND_HMAC          1
#define JAC_KIND_RSA           2       /* RSASSA-PKCS1-v1_5 */
#define JAC_KIND_PSS           3       /* RSASSA-PSS */
#define JAC_KIND_EC            4       /* ECDSA, raw R || S */
#define JAC_KIND_EDDSA         5


typedef struct {
    unsigned              alg;
    const char           *name;
    int                   kind;
    const char           *digest;      /* NULL for EdDSA */
    size_t                size;        /* HMAC: the hash output and least
                                          key size; ECDSA: bytes of r, s */
} jac_alg_t;


/* every algorithm, HS256, HS384, HS512 first; a zero alg ends it */
extern const jac_alg_t  jac_algs[];

#define JAC_HMAC_N             3
#define JAC_ALG_N              13

/* the largest HMAC output: SHA-512 */
#define JAC_MAX_MAC_LEN        64


/*
 * A key: an HMAC secret, with one MAC context per hash it is long enough
 * for (the key already set, so a verification only re-initialises it),
 * or a public key.  "algs" is what it may verify: its own family and
 * size only, narrowed by a JWK's "alg".  Or a content encryption key of
 * JWE's "dir" (jac_jwe.c), "cek_len" bytes, which verifies nothing (algs
 * 0): its AES-GCM context when it has a GCM size, and for
 * AES_CBC_HMAC_SHA2 the HMAC context of its first half and the AES-CBC
 * context of its second, all with the key set, so that a decryption only
 * sets the IV.
 */

struct jac_key_s {
    unsigned              algs;
    char                 *kid;
    size_t                kid_len;
    EVP_MAC_CTX          *mac[JAC_HMAC_N];
    EVP_PKEY             *pkey;
    BIGNUM               *order;       /* of an EC key's group */
    u_char                material[JAC_FINGERPRINT_LEN];  /* SHA-256 */
    u_char                fingerprint[JAC_FINGERPRINT_LEN];

    /*
     * RS*, PS*, ES*: a verification context and its digest for each
     * algorithm, prepared at the first use, so that a verification only
     * hashes and verifies
     */
    EVP_PKEY_CTX         *vctx[JAC_ALG_N];
    EVP_MD               *md[JAC_ALG_N];

    size_t                cek_len;     /* 0: not a dir key */
    EVP_CIPHER_CTX       *gcm;
    EVP_MAC_CTX          *cbc_mac;
    EVP_CIPHER_CTX       *cbc;
};


/*
 * The JOSE header of the last valid token: a token with the same header
 * bytes is not parsed again.  The allowed algorithms and the signature
 * are still checked every time.
 */

struct jac_header_cache_s {
    u_char                b64[256];    /* the header as in the token */
    size_t                len;
    json_t               *header;
    unsigned              alg;
};


/* jac_alg.c */
const jac_alg_t *jac_alg_get(unsigned alg);

/* jac_key.c */
jac_key_t *jac_key_public(EVP_PKEY *pkey, const char **reason);
int jac_key_set_kid(jac_key_t *key, const char *kid, size_t len);
int jac_key_seal(jac_key_t *key);
int jac_key_kid_matches(const jac_key_t *key, const char *kid, size_t len);

/*
 * jac_jwe.c: the content decryption of one JWE "enc" (its name) with a
 * dir key, "data" (the ciphertext, "len" bytes) decrypted in place, after
 * the tag is checked; JAC_ERR_MALFORMED when the key, IV or tag is not of
 * the enc's size
 */
jac_err_t jac_jwe_open(jac_key_t *key, const char *enc, const u_char *aad,
    size_t aadlen, const u_char *iv, size_t ivlen, u_char *data, size_t len,
    const u_char *tag, size_t taglen, size_t *plainlen);

/* jac_verify.c */
EVP_MAC_CTX *jac_mac_new(const char *digest, const u_char *secret,
    size_t len);
jac_err_t jac_verify(jac_key_t *key, const jac_alg_t *alg,
    const u_char *input, size_t len, const u_char *sig, size_t siglen);
int jac_verify_prepare(jac_key_t *key, const jac_alg_t *alg);

/* jac_value.c */
int jac_str_in(const json_t *value, const jac_str_t *list, size_t n);
int jac_is_string_array(const json_t *value);

/*
 * The JOSE header members of JWS and JWE checked for their type: 0, and
 * the reason, when one is not (reasons: one per member, kid, typ, cty,
 * jku, x5u, x5t, x5t#S256, x5c, jwk).
 */
#define JAC_HEADER_MEMBERS  9

int jac_check_members(const json_t *header, const char *const *reasons,
    const char **reason);

/*
 * The JSON object of a base64url part, decoded into work (its decoded
 * length at least); refused with reasons[0] (not base64url), reasons[1]
 * (not JSON, or a member twice) or reasons[2] (not an object).
 */
jac_err_t jac_parse_object(json_t **obj, const u_char *data, size_t len,
    u_char *work, const char *const *reasons, const char **reason);


#pragma GCC visibility pop


#endif /* _JAC_INTERNAL_H_INCLUDED_ */
