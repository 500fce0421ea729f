
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Revocation entries as JSON: what the revocation API is given and
 * answers, what its pull feed serves and what its state file holds.
 *
 *   {"jti": "<token id>", "exp": <time>}
 *   {"session": "<session id>", "exp": <time>}
 *   {"sub": "<user id>", "before": <time>, "exp": <time>}
 *
 * Times are NumericDates (seconds since the epoch); "exp" is when the
 * entry may go, as no token it matches can be valid after it.
 */


#include <stdio.h>
#include <string.h>

#include "jac_internal.h"


static jac_err_t jac_revocation_entry(json_t *obj, double now, int need,
    jac_revocation_t *entry, const char **why);
static int jac_revocation_time(json_t *value, double *t);
static json_t *jac_revocation_number(double t);


jac_err_t
jac_revocation_read(const u_char *text, size_t len, double now,
    int need, jac_revocation_pt add, void *data, char *reason,
    size_t size)
{
    int                i, n, pass;
    json_t            *root, *list, *item;
    jac_err_t          err;
    const char        *key, *why;
    json_error_t       error;
    jac_revocation_t   entry;

    root = json_loadb((const char *) text, len,
                      JSON_REJECT_DUPLICATES|JSON_DECODE_ANY, &error);

    if (root == NULL) {
        snprintf(reason, size, "not JSON: %s at line %d, column %d",
                 error.text, error.line, error.column);
        return JAC_ERR_MALFORMED;
    }

    list = root;

    if (json_is_object(root) && json_object_get(root, "entries") != NULL) {

        /* a list as GET answers it, its count aside */

        json_object_foreach(root, key, item) {
            if (strcmp(key, "entries") != 0 && strcmp(key, "count") != 0) {
                snprintf(reason, size, "unknown member \"%.64s\" beside "
                         "\"entries\"", key);
                json_decref(root);
                return JAC_ERR_MALFORMED;
            }
        }

        list = json_object_get(root, "entries");

        if (!json_is_array(list)) {
            snprintf(reason, size, "\"entries\" is not an array");
            json_decref(root);
            return JAC_ERR_MALFORMED;
        }
    }

    n = json_is_array(list) ? (int) json_array_size(list) : 1;

    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < n; i++) {
            item = json_is_array(list) ? json_array_get(list, i) : list;

            err = jac_revocation_entry(item, now, need, &entry, &why);

            if (err != JAC_OK) {
                if (json_is_array(list)) {
                    snprintf(reason, size, "entry %d: %s", i, why);
                } else {
                    snprintf(reason, size, "%s", why);
                }

                json_decref(root);
                return err;
            }

            if (pass == 1 && add(data, &entry) != 0) {
                json_decref(root);
                return JAC_ERR_INTERNAL;
            }
        }
    }

    json_decref(root);

    return JAC_OK;
}


static jac_err_t
jac_revocation_entry(json_t *obj, double now, int need,
    jac_revocation_t *entry, const char **why)
{
    json_t      *value;
    size_t       len;
    unsigned     types;
    const char  *key;

    if (!json_is_object(obj)) {
        *why = "an entry is a JSON object";
        return JAC_ERR_MALFORMED;
    }

    memset(entry, 0, sizeof(jac_revocation_t));
    entry->before = now;
    types = 0;

    json_object_foreach(obj, key, value) {

        if (strcmp(key, "exp") == 0) {
            if (!jac_revocation_time(value, &entry->exp)
                || entry->exp == 0)
            {
                *why = "\"exp\" is not a positive number";
                return JAC_ERR_MALFORMED;
            }

            continue;
        }

        if (strcmp(key, "before") == 0) {
            if (!jac_revocation_time(value, &entry->before)) {
                *why = "\"before\" is not a number of 0 or more";
                return JAC_ERR_MALFORMED;
            }

            types |= 0x100;
            continue;
        }

        if (strcmp(key, "jti") == 0) {
            entry->type = JAC_REVOKE_JTI;

        } else if (strcmp(key, "session") == 0) {
            entry->type = JAC_REVOKE_SESSION;

        } else if (strcmp(key, "sub") == 0) {
            entry->type = JAC_REVOKE_SUBJECT;

        } else {
            *why = "unknown member (an entry has \"jti\", \"session\" or "
                   "\"sub\", with \"exp\", and \"before\" for \"sub\")";
            return JAC_ERR_MALFORMED;
        }

        types |= 1u << entry->type;

        if (!json_is_string(value)) {
            *why = "\"jti\", \"session\" and \"sub\" are strings";
            return JAC_ERR_MALFORMED;
        }

        len = json_string_length(value);

        if (len == 0 || len > JAC_MAX_VALUE_LEN
            || memchr(json_string_value(value), '\0', len) != NULL)
        {
            *why = "an id is 1 to 1024 bytes, without NUL";
            return JAC_ERR_MALFORMED;
        }

        entry->value.data = (const u_char *) json_string_value(value);
        entry->value.len = len;
    }

    if ((types & 0xff) == 0) {
        *why = "no \"jti\", \"session\" or \"sub\"";
        return JAC_ERR_MALFORMED;
    }

    if ((types & 0xff) & ((types & 0xff) - 1)) {
        *why = "more than one of \"jti\", \"session\" and \"sub\"";
        return JAC_ERR_MALFORMED;
    }

    if ((types & 0x100) && entry->type != JAC_REVOKE_SUBJECT) {
        *why = "\"before\" goes with \"sub\" only";
        return JAC_ERR_MALFORMED;
    }

    if ((need & JAC_REVOKE_NEED_EXP) && entry->exp == 0) {
        *why = "no \"exp\" (and the zone has no lifetime=)";
        return JAC_ERR_MALFORMED;
    }

    if ((need & JAC_REVOKE_NEED_BEFORE) && entry->type == JAC_REVOKE_SUBJECT
        && !(types & 0x100))
    {
        *why = "a \"sub\" without \"before\" (which would be the time of "
               "each reading)";
        return JAC_ERR_MALFORMED;
    }

    return JAC_OK;
}


/* a NumericDate: a number of 0 or more, of at most 2^53 */

static int
jac_revocation_time(json_t *value, double *t)
{
    if (!json_is_number(value)) {
        return 0;
    }

    *t = json_number_value(value);

    return *t >= 0 && *t <= 9007199254740992.0;
}


size_t
jac_revocation_write(u_char *buf, size_t size,
    const jac_revocation_t *entries, size_t n)
{
    size_t                   i, len;
    json_t                  *root, *list, *obj;
    const char              *name;
    const jac_revocation_t  *e;

    root = json_object();
    list = json_array();

    if (root == NULL || list == NULL
        || json_object_set(root, "entries", list) != 0)
    {
        goto failed;
    }

    for (i = 0; i < n; i++) {
        e = &entries[i];

        name = (e->type == JAC_REVOKE_JTI) ? "jti"
               : (e->type == JAC_REVOKE_SESSION) ? "session" : "sub";

        obj = json_object();

        if (json_array_append_new(list, obj) != 0
            || json_object_set_new(obj, name,
                                   json_stringn((const char *) e->value.data,
                                                e->value.len))
               != 0
            || (e->type == JAC_REVOKE_SUBJECT
                && json_object_set_new(obj, "before",
                                       jac_revocation_number(e->before))
                   != 0)
            || (e->exp != 0
                && json_object_set_new(obj, "exp",
                                       jac_revocation_number(e->exp))
                   != 0))
        {
            goto failed;
        }
    }

    if (json_object_set_new(root, "count", json_integer((json_int_t) n))
        != 0)
    {
        goto failed;
    }

    len = json_dumpb(root, (char *) buf, size, JSON_COMPACT);

    json_decref(list);
    json_decref(root);

    return len;

failed:

    json_decref(list);
    json_decref(root);

    return 0;
}


/* a time as an integer when it is one, as jose and PyJWT write them */

static json_t *
jac_revocation_number(double t)
{
    if (t == (double) (json_int_t) t) {
        return json_integer((json_int_t) t);
    }

    return json_real(t);
}
