
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jac.h"


static int jwt_str_in(const json_t *value, const jwt_str_t *list, size_t n);
static int jwt_text_in(const json_t *value, const jwt_str_t *list, size_t n);
static int jwt_words_in(const json_t *value, const jwt_str_t *list,
    size_t n);
static int jwt_real_text(double d, char *buf, size_t size);
static size_t jwt_copy(u_char *buf, size_t size, size_t pos,
    const void *data, size_t len);


jwt_err_t
jwt_check_claims(const jwt_t *jwt, const jwt_policy_t *policy, time_t t,
    const char **reason)
{
    size_t   i;
    double   now, leeway;
    json_t  *v, *e;

    now = (double) t;
    leeway = (double) policy->leeway;

    /* RFC 7519, 4.1.4: the current time must be before exp */

    v = json_object_get(jwt->payload, "exp");

    if (v == NULL) {
        *reason = "token has no exp claim";
        return JWT_ERR_BAD_CLAIM;
    }

    if (!json_is_number(v)) {
        *reason = "exp is not a number";
        return JWT_ERR_BAD_CLAIM;
    }

    if (now - leeway >= json_number_value(v)) {
        *reason = "token has expired";
        return JWT_ERR_EXPIRED;
    }

    /* RFC 7519, 4.1.5: and not before nbf */

    v = json_object_get(jwt->payload, "nbf");

    if (v != NULL) {
        if (!json_is_number(v)) {
            *reason = "nbf is not a number";
            return JWT_ERR_BAD_CLAIM;
        }

        if (now + leeway < json_number_value(v)) {
            *reason = "token is not valid yet";
            return JWT_ERR_NOT_YET_VALID;
        }
    }

    if (policy->nissuers > 0) {
        v = json_object_get(jwt->payload, "iss");

        if (!jwt_str_in(v, policy->issuers, policy->nissuers)) {
            *reason = "issuer is not accepted";
            return JWT_ERR_BAD_ISSUER;
        }
    }

    /* RFC 7519, 4.1.3: aud is a string or an array of strings */

    if (policy->naudiences > 0) {
        v = json_object_get(jwt->payload, "aud");

        if (json_is_array(v)) {
            for (i = 0; i < json_array_size(v); i++) {
                e = json_array_get(v, i);

                if (jwt_str_in(e, policy->audiences, policy->naudiences)) {
                    return JWT_OK;
                }
            }

        } else if (jwt_str_in(v, policy->audiences, policy->naudiences)) {
            return JWT_OK;
        }

        *reason = "audience is not accepted";
        return JWT_ERR_BAD_AUDIENCE;
    }

    return JWT_OK;
}


static int
jwt_str_in(const json_t *value, const jwt_str_t *list, size_t n)
{
    size_t       i, len;
    const char  *s;

    if (!json_is_string(value)) {
        return 0;
    }

    s = json_string_value(value);
    len = json_string_length(value);

    for (i = 0; i < n; i++) {
        if (list[i].len == len && memcmp(list[i].data, s, len) == 0) {
            return 1;
        }
    }

    return 0;
}


size_t
jwt_value_text(const json_t *value, u_char *buf, size_t size)
{
    int          n;
    char         num[32];
    size_t       i, pos;
    json_t      *e;
    const char  *s;

    switch (json_typeof(value)) {

    case JSON_STRING:
        return jwt_copy(buf, size, 0, json_string_value(value),
                        json_string_length(value));

    case JSON_INTEGER:
        n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                     json_integer_value(value));
        return jwt_copy(buf, size, 0, num, n);

    case JSON_REAL:
        n = jwt_real_text(json_real_value(value), num, sizeof(num));
        return jwt_copy(buf, size, 0, num, n);

    case JSON_TRUE:
        return jwt_copy(buf, size, 0, "true", 4);

    case JSON_FALSE:
        return jwt_copy(buf, size, 0, "false", 5);

    case JSON_NULL:
        return 0;

    case JSON_ARRAY:
        pos = 0;

        for (i = 0; i < json_array_size(value); i++) {
            e = json_array_get(value, i);

            if (!json_is_string(e)) {
                goto compact;
            }
        }

        for (i = 0; i < json_array_size(value); i++) {
            e = json_array_get(value, i);
            s = json_string_value(e);

            if (i > 0) {
                pos = jwt_copy(buf, size, pos, ",", 1);
            }

            pos = jwt_copy(buf, size, pos, s, json_string_length(e));
        }

        return pos;

    default:
        break;
    }

compact:

    return json_dumpb(value, (char *) buf, size,
                      JSON_COMPACT | JSON_ENCODE_ANY);
}


/*
 * The shortest text that reads back as the same double, as the token most
 * likely had it: 0.1, not 0.10000000000000001; with ".0" when it would
 * otherwise read as an integer.
 */

static int
jwt_real_text(double d, char *buf, size_t size)
{
    int  n, precision;

    for (precision = 15; precision < 17; precision++) {
        n = snprintf(buf, size, "%.*g", precision, d);

        if (strtod(buf, NULL) == d) {
            break;
        }
    }

    if (precision == 17) {
        n = snprintf(buf, size, "%.17g", d);
    }

    if (strpbrk(buf, ".eE") == NULL && (size_t) n + 2 < size) {
        buf[n++] = '.';
        buf[n++] = '0';
        buf[n] = '\0';
    }

    return n;
}


/* copies what fits of "data" at "pos" and returns the position after it */

static size_t
jwt_copy(u_char *buf, size_t size, size_t pos, const void *data, size_t len)
{
    if (pos < size) {
        memcpy(buf + pos, data, (size - pos < len) ? size - pos : len);
    }

    return pos + len;
}


int
jwt_value_is_safe(const u_char *text, size_t len)
{
    size_t  i;

    if (len > JWT_MAX_VALUE_LEN) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        if (text[i] < 0x20 || text[i] == 0x7f) {
            return 0;
        }
    }

    return 1;
}


json_t *
jwt_path_get(json_t *object, const char *const *names, size_t n)
{
    size_t   i;
    json_t  *v;

    v = object;

    for (i = 0; i < n; i++) {
        if (!json_is_object(v)) {
            return NULL;
        }

        v = json_object_get(v, names[i]);
    }

    return v;
}


int
jwt_value_in(const json_t *value, const jwt_str_t *texts, size_t n,
    int words)
{
    size_t  i;

    if (json_is_array(value)) {
        for (i = 0; i < json_array_size(value); i++) {
            if (jwt_text_in(json_array_get(value, i), texts, n)) {
                return 1;
            }
        }

        return 0;
    }

    if (words && json_is_string(value)) {
        return jwt_words_in(value, texts, n);
    }

    return jwt_text_in(value, texts, n);
}


/* a string, number or boolean whose text is one of the list */

static int
jwt_text_in(const json_t *value, const jwt_str_t *list, size_t n)
{
    u_char  text[64];
    size_t  i, len;

    if (json_is_string(value)) {
        return jwt_str_in(value, list, n);
    }

    if (!json_is_number(value) && !json_is_boolean(value)) {
        return 0;
    }

    len = jwt_value_text(value, text, sizeof(text));

    for (i = 0; i < n; i++) {
        if (list[i].len == len && memcmp(list[i].data, text, len) == 0) {
            return 1;
        }
    }

    return 0;
}


static int
jwt_words_in(const json_t *value, const jwt_str_t *list, size_t n)
{
    size_t         i, len;
    const u_char  *p, *end, *word;

    p = (const u_char *) json_string_value(value);
    end = p + json_string_length(value);

    while (p < end) {
        while (p < end && *p == ' ') {
            p++;
        }

        word = p;

        while (p < end && *p != ' ') {
            p++;
        }

        len = p - word;

        for (i = 0; len > 0 && i < n; i++) {
            if (list[i].len == len && memcmp(list[i].data, word, len) == 0) {
                return 1;
            }
        }
    }

    return 0;
}
