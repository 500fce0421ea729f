
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Claims: the registered claims a location checks (exp, nbf, iss, aud),
 * the user claim, and claims found by their path of names.
 */


#include <string.h>

#include "jac_internal.h"


/* the registered claims a policy checks, as found in the payload */

typedef struct {
    json_t               *exp;
    json_t               *nbf;
    json_t               *iss;
    json_t               *aud;
} jac_claims_t;


static jac_err_t jac_check_types(const json_t *payload, jac_claims_t *c,
    const char **reason);


jac_err_t
jac_check_claims(const jac_token_t *jwt, const jac_policy_t *policy,
    time_t t, const char **reason)
{
    size_t         i;
    double         now, leeway;
    json_t        *v;
    jac_claims_t   c;

    /* each registered claim looked up once */

    if (jac_check_types(jwt->payload, &c, reason) != JAC_OK) {
        return JAC_ERR_BAD_CLAIM;
    }

    now = (double) t;
    leeway = (double) policy->leeway;

    /* RFC 7519, 4.1.4: the current time must be before exp */

    if (c.exp == NULL) {
        *reason = "token has no exp claim";
        return JAC_ERR_BAD_CLAIM;
    }

    if (now - leeway >= json_number_value(c.exp)) {
        *reason = "token has expired";
        return JAC_ERR_EXPIRED;
    }

    /* RFC 7519, 4.1.5: and not before nbf */

    if (c.nbf != NULL && now + leeway < json_number_value(c.nbf)) {
        *reason = "token is not valid yet";
        return JAC_ERR_NOT_YET_VALID;
    }

    if (policy->nissuers > 0
        && !jac_str_in(c.iss, policy->issuers, policy->nissuers))
    {
        *reason = "issuer is not accepted";
        return JAC_ERR_BAD_ISSUER;
    }

    /*
     * RFC 7519, 4.1.3: a recipient that does not identify itself with a
     * value of aud must refuse a token that has one, unless the location
     * accepts any audience
     */

    if (policy->naudiences == 0) {
        if (c.aud != NULL && !policy->any_audience) {
            *reason = "token has an audience, and none is configured";
            return JAC_ERR_BAD_AUDIENCE;
        }

        return JAC_OK;
    }

    if (json_is_array(c.aud)) {
        for (i = 0; i < json_array_size(c.aud); i++) {
            v = json_array_get(c.aud, i);

            if (jac_str_in(v, policy->audiences, policy->naudiences)) {
                return JAC_OK;
            }
        }

    } else if (jac_str_in(c.aud, policy->audiences, policy->naudiences)) {
        return JAC_OK;
    }

    *reason = "audience is not accepted";

    return JAC_ERR_BAD_AUDIENCE;
}


/*
 * RFC 7519, 4.1: the registered claims a token carries have their types,
 * whether or not the location checks them: exp, nbf and iat numbers, iss
 * and jti strings, aud a string or an array of strings.
 */

static jac_err_t
jac_check_types(const json_t *payload, jac_claims_t *c, const char **reason)
{
    json_t  *iat, *jti;

    c->exp = json_object_get(payload, "exp");
    c->nbf = json_object_get(payload, "nbf");
    c->iss = json_object_get(payload, "iss");
    c->aud = json_object_get(payload, "aud");
    iat = json_object_get(payload, "iat");
    jti = json_object_get(payload, "jti");

    if (c->exp != NULL && !json_is_number(c->exp)) {
        *reason = "exp is not a number";
        return JAC_ERR_BAD_CLAIM;
    }

    if (c->nbf != NULL && !json_is_number(c->nbf)) {
        *reason = "nbf is not a number";
        return JAC_ERR_BAD_CLAIM;
    }

    if (iat != NULL && !json_is_number(iat)) {
        *reason = "iat is not a number";
        return JAC_ERR_BAD_CLAIM;
    }

    if (c->iss != NULL && !json_is_string(c->iss)) {
        *reason = "iss is not a string";
        return JAC_ERR_BAD_CLAIM;
    }

    if (jti != NULL && !json_is_string(jti)) {
        *reason = "jti is not a string";
        return JAC_ERR_BAD_CLAIM;
    }

    if (c->aud != NULL && !json_is_string(c->aud)
        && !jac_is_string_array(c->aud))
    {
        *reason = "aud is not a string or an array of strings";
        return JAC_ERR_BAD_CLAIM;
    }

    return JAC_OK;
}


/*
 * The user claim: a non-empty string or an integer; absent, null or empty
 * is a token without a user.
 */

jac_err_t
jac_check_user(const jac_json_t *user, const char **reason)
{
    if (user == NULL || json_is_null(user)
        || (json_is_string(user) && json_string_length(user) == 0))
    {
        *reason = "token has no user claim";
        return JAC_ERR_MISSING_USER;
    }

    if (!json_is_string(user) && !json_is_integer(user)) {
        *reason = "user claim is neither a string nor an integer";
        return JAC_ERR_BAD_CLAIM;
    }

    return JAC_OK;
}


/* the earlier of a verified token's exp (a number: checked) and "limit" */

time_t
jac_token_expires(const jac_token_t *jwt, time_t limit)
{
    double  exp;

    exp = json_number_value(json_object_get(jwt->payload, "exp"));

    return (exp < (double) limit) ? (time_t) exp : limit;
}


int
jac_token_iat(const jac_json_t *payload, double *iat)
{
    json_t  *v;

    v = json_object_get(payload, "iat");

    if (!json_is_number(v)) {
        return 0;
    }

    *iat = json_number_value(v);

    return 1;
}


jac_json_t *
jac_path_get(const jac_json_t *object, const char *const *names, size_t n)
{
    size_t   i;
    json_t  *v;

    v = (json_t *) object;

    for (i = 0; i < n; i++) {
        if (!json_is_object(v)) {
            return NULL;
        }

        v = json_object_get(v, names[i]);
    }

    return v;
}


/*
 * A member by a name that is not NUL-terminated (a variable's name):
 * copied to end in NUL when short, as all claim names in practice are,
 * and looked for member by member otherwise.
 */

jac_json_t *
jac_member(const jac_json_t *object, const u_char *name, size_t len)
{
    char         buf[128];
    void        *it;
    const char  *key;

    if (!json_is_object(object)) {
        return NULL;
    }

    if (len < sizeof(buf)) {
        memcpy(buf, name, len);
        buf[len] = '\0';

        return json_object_get(object, buf);
    }

    for (it = json_object_iter((json_t *) object);
         it != NULL;
         it = json_object_iter_next((json_t *) object, it))
    {
        key = json_object_iter_key(it);

        if (strlen(key) == len && memcmp(key, name, len) == 0) {
            return json_object_iter_value(it);
        }
    }

    return NULL;
}
