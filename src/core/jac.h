
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The JWT core, "jac": base64url, token splitting and header checks,
 * signature verification, JWE decryption, keys and key sets, claims and
 * claim values.
 * It includes no nginx header, never logs, and reports every failure as
 * an error code plus a fixed reason string, so it can be tested and
 * fuzzed on its own.  This header is all the glue sees of it: JSON values
 * and keys are opaque here, so the glue needs neither jansson's nor
 * OpenSSL's headers.
 *
 * Every declaration is hidden: nginx loads modules RTLD_GLOBAL, and an
 * exported core symbol could clash with another module's library.
 */


#ifndef _JAC_H_INCLUDED_
#define _JAC_H_INCLUDED_


#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>


#pragma GCC visibility push(hidden)


/* the largest token accepted, in bytes, before any decoding */
#define JAC_MAX_TOKEN_LEN      8192

/* the largest claim value passed on as a header or the user id */
#define JAC_MAX_VALUE_LEN      1024


typedef enum {
    JAC_OK = 0,
    JAC_ERR_MALFORMED,
    JAC_ERR_ALG_NOT_ALLOWED,
    JAC_ERR_BAD_SIGNATURE,
    JAC_ERR_EXPIRED,
    JAC_ERR_NOT_YET_VALID,
    JAC_ERR_BAD_ISSUER,
    JAC_ERR_BAD_AUDIENCE,
    JAC_ERR_MISSING_USER,
    JAC_ERR_BAD_CLAIM,
    JAC_ERR_UNKNOWN_KEY,
    JAC_ERR_BAD_HEADER,
    JAC_ERR_REVOKED,           /* in a revocation store */
    JAC_ERR_INTERNAL           /* a library failure: not the client's fault */
} jac_err_t;


/* algorithms, as bits of a set */
#define JAC_ALG_HS256          0x0001
#define JAC_ALG_HS384          0x0002
#define JAC_ALG_HS512          0x0004
#define JAC_ALG_RS256          0x0008
#define JAC_ALG_RS384          0x0010
#define JAC_ALG_RS512          0x0020
#define JAC_ALG_PS256          0x0040
#define JAC_ALG_PS384          0x0080
#define JAC_ALG_PS512          0x0100
#define JAC_ALG_ES256          0x0200
#define JAC_ALG_ES384          0x0400
#define JAC_ALG_ES512          0x0800
#define JAC_ALG_EDDSA          0x1000

#define JAC_ALG_HMAC_ALL       (JAC_ALG_HS256|JAC_ALG_HS384|JAC_ALG_HS512)
#define JAC_ALG_ALL            0x1fff
#define JAC_ALG_RSA_ALL        (JAC_ALG_RS256|JAC_ALG_RS384|JAC_ALG_RS512   \
                                |JAC_ALG_PS256|JAC_ALG_PS384|JAC_ALG_PS512)

/* keys tried for one token that has no kid */
#define JAC_MAX_KEY_TRIES      8

/* the length of a key's fingerprint (SHA-256) */
#define JAC_FINGERPRINT_LEN    32

/*
 * Better Auth's session cookie cache with strategy "jwe": the key is
 * HKDF-SHA256 of BETTER_AUTH_SECRET with this salt and info, 64 bytes
 * (for dir with A256CBC-HS512)
 */
#define JAC_BETTER_AUTH_SALT   "better-auth-session"
#define JAC_BETTER_AUTH_INFO   "BetterAuth.js Generated Encryption Key"
#define JAC_BETTER_AUTH_KEY_LEN  64


typedef struct {
    size_t                len;
    const u_char         *data;
} jac_str_t;


/* a JSON value (jansson's, which only the core's files see) */
typedef struct json_t  jac_json_t;

typedef struct jac_key_s  jac_key_t;
typedef struct jac_header_cache_s  jac_header_cache_t;


/* the keys of a key file or a JWKS */

typedef struct {
    jac_key_t           **keys;
    size_t                n;
    size_t                skipped;     /* keys of a JWKS left out */
    const char           *skipped_reason;
    char                  skipped_text[512];  /* each with its kid and
                                                 reason */
} jac_keyset_t;


/* a verified token */

typedef struct {
    jac_json_t           *header;
    jac_json_t           *payload;
    unsigned              alg;         /* one JAC_ALG_* bit */
    jac_key_t            *key;         /* the key that verified it */
} jac_token_t;


/* what a location asks of a token's claims, besides exp and nbf */

typedef struct {
    time_t                leeway;
    const jac_str_t      *issuers;
    size_t                nissuers;
    const jac_str_t      *audiences;
    size_t                naudiences;
    int                   any_audience;  /* with no audiences: accept an
                                            "aud", whatever it is */
} jac_policy_t;


/* algorithms (jac_alg.c): names, and "HS256, ..., EdDSA" lists them all */
unsigned jac_alg_by_name(const u_char *name, size_t len);
const char *jac_alg_name(unsigned alg);
extern const char  jac_alg_names[];

/*
 * base64url without padding, strict: returns the decoded length or -1;
 * and the encoding, into 4 * ((len + 2) / 3) bytes at most
 */
ssize_t jac_base64url_decode(u_char *dst, const u_char *src, size_t len);
size_t jac_base64url_encode(u_char *dst, const u_char *src, size_t len);

/*
 * Keys (jac_key.c).  A key is prepared once (configuration time) and then
 * used by many verifications; jac_key_algs() is the set of algorithms it
 * can verify.  A key holds scratch state for its MAC and its verification
 * contexts, so one key must not be used by two threads at once (nginx
 * workers are single-threaded).  The fingerprint is SHA-256 over the key
 * material, its algorithms and its kid: the same key listed the same way
 * has the same fingerprint, wherever it comes from.
 */
jac_key_t *jac_key_hmac(const u_char *secret, size_t len,
    const char **reason);

/*
 * A content encryption key for JWE's "dir" (jac_jwe.c): 16, 24 or 32
 * bytes for A128GCM, A192GCM, A256GCM; 32, 48 or 64 for A128CBC-HS256,
 * A192CBC-HS384, A256CBC-HS512 (a key of 32 bytes does A256GCM and
 * A128CBC-HS256).  Its kid is "kid" or, with "kidlen" 0, the RFC 7638
 * thumbprint of {"k":"<the key in base64url>","kty":"oct"} (SHA-256,
 * base64url), which is the kid of Better Auth's tokens.  It decrypts
 * only (jac_key_algs() is 0: it never verifies a signature), and an HMAC
 * secret never decrypts.
 */
jac_key_t *jac_key_dir(const u_char *key, size_t len, const u_char *kid,
    size_t kidlen, const char **reason);
jac_key_t *jac_key_dir_jwk(const u_char *text, size_t len,
    const char **reason);

/*
 * HKDF (RFC 5869) with SHA-256: "outlen" bytes of key from "ikm", with
 * "salt" and "info" (either may be empty).  0, or -1 when OpenSSL fails.
 */
int jac_hkdf_sha256(u_char *out, size_t outlen, const u_char *ikm,
    size_t ikmlen, const u_char *salt, size_t saltlen, const u_char *info,
    size_t infolen);

unsigned jac_key_algs(const jac_key_t *key);
const u_char *jac_key_fingerprint(const jac_key_t *key);

/* the key's kid, NUL-terminated, or NULL */
const char *jac_key_kid(const jac_key_t *key);
void jac_key_free(jac_key_t *key);

/*
 * Key sets (jac_keyset.c), from the text of a key file or a fetched JWKS:
 * PEM public keys and certificates, a JWK, or a JWKS (whose unsupported
 * keys are skipped and counted).  Returns -1 with the reason when the
 * text holds no usable key or anything that must not be there, such as
 * a private key; the set is then empty.
 */
int jac_keyset_load(jac_keyset_t *set, const u_char *data, size_t len,
    const char **reason);
void jac_keyset_free(jac_keyset_t *set);

/*
 * Tokens (jac_token.c).  Splits, decodes and verifies a compact JWS with
 * one of the keys, the signature before the payload is parsed.  "work"
 * must hold at least "len" bytes; "cache" (the JOSE header of the last
 * valid token, which most tokens of an issuer share byte for byte) may be
 * NULL.  On JAC_OK, the token's header and payload are JSON objects
 * released with jac_token_free(); on error nothing is left to free.
 */
jac_err_t jac_decode(jac_token_t *jwt, const u_char *token, size_t len,
    u_char *work, unsigned allowed, jac_key_t *const *keys, size_t nkeys,
    jac_header_cache_t *cache, const char **reason);
void jac_token_free(jac_token_t *jwt);

/*
 * The parts of a compact serialization (jac_jwe.c), by its dots: 3 for a
 * JWS, 5 for a JWE, 0 for anything else.  Nothing is decoded.
 */
int jac_token_parts(const u_char *token, size_t len);

/*
 * JWE (jac_jwe.c).  Decrypts a compact JWE of "dir" with one of the keys:
 * the key of the header's kid or, without a kid, each key of the length
 * its "enc" needs (at most JAC_MAX_KEY_TRIES), the tag checked before
 * anything is decrypted.  "work" must hold at least "len" bytes.  On
 * JAC_OK, jwt->header is the protected header (a JSON object released
 * with jac_token_free()), jwt->payload NULL, jwt->alg 0, jwt->key the key
 * that decrypted it, and the plaintext is in "work" at *plain, *plainlen
 * bytes; on error nothing is left to free and *plain is NULL.  A tag that
 * does not verify and bad padding are the same JAC_ERR_BAD_SIGNATURE.
 */
jac_err_t jac_jwe_decrypt(jac_token_t *jwt, const u_char *token, size_t len,
    u_char *work, jac_key_t *const *keys, size_t nkeys, u_char **plain,
    size_t *plainlen, const char **reason);

/*
 * Whether a decrypted JWE is a nested JWT: its header's "cty" is "JWT"
 * (or "application/jwt"), whatever the case (RFC 7519 5.2, RFC 7515
 * 4.1.10).  The plaintext is then a JWS for jac_decode(); otherwise it is
 * the claims, for jac_jwe_payload().
 */
int jac_jwe_nested(const jac_token_t *jwt);

/*
 * The plaintext of a JWE that jac_jwe_decrypt() accepted, parsed as its
 * claims into jwt->payload (a JSON object, no member twice).  On error
 * the token is released (header too): nothing is left to free.
 */
jac_err_t jac_jwe_payload(jac_token_t *jwt, const u_char *plain, size_t len,
    const char **reason);

/*
 * The header (JAC_TOKEN_HEADER) or the payload (JAC_TOKEN_PAYLOAD) of a
 * token that jac_decode() accepted before, byte for byte (a hit of the
 * token cache), parsed from the token itself into a JSON object to be
 * released with jac_token_free(); "work" holds the token's length.  No
 * signature is checked here.  NULL if the part does not parse.
 */
#define JAC_TOKEN_HEADER   0
#define JAC_TOKEN_PAYLOAD  1
jac_json_t *jac_token_part(const u_char *token, size_t len, int part,
    u_char *work);
jac_header_cache_t *jac_header_cache_create(void);
void jac_header_cache_free(jac_header_cache_t *cache);

/* the short reason code of an error, e.g. "expired" */
const char *jac_err_code(jac_err_t err);

/*
 * Claims (jac_claims.c): the types of the registered claims, exp
 * (required), nbf, iss and aud of a verified token at "now" (a token with
 * an "aud" needs an audience of the policy, or any_audience); the user
 * claim's type; the earlier of exp and "limit".
 */
jac_err_t jac_check_claims(const jac_token_t *jwt,
    const jac_policy_t *policy, time_t now, const char **reason);
jac_err_t jac_check_user(const jac_json_t *user, const char **reason);
time_t jac_token_expires(const jac_token_t *jwt, time_t limit);

/* the iat of a payload: 1 with it in "iat", 0 when there is none */
int jac_token_iat(const jac_json_t *payload, double *iat);

/*
 * A member of an object by its path of names, each NUL-terminated, or by
 * one name of "len" bytes: NULL when a member is absent or a step is not
 * an object.
 */
jac_json_t *jac_path_get(const jac_json_t *object, const char *const *names,
    size_t n);
jac_json_t *jac_member(const jac_json_t *object, const u_char *name,
    size_t len);

/*
 * Claim values (jac_value.c).  The text of a value: strings as they are,
 * numbers and booleans as their JSON text, arrays of strings joined with
 * ",", other arrays and objects as compact JSON; null gives the empty
 * text.  Writes at most "size" bytes to "buf" and returns the length of
 * the whole text, so a call with size 0 measures.
 */
size_t jac_value_text(const jac_json_t *value, u_char *buf, size_t size);

/* whether a text may be passed on in a request header */
int jac_value_is_safe(const u_char *text, size_t len);

/*
 * Whether a claim value is one of the texts: a string, number or boolean
 * by its text (jac_value_text), an array when one of its elements is; with
 * "words", a string is also taken as space-separated words (the "scope"
 * claim of RFC 8693).
 */
int jac_value_in(const jac_json_t *value, const jac_str_t *texts, size_t n,
    int words);

/*
 * Revocation entries (jwt_auth_revocation), read from and written as the
 * JSON of the revocation API, its pull feed and its state file.  An entry
 * refuses a token by its "jti", a session by its id, or every token of a
 * subject ("sub": the user id) issued before a time.
 */

#define JAC_REVOKE_JTI         1
#define JAC_REVOKE_SESSION     2
#define JAC_REVOKE_SUBJECT     3

typedef struct {
    unsigned              type;
    jac_str_t             value;
    double                before;   /* JAC_REVOKE_SUBJECT: of the iat */
    double                exp;      /* 0: not given */
} jac_revocation_t;

typedef int (*jac_revocation_pt)(void *data, const jac_revocation_t *entry);

/*
 * Reads one entry, an array of them, or {"entries": [...]}; every entry
 * is checked before the first is handed to "add", so that bad input
 * changes nothing.  A subject's "before" is "now" when not given; "need"
 * refuses an entry without "exp" (JAC_REVOKE_NEED_EXP), or a subject's
 * without "before" (JAC_REVOKE_NEED_BEFORE: a list read again and again,
 * where "now" would move).  JAC_ERR_MALFORMED with the reason written into
 * "reason" (of "size" bytes); JAC_ERR_INTERNAL when "add" returns nonzero
 * (it stops there).
 */
#define JAC_REVOKE_NEED_EXP     1
#define JAC_REVOKE_NEED_BEFORE  2
jac_err_t jac_revocation_read(const u_char *text, size_t len, double now,
    int need, jac_revocation_pt add, void *data, char *reason,
    size_t size);

/*
 * Entries as {"entries":[...],"count":n}, into "buf" of "size" bytes; the
 * length needed is returned (more than "size": nothing usable written),
 * 0 on a failure to allocate.
 */
size_t jac_revocation_write(u_char *buf, size_t size,
    const jac_revocation_t *entries, size_t n);


#pragma GCC visibility pop


#endif /* _JAC_H_INCLUDED_ */
