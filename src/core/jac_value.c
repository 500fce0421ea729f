
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Claim values: their text (for variables and headers), whether a text
 * is safe in a request header, whether a value is among a list of texts,
 * the compact JSON text of an object and back, the JSON object of a
 * base64url part, and the JOSE header members JWS and JWE share.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jac_internal.h"


static int jac_text_in(const json_t *value, const jac_str_t *list, size_t n);
static int jac_words_in(const json_t *value, const jac_str_t *list,
    size_t n);
static int jac_real_text(double d, char *buf, size_t size);
static size_t jac_copy(u_char *buf, size_t size, size_t pos,
    const void *data, size_t len);


int
jac_str_in(const json_t *value, const jac_str_t *list, size_t n)
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
jac_value_text(const json_t *value, u_char *buf, size_t size)
{
    int          n;
    char         num[32];
    size_t       i, pos;
    json_t      *e;
    const char  *s;

    switch (json_typeof(value)) {

    case JSON_STRING:
        return jac_copy(buf, size, 0, json_string_value(value),
                        json_string_length(value));

    case JSON_INTEGER:
        n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
                     json_integer_value(value));
        return jac_copy(buf, size, 0, num, n);

    case JSON_REAL:
        n = jac_real_text(json_real_value(value), num, sizeof(num));
        return jac_copy(buf, size, 0, num, n);

    case JSON_TRUE:
        return jac_copy(buf, size, 0, "true", 4);

    case JSON_FALSE:
        return jac_copy(buf, size, 0, "false", 5);

    case JSON_NULL:
        return 0;

    case JSON_ARRAY:
        if (!jac_is_string_array(value)) {
            goto compact;
        }

        pos = 0;

        for (i = 0; i < json_array_size(value); i++) {
            e = json_array_get(value, i);
            s = json_string_value(e);

            if (i > 0) {
                pos = jac_copy(buf, size, pos, ",", 1);
            }

            pos = jac_copy(buf, size, pos, s, json_string_length(e));
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
jac_real_text(double d, char *buf, size_t size)
{
    int  n, precision;

    n = snprintf(buf, size, "%.15g", d);

    for (precision = 16; precision <= 17 && strtod(buf, NULL) != d;
         precision++)
    {
        n = snprintf(buf, size, "%.*g", precision, d);
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
jac_copy(u_char *buf, size_t size, size_t pos, const void *data, size_t len)
{
    if (pos < size) {
        memcpy(buf + pos, data, (size - pos < len) ? size - pos : len);
    }

    return pos + len;
}


int
jac_value_is_safe(const u_char *text, size_t len)
{
    size_t  i;

    if (len > JAC_MAX_VALUE_LEN) {
        return 0;
    }

    for (i = 0; i < len; i++) {
        if (text[i] < 0x20 || text[i] == 0x7f) {
            return 0;
        }
    }

    return 1;
}


int
jac_value_in(const json_t *value, const jac_str_t *texts, size_t n,
    int words)
{
    size_t  i;

    if (json_is_array(value)) {
        for (i = 0; i < json_array_size(value); i++) {
            if (jac_text_in(json_array_get(value, i), texts, n)) {
                return 1;
            }
        }

        return 0;
    }

    if (words && json_is_string(value)) {
        return jac_words_in(value, texts, n);
    }

    return jac_text_in(value, texts, n);
}


/* a string, number or boolean whose text is one of the list */

static int
jac_text_in(const json_t *value, const jac_str_t *list, size_t n)
{
    u_char  text[64];
    size_t  i, len;

    if (json_is_string(value)) {
        return jac_str_in(value, list, n);
    }

    if (!json_is_number(value) && !json_is_boolean(value)) {
        return 0;
    }

    len = jac_value_text(value, text, sizeof(text));

    for (i = 0; i < n; i++) {
        if (list[i].len == len && memcmp(list[i].data, text, len) == 0) {
            return 1;
        }
    }

    return 0;
}


static int
jac_words_in(const json_t *value, const jac_str_t *list, size_t n)
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



int
jac_is_string_array(const json_t *value)
{
    size_t  i;

    if (!json_is_array(value)) {
        return 0;
    }

    for (i = 0; i < json_array_size(value); i++) {
        if (!json_is_string(json_array_get(value, i))) {
            return 0;
        }
    }

    return 1;
}


/*
 * The members a JWS and a JWE header share (RFC 7515 4.1, RFC 7516 4.1.4
 * on), each absent or of its type; reasons[] says which is not, in this
 * order: the strings, then x5c, then jwk.
 */

static const char  *const jac_string_members[] = {
    "kid", "typ", "cty", "jku", "x5u", "x5t", "x5t#S256"
};


int
jac_check_members(const json_t *header, const char *const *reasons,
    const char **reason)
{
    size_t         i, n;
    const json_t  *v;

    n = sizeof(jac_string_members) / sizeof(char *);

    for (i = 0; i < n; i++) {
        v = json_object_get(header, jac_string_members[i]);

        if (v != NULL && !json_is_string(v)) {
            *reason = reasons[i];
            return 0;
        }
    }

    v = json_object_get(header, "x5c");

    if (v != NULL && !jac_is_string_array(v)) {
        *reason = reasons[n];
        return 0;
    }

    v = json_object_get(header, "jwk");

    if (v != NULL && !json_is_object(v)) {
        *reason = reasons[n + 1];
        return 0;
    }

    return 1;
}


/*
 * A base64url part holding a JSON object: UTF-8 (jansson checks it), no
 * NUL in strings, no member name twice (a second "alg" or "sub" must not
 * silently win).
 */

jac_err_t
jac_parse_object(json_t **obj, const u_char *data, size_t len, u_char *work,
    const char *const *reasons, const char **reason)
{
    ssize_t        n;
    json_t        *json;
    json_error_t   error;

    n = jac_base64url_decode(work, data, len);
    if (n < 0) {
        *reason = reasons[0];
        return JAC_ERR_MALFORMED;
    }

    json = json_loadb((const char *) work, n, JSON_REJECT_DUPLICATES, &error);

    if (json == NULL) {
        *reason = reasons[1];
        return JAC_ERR_MALFORMED;
    }

    if (!json_is_object(json)) {
        json_decref(json);
        *reason = reasons[2];
        return JAC_ERR_MALFORMED;
    }

    *obj = json;

    return JAC_OK;
}
