
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 */


#include <string.h>

#include "jwt.h"
#include "jwt_internal.h"


static jwt_err_t jwt_parse_object(json_t **obj, const u_char *data,
    size_t len, u_char *work, const char *const *reasons,
    const char **reason);
static jwt_err_t jwt_check_header(json_t *header, unsigned allowed,
    unsigned *alg, const char **reason);


const jwt_hmac_t  jwt_hmac[JWT_HMAC_N] = {
    { JWT_ALG_HS256, "HS256", "SHA256", 32 },
    { JWT_ALG_HS384, "HS384", "SHA384", 48 },
    { JWT_ALG_HS512, "HS512", "SHA512", 64 }
};


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
    size_t  i;

    for (i = 0; i < JWT_HMAC_N; i++) {
        if (len == strlen(jwt_hmac[i].name)
            && memcmp(name, jwt_hmac[i].name, len) == 0)
        {
            return jwt_hmac[i].alg;
        }
    }

    return 0;
}


const char *
jwt_alg_name(unsigned alg)
{
    size_t  i;

    for (i = 0; i < JWT_HMAC_N; i++) {
        if (jwt_hmac[i].alg == alg) {
            return jwt_hmac[i].name;
        }
    }

    return NULL;
}


jwt_err_t
jwt_decode(jwt_t *jwt, const u_char *token, size_t len, u_char *work,
    unsigned allowed, jwt_key_t *const *keys, size_t nkeys,
    const char **reason)
{
    size_t         i;
    ssize_t        siglen;
    jwt_err_t      err, rc;
    const u_char  *dot1, *dot2, *end;

    jwt->header = NULL;
    jwt->payload = NULL;
    jwt->alg = 0;

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

    err = jwt_parse_object(&jwt->header, token, dot1 - token, work,
                           jwt_header_reasons, reason);
    if (err != JWT_OK) {
        return err;
    }

    err = jwt_check_header(jwt->header, allowed, &jwt->alg, reason);
    if (err != JWT_OK) {
        goto failed;
    }

    /* the signature, before anything of the payload is looked at */

    siglen = jwt_base64url_decode(work, dot2 + 1, end - dot2 - 1);
    if (siglen < 0) {
        *reason = "signature is not base64url";
        err = JWT_ERR_MALFORMED;
        goto failed;
    }

    err = JWT_ERR_BAD_SIGNATURE;

    for (i = 0; i < nkeys; i++) {
        rc = jwt_key_verify(keys[i], jwt->alg, token, dot2 - token, work,
                            siglen);

        if (rc == JWT_OK) {
            err = JWT_OK;
            break;
        }

        if (rc == JWT_ERR_INTERNAL) {
            *reason = "signature verification failed in OpenSSL";
            err = rc;
            goto failed;
        }
    }

    if (err != JWT_OK) {
        *reason = "signature does not verify";
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
