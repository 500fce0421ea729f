
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * t/fuzz/token.c: jac_decode() on each line of the input (the first
 * FUZZ_LINES lines), the first with every algorithm allowed, the next
 * with HS* only, then without HS*, and so on.
 *
 *   - The header cache changes nothing: each line is decoded with a
 *     cache (one for the whole input, so that a line meets the header an
 *     earlier line left) and without, and the two must agree on the
 *     error, the alg, the key, and the header's and payload's JSON.
 *   - A verified token's parts, parsed again from its bytes as a hit of
 *     the token cache has them (jac_token_part()), are the same JSON.
 *   - Only a signed token verifies.  The known keys are the suite's: its
 *     secrets, and public keys read from t/keys (or $JAC_FUZZ_KEYS) at
 *     start, whose tokens the seeds hold; when a token verifies, its
 *     signature is checked again here, with OpenSSL directly, against
 *     the key the core says verified it.  The unknown keys are made at
 *     start, a secret and a key pair of each type that nobody else has
 *     seen: nothing may verify with them.
 *   - On an error nothing is left in the token, and no token, whatever
 *     it holds, makes a library fail (JAC_ERR_INTERNAL, a 500).
 *
 * With $JAC_FUZZ_VERBOSE set, each line's outcome is printed.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include "jac_internal.h"
#include "fuzz_base64url.h"


#define FUZZ_LINES             8
#define FUZZ_MAX_KEYS          64


typedef struct {
    jac_key_t            *key;
    const char           *secret;
    size_t                len;
} fuzz_secret_t;


typedef struct {
    const char           *name;
    const char           *digest;
    int                   kind;
    size_t                size;
} fuzz_alg_t;


int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_known_keys(void);
static void fuzz_unknown_keys(void);
static EVP_PKEY *fuzz_pss_keygen(void);
static void fuzz_add_keys(jac_keyset_t *to, const u_char *text, size_t len,
    const char *name);
static u_char *fuzz_read(const char *dir, const char *name, size_t *len);
static void fuzz_line(const u_char *data, size_t len, unsigned allowed,
    jac_header_cache_t *cache);
static void fuzz_same(jac_err_t e1, jac_token_t *t1, jac_err_t e2,
    jac_token_t *t2);
static int fuzz_same_json(const jac_json_t *a, const jac_json_t *b);
static void fuzz_parts(jac_token_t *jwt, const u_char *token, size_t len,
    u_char *work);
static int fuzz_signed(const jac_token_t *jwt, const u_char *token,
    size_t len);
static int fuzz_hmac_signed(const jac_key_t *key, const fuzz_alg_t *a,
    const u_char *input, size_t len, const u_char *sig, size_t siglen);
static int fuzz_pkey_signed(EVP_PKEY *pkey, const fuzz_alg_t *a,
    const u_char *input, size_t len, const u_char *sig, size_t siglen);


/* JWTAuthTest's SECRET, SECRET48 and SECRET64: the seeds' HS* tokens */
static const char  *fuzz_secrets[] = {
    "better-auth-secret-for-tests-256",
    "a-secret-of-48-bytes-that-is-long-enough-for-384",
    "a-secret-of-64-bytes-that-is-long-enough-for-hs512-tokens-too-64",
    NULL
};


/* public keys of t/keys, kid-less and with kids */
static const char  *fuzz_key_files[] = {
    "rsa1.pub.pem",
    "ec256a.pub.pem",
    "ec384.pub.pem",
    "ec521.pub.pem",
    "ed1.pub.pem",
    "rsa1-rs256.jwk",
    "several.jwks",
    "mixed.jwks",
    NULL
};


/* RFC 7518, 3.1 and RFC 8037, as this file knows them */
static const fuzz_alg_t  fuzz_algs[] = {
    { "HS256", "SHA256", JAC_KIND_HMAC, 32 },
    { "HS384", "SHA384", JAC_KIND_HMAC, 48 },
    { "HS512", "SHA512", JAC_KIND_HMAC, 64 },
    { "RS256", "SHA256", JAC_KIND_RSA, 0 },
    { "RS384", "SHA384", JAC_KIND_RSA, 0 },
    { "RS512", "SHA512", JAC_KIND_RSA, 0 },
    { "PS256", "SHA256", JAC_KIND_PSS, 0 },
    { "PS384", "SHA384", JAC_KIND_PSS, 0 },
    { "PS512", "SHA512", JAC_KIND_PSS, 0 },
    { "ES256", "SHA256", JAC_KIND_EC, 32 },
    { "ES384", "SHA384", JAC_KIND_EC, 48 },
    { "ES512", "SHA512", JAC_KIND_EC, 66 },
    { "EdDSA", NULL, JAC_KIND_EDDSA, 0 },
    { NULL, NULL, 0, 0 }
};


/* the algorithm sets each line is decoded with */
static const unsigned  fuzz_masks[] = {
    JAC_ALG_ALL,
    JAC_ALG_HMAC_ALL,
    JAC_ALG_ALL & ~JAC_ALG_HMAC_ALL
};


static int            fuzz_verbose;
static jac_keyset_t   fuzz_known;
static jac_keyset_t   fuzz_unknown;
static fuzz_secret_t  fuzz_known_secrets[3];


int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void) argc;
    (void) argv;

    fuzz_verbose = (getenv("JAC_FUZZ_VERBOSE") != NULL);

    fuzz_known_keys();
    fuzz_unknown_keys();

    return 0;
}


static void
fuzz_known_keys(void)
{
    size_t       i, len;
    u_char      *text;
    jac_key_t   *key;
    const char  *dir, *reason;

    fuzz_known.keys = calloc(FUZZ_MAX_KEYS, sizeof(jac_key_t *));
    if (fuzz_known.keys == NULL) {
        abort();
    }

    for (i = 0; fuzz_secrets[i] != NULL; i++) {
        len = strlen(fuzz_secrets[i]);

        key = jac_key_hmac((const u_char *) fuzz_secrets[i], len, &reason);
        if (key == NULL) {
            fprintf(stderr, "token: secret %zu: %s\n", i, reason);
            exit(1);
        }

        fuzz_known_secrets[i].key = key;
        fuzz_known_secrets[i].secret = fuzz_secrets[i];
        fuzz_known_secrets[i].len = len;

        fuzz_known.keys[fuzz_known.n++] = key;
    }

    dir = getenv("JAC_FUZZ_KEYS");
    if (dir == NULL) {
        dir = "t/keys";
    }

    for (i = 0; fuzz_key_files[i] != NULL; i++) {
        text = fuzz_read(dir, fuzz_key_files[i], &len);
        fuzz_add_keys(&fuzz_known, text, len, fuzz_key_files[i]);
        free(text);
    }
}


/* keys nobody has the private half of: made now, forgotten on exit */

static void
fuzz_unknown_keys(void)
{
    BIO         *bio;
    char        *text;
    long         len;
    size_t       i;
    u_char       secret[64];
    EVP_PKEY    *pkey[6];
    jac_key_t   *key;
    const char  *reason;

    fuzz_unknown.keys = calloc(FUZZ_MAX_KEYS, sizeof(jac_key_t *));
    if (fuzz_unknown.keys == NULL) {
        abort();
    }

    if (RAND_bytes(secret, sizeof(secret)) != 1) {
        abort();
    }

    key = jac_key_hmac(secret, sizeof(secret), &reason);
    if (key == NULL) {
        abort();
    }

    fuzz_unknown.keys[fuzz_unknown.n++] = key;

    pkey[0] = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t) 2048);
    pkey[1] = fuzz_pss_keygen();
    pkey[2] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    pkey[3] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-384");
    pkey[4] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-521");
    pkey[5] = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");

    bio = BIO_new(BIO_s_mem());
    if (bio == NULL) {
        abort();
    }

    for (i = 0; i < 6; i++) {
        if (pkey[i] == NULL || PEM_write_bio_PUBKEY(bio, pkey[i]) != 1) {
            fprintf(stderr, "token: OpenSSL made no key pair %zu\n", i);
            exit(1);
        }

        EVP_PKEY_free(pkey[i]);
    }

    len = BIO_get_mem_data(bio, &text);

    fuzz_add_keys(&fuzz_unknown, (u_char *) text, len, "the unknown keys");

    BIO_free(bio);

    if (fuzz_unknown.n != 7) {
        fprintf(stderr, "token: %zu unknown keys\n", fuzz_unknown.n);
        exit(1);
    }
}


/* an RSA-PSS key (SPKI id-RSASSA-PSS), which may only do PS* */

static EVP_PKEY *
fuzz_pss_keygen(void)
{
    EVP_PKEY      *pkey;
    EVP_PKEY_CTX  *ctx;

    pkey = NULL;

    ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA-PSS", NULL);

    if (ctx == NULL
        || EVP_PKEY_keygen_init(ctx) != 1
        || EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, 2048) != 1
        || EVP_PKEY_generate(ctx, &pkey) != 1)
    {
        pkey = NULL;
    }

    EVP_PKEY_CTX_free(ctx);

    return pkey;
}


static void
fuzz_add_keys(jac_keyset_t *to, const u_char *text, size_t len,
    const char *name)
{
    size_t        i;
    const char   *reason;
    jac_keyset_t  set;

    if (jac_keyset_load(&set, text, len, &reason) != 0) {
        fprintf(stderr, "token: %s: %s\n", name, reason);
        exit(1);
    }

    if (to->n + set.n > FUZZ_MAX_KEYS) {
        fprintf(stderr, "token: more than %d keys\n", FUZZ_MAX_KEYS);
        exit(1);
    }

    for (i = 0; i < set.n; i++) {
        to->keys[to->n++] = set.keys[i];
    }

    /* the keys are the set's now */

    free(set.keys);
}


static u_char *
fuzz_read(const char *dir, const char *name, size_t *len)
{
    FILE    *f;
    char     path[4096];
    long     size;
    u_char  *text;

    snprintf(path, sizeof(path), "%s/%s", dir, name);

    f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }

    if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0
        || fseek(f, 0, SEEK_SET) != 0)
    {
        perror(path);
        exit(1);
    }

    text = malloc(size + 1);
    if (text == NULL || fread(text, 1, size, f) != (size_t) size) {
        perror(path);
        exit(1);
    }

    fclose(f);

    *len = size;

    return text;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t               n;
    const u_char        *p, *end, *nl;
    jac_header_cache_t  *cache;

    cache = jac_header_cache_create();
    if (cache == NULL) {
        abort();
    }

    p = data;
    end = data + size;

    for (n = 0; n < FUZZ_LINES; n++) {
        nl = memchr(p, '\n', end - p);

        fuzz_line(p, (nl == NULL ? end : nl) - p,
                  fuzz_masks[n % (sizeof(fuzz_masks) / sizeof(unsigned))],
                  cache);

        if (nl == NULL) {
            break;
        }

        p = nl + 1;
    }

    jac_header_cache_free(cache);

    return 0;
}


static void
fuzz_line(const u_char *data, size_t len, unsigned allowed,
    jac_header_cache_t *cache)
{
    u_char       *token, *work;
    jac_err_t     e1, e2;
    const char   *r1, *r2;
    jac_token_t   t1, t2;

    /* a copy and a work area of exactly the token's length */

    token = malloc(len);
    work = malloc(len);

    if ((token == NULL || work == NULL) && len != 0) {
        abort();
    }

    if (len != 0) {
        memcpy(token, data, len);
    }

    e1 = jac_decode(&t1, token, len, work, allowed, fuzz_known.keys,
                    fuzz_known.n, cache, &r1);
    e2 = jac_decode(&t2, token, len, work, allowed, fuzz_known.keys,
                    fuzz_known.n, NULL, &r2);

    fuzz_same(e1, &t1, e2, &t2);

    if (e1 == JAC_ERR_INTERNAL) {
        fprintf(stderr, "token: a library failure: %s\n", r1);
        abort();
    }

    if (fuzz_verbose) {
        fprintf(stderr, "token: %zu bytes, algs 0x%04x: %s%s%s\n", len,
                allowed, (e1 == JAC_OK) ? "verified by " : jac_err_code(e1),
                (e1 == JAC_OK) ? jac_alg_name(t1.alg) : ": ",
                (e1 == JAC_OK) ? "" : r1);
    }

    if (e1 == JAC_OK && !fuzz_signed(&t1, token, len)) {
        fprintf(stderr, "token: verified, but not signed by the key\n");
        abort();
    }

    if (e1 == JAC_OK) {
        fuzz_parts(&t1, token, len, work);
    }

    jac_token_free(&t1);
    jac_token_free(&t2);

    e1 = jac_decode(&t1, token, len, work, JAC_ALG_ALL, fuzz_unknown.keys,
                    fuzz_unknown.n, cache, &r1);

    if (e1 == JAC_OK) {
        fprintf(stderr, "token: verified with a key nobody has\n");
        abort();
    }

    if (e1 == JAC_ERR_INTERNAL) {
        fprintf(stderr, "token: a library failure: %s\n", r1);
        abort();
    }

    if (t1.header != NULL || t1.payload != NULL) {
        abort();
    }

    free(token);
    free(work);
}


static void
fuzz_same(jac_err_t e1, jac_token_t *t1, jac_err_t e2, jac_token_t *t2)
{
    if (e1 != e2 || t1->alg != t2->alg) {
        fprintf(stderr, "token: with the cache %s (alg %u), without %s "
                "(alg %u)\n", jac_err_code(e1), t1->alg, jac_err_code(e2),
                t2->alg);
        abort();
    }

    if (e1 != JAC_OK) {
        if (t1->header != NULL || t1->payload != NULL
            || t2->header != NULL || t2->payload != NULL)
        {
            fprintf(stderr, "token: an error left JSON in the token\n");
            abort();
        }

        return;
    }

    if (t1->key != t2->key
        || !fuzz_same_json(t1->header, t2->header)
        || !fuzz_same_json(t1->payload, t2->payload))
    {
        fprintf(stderr, "token: the cache changed the key or the JSON\n");
        abort();
    }
}


static int
fuzz_same_json(const jac_json_t *a, const jac_json_t *b)
{
    return json_is_object((json_t *) a) && json_is_object((json_t *) b)
           && json_equal((json_t *) a, (json_t *) b);
}


static void
fuzz_parts(jac_token_t *jwt, const u_char *token, size_t len, u_char *work)
{
    int          same;
    jac_json_t  *header, *payload;

    header = jac_token_part(token, len, JAC_TOKEN_HEADER, work);
    payload = jac_token_part(token, len, JAC_TOKEN_PAYLOAD, work);

    same = fuzz_same_json(header, jwt->header)
           && fuzz_same_json(payload, jwt->payload);

    json_decref(header);
    json_decref(payload);

    if (!same) {
        fprintf(stderr, "token: its parts parsed again are other JSON\n");
        abort();
    }
}


/*
 * Whether the token's signature is one by the key the core says verified
 * it, for the alg its header names, checked without the core.
 */

static int
fuzz_signed(const jac_token_t *jwt, const u_char *token, size_t len)
{
    size_t             i, siglen;
    json_t            *v;
    u_char            *sig;
    const u_char      *dot;
    const fuzz_alg_t  *a;

    for (i = 0; i < fuzz_known.n; i++) {
        if (fuzz_known.keys[i] == jwt->key) {
            break;
        }
    }

    if (i == fuzz_known.n || !(jac_key_algs(jwt->key) & jwt->alg)) {
        return 0;
    }

    v = json_object_get(jwt->header, "alg");
    if (!json_is_string(v)) {
        return 0;
    }

    for (a = fuzz_algs; a->name != NULL; a++) {
        if (strcmp(a->name, json_string_value(v)) == 0) {
            break;
        }
    }

    if (a->name == NULL || jac_alg_by_name((const u_char *) a->name,
                                           strlen(a->name))
                           != jwt->alg)
    {
        return 0;
    }

    /* the signing input ends at the last dot */

    for (dot = token + len; dot > token && dot[-1] != '.'; dot--) {
        /* void */
    }

    if (dot == token) {
        return 0;
    }

    sig = malloc(len);
    if (sig == NULL) {
        abort();
    }

    /* a length of 4n + 1 is no base64url */

    if ((token + len - dot) % 4 == 1
        || !fuzz_decode(sig, dot, token + len - dot, &siglen))
    {
        free(sig);
        return 0;
    }

    if (a->kind == JAC_KIND_HMAC) {
        i = fuzz_hmac_signed(jwt->key, a, token, dot - 1 - token, sig,
                             siglen);

    } else {
        i = fuzz_pkey_signed(jwt->key->pkey, a, token, dot - 1 - token, sig,
                             siglen);
    }

    free(sig);

    return (int) i;
}


static int
fuzz_hmac_signed(const jac_key_t *key, const fuzz_alg_t *a,
    const u_char *input, size_t len, const u_char *sig, size_t siglen)
{
    size_t         i;
    u_char         mac[EVP_MAX_MD_SIZE];
    unsigned int   maclen;
    const EVP_MD  *md;

    for (i = 0; i < sizeof(fuzz_known_secrets) / sizeof(fuzz_secret_t); i++)
    {
        if (fuzz_known_secrets[i].key == key) {
            break;
        }
    }

    if (i == sizeof(fuzz_known_secrets) / sizeof(fuzz_secret_t)) {
        return 0;
    }

    /* RFC 7518, 3.2: a secret at least as long as the hash */

    if (fuzz_known_secrets[i].len < a->size) {
        return 0;
    }

    md = EVP_get_digestbyname(a->digest);

    if (md == NULL
        || HMAC(md, fuzz_known_secrets[i].secret, fuzz_known_secrets[i].len,
                input, len, mac, &maclen) == NULL)
    {
        abort();
    }

    return maclen == siglen && memcmp(mac, sig, siglen) == 0;
}


static int
fuzz_pkey_signed(EVP_PKEY *pkey, const fuzz_alg_t *a, const u_char *input,
    size_t len, const u_char *sig, size_t siglen)
{
    int            rc, derlen, bits;
    BIGNUM        *r, *s;
    u_char        *der;
    ECDSA_SIG     *es;
    EVP_MD_CTX    *ctx;
    EVP_PKEY_CTX  *pctx;
    const EVP_MD  *md;

    if (pkey == NULL) {
        return 0;
    }

    bits = EVP_PKEY_get_bits(pkey);
    der = NULL;

    switch (a->kind) {

    case JAC_KIND_RSA:
        if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA || bits < 2048) {
            return 0;
        }

        break;

    case JAC_KIND_PSS:
        if ((EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA
             && EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA_PSS)
            || bits < 2048)
        {
            return 0;
        }

        break;

    case JAC_KIND_EC:

        /* RFC 7518, 3.4: the curve of the alg, R || S of its size */

        if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC
            || (size_t) (bits + 7) / 8 != a->size
            || siglen != 2 * a->size)
        {
            return 0;
        }

        r = BN_bin2bn(sig, a->size, NULL);
        s = BN_bin2bn(sig + a->size, a->size, NULL);
        es = ECDSA_SIG_new();

        if (r == NULL || s == NULL || es == NULL
            || ECDSA_SIG_set0(es, r, s) != 1)
        {
            abort();
        }

        derlen = i2d_ECDSA_SIG(es, &der);
        ECDSA_SIG_free(es);

        if (derlen <= 0) {
            abort();
        }

        sig = der;
        siglen = derlen;
        break;

    default: /* JAC_KIND_EDDSA */
        if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_ED25519) {
            return 0;
        }
    }

    md = (a->digest == NULL) ? NULL : EVP_get_digestbyname(a->digest);

    ctx = EVP_MD_CTX_new();
    if (ctx == NULL) {
        abort();
    }

    rc = EVP_DigestVerifyInit(ctx, &pctx, md, NULL, pkey) == 1
         && (a->kind != JAC_KIND_PSS
             || (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING)
                 == 1
                 && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx,
                                                     RSA_PSS_SALTLEN_DIGEST)
                    == 1
                 && EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) == 1))
         && EVP_DigestVerify(ctx, sig, siglen, input, len) == 1;

    ERR_clear_error();
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);

    return rc;
}
