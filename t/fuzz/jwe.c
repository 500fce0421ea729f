
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * t/fuzz/jwe.c: jac_jwe_decrypt() on each line of the input (the first
 * FUZZ_LINES lines), with the keys the seeds were made with and with
 * keys nobody has.
 *
 *   - Only a sealed token decrypts.  The known keys are those of the unit
 *     tests' tokens (t/unit/jwe-fixtures.mjs: the first bytes of SHA-512
 *     of "jac jwe test key <enc>", each with its thumbprint as its kid and
 *     one with the kid "k-1"; Better Auth's key of JWTAuthTest's SECRET,
 *     by HKDF), whose tokens the seeds hold.  When a token decrypts, its
 *     plaintext is sealed again here with OpenSSL alone, with the key the
 *     core says decrypted it, the token's IV and header: the ciphertext
 *     and the tag must come out as the token has them.
 *   - Nothing decrypts with a key nobody has: keys made at start of
 *     random bytes, of each length, under the known kids and under their
 *     own thumbprints, and HMAC secrets of the known keys' bytes (an HMAC
 *     secret must never decrypt).
 *   - A token that decrypts decrypts again the same (the key, the
 *     plaintext, the header), with another work area: a key's contexts
 *     are set up again by each use, whatever came before.
 *   - On an error nothing is left (no header, no key, no plaintext), and
 *     no token, whatever it holds, makes a library fail
 *     (JAC_ERR_INTERNAL, a 500).  jac_token_parts() says 5 for a token
 *     that decrypts; its plaintext parsed as claims leaves nothing on an
 *     error either.
 *
 * With $JAC_FUZZ_VERBOSE set, each line's outcome is printed.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "jac_internal.h"
#include "fuzz_base64url.h"


#define FUZZ_LINES             4
#define FUZZ_MAX_KEYS          32


typedef struct {
    const char           *name;
    size_t                key_len;
    size_t                iv_len;
    size_t                tag_len;
    const EVP_CIPHER   *(*cipher)(void);
    const EVP_MD       *(*md)(void);
} fuzz_enc_t;


typedef struct {
    jac_key_t            *key;
    u_char                cek[64];
    size_t                len;
} fuzz_dir_t;


int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_known_keys(void);
static void fuzz_unknown_keys(void);
static jac_key_t *fuzz_dir(const u_char *cek, size_t len, const char *kid);
static void fuzz_line(const u_char *data, size_t len);
static void fuzz_nothing_left(const char *what, jac_err_t err,
    const jac_token_t *jwt, const u_char *plain, size_t plainlen,
    const char *reason);
static void fuzz_again(const u_char *token, size_t len,
    const jac_token_t *jwt, const u_char *plain, size_t plainlen);
static int fuzz_sealed(const jac_token_t *jwt, const u_char *token,
    size_t len, const u_char *plain, size_t plainlen);
static int fuzz_parts(const u_char *token, size_t len);


/* RFC 7518 5.2.3-5.2.5 and 5.3, as this file knows them */
static const fuzz_enc_t  fuzz_encs[] = {
    { "A128CBC-HS256", 32, 16, 16, EVP_aes_128_cbc, EVP_sha256 },
    { "A192CBC-HS384", 48, 16, 24, EVP_aes_192_cbc, EVP_sha384 },
    { "A256CBC-HS512", 64, 16, 32, EVP_aes_256_cbc, EVP_sha512 },
    { "A128GCM", 16, 12, 16, EVP_aes_128_gcm, NULL },
    { "A192GCM", 24, 12, 16, EVP_aes_192_gcm, NULL },
    { "A256GCM", 32, 12, 16, EVP_aes_256_gcm, NULL },
    { NULL, 0, 0, 0, NULL, NULL }
};

/* JWTAuthTest's SECRET: Better Auth's key is derived from it */
static const char  fuzz_secret[] = "better-auth-secret-for-tests-256";


static int          fuzz_verbose;
static fuzz_dir_t   fuzz_known[FUZZ_MAX_KEYS];
static jac_key_t   *fuzz_keys[FUZZ_MAX_KEYS];     /* of fuzz_known */
static size_t       fuzz_nknown;
static jac_key_t   *fuzz_unknown[FUZZ_MAX_KEYS];
static size_t       fuzz_nunknown;


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
    char               label[64];
    size_t             i;
    u_char             digest[64];
    fuzz_dir_t        *d;
    const fuzz_enc_t  *e;

    for (e = fuzz_encs; e->name != NULL; e++) {
        snprintf(label, sizeof(label), "jac jwe test key %s", e->name);

        if (EVP_Digest(label, strlen(label), digest, NULL, EVP_sha512(),
                       NULL)
            != 1)
        {
            abort();
        }

        d = &fuzz_known[fuzz_nknown++];
        memcpy(d->cek, digest, e->key_len);
        d->len = e->key_len;
        d->key = fuzz_dir(d->cek, d->len, NULL);

        /* the A128CBC-HS256 key under the kid "k-1" too */

        if (e == fuzz_encs) {
            fuzz_known[fuzz_nknown] = *d;
            d = &fuzz_known[fuzz_nknown++];
            d->key = fuzz_dir(d->cek, d->len, "k-1");
        }
    }

    d = &fuzz_known[fuzz_nknown++];
    d->len = JAC_BETTER_AUTH_KEY_LEN;

    if (jac_hkdf_sha256(d->cek, d->len, (const u_char *) fuzz_secret,
                        strlen(fuzz_secret),
                        (const u_char *) JAC_BETTER_AUTH_SALT,
                        strlen(JAC_BETTER_AUTH_SALT),
                        (const u_char *) JAC_BETTER_AUTH_INFO,
                        strlen(JAC_BETTER_AUTH_INFO))
        != 0)
    {
        abort();
    }

    d->key = fuzz_dir(d->cek, d->len, NULL);

    for (i = 0; i < fuzz_nknown; i++) {
        fuzz_keys[i] = fuzz_known[i].key;
    }
}


static void
fuzz_unknown_keys(void)
{
    size_t       i;
    u_char       cek[64];
    jac_key_t   *key;
    const char  *reason;

    for (i = 0; i < fuzz_nknown; i++) {

        /* random bytes, under the known kid and under their own */

        if (RAND_bytes(cek, sizeof(cek)) != 1) {
            abort();
        }

        fuzz_unknown[fuzz_nunknown++] = fuzz_dir(cek, fuzz_known[i].len,
                                                 fuzz_known[i].key->kid);
        fuzz_unknown[fuzz_nunknown++] = fuzz_dir(cek, fuzz_known[i].len,
                                                 NULL);

        /* an HMAC secret of the known bytes, where long enough for one */

        if (fuzz_known[i].len >= 32) {
            key = jac_key_hmac(fuzz_known[i].cek, fuzz_known[i].len,
                               &reason);
            if (key == NULL) {
                fprintf(stderr, "jwe: an HMAC key: %s\n", reason);
                exit(1);
            }

            fuzz_unknown[fuzz_nunknown++] = key;
        }

        if (fuzz_nunknown + 3 > FUZZ_MAX_KEYS) {
            abort();
        }
    }
}


static jac_key_t *
fuzz_dir(const u_char *cek, size_t len, const char *kid)
{
    jac_key_t   *key;
    const char  *reason;

    key = jac_key_dir(cek, len, (const u_char *) kid,
                      (kid == NULL) ? 0 : strlen(kid), &reason);
    if (key == NULL) {
        fprintf(stderr, "jwe: a dir key of %zu bytes: %s\n", len, reason);
        exit(1);
    }

    return key;
}


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t         n;
    const u_char  *p, *end, *nl;

    p = data;
    end = data + size;

    for (n = 0; n < FUZZ_LINES; n++) {
        nl = memchr(p, '\n', end - p);

        fuzz_line(p, (nl == NULL ? end : nl) - p);

        if (nl == NULL) {
            break;
        }

        p = nl + 1;
    }

    return 0;
}


static void
fuzz_line(const u_char *data, size_t len)
{
    u_char       *token, *work, *plain, *copy;
    size_t        plainlen;
    jac_err_t     err;
    const char   *reason;
    jac_token_t   jwt;

    /* a copy and a work area of exactly the token's length */

    token = malloc(len);
    work = malloc(len);

    if ((token == NULL || work == NULL) && len != 0) {
        abort();
    }

    if (len != 0) {
        memcpy(token, data, len);
    }

    if (jac_token_parts(token, len) != fuzz_parts(token, len)) {
        fprintf(stderr, "jwe: jac_token_parts() miscounts\n");
        abort();
    }

    err = jac_jwe_decrypt(&jwt, token, len, work, fuzz_keys,
                          fuzz_nknown, &plain, &plainlen, &reason);

    if (fuzz_verbose) {
        fprintf(stderr, "jwe: %zu bytes: %s%s%s\n", len,
                (err == JAC_OK) ? "decrypts" : jac_err_code(err),
                (err == JAC_OK) ? "" : ": ", (err == JAC_OK) ? "" : reason);
    }

    if (err != JAC_OK) {
        fuzz_nothing_left("known keys", err, &jwt, plain, plainlen, reason);

    } else {
        if (plain < work || plain + plainlen > work + len
            || jac_token_parts(token, len) != 5
            || jwt.alg != 0 || jwt.payload != NULL
            || !json_is_object(jwt.header))
        {
            fprintf(stderr, "jwe: decrypted, but not as it says\n");
            abort();
        }

        if (!fuzz_sealed(&jwt, token, len, plain, plainlen)) {
            fprintf(stderr, "jwe: decrypted, but not sealed by the key\n");
            abort();
        }

        fuzz_again(token, len, &jwt, plain, plainlen);

        (void) jac_jwe_nested(&jwt);

        copy = malloc(plainlen + 1);
        if (copy == NULL) {
            abort();
        }

        memcpy(copy, plain, plainlen);

        if (jac_jwe_payload(&jwt, copy, plainlen, &reason) == JAC_OK) {
            if (!json_is_object(jwt.payload)) {
                abort();
            }

        } else if (jwt.header != NULL || jwt.payload != NULL) {
            fprintf(stderr, "jwe: a payload error left JSON\n");
            abort();
        }

        free(copy);
        jac_token_free(&jwt);
    }

    err = jac_jwe_decrypt(&jwt, token, len, work, fuzz_unknown,
                          fuzz_nunknown, &plain, &plainlen, &reason);

    if (err == JAC_OK) {
        fprintf(stderr, "jwe: decrypted with a key nobody has\n");
        abort();
    }

    fuzz_nothing_left("unknown keys", err, &jwt, plain, plainlen, reason);

    free(token);
    free(work);
}


static void
fuzz_nothing_left(const char *what, jac_err_t err, const jac_token_t *jwt,
    const u_char *plain, size_t plainlen, const char *reason)
{
    if (err == JAC_ERR_INTERNAL) {
        fprintf(stderr, "jwe: %s: a library failure: %s\n", what, reason);
        abort();
    }

    if (jwt->header != NULL || jwt->payload != NULL || jwt->key != NULL
        || plain != NULL || plainlen != 0 || reason == NULL)
    {
        fprintf(stderr, "jwe: %s: an error left something\n", what);
        abort();
    }
}


/* the same token decrypted again, into another work area */

static void
fuzz_again(const u_char *token, size_t len, const jac_token_t *jwt,
    const u_char *plain, size_t plainlen)
{
    u_char       *work, *plain2;
    size_t        plainlen2;
    jac_err_t     err;
    const char   *reason;
    jac_token_t   jwt2;

    work = malloc(len);
    if (work == NULL) {
        abort();
    }

    err = jac_jwe_decrypt(&jwt2, token, len, work, fuzz_keys,
                          fuzz_nknown, &plain2, &plainlen2, &reason);

    if (err != JAC_OK || jwt2.key != jwt->key || plainlen2 != plainlen
        || memcmp(plain2, plain, plainlen) != 0
        || !json_equal(jwt2.header, jwt->header))
    {
        fprintf(stderr, "jwe: decrypted again, it is not the same\n");
        abort();
    }

    jac_token_free(&jwt2);
    free(work);
}


/*
 * Whether the plaintext sealed again with OpenSSL, with the key the core
 * says decrypted the token, the token's IV and its header as the AAD,
 * gives the token's ciphertext and tag.
 */

static int
fuzz_sealed(const jac_token_t *jwt, const u_char *token, size_t len,
    const u_char *plain, size_t plainlen)
{
    int                outl, fin, rc;
    json_t            *v;
    size_t             i, n, ivlen, ctlen, half, pad, mlen;
    u_char            *buf, *ct, *mac_input, *text;
    u_char             iv[64], tag[64], al[8];
    unsigned int       maclen;
    const u_char      *dot[4];
    EVP_CIPHER_CTX    *ctx;
    const fuzz_dir_t  *d;
    const fuzz_enc_t  *e;

    for (i = 0; i < fuzz_nknown; i++) {
        if (fuzz_known[i].key == jwt->key) {
            break;
        }
    }

    if (i == fuzz_nknown) {
        return 0;
    }

    d = &fuzz_known[i];

    v = json_object_get(jwt->header, "enc");
    if (!json_is_string(v)) {
        return 0;
    }

    for (e = fuzz_encs; e->name != NULL; e++) {
        if (strcmp(e->name, json_string_value(v)) == 0) {
            break;
        }
    }

    if (e->name == NULL || e->key_len != d->len) {
        return 0;
    }

    for (i = 0, n = 0; i < len && n < 4; i++) {
        if (token[i] == '.') {
            dot[n++] = token + i;
        }
    }

    /* the IV: base64url (not 4n + 1 long), at most 64 characters */

    if (n != 4 || dot[1] != dot[0] + 1
        || (dot[2] - dot[1] - 1) % 4 == 1 || dot[2] - dot[1] - 1 > 64
        || !fuzz_decode(iv, dot[1] + 1, dot[2] - dot[1] - 1, &ivlen)
        || ivlen != e->iv_len)
    {
        return 0;
    }

    buf = malloc(plainlen + 16);
    ct = malloc(plainlen + 16);
    mac_input = malloc(len + plainlen + 64);
    text = malloc(2 * (plainlen + 64) + 64);
    ctx = EVP_CIPHER_CTX_new();

    if (buf == NULL || ct == NULL || mac_input == NULL || text == NULL
        || ctx == NULL)
    {
        abort();
    }

    if (e->md == NULL) {
        if (EVP_EncryptInit_ex(ctx, e->cipher(), NULL, d->cek, iv) != 1
            || EVP_EncryptUpdate(ctx, NULL, &outl, token,
                                 (int) (dot[0] - token)) != 1
            || EVP_EncryptUpdate(ctx, ct, &outl, plain, (int) plainlen)
               != 1
            || EVP_EncryptFinal_ex(ctx, ct + outl, &fin) != 1
            || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag)
               != 1)
        {
            abort();
        }

        ctlen = plainlen;

    } else {
        half = e->key_len / 2;

        /* PKCS #7, as a sender pads */

        pad = 16 - plainlen % 16;
        memcpy(buf, plain, plainlen);
        memset(buf + plainlen, (int) pad, pad);
        ctlen = plainlen + pad;

        if (EVP_EncryptInit_ex(ctx, e->cipher(), NULL, d->cek + half, iv)
            != 1
            || EVP_CIPHER_CTX_set_padding(ctx, 0) != 1
            || EVP_EncryptUpdate(ctx, ct, &outl, buf, (int) ctlen) != 1
            || EVP_EncryptFinal_ex(ctx, ct + outl, &fin) != 1)
        {
            abort();
        }

        n = dot[0] - token;

        for (i = 0; i < 8; i++) {
            al[i] = (u_char) (((uint64_t) n * 8) >> (56 - 8 * i));
        }

        mlen = 0;
        memcpy(mac_input, token, n);
        mlen += n;
        memcpy(mac_input + mlen, iv, ivlen);
        mlen += ivlen;
        memcpy(mac_input + mlen, ct, ctlen);
        mlen += ctlen;
        memcpy(mac_input + mlen, al, 8);
        mlen += 8;

        if (HMAC(e->md(), d->cek, (int) half, mac_input, mlen, tag, &maclen)
            == NULL)
        {
            abort();
        }
    }

    /* the token's last two parts, as this file encodes them */

    n = fuzz_encode(text, ct, ctlen);
    text[n++] = '.';
    n += fuzz_encode(text + n, tag, e->tag_len);

    rc = (size_t) (token + len - dot[2] - 1) == n
         && memcmp(dot[2] + 1, text, n) == 0;

    EVP_CIPHER_CTX_free(ctx);
    free(buf);
    free(ct);
    free(mac_input);
    free(text);

    return rc;
}


/* the parts of a token, counted here: 3 or 5 by its dots, else 0 */

static int
fuzz_parts(const u_char *token, size_t len)
{
    size_t  i, dots;

    dots = 0;

    for (i = 0; i < len; i++) {
        dots += (token[i] == '.');
    }

    return (dots == 2) ? 3 : (dots == 4) ? 5 : 0;
}
