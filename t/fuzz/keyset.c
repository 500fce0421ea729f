
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * t/fuzz/keyset.c: jac_keyset_load() on the input, as a key file or a
 * fetched JWKS.  A refused input leaves an empty set and says why; a
 * loaded one has keys, each of one family (HS*; RS* and PS*; PS* only;
 * ES256; ES384; ES512; EdDSA).  Every key loaded is then tried, alone,
 * on tokens of every alg whose signatures nobody made:
 *
 *   - zeros, all ones, the input's bytes, pseudo-random bytes (seeded by
 *     the input), of the length the alg and key ask for, and of others;
 *   - ECDSA: r and s at the group order, and both 1;
 *   - RSA: the padded digest itself, what a private exponent of 1 signs,
 *     which verifies where the public exponent is 1;
 *   - Ed25519: R a point of small order and S zero, which verifies for
 *     one token in eight or more where the public key is of small order
 *     (and for such a key, tokens of many payloads, until one does).
 *
 * None may verify, nor make a library fail (JAC_ERR_INTERNAL, a 500 for a
 * client's token).  Everything is freed, for the leak check.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "jac_internal.h"
#include "fuzz_base64url.h"


#define FUZZ_ED_SMALL          8


typedef struct {
    const u_char         *input;
    size_t                size;
    uint64_t              seed;
    jac_key_t            *key;
} fuzz_ctx_t;


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_one_family(unsigned algs);
static void fuzz_forge(fuzz_ctx_t *ctx);
static int fuzz_ed_small_order(const jac_key_t *key);
static void fuzz_forge_small(fuzz_ctx_t *ctx);
static u_char *fuzz_input(fuzz_ctx_t *ctx, const jac_alg_t *a, size_t jti,
    size_t *len);
static void fuzz_forge_alg(fuzz_ctx_t *ctx, const jac_alg_t *a,
    EVP_PKEY *d1);
static void fuzz_try(fuzz_ctx_t *ctx, const jac_alg_t *a, const char *what,
    const u_char *input, size_t len, const u_char *sig, size_t siglen);
static size_t fuzz_sig_len(const jac_key_t *key, const jac_alg_t *a);
static EVP_PKEY *fuzz_rsa_d1(const jac_key_t *key);
static size_t fuzz_sign_d1(EVP_PKEY *d1, const jac_alg_t *a,
    const u_char *input, size_t len, u_char **sig);
static uint64_t fuzz_random(uint64_t *state);


/* the families a key's algorithms must be within */
static const unsigned  fuzz_families[] = {
    JAC_ALG_HMAC_ALL,
    JAC_ALG_RSA_ALL,
    JAC_ALG_PS256|JAC_ALG_PS384|JAC_ALG_PS512,
    JAC_ALG_ES256,
    JAC_ALG_ES384,
    JAC_ALG_ES512,
    JAC_ALG_EDDSA
};


/*
 * The Ed25519 points of small order (the identity, one of order 2, two
 * of order 4, four of order 8), as they encode: with S = 0, R' is one
 * of them when the public key is one of them.
 */
static const u_char  fuzz_ed_small[FUZZ_ED_SMALL][32] = {
    { 0x01 },
    { 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
    { 0x00 },
    { [31] = 0x80 },
    { 0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0,
      0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
      0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39,
      0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05 },
    { 0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0,
      0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
      0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39,
      0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x85 },
    { 0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f,
      0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
      0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6,
      0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a },
    { 0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f,
      0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
      0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6,
      0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0xfa }
};


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int            rc;
    size_t         i;
    unsigned       algs;
    fuzz_ctx_t     ctx;
    const char    *reason;
    jac_keyset_t   set;
    const u_char  *fp;

    reason = NULL;

    rc = jac_keyset_load(&set, data, size, &reason);

    if (rc != 0) {
        if (set.n != 0 || set.keys != NULL || reason == NULL) {
            fprintf(stderr, "keyset: refused, but not empty\n");
            abort();
        }

        return 0;
    }

    if (set.n == 0 || set.keys == NULL) {
        fprintf(stderr, "keyset: loaded, but no key\n");
        abort();
    }

    ctx.input = data;
    ctx.size = size;

    /* FNV-1a of the input seeds the pseudo-random signatures */

    ctx.seed = 0xcbf29ce484222325ULL;

    for (i = 0; i < size; i++) {
        ctx.seed = (ctx.seed ^ data[i]) * 0x100000001b3ULL;
    }

    for (i = 0; i < set.n; i++) {
        algs = jac_key_algs(set.keys[i]);

        if (!fuzz_one_family(algs)) {
            fprintf(stderr, "keyset: key %zu may verify 0x%04x\n", i, algs);
            abort();
        }

        /* 32 bytes, all readable */

        fp = jac_key_fingerprint(set.keys[i]);
        ctx.seed ^= fp[0] ^ fp[JAC_FINGERPRINT_LEN - 1];

        ctx.key = set.keys[i];
        fuzz_forge(&ctx);
    }

    jac_keyset_free(&set);

    if (set.n != 0 || set.keys != NULL) {
        abort();
    }

    return 0;
}


static int
fuzz_one_family(unsigned algs)
{
    size_t  i;

    if (algs == 0) {
        return 0;
    }

    for (i = 0; i < sizeof(fuzz_families) / sizeof(fuzz_families[0]); i++) {
        if ((algs & ~fuzz_families[i]) == 0) {
            return 1;
        }
    }

    return 0;
}


static void
fuzz_forge(fuzz_ctx_t *ctx)
{
    EVP_PKEY         *d1;
    const jac_alg_t  *a;

    d1 = (ctx->key->algs & JAC_ALG_RSA_ALL) ? fuzz_rsa_d1(ctx->key) : NULL;

    for (a = jac_algs; a->alg != 0; a++) {
        fuzz_forge_alg(ctx, a, d1);
    }

    EVP_PKEY_free(d1);

    if ((ctx->key->algs & JAC_ALG_EDDSA) && fuzz_ed_small_order(ctx->key)) {
        fuzz_forge_small(ctx);
    }
}


/*
 * Whether an Ed25519 public key is a point of small order: its y (the
 * sign of x aside) is one of the seven values that encode one, 0, 1, the
 * two y of order 8, p - 1, and p and p + 1 (0 and 1 not reduced).
 */

static int
fuzz_ed_small_order(const jac_key_t *key)
{
    size_t  i, len;
    u_char  raw[32];

    static const u_char  y[7][32] = {
        { 0x00 },
        { 0x01 },
        { 0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0,
          0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
          0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39,
          0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05 },
        { 0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f,
          0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
          0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6,
          0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a },
        { 0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
        { 0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f },
        { 0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f }
    };

    len = sizeof(raw);

    if (key->pkey == NULL
        || EVP_PKEY_get_raw_public_key(key->pkey, raw, &len) != 1
        || len != sizeof(raw))
    {
        ERR_clear_error();
        return 0;
    }

    raw[31] &= 0x7f;

    for (i = 0; i < 7; i++) {
        if (memcmp(raw, y[i], sizeof(raw)) == 0) {
            return 1;
        }
    }

    return 0;
}


/*
 * A key of small order: R' = [S]B - [h]A is then a point of small order
 * too, so S = 0 and R one of them verifies for one token in eight or
 * more (h depends on R and the payload); many payloads are tried, so
 * that the forgery is found, not merely likely.
 */

static void
fuzz_forge_small(fuzz_ctx_t *ctx)
{
    size_t            i, j, len;
    u_char            sig[64], *input;
    const jac_alg_t  *a;

    a = jac_alg_get(JAC_ALG_EDDSA);

    memset(sig, 0, sizeof(sig));

    for (j = 0; j < 64; j++) {
        input = fuzz_input(ctx, a, j, &len);

        for (i = 0; i < FUZZ_ED_SMALL; i++) {
            memcpy(sig, fuzz_ed_small[i], 32);
            fuzz_try(ctx, a, "R of small order, S = 0", input, len, sig,
                     sizeof(sig));
        }

        free(input);
    }
}


/* the signing input of a token of the alg: "header.payload" */

static u_char *
fuzz_input(fuzz_ctx_t *ctx, const jac_alg_t *a, size_t jti, size_t *len)
{
    char    *htext, *ptext;
    size_t   hlen, plen;
    json_t  *header, *payload;
    u_char  *input, *p;

    header = json_pack("{ss}", "alg", a->name);
    payload = json_pack("{sssIsI}", "sub", "forged", "exp",
                        (json_int_t) 4102444800LL, "jti",
                        (json_int_t) ((ctx->seed + jti) & 0xffffffffffffLL));

    if (header == NULL || payload == NULL) {
        abort();
    }

    if (ctx->key->kid != NULL
        && json_object_set_new(header, "kid",
                               json_stringn(ctx->key->kid,
                                            ctx->key->kid_len))
           != 0)
    {
        abort();
    }

    htext = json_dumps(header, JSON_COMPACT);
    ptext = json_dumps(payload, JSON_COMPACT);

    if (htext == NULL || ptext == NULL) {
        abort();
    }

    hlen = strlen(htext);
    plen = strlen(ptext);

    input = malloc((hlen + 2) / 3 * 4 + 1 + (plen + 2) / 3 * 4);
    if (input == NULL) {
        abort();
    }

    p = input + fuzz_encode(input, (u_char *) htext, hlen);
    *p++ = '.';
    p += fuzz_encode(p, (u_char *) ptext, plen);

    *len = p - input;

    free(htext);
    free(ptext);
    json_decref(header);
    json_decref(payload);

    return input;
}


/* the tokens of one alg: "header.payload", then each forged signature */

static void
fuzz_forge_alg(fuzz_ctx_t *ctx, const jac_alg_t *a, EVP_PKEY *d1)
{
    size_t    len, siglen, n, i, k;
    u_char   *input, *sig, *d1sig;
    uint64_t  state;

    input = fuzz_input(ctx, a, 0, &len);

    siglen = fuzz_sig_len(ctx->key, a);

    sig = malloc(siglen + 2);
    if (sig == NULL) {
        abort();
    }

    /* zeros, all ones, and wrong lengths */

    memset(sig, 0, siglen + 2);

    fuzz_try(ctx, a, "zeros", input, len, sig, siglen);
    fuzz_try(ctx, a, "empty", input, len, sig, 0);
    fuzz_try(ctx, a, "zeros, one byte short", input, len, sig, siglen - 1);

    memset(sig, 0xff, siglen + 2);

    fuzz_try(ctx, a, "all ones", input, len, sig, siglen);

    /* the input's bytes, over and over */

    for (i = 0; ctx->size != 0 && i < siglen + 1; i++) {
        sig[i] = ctx->input[i % ctx->size];
    }

    fuzz_try(ctx, a, "input", input, len, sig, siglen);
    fuzz_try(ctx, a, "input, one byte long", input, len, sig, siglen + 1);

    state = ctx->seed ^ a->alg;

    for (i = 0; i < siglen; i += 8) {
        n = fuzz_random(&state);

        for (k = 0; k < 8 && i + k < siglen; k++) {
            sig[i + k] = (u_char) (n >> (8 * k));
        }
    }

    fuzz_try(ctx, a, "random", input, len, sig, siglen);

    if (a->kind == JAC_KIND_EC && ctx->key->order != NULL
        && (size_t) BN_num_bytes(ctx->key->order) == a->size)
    {
        /* RFC 7518, 3.4: R || S; r = s = n, then r = s = 1 */

        BN_bn2binpad(ctx->key->order, sig, a->size);
        BN_bn2binpad(ctx->key->order, sig + a->size, a->size);

        fuzz_try(ctx, a, "r = s = the order", input, len, sig, siglen);

        memset(sig, 0, siglen);
        sig[a->size - 1] = 1;
        sig[siglen - 1] = 1;

        fuzz_try(ctx, a, "r = s = 1", input, len, sig, siglen);
    }

    if (d1 != NULL && (a->kind == JAC_KIND_RSA || a->kind == JAC_KIND_PSS)) {
        n = fuzz_sign_d1(d1, a, input, len, &d1sig);

        if (n != 0) {
            fuzz_try(ctx, a, "the padded digest (d = 1)", input, len, d1sig,
                     n);
            OPENSSL_free(d1sig);
        }
    }

    if (a->kind == JAC_KIND_EDDSA) {
        memset(sig, 0, siglen);

        for (i = 0; i < FUZZ_ED_SMALL; i++) {
            memcpy(sig, fuzz_ed_small[i], 32);
            fuzz_try(ctx, a, "R of small order, S = 0", input, len, sig,
                     64);
        }
    }

    free(sig);
    free(input);
}


/* one forged token, verified with the key alone */

static void
fuzz_try(fuzz_ctx_t *ctx, const jac_alg_t *a, const char *what,
    const u_char *input, size_t len, const u_char *sig, size_t siglen)
{
    size_t        n;
    u_char       *token, *work;
    jac_err_t     err;
    const char   *reason;
    jac_token_t   jwt;

    n = len + 1 + (siglen + 2) / 3 * 4;

    token = malloc(n);
    if (token == NULL) {
        abort();
    }

    memcpy(token, input, len);
    token[len] = '.';
    n = len + 1 + fuzz_encode(token + len + 1, sig, siglen);

    work = malloc(n);
    if (work == NULL) {
        abort();
    }

    err = jac_decode(&jwt, token, n, work, JAC_ALG_ALL, &ctx->key, 1, NULL,
                     &reason);

    if (err == JAC_OK) {
        fprintf(stderr, "keyset: a forged %s token verified (%s, %zu "
                "bytes) with a key for 0x%04x: %.*s\n", a->name, what,
                siglen, jac_key_algs(ctx->key), (int) n, token);
        abort();
    }

    if (err == JAC_ERR_INTERNAL) {
        fprintf(stderr, "keyset: %s: %s\n", a->name, reason);
        abort();
    }

    free(token);
    free(work);
}


/* what a signature of the alg for the key would be long */

static size_t
fuzz_sig_len(const jac_key_t *key, const jac_alg_t *a)
{
    switch (a->kind) {

    case JAC_KIND_HMAC:
        return a->size;

    case JAC_KIND_RSA:
    case JAC_KIND_PSS:
        return (key->pkey != NULL && EVP_PKEY_get_size(key->pkey) > 0)
               ? (size_t) EVP_PKEY_get_size(key->pkey) : 256;

    case JAC_KIND_EC:
        return 2 * a->size;

    default: /* JAC_KIND_EDDSA */
        return 64;
    }
}


/* the RSA key's n and e, with a private exponent of 1 (NULL if refused) */

static EVP_PKEY *
fuzz_rsa_d1(const jac_key_t *key)
{
    BIGNUM          *n, *e, *d;
    EVP_PKEY        *pkey;
    OSSL_PARAM      *params;
    EVP_PKEY_CTX    *ctx;
    OSSL_PARAM_BLD  *bld;

    n = NULL;
    e = NULL;
    pkey = NULL;

    d = BN_new();
    bld = OSSL_PARAM_BLD_new();
    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);

    if (d == NULL || bld == NULL || ctx == NULL
        || BN_one(d) != 1
        || EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_RSA_N, &n) != 1
        || EVP_PKEY_get_bn_param(key->pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1
        || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) != 1
        || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) != 1
        || OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_D, d) != 1)
    {
        abort();
    }

    params = OSSL_PARAM_BLD_to_param(bld);

    if (params == NULL
        || EVP_PKEY_fromdata_init(ctx) != 1
        || EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_KEYPAIR, params) != 1)
    {
        pkey = NULL;
    }

    ERR_clear_error();

    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX_free(ctx);
    BN_free(n);
    BN_free(e);
    BN_free(d);

    return pkey;
}


static size_t
fuzz_sign_d1(EVP_PKEY *d1, const jac_alg_t *a, const u_char *input,
    size_t len, u_char **sig)
{
    int            ok;
    size_t         n;
    EVP_MD_CTX    *md;
    EVP_PKEY_CTX  *pctx;

    md = EVP_MD_CTX_new();
    if (md == NULL) {
        abort();
    }

    n = 0;
    *sig = NULL;

    ok = EVP_DigestSignInit_ex(md, &pctx, a->digest, NULL, NULL, d1, NULL)
         == 1
         && (a->kind != JAC_KIND_PSS
             || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING)
                 == 1
                 && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx,
                                                     RSA_PSS_SALTLEN_DIGEST)
                    == 1))
         && EVP_DigestSign(md, NULL, &n, input, len) == 1
         && (*sig = OPENSSL_malloc(n)) != NULL
         && EVP_DigestSign(md, *sig, &n, input, len) == 1;

    /* a modulus too short for the padding and digest signs nothing */

    if (!ok) {
        OPENSSL_free(*sig);
        *sig = NULL;
        n = 0;
    }

    ERR_clear_error();
    EVP_MD_CTX_free(md);

    return n;
}


/* splitmix64 */

static uint64_t
fuzz_random(uint64_t *state)
{
    uint64_t  z;

    z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;

    return z ^ (z >> 31);
}
