
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Tokens: a compact JWS split into its three parts, its JOSE header
 * checked (or found in the header cache), the signature verified with
 * the keys the header allows, and only then the payload parsed.
 */


#include <stdlib.h>
#include <string.h>

#include "jac_internal.h"


static jac_err_t jac_check_header(json_t *header, unsigned allowed,
    unsigned *alg, const char **reason);
static jac_err_t jac_verify_token(jac_token_t *jwt, const u_char *input,
    size_t len, const u_char *sig, size_t siglen, jac_key_t *const *keys,
    size_t nkeys, const char **reason);


static const char  *const jac_header_reasons[] = {
    "header is not base64url",
    "header is not valid JSON",
    "header is not a JSON object"
};


static const char  *const jac_payload_reasons[] = {
    "payload is not base64url",
    "payload is not valid JSON",
    "payload is not a JSON object"
};


/*
 * RFC 7515, 4.1: the registered members that may appear must have their
 * types (a null or numeric "kid" is not "no kid"); "enc" belongs to a
 * JWE, and "b64" (RFC 7797) to an extension that would have to be listed
 * in "crit", which is refused.
 */

/* in the order of jac_check_members() */
static const char  *const jac_header_member_reasons[JAC_HEADER_MEMBERS] = {
    "header's kid is not a string",
    "header's typ is not a string",
    "header's cty is not a string",
    "header's jku is not a string",
    "header's x5u is not a string",
    "header's x5t is not a string",
    "header's x5t#S256 is not a string",
    "header's x5c is not an array of strings",
    "header's jwk is not an object"
};


static const char  *jac_err_codes[] = {
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
    "bad_header",
    "revoked",
    "internal"
};


const char *
jac_err_code(jac_err_t err)
{
    if ((size_t) err >= sizeof(jac_err_codes) / sizeof(jac_err_codes[0])) {
        return "internal";
    }

    return jac_err_codes[err];
}


jac_err_t
jac_decode(jac_token_t *jwt, const u_char *token, size_t len, u_char *work,
    unsigned allowed, jac_key_t *const *keys, size_t nkeys,
    jac_header_cache_t *cache, const char **reason)
{
    size_t         hlen;
    ssize_t        siglen;
    jac_err_t      err;
    const u_char  *dot1, *dot2, *end;

    jwt->header = NULL;
    jwt->payload = NULL;
    jwt->alg = 0;
    jwt->key = NULL;

    if (len > JAC_MAX_TOKEN_LEN) {
        *reason = "token is too large";
        return JAC_ERR_MALFORMED;
    }

    /* compact serialization: exactly three parts */

    end = token + len;

    dot1 = memchr(token, '.', len);
    dot2 = (dot1 == NULL) ? NULL : memchr(dot1 + 1, '.', end - dot1 - 1);

    if (dot2 == NULL || memchr(dot2 + 1, '.', end - dot2 - 1) != NULL) {
        *reason = "token is not three dot-separated parts";
        return JAC_ERR_MALFORMED;
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
            err = JAC_ERR_ALG_NOT_ALLOWED;
            goto failed;
        }

    } else {
        err = jac_parse_object(&jwt->header, token, hlen, work,
                               jac_header_reasons, reason);
        if (err != JAC_OK) {
            return err;
        }

        err = jac_check_header(jwt->header, allowed, &jwt->alg, reason);
        if (err != JAC_OK) {
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

    siglen = jac_base64url_decode(work, dot2 + 1, end - dot2 - 1);
    if (siglen < 0) {
        *reason = "signature is not base64url";
        err = JAC_ERR_MALFORMED;
        goto failed;
    }

    err = jac_verify_token(jwt, token, dot2 - token, work, siglen, keys,
                           nkeys, reason);
    if (err != JAC_OK) {
        goto failed;
    }

    err = jac_parse_object(&jwt->payload, dot1 + 1, dot2 - dot1 - 1, work,
                           jac_payload_reasons, reason);
    if (err != JAC_OK) {
        goto failed;
    }

    return JAC_OK;

failed:

    jac_token_free(jwt);

    return err;
}


/*
 * The keys a token may be verified with: of its algorithm, and, when it
 * names a kid, those with that kid or with none (a secret, a PEM key).
 * At most JAC_MAX_KEY_TRIES keys are tried.
 */

static jac_err_t
jac_verify_token(jac_token_t *jwt, const u_char *input, size_t len,
    const u_char *sig, size_t siglen, jac_key_t *const *keys, size_t nkeys,
    const char **reason)
{
    size_t            i, tries, kid_len;
    json_t           *v;
    jac_err_t         rc;
    const char       *kid;
    const jac_alg_t  *a;

    a = jac_alg_get(jwt->alg);

    v = json_object_get(jwt->header, "kid");
    kid = json_is_string(v) ? json_string_value(v) : NULL;
    kid_len = json_is_string(v) ? json_string_length(v) : 0;

    tries = 0;

    for (i = 0; i < nkeys; i++) {

        if (!(jac_key_algs(keys[i]) & jwt->alg)) {
            continue;
        }

        if (kid != NULL && !jac_key_kid_matches(keys[i], kid, kid_len)) {
            continue;
        }

        if (tries++ == JAC_MAX_KEY_TRIES) {
            break;
        }

        rc = jac_verify(keys[i], a, input, len, sig, siglen);

        if (rc == JAC_OK) {
            jwt->key = keys[i];
            return JAC_OK;
        }

        if (rc == JAC_ERR_INTERNAL) {
            *reason = "signature verification failed in OpenSSL";
            return rc;
        }
    }

    if (tries == 0 && kid != NULL) {
        *reason = "no key has the token's kid";
        return JAC_ERR_UNKNOWN_KEY;
    }

    *reason = "signature does not verify";

    return JAC_ERR_BAD_SIGNATURE;
}


jac_header_cache_t *
jac_header_cache_create(void)
{
    return calloc(1, sizeof(jac_header_cache_t));
}


void
jac_header_cache_free(jac_header_cache_t *cache)
{
    if (cache != NULL) {
        json_decref(cache->header);
        free(cache);
    }
}


void
jac_token_free(jac_token_t *jwt)
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


jac_json_t *
jac_token_part(const u_char *token, size_t len, int part, u_char *work)
{
    json_t        *json;
    const char    *reason;
    const u_char  *dot1, *dot2, *end;

    end = token + len;

    dot1 = memchr(token, '.', len);
    dot2 = (dot1 == NULL) ? NULL : memchr(dot1 + 1, '.', end - dot1 - 1);

    if (dot2 == NULL) {
        return NULL;
    }

    if (part == JAC_TOKEN_HEADER) {
        if (jac_parse_object(&json, token, dot1 - token, work,
                             jac_header_reasons, &reason)
            != JAC_OK)
        {
            return NULL;
        }

    } else if (jac_parse_object(&json, dot1 + 1, dot2 - dot1 - 1, work,
                                jac_payload_reasons, &reason)
               != JAC_OK)
    {
        return NULL;
    }

    return json;
}


static jac_err_t
jac_check_header(json_t *header, unsigned allowed, unsigned *alg,
    const char **reason)
{
    json_t      *v;
    const char  *name;

    /* RFC 7515, 4.1.11: no extension is understood, so "crit" fails */

    if (json_object_get(header, "crit") != NULL) {
        *reason = "header has crit, which is not supported";
        return JAC_ERR_MALFORMED;
    }

    v = json_object_get(header, "alg");

    if (!json_is_string(v)) {
        *reason = "header has no alg string";
        return JAC_ERR_MALFORMED;
    }

    name = json_string_value(v);

    if (strcmp(name, "none") == 0) {
        *reason = "alg none is never accepted";
        return JAC_ERR_ALG_NOT_ALLOWED;
    }

    *alg = jac_alg_by_name((const u_char *) name, json_string_length(v));

    if (*alg == 0) {
        *reason = "alg is not supported";
        return JAC_ERR_ALG_NOT_ALLOWED;
    }

    if (!(*alg & allowed)) {
        *reason = "alg is not allowed here";
        return JAC_ERR_ALG_NOT_ALLOWED;
    }

    if (!jac_check_members(header, jac_header_member_reasons, reason)) {
        return JAC_ERR_BAD_HEADER;
    }

    if (json_object_get(header, "enc") != NULL) {
        *reason = "header has enc: an encrypted token, not a signed one";
        return JAC_ERR_BAD_HEADER;
    }

    if (json_object_get(header, "b64") != NULL) {
        *reason = "header has b64, which needs crit";
        return JAC_ERR_BAD_HEADER;
    }

    return JAC_OK;
}

