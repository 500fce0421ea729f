
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 */


#include <string.h>

#include "jac.h"
#include "jac_internal.h"


static jwt_err_t jwt_parse_object(json_t **obj, const u_char *data,
    size_t len, u_char *work, const char *const *reasons,
    const char **reason);
static jwt_err_t jwt_check_header(json_t *header, unsigned allowed,
    unsigned *alg, const char **reason);
static jwt_err_t jwt_verify(jwt_t *jwt, const u_char *input, size_t len,
    const u_char *sig, size_t siglen, jwt_key_t *const *keys, size_t nkeys,
    const char **reason);


const jwt_alg_t  jwt_algs[] = {
    { JWT_ALG_HS256, "HS256", JWT_KIND_HMAC, "SHA256", 32 },
    { JWT_ALG_HS384, "HS384", JWT_KIND_HMAC, "SHA384", 48 },
    { JWT_ALG_HS512, "HS512", JWT_KIND_HMAC, "SHA512", 64 },
    { JWT_ALG_RS256, "RS256", JWT_KIND_RSA, "SHA256", 0 },
    { JWT_ALG_RS384, "RS384", JWT_KIND_RSA, "SHA384", 0 },
    { JWT_ALG_RS512, "RS512", JWT_KIND_RSA, "SHA512", 0 },
    { JWT_ALG_PS256, "PS256", JWT_KIND_PSS, "SHA256", 0 },
    { JWT_ALG_PS384, "PS384", JWT_KIND_PSS, "SHA384", 0 },
    { JWT_ALG_PS512, "PS512", JWT_KIND_PSS, "SHA512", 0 },
    { JWT_ALG_ES256, "ES256", JWT_KIND_EC, "SHA256", 32 },
    { JWT_ALG_ES384, "ES384", JWT_KIND_EC, "SHA384", 48 },
    { JWT_ALG_ES512, "ES512", JWT_KIND_EC, "SHA512", 66 },
    { JWT_ALG_EDDSA, "EdDSA", JWT_KIND_EDDSA, NULL, 0 },
    { 0, NULL, 0, NULL, 0 }
};


const char  jwt_alg_names[] = "HS256, HS384, HS512, RS256, RS384, RS512, "
                              "PS256, PS384, PS512, ES256, ES384, ES512, "
                              "EdDSA";


static const char  *const jwt_header_reasons[] = {
    "header is not base64url",
    "header is not valid JSON",
    "header is not a JSON object"
};


static const char  *const jwt_payload_reasons[] = {
    "payload is not base64url",
    "payload is not valid JSON",
    "payload is not a JSON object"
};


static const char  *jwt_err_codes[] = {
    "",
    "malformed",
    "alg_not_allowed",
    "bad_signature",
    "expired",
    "not_yet_valid",
    "bad_issuer",
    "bad_audience",
    "missing_user",
    "bad_claim",
    "unknown_key",
    "internal"
};


const char *
jwt_err_code(jwt_err_t err)
{
    if ((size_t) err >= sizeof(jwt_err_codes) / sizeof(jwt_err_codes[0])) {
        return "internal";
    }

    return jwt_err_codes[err];
}


unsigned
jwt_alg_by_name(const u_char *name, size_t len)
{
    const jwt_alg_t  *a;

    for (a = jwt_algs; a->alg; a++) {
        if (len == strlen(a->name) && memcmp(name, a->name, len) == 0) {
            return a->alg;
        }
    }

    return 0;
}


const jwt_alg_t *
jwt_alg_get(unsigned alg)
{
    const jwt_alg_t  *a;

    for (a = jwt_algs; a->alg; a++) {
        if (a->alg == alg) {
            return a;
        }
    }

    return NULL;
}


const char *
jwt_alg_name(unsigned alg)
{
    const jwt_alg_t  *a;

    a = jwt_alg_get(alg);

    return (a == NULL) ? NULL : a->name;
}


jwt_err_t
jwt_decode(jwt_t *jwt, const u_char *token, size_t len, u_char *work,
    unsigned allowed, jwt_key_t *const *keys, size_t nkeys,
    jwt_header_cache_t *cache, const char **reason)
{
    size_t         hlen;
    ssize_t        siglen;
    jwt_err_t      err;
    const u_char  *dot1, *dot2, *end;

    jwt->header = NULL;
    jwt->payload = NULL;
    jwt->alg = 0;
    jwt->key = NULL;

    if (len > JWT_MAX_TOKEN_LEN) {
        *reason = "token is too large";
        return JWT_ERR_MALFORMED;
    }

    /* compact serialization: exactly three parts */

    end = token + len;

    dot1 = memchr(token, '.', len);
    dot2 = (dot1 == NULL) ? NULL : memchr(dot1 + 1, '.', end - dot1 - 1);

    if (dot2 == NULL || memchr(dot2 + 1, '.', end - dot2 - 1) != NULL) {
        *reason = "token is not three dot-separated parts";
        return JWT_ERR_MALFORMED;
    }

    hlen = dot1 - token;

    if (cache != NULL && cache->header != NULL && cache->len == hlen
        && memcmp(cache->b64, token, hlen) == 0)
    {
        /* the header of the last token, checked then */

        jwt->header = json_incref(cache->header);
        jwt->alg = cache->alg;

        if (!(jwt->alg & allowed)) {
            *reason = "alg is not allowed here";
            err = JWT_ERR_ALG_NOT_ALLOWED;
            goto failed;
        }

    } else {
        err = jwt_parse_object(&jwt->header, token, hlen, work,
                               jwt_header_reasons, reason);
        if (err != JWT_OK) {
            return err;
        }

        err = jwt_check_header(jwt->header, allowed, &jwt->alg, reason);
        if (err != JWT_OK) {
            goto failed;
        }

        if (cache != NULL && hlen <= sizeof(cache->b64)) {
            json_decref(cache->header);

            memcpy(cache->b64, token, hlen);
            cache->len = hlen;
            cache->header = json_incref(jwt->header);
            cache->alg = jwt->alg;
        }
    }

    /* the signature, before anything of the payload is looked at */

    siglen = jwt_base64url_decode(work, dot2 + 1, end - dot2 - 1);
    if (siglen < 0) {
        *reason = "signature is not base64url";
        err = JWT_ERR_MALFORMED;
        goto failed;
    }

    err = jwt_verify(jwt, token, dot2 - token, work, siglen, keys, nkeys,
                     reason);
    if (err != JWT_OK) {
        goto failed;
    }

    err = jwt_parse_object(&jwt->payload, dot1 + 1, dot2 - dot1 - 1, work,
                           jwt_payload_reasons, reason);
    if (err != JWT_OK) {
        goto failed;
    }

    return JWT_OK;

failed:

    jwt_free(jwt);

    return err;
}


/*
 * The keys a token may be verified with: of its algorithm, and, when it
 * names a kid, those with that kid or with none (a secret, a PEM key).
 * At most JWT_MAX_KEY_TRIES keys are tried.
 */

static jwt_err_t
jwt_verify(jwt_t *jwt, const u_char *input, size_t len, const u_char *sig,
    size_t siglen, jwt_key_t *const *keys, size_t nkeys, const char **reason)
{
    size_t            i, tries, kid_len;
    json_t           *v;
    jwt_err_t         rc;
    const char       *kid;
    const jwt_alg_t  *a;

    a = jwt_alg_get(jwt->alg);

    v = json_object_get(jwt->header, "kid");
    kid = json_is_string(v) ? json_string_value(v) : NULL;
    kid_len = json_is_string(v) ? json_string_length(v) : 0;

    tries = 0;

    for (i = 0; i < nkeys; i++) {

        if (!(jwt_key_algs(keys[i]) & jwt->alg)) {
            continue;
        }

        if (kid != NULL && !jwt_key_kid_matches(keys[i], kid, kid_len)) {
            continue;
        }

        if (tries++ == JWT_MAX_KEY_TRIES) {
            break;
        }

        rc = jwt_key_verify(keys[i], a, input, len, sig, siglen);

        if (rc == JWT_OK) {
            jwt->key = keys[i];
            return JWT_OK;
        }

        if (rc == JWT_ERR_INTERNAL) {
            *reason = "signature verification failed in OpenSSL";
            return rc;
        }
    }

    if (tries == 0 && kid != NULL) {
        *reason = "no key has the token's kid";
        return JWT_ERR_UNKNOWN_KEY;
    }

    *reason = "signature does not verify";

    return JWT_ERR_BAD_SIGNATURE;
}


void
jwt_header_cache_free(jwt_header_cache_t *cache)
{
    json_decref(cache->header);
    cache->header = NULL;
}


void
jwt_free(jwt_t *jwt)
{
    if (jwt->header != NULL) {
        json_decref(jwt->header);
        jwt->header = NULL;
    }

    if (jwt->payload != NULL) {
        json_decref(jwt->payload);
        jwt->payload = NULL;
    }
}


/*
 * A base64url part holding a JSON object: UTF-8 (jansson checks it), no
 * NUL in strings, no member name twice (a second "alg" or "sub" must not
 * silently win).
 */

static jwt_err_t
jwt_parse_object(json_t **obj, const u_char *data, size_t len, u_char *work,
    const char *const *reasons, const char **reason)
{
    ssize_t        n;
    json_t        *json;
    json_error_t   error;

    n = jwt_base64url_decode(work, data, len);
    if (n < 0) {
        *reason = reasons[0];
        return JWT_ERR_MALFORMED;
    }

    json = json_loadb((const char *) work, n, JSON_REJECT_DUPLICATES, &error);

    if (json == NULL) {
        *reason = reasons[1];
        return JWT_ERR_MALFORMED;
    }

    if (!json_is_object(json)) {
        json_decref(json);
        *reason = reasons[2];
        return JWT_ERR_MALFORMED;
    }

    *obj = json;

    return JWT_OK;
}


static jwt_err_t
jwt_check_header(json_t *header, unsigned allowed, unsigned *alg,
    const char **reason)
{
    json_t      *v;
    const char  *name;

    /* RFC 7515, 4.1.11: no extension is understood, so "crit" fails */

    if (json_object_get(header, "crit") != NULL) {
        *reason = "header has crit, which is not supported";
        return JWT_ERR_MALFORMED;
    }

    v = json_object_get(header, "alg");

    if (!json_is_string(v)) {
        *reason = "header has no alg string";
        return JWT_ERR_MALFORMED;
    }

    name = json_string_value(v);

    if (strcmp(name, "none") == 0) {
        *reason = "alg none is never accepted";
        return JWT_ERR_ALG_NOT_ALLOWED;
    }

    *alg = jwt_alg_by_name((const u_char *) name, json_string_length(v));

    if (*alg == 0) {
        *reason = "alg is not supported";
        return JWT_ERR_ALG_NOT_ALLOWED;
    }

    if (!(*alg & allowed)) {
        *reason = "alg is not allowed here";
        return JWT_ERR_ALG_NOT_ALLOWED;
    }

    return JWT_OK;
}
