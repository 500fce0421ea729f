
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * t/fuzz/claims.c: claims and claim values, on the input parsed as the
 * core parses a payload (a JSON object, no member twice):
 *
 *   - every value of the object, down to FUZZ_DEPTH objects deep (at
 *     most FUZZ_VALUES of them), is found by jac_path_get() with its path
 *     of names, and nothing is found beyond it; every member by
 *     jac_member() with its name, and a name's prefix finds what jansson
 *     finds under it (names of 128 bytes and more go another way);
 *   - jac_value_text() of every value, object members and array elements
 *     alike: measured, then written into exactly that many bytes, the
 *     same length; into fewer, the same length returned and nothing
 *     written beyond them; and the text is what the value says: a
 *     string's bytes, an integer's digits, a real that reads back as the
 *     same double with a "." or an exponent, true, false, nothing for
 *     null, an array of strings joined with ",", else compact JSON;
 *   - jac_value_is_safe() of each text, jac_check_user() of each value,
 *     and jac_value_in() of each value (with and without words, with
 *     texts taken from the object), each against a plain implementation
 *     of what jac.h says;
 *   - jac_check_claims() with several policies and times, against RFC
 *     7519 4.1 written out plainly (the registered claims' types, exp, nbf,
 *     iss, and aud, which needs an audience of the policy or any_audience),
 *     and jac_token_expires() where the claims pass.
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jac_internal.h"


#define FUZZ_DEPTH             8
#define FUZZ_VALUES            512
#define FUZZ_TEXTS             12


typedef struct {
    json_t               *root;
    size_t                nvalues;
    jac_str_t             texts[FUZZ_TEXTS];
    size_t                ntexts;
    u_char                store[FUZZ_TEXTS][64];  /* numbers' texts */
    const char           *names[FUZZ_DEPTH];
} fuzz_ctx_t;


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_collect(fuzz_ctx_t *ctx, json_t *value, size_t depth);
static void fuzz_add_text(fuzz_ctx_t *ctx, const u_char *data, size_t len);
static void fuzz_walk(fuzz_ctx_t *ctx, json_t *object, size_t depth);
static void fuzz_member(json_t *object, const char *name, json_t *value);
static void fuzz_value(fuzz_ctx_t *ctx, json_t *value);
static void fuzz_text(json_t *value, const u_char *text, size_t len);
static int fuzz_all_strings(json_t *array);
static int fuzz_safe(const u_char *text, size_t len);
static jac_err_t fuzz_user(json_t *value);
static int fuzz_in(json_t *value, const jac_str_t *texts, size_t n,
    int words);
static int fuzz_scalar_in(json_t *value, const jac_str_t *texts, size_t n);
static int fuzz_listed(const u_char *data, size_t len,
    const jac_str_t *texts, size_t n);
static void fuzz_claims(fuzz_ctx_t *ctx);
static jac_err_t fuzz_rfc7519(json_t *payload, const jac_policy_t *policy,
    time_t now);
static int fuzz_str_listed(json_t *value, const jac_str_t *list, size_t n);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t      *root;
    fuzz_ctx_t   ctx;

    root = json_loadb((const char *) data, size, JSON_REJECT_DUPLICATES,
                      NULL);

    if (!json_is_object(root)) {
        json_decref(root);
        return 0;
    }

    memset(&ctx, 0, sizeof(fuzz_ctx_t));
    ctx.root = root;

    fuzz_add_text(&ctx, (const u_char *) "admin", 5);
    fuzz_add_text(&ctx, (const u_char *) "", 0);
    fuzz_collect(&ctx, root, 0);

    /* the root itself: no name, and its text */

    if (jac_path_get(root, ctx.names, 0) != root) {
        abort();
    }

    fuzz_value(&ctx, root);
    fuzz_walk(&ctx, root, 0);

    fuzz_claims(&ctx);

    json_decref(root);

    return 0;
}


/* texts for jac_value_in(): of the first scalars, and a string's words */

static void
fuzz_collect(fuzz_ctx_t *ctx, json_t *value, size_t depth)
{
    void          *it;
    size_t         i, len;
    u_char        *num;
    const u_char  *s, *p;

    if (ctx->ntexts == FUZZ_TEXTS || depth == FUZZ_DEPTH) {
        return;
    }

    switch (json_typeof(value)) {

    case JSON_OBJECT:
        for (it = json_object_iter(value); it != NULL;
             it = json_object_iter_next(value, it))
        {
            fuzz_collect(ctx, json_object_iter_value(it), depth + 1);
        }

        break;

    case JSON_ARRAY:
        for (i = 0; i < json_array_size(value); i++) {
            fuzz_collect(ctx, json_array_get(value, i), depth + 1);
        }

        break;

    case JSON_STRING:
        s = (const u_char *) json_string_value(value);
        len = json_string_length(value);

        fuzz_add_text(ctx, s, len);

        /* its first word, when it has several */

        p = memchr(s, ' ', len);

        if (p != NULL && p != s) {
            fuzz_add_text(ctx, s, p - s);
        }

        break;

    case JSON_NULL:
        break;

    default:
        num = ctx->store[ctx->ntexts];
        len = jac_value_text(value, num, sizeof(ctx->store[0]));

        if (len > sizeof(ctx->store[0])) {
            abort();
        }

        fuzz_add_text(ctx, num, len);
    }
}


static void
fuzz_add_text(fuzz_ctx_t *ctx, const u_char *data, size_t len)
{
    if (ctx->ntexts < FUZZ_TEXTS) {
        ctx->texts[ctx->ntexts].data = data;
        ctx->texts[ctx->ntexts].len = len;
        ctx->ntexts++;
    }
}


/* the members of an object, their paths from the root, and deeper */

static void
fuzz_walk(fuzz_ctx_t *ctx, json_t *object, size_t depth)
{
    void        *it;
    size_t       i;
    json_t      *value, *e;
    const char  *name;

    for (it = json_object_iter(object); it != NULL;
         it = json_object_iter_next(object, it))
    {
        if (ctx->nvalues++ == FUZZ_VALUES) {
            return;
        }

        name = json_object_iter_key(it);
        value = json_object_iter_value(it);

        ctx->names[depth] = name;

        if (jac_path_get(ctx->root, ctx->names, depth + 1) != value) {
            fprintf(stderr, "claims: a path does not find its value\n");
            abort();
        }

        /* one name more: a member of an object, or nothing */

        if (depth + 1 < FUZZ_DEPTH) {
            ctx->names[depth + 1] = "sub";

            if (jac_path_get(ctx->root, ctx->names, depth + 2)
                != (json_is_object(value) ? json_object_get(value, "sub")
                                          : NULL))
            {
                fprintf(stderr, "claims: a path finds what is not there\n");
                abort();
            }
        }

        fuzz_member(object, name, value);
        fuzz_value(ctx, value);

        if (json_is_object(value) && depth + 1 < FUZZ_DEPTH) {
            fuzz_walk(ctx, value, depth + 1);

        } else if (json_is_array(value)) {
            for (i = 0; i < json_array_size(value); i++) {
                if (ctx->nvalues++ == FUZZ_VALUES) {
                    return;
                }

                e = json_array_get(value, i);
                fuzz_value(ctx, e);

                if (jac_member(e, (const u_char *) name, strlen(name))
                    != (json_is_object(e) ? json_object_get(e, name) : NULL))
                {
                    abort();
                }
            }
        }
    }
}


/* jac_member() by the name, and by its prefix, from exact-size copies */

static void
fuzz_member(json_t *object, const char *name, json_t *value)
{
    char    *prefix;
    size_t   len;
    u_char  *copy;

    len = strlen(name);

    copy = malloc(len);
    prefix = malloc(len + 1);

    if ((copy == NULL && len != 0) || prefix == NULL) {
        abort();
    }

    if (len != 0) {
        memcpy(copy, name, len);
    }

    if (jac_member(object, copy, len) != value) {
        fprintf(stderr, "claims: jac_member() does not find \"%s\"\n", name);
        abort();
    }

    if (len != 0) {
        memcpy(prefix, name, len - 1);
        prefix[len - 1] = '\0';

        if (jac_member(object, copy, len - 1)
            != json_object_get(object, prefix))
        {
            fprintf(stderr, "claims: jac_member() finds another member "
                    "for a prefix of \"%s\"\n", name);
            abort();
        }
    }

    free(copy);
    free(prefix);
}


static void
fuzz_value(fuzz_ctx_t *ctx, json_t *value)
{
    int          words;
    size_t       n, m, k;
    u_char      *text, *part;
    const char  *reason;

    /* measure, then write into exactly that */

    n = jac_value_text(value, NULL, 0);

    text = malloc(n);
    if (text == NULL && n != 0) {
        abort();
    }

    m = jac_value_text(value, text, n);

    if (m != n) {
        fprintf(stderr, "claims: measured %zu, wrote %zu\n", n, m);
        abort();
    }

    fuzz_text(value, text, n);

    /* into less, nothing beyond it, and the length all the same */

    for (k = n / 2; k > 0; k /= 8) {
        part = malloc(k);
        if (part == NULL) {
            abort();
        }

        if (jac_value_text(value, part, k) != n) {
            fprintf(stderr, "claims: %zu bytes of %zu: another length\n", k,
                    n);
            abort();
        }

        /* what jac_value_text() copies itself is a prefix of the text */

        if ((json_is_string(value)
             || (json_is_array(value) && fuzz_all_strings(value)))
            && memcmp(part, text, k) != 0)
        {
            abort();
        }

        free(part);
    }

    if (jac_value_is_safe(text, n) != fuzz_safe(text, n)) {
        abort();
    }

    if (jac_check_user(value, &reason) != fuzz_user(value)) {
        fprintf(stderr, "claims: jac_check_user() of %.*s\n", (int) n, text);
        abort();
    }

    for (words = 0; words <= 1; words++) {
        if (jac_value_in(value, ctx->texts, ctx->ntexts, words)
            != fuzz_in(value, ctx->texts, ctx->ntexts, words))
        {
            fprintf(stderr, "claims: jac_value_in() of %.*s (words: %d)\n",
                    (int) n, text, words);
            abort();
        }
    }

    free(text);
}


/* the text a value must have */

static void
fuzz_text(json_t *value, const u_char *text, size_t len)
{
    int      ok;
    char    *s, num[64];
    size_t   i, n, pos;
    json_t  *e;

    switch (json_typeof(value)) {

    case JSON_STRING:
        ok = len == json_string_length(value)
             && memcmp(text, json_string_value(value), len) == 0;
        break;

    case JSON_INTEGER:
        n = snprintf(num, sizeof(num), "%lld",
                     (long long) json_integer_value(value));
        ok = n == len && memcmp(text, num, len) == 0;
        break;

    case JSON_REAL:
        ok = len > 0 && len < sizeof(num);

        if (ok) {
            memcpy(num, text, len);
            num[len] = '\0';

            ok = strtod(num, NULL) == json_real_value(value)
                 && strpbrk(num, ".eE") != NULL
                 && strspn(num, "0123456789+-.eE") == len;
        }

        break;

    case JSON_TRUE:
        ok = len == 4 && memcmp(text, "true", 4) == 0;
        break;

    case JSON_FALSE:
        ok = len == 5 && memcmp(text, "false", 5) == 0;
        break;

    case JSON_NULL:
        ok = len == 0;
        break;

    default:
        if (json_is_array(value) && fuzz_all_strings(value)) {
            pos = 0;
            ok = 1;

            for (i = 0; ok && i < json_array_size(value); i++) {
                e = json_array_get(value, i);

                if (i > 0) {
                    ok = pos < len && text[pos++] == ',';
                }

                n = json_string_length(e);

                ok = ok && pos + n <= len
                     && memcmp(text + pos, json_string_value(e), n) == 0;
                pos += n;
            }

            ok = ok && pos == len;
            break;
        }

        s = json_dumps(value, JSON_COMPACT|JSON_ENCODE_ANY);
        if (s == NULL) {
            abort();
        }

        ok = strlen(s) == len && memcmp(s, text, len) == 0;
        free(s);
    }

    if (!ok) {
        fprintf(stderr, "claims: the text \"%.*s\" is not the value's\n",
                (int) len, text);
        abort();
    }
}


static int
fuzz_all_strings(json_t *array)
{
    size_t  i;

    for (i = 0; i < json_array_size(array); i++) {
        if (!json_is_string(json_array_get(array, i))) {
            return 0;
        }
    }

    return 1;
}


/* jac.h: at most JAC_MAX_VALUE_LEN bytes, no control character, no DEL */

static int
fuzz_safe(const u_char *text, size_t len)
{
    size_t  i;

    for (i = 0; i < len; i++) {
        if (text[i] < ' ' || text[i] == 0x7f) {
            return 0;
        }
    }

    return len <= JAC_MAX_VALUE_LEN;
}


/* a non-empty string or an integer; absent, null or "" is no user */

static jac_err_t
fuzz_user(json_t *value)
{
    if (value == NULL || json_is_null(value)
        || (json_is_string(value) && json_string_length(value) == 0))
    {
        return JAC_ERR_MISSING_USER;
    }

    if (json_is_string(value) || json_is_integer(value)) {
        return JAC_OK;
    }

    return JAC_ERR_BAD_CLAIM;
}


static int
fuzz_in(json_t *value, const jac_str_t *texts, size_t n, int words)
{
    size_t         i;
    const u_char  *p, *end, *word;

    if (json_is_array(value)) {
        for (i = 0; i < json_array_size(value); i++) {
            if (fuzz_scalar_in(json_array_get(value, i), texts, n)) {
                return 1;
            }
        }

        return 0;
    }

    if (!words || !json_is_string(value)) {
        return fuzz_scalar_in(value, texts, n);
    }

    /* the words of a string, between spaces */

    p = (const u_char *) json_string_value(value);
    end = p + json_string_length(value);

    for (word = p; p <= end; p++) {
        if (p == end || *p == ' ') {
            if (p > word && fuzz_listed(word, p - word, texts, n)) {
                return 1;
            }

            word = p + 1;
        }
    }

    return 0;
}


/* a string by its bytes, a number or a boolean by its text */

static int
fuzz_scalar_in(json_t *value, const jac_str_t *texts, size_t n)
{
    u_char  text[64];
    size_t  len;

    if (json_is_string(value)) {
        return fuzz_listed((const u_char *) json_string_value(value),
                           json_string_length(value), texts, n);
    }

    if (!json_is_number(value) && !json_is_boolean(value)) {
        return 0;
    }

    len = jac_value_text(value, text, sizeof(text));

    return len <= sizeof(text) && fuzz_listed(text, len, texts, n);
}


static int
fuzz_listed(const u_char *data, size_t len, const jac_str_t *texts,
    size_t n)
{
    size_t  i;

    for (i = 0; i < n; i++) {
        if (texts[i].len == len
            && (len == 0 || memcmp(texts[i].data, data, len) == 0))
        {
            return 1;
        }
    }

    return 0;
}


/* the object as a verified token's payload, at some times and policies */

static void
fuzz_claims(fuzz_ctx_t *ctx)
{
    size_t        i, p, t, nt;
    double        d;
    json_t       *v;
    time_t        times[9], expires, limit;
    jac_err_t     err, expected;
    jac_str_t     issuers[2], audiences[2], nobody[2];
    const char   *reason;
    jac_token_t   jwt;
    jac_policy_t  policies[4];

    memset(&jwt, 0, sizeof(jac_token_t));
    jwt.payload = ctx->root;

    issuers[0].data = (const u_char *) "https://issuer.example";
    issuers[0].len = sizeof("https://issuer.example") - 1;
    issuers[1] = issuers[0];

    v = json_object_get(ctx->root, "iss");

    if (json_is_string(v)) {
        issuers[1].data = (const u_char *) json_string_value(v);
        issuers[1].len = json_string_length(v);
    }

    audiences[0].data = (const u_char *) "api";
    audiences[0].len = 3;
    audiences[1] = audiences[0];

    v = json_object_get(ctx->root, "aud");
    v = json_is_array(v) ? json_array_get(v, 0) : v;

    if (json_is_string(v)) {
        audiences[1].data = (const u_char *) json_string_value(v);
        audiences[1].len = json_string_length(v);
    }

    nobody[0].data = (const u_char *) "nobody";
    nobody[0].len = 6;
    nobody[1].data = (const u_char *) "";
    nobody[1].len = 0;

    memset(policies, 0, sizeof(policies));

    policies[1].leeway = 60;
    policies[1].issuers = issuers;
    policies[1].nissuers = 2;
    policies[1].audiences = audiences;
    policies[1].naudiences = 2;

    policies[2].issuers = nobody;
    policies[2].nissuers = 2;
    policies[2].audiences = nobody;
    policies[2].naudiences = 1;

    policies[3].any_audience = 1;

    /* fixed times, and about exp and nbf when they are times */

    nt = 0;
    times[nt++] = 0;
    times[nt++] = 1700000000;
    times[nt++] = 4102444800;

    for (i = 0; i < 2; i++) {
        v = json_object_get(ctx->root, (i == 0) ? "exp" : "nbf");

        if (json_is_number(v)) {
            d = json_number_value(v);

            if (d > -1e15 && d < 1e15) {
                times[nt++] = (time_t) d - 1;
                times[nt++] = (time_t) d;
                times[nt++] = (time_t) d + 61;
            }
        }
    }

    for (p = 0; p < 4; p++) {
        for (t = 0; t < nt; t++) {
            reason = NULL;

            err = jac_check_claims(&jwt, &policies[p], times[t], &reason);
            expected = fuzz_rfc7519(ctx->root, &policies[p], times[t]);

            if (err != expected || (err != JAC_OK && reason == NULL)) {
                fprintf(stderr, "claims: policy %zu at %lld: %s, not %s\n",
                        p, (long long) times[t], jac_err_code(err),
                        jac_err_code(expected));
                abort();
            }

            if (err != JAC_OK) {
                continue;
            }

            /* the earlier of exp and the limit */

            limit = times[t] + 300;
            expires = jac_token_expires(&jwt, limit);
            d = json_number_value(json_object_get(ctx->root, "exp"));

            if (expires > limit
                || (d < (double) limit && expires != (time_t) d))
            {
                fprintf(stderr, "claims: expires %lld, limit %lld\n",
                        (long long) expires, (long long) limit);
                abort();
            }
        }
    }
}


static jac_err_t
fuzz_rfc7519(json_t *payload, const jac_policy_t *policy, time_t now)
{
    size_t   i;
    json_t  *exp, *nbf, *iat, *iss, *jti, *aud;

    exp = json_object_get(payload, "exp");
    nbf = json_object_get(payload, "nbf");
    iat = json_object_get(payload, "iat");
    iss = json_object_get(payload, "iss");
    jti = json_object_get(payload, "jti");
    aud = json_object_get(payload, "aud");

    /* 4.1: the registered claims there have their types */

    if ((exp != NULL && !json_is_number(exp))
        || (nbf != NULL && !json_is_number(nbf))
        || (iat != NULL && !json_is_number(iat))
        || (iss != NULL && !json_is_string(iss))
        || (jti != NULL && !json_is_string(jti)))
    {
        return JAC_ERR_BAD_CLAIM;
    }

    if (aud != NULL && !json_is_string(aud)) {
        if (!json_is_array(aud)) {
            return JAC_ERR_BAD_CLAIM;
        }

        for (i = 0; i < json_array_size(aud); i++) {
            if (!json_is_string(json_array_get(aud, i))) {
                return JAC_ERR_BAD_CLAIM;
            }
        }
    }

    /* 4.1.4: exp is required here, and the time must be before it */

    if (exp == NULL) {
        return JAC_ERR_BAD_CLAIM;
    }

    if (!((double) now - (double) policy->leeway < json_number_value(exp))) {
        return JAC_ERR_EXPIRED;
    }

    /* 4.1.5: not before nbf */

    if (nbf != NULL
        && (double) now + (double) policy->leeway < json_number_value(nbf))
    {
        return JAC_ERR_NOT_YET_VALID;
    }

    /* 4.1.1: one of the issuers, by the string */

    if (policy->nissuers > 0
        && !fuzz_str_listed(iss, policy->issuers, policy->nissuers))
    {
        return JAC_ERR_BAD_ISSUER;
    }

    /*
     * 4.1.3: one of the audiences listed; with none listed, a token with
     * an aud is refused unless any audience is accepted
     */

    if (policy->naudiences == 0) {
        return (aud != NULL && !policy->any_audience) ? JAC_ERR_BAD_AUDIENCE
                                                      : JAC_OK;
    }

    if (json_is_array(aud)) {
        for (i = 0; i < json_array_size(aud); i++) {
            if (fuzz_str_listed(json_array_get(aud, i), policy->audiences,
                                policy->naudiences))
            {
                return JAC_OK;
            }
        }

        return JAC_ERR_BAD_AUDIENCE;
    }

    if (!fuzz_str_listed(aud, policy->audiences, policy->naudiences)) {
        return JAC_ERR_BAD_AUDIENCE;
    }

    return JAC_OK;
}


static int
fuzz_str_listed(json_t *value, const jac_str_t *list, size_t n)
{
    return json_is_string(value)
           && fuzz_listed((const u_char *) json_string_value(value),
                          json_string_length(value), list, n);
}
