
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Claims: the registered claims a location checks (exp, nbf, iss, aud),
 * the user claim, and claims found by their path of names.
 */


#include <string.h>

#include "jac_internal.h"


static jac_err_t jac_check_types(const json_t *payload, const char **reason);


jac_err_t
jac_check_claims(const jac_token_t *jwt, const jac_policy_t *policy,
    time_t t, const char **reason)
{
    size_t   i;
    double   now, leeway;
    json_t  *v, *e;

    if (jac_check_types(jwt->payload, reason) != JAC_OK) {
        return JAC_ERR_BAD_CLAIM;
    }

    now = (double) t;
    leeway = (double) policy->leeway;

    /* RFC 7519, 4.1.4: the current time must be before exp */

    v = json_object_get(jwt->payload, "exp");

    if (v == NULL) {
        *reason = "token has no exp claim";
        return JAC_ERR_BAD_CLAIM;
    }

    if (now - leeway >= json_number_value(v)) {
        *reason = "token has expired";
        return JAC_ERR_EXPIRED;
    }

    /* RFC 7519, 4.1.5: and not before nbf */

    v = json_object_get(jwt->payload, "nbf");

    if (v != NULL && now + leeway < json_number_value(v)) {
        *reason = "token is not valid yet";
        return JAC_ERR_NOT_YET_VALID;
    }

    if (policy->nissuers > 0) {
        v = json_object_get(jwt->payload, "iss");

        if (!jac_str_in(v, policy->issuers, policy->nissuers)) {
            *reason = "issuer is not accepted";
            return JAC_ERR_BAD_ISSUER;
        }
    }

    /*
     * RFC 7519, 4.1.3: a recipient that does not identify itself with a
     * value of aud must refuse a token that has one, unless the location
     * accepts any audience
     */

    v = json_object_get(jwt->payload, "aud");

    if (policy->naudiences == 0) {
        if (v != NULL && !policy->any_audience) {
            *reason = "token has an audience, and none is configured";
            return JAC_ERR_BAD_AUDIENCE;
        }

        return JAC_OK;
    }

    if (json_is_array(v)) {
        for (i = 0; i < json_array_size(v); i++) {
            e = json_array_get(v, i);

            if (jac_str_in(e, policy->audiences, policy->naudiences)) {
                return JAC_OK;
            }
        }

    } else if (jac_str_in(v, policy->audiences, policy->naudiences)) {
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
jac_check_types(const json_t *payload, const char **reason)
{
    size_t   i;
    json_t  *v;

    static const char  *const numbers[] = { "exp", "nbf", "iat" };
    static const char  *const strings[] = { "iss", "jti" };

    static const char  *const number_reasons[] = {
        "exp is not a number", "nbf is not a number", "iat is not a number"
    };

    static const char  *const string_reasons[] = {
        "iss is not a string", "jti is not a string"
    };

    for (i = 0; i < 3; i++) {
        v = json_object_get(payload, numbers[i]);

        if (v != NULL && !json_is_number(v)) {
            *reason = number_reasons[i];
            return JAC_ERR_BAD_CLAIM;
        }
    }

    for (i = 0; i < 2; i++) {
        v = json_object_get(payload, strings[i]);

        if (v != NULL && !json_is_string(v)) {
            *reason = string_reasons[i];
            return JAC_ERR_BAD_CLAIM;
        }
    }

    v = json_object_get(payload, "aud");

    if (v != NULL && !json_is_string(v) && !jac_is_string_array(v)) {
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
