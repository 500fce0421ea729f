
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The JWT core: base64url, token splitting, JOSE header and claim parsing,
 * signature verification and key handling.  It includes no nginx header,
 * never logs, and reports every failure as an error code plus a fixed
 * reason string, so it can be tested and fuzzed on its own.
 */


#ifndef _JWT_H_INCLUDED_
#define _JWT_H_INCLUDED_


#include <sys/types.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <jansson.h>
#include <openssl/opensslv.h>


#if (OPENSSL_VERSION_NUMBER < 0x30000000L)
#error "the JWT core needs OpenSSL 3.0 or newer"
#endif


/* the largest token accepted, in bytes, before any decoding */
#define JWT_MAX_TOKEN_LEN      8192

/* the largest claim value passed on as a header or the user id */
#define JWT_MAX_VALUE_LEN      1024

/* the largest HMAC output: SHA-512 */
#define JWT_MAX_MAC_LEN        64


typedef enum {
    JWT_OK = 0,
    JWT_ERR_MALFORMED,
    JWT_ERR_ALG_NOT_ALLOWED,
    JWT_ERR_BAD_SIGNATURE,
    JWT_ERR_EXPIRED,
    JWT_ERR_NOT_YET_VALID,
    JWT_ERR_BAD_ISSUER,
    JWT_ERR_BAD_AUDIENCE,
    JWT_ERR_MISSING_USER,
    JWT_ERR_BAD_CLAIM,
    JWT_ERR_UNKNOWN_KEY,
    JWT_ERR_INTERNAL           /* a library failure: not the client's fault */
} jwt_err_t;


/* algorithms, as bits of a set */
#define JWT_ALG_HS256          0x0001
#define JWT_ALG_HS384          0x0002
#define JWT_ALG_HS512          0x0004
#define JWT_ALG_RS256          0x0008
#define JWT_ALG_RS384          0x0010
#define JWT_ALG_RS512          0x0020
#define JWT_ALG_PS256          0x0040
#define JWT_ALG_PS384          0x0080
#define JWT_ALG_PS512          0x0100
#define JWT_ALG_ES256          0x0200
#define JWT_ALG_ES384          0x0400
#define JWT_ALG_ES512          0x0800
#define JWT_ALG_EDDSA          0x1000

#define JWT_ALG_HMAC_ALL       (JWT_ALG_HS256|JWT_ALG_HS384|JWT_ALG_HS512)
#define JWT_ALG_ALL            0x1fff
#define JWT_ALG_RSA_ALL        (JWT_ALG_RS256|JWT_ALG_RS384|JWT_ALG_RS512   \
                                |JWT_ALG_PS256|JWT_ALG_PS384|JWT_ALG_PS512)

/* keys tried for one token that has no kid */
#define JWT_MAX_KEY_TRIES      8


typedef struct {
    size_t                len;
    const u_char         *data;
} jwt_str_t;


typedef struct jwt_key_s  jwt_key_t;


/* the keys of a key file or a JWKS */

typedef struct {
    jwt_key_t           **keys;
    size_t                n;
    size_t                skipped;     /* keys of a JWKS left out */
    const char           *skipped_reason;
} jwt_keyset_t;


typedef struct {
    json_t               *header;
    json_t               *payload;
    unsigned              alg;         /* one JWT_ALG_* bit */
    jwt_key_t            *key;         /* the key that verified it */
} jwt_t;


/*
 * The JOSE header of the last valid token, which most tokens of an issuer
 * share byte for byte: a token with the same header is not parsed again.
 * One cache must not be used by two threads at once.
 */

typedef struct {
    u_char                b64[256];    /* the header as in the token */
    size_t                len;
    json_t               *header;
    unsigned              alg;
} jwt_header_cache_t;


/* what a location asks of a token's claims, besides exp and nbf */

typedef struct {
    time_t                leeway;
    const jwt_str_t      *issuers;
    size_t                nissuers;
    const jwt_str_t      *audiences;
    size_t                naudiences;
} jwt_policy_t;


/* base64url without padding, strict: returns the decoded length or -1 */
ssize_t jwt_base64url_decode(u_char *dst, const u_char *src, size_t len);

/* algorithm names; "HS256 HS384 ... EdDSA" lists them all */
unsigned jwt_alg_by_name(const u_char *name, size_t len);
const char *jwt_alg_name(unsigned alg);
extern const char  jwt_alg_names[];

/* the short reason code of an error, e.g. "expired" */
const char *jwt_err_code(jwt_err_t err);

/*
 * Keys.  A key is prepared once (configuration time) and then used by
 * many verifications; jwt_key_algs() is the set of algorithms it can
 * verify.  A key holds mutable scratch state for its MAC, so one key must
 * not be used by two threads at once (nginx workers are single-threaded).
 */
jwt_key_t *jwt_key_hmac(const u_char *secret, size_t len,
    const char **reason);
unsigned jwt_key_algs(const jwt_key_t *key);
void jwt_key_free(jwt_key_t *key);

/*
 * SHA-256 over the key material, its algorithms and its kid: the same key
 * listed the same way has the same fingerprint, wherever it comes from
 */
#define JWT_FINGERPRINT_LEN    32
const u_char *jwt_key_fingerprint(const jwt_key_t *key);

/*
 * Public keys from the text of a key file or a fetched JWKS: PEM public
 * keys and certificates, a JWK, or a JWKS (whose unsupported keys are
 * skipped and counted).  Returns -1 with the reason when the text holds
 * no usable key or anything that must not be there, such as a private
 * key; the set is then empty.
 */
int jwt_keyset_load(jwt_keyset_t *set, const u_char *data, size_t len,
    const char **reason);
void jwt_keyset_free(jwt_keyset_t *set);

/*
 * Splits, decodes and verifies a compact JWS with one of the keys, the
 * signature before the payload is parsed.  "work" must hold at least
 * "len" bytes; "cache" may be NULL.  On JWT_OK, jwt->header and
 * jwt->payload are JSON objects the caller releases with jwt_free(); on
 * error nothing is left to free.
 */
jwt_err_t jwt_decode(jwt_t *jwt, const u_char *token, size_t len,
    u_char *work, unsigned allowed, jwt_key_t *const *keys, size_t nkeys,
    jwt_header_cache_t *cache, const char **reason);
void jwt_free(jwt_t *jwt);
void jwt_header_cache_free(jwt_header_cache_t *cache);

/* exp (required), nbf, iss and aud of a verified token at "now" */
jwt_err_t jwt_check_claims(const jwt_t *jwt, const jwt_policy_t *policy,
    time_t now, const char **reason);

/*
 * The text of a claim value: strings as they are, numbers and booleans
 * as their JSON text, arrays of strings joined with ",", other arrays and
 * objects as compact JSON; null gives the empty text.  Writes at most
 * "size" bytes to "buf" and returns the length of the whole text, so a
 * call with size 0 measures.
 */
size_t jwt_value_text(const json_t *value, u_char *buf, size_t size);

/*
 * Checks that a text may be passed on in a request header: at most
 * JWT_MAX_VALUE_LEN bytes and no control characters.
 */
int jwt_value_is_safe(const u_char *text, size_t len);

/*
 * A member of an object by its path of names, each NUL-terminated: NULL
 * when a member is absent or a step is not an object.
 */
json_t *jwt_path_get(json_t *object, const char *const *names, size_t n);

/*
 * Whether a claim value is one of the texts: a string, number or boolean
 * by its text (jwt_value_text), an array when one of its elements is; with
 * "words", a string is also taken as space-separated words (the "scope"
 * claim of RFC 8693).
 */
int jwt_value_in(const json_t *value, const jwt_str_t *texts, size_t n,
    int words);


#endif /* _JWT_H_INCLUDED_ */
