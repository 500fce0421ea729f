
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Unit tests of the JWT core in src/core, without nginx.  Prints TAP; built
 * and run by "make test" (with AddressSanitizer where available).
 */


#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/hmac.h>

#include "jac_internal.h"


static int  tests, failures;


static void
ok(int cond, const char *name)
{
    tests++;

    if (!cond) {
        failures++;
    }

    printf("%sok %d - %s\n", cond ? "" : "not ", tests, name);
}


static int
decodes_to(const char *in, const char *out)
{
    u_char   buf[256];
    ssize_t  n;

    n = jac_base64url_decode(buf, (const u_char *) in, strlen(in));

    if (out == NULL) {
        return n == -1;
    }

    return n == (ssize_t) strlen(out) && memcmp(buf, out, n) == 0;
}


static void
test_base64url(void)
{
    /* RFC 4648, section 10, without padding */
    ok(decodes_to("", ""), "base64url: empty");
    ok(decodes_to("Zg", "f"), "base64url: f");
    ok(decodes_to("Zm8", "fo"), "base64url: fo");
    ok(decodes_to("Zm9v", "foo"), "base64url: foo");
    ok(decodes_to("Zm9vYg", "foob"), "base64url: foob");
    ok(decodes_to("Zm9vYmE", "fooba"), "base64url: fooba");
    ok(decodes_to("Zm9vYmFy", "foobar"), "base64url: foobar");
    ok(decodes_to("-_-_", "\xfb\xff\xbf"), "base64url: - and _");

    ok(decodes_to("Zg==", NULL), "base64url: padding refused");
    ok(decodes_to("Z", NULL), "base64url: one char left refused");
    ok(decodes_to("Zh", NULL), "base64url: non-canonical 2 chars refused");
    ok(decodes_to("Zm9", NULL), "base64url: non-canonical 3 chars refused");
    ok(decodes_to("+/+/", NULL), "base64url: + and / refused");
    ok(decodes_to("Zm 9v", NULL), "base64url: space refused");
    ok(decodes_to("Zm9v.g", NULL), "base64url: bad char in a 2-char tail");
    ok(decodes_to("Zm9vY.", NULL), "base64url: bad 2nd char of a tail");
    ok(decodes_to("Zm9vYm=", NULL), "base64url: bad 3rd char of a tail");
    ok(decodes_to("=m9vYmFy", NULL), "base64url: bad 1st char of a quad");
    ok(decodes_to("Zm9vYmF\xc3", NULL), "base64url: byte over 0x7f refused");
}


/* RFC 7515, appendix A.1: an HS256 JWS and its key */

static const char  *rfc7515_token =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    "."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
    "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    "."
    "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

static const char  *rfc7515_key =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0i"
    "PS4hcgUuTwjAzZr1Z9CAow";


static void
test_rfc7515(void)
{
    u_char               secret[128], work[JAC_MAX_TOKEN_LEN], token[512];
    jac_token_t                jwt;
    size_t               len, i;
    ssize_t              n;
    jac_err_t            err;
    jac_key_t           *key, *wrong;
    const char          *reason;
    jac_policy_t         policy;
    jac_header_cache_t  *cache;

    n = jac_base64url_decode(secret, (const u_char *) rfc7515_key,
                             strlen(rfc7515_key));
    ok(n == 64, "RFC 7515 A.1 key decodes to 64 bytes");

    key = jac_key_hmac(secret, n, &reason);
    ok(key != NULL, "a 64-byte secret makes a key");
    ok(jac_key_algs(key) == JAC_ALG_HMAC_ALL, "a 64-byte secret does HS*");

    wrong = jac_key_hmac((const u_char *) "0123456789abcdef0123456789abcdef",
                         32, &reason);
    ok(wrong != NULL && jac_key_algs(wrong) == JAC_ALG_HS256,
       "a 32-byte secret does HS256 only");

    ok(jac_key_hmac((const u_char *) "short", 5, &reason) == NULL,
       "a 5-byte secret is refused");

    len = strlen(rfc7515_token);

    err = jac_decode(&jwt, (const u_char *) rfc7515_token, len, work,
                     JAC_ALG_HMAC_ALL, &key, 1, NULL, &reason);
    ok(err == JAC_OK, "RFC 7515 A.1 token verifies");

    memset(&policy, 0, sizeof(policy));

    ok(jac_check_claims(&jwt, &policy, 1300819379, &reason) == JAC_OK,
       "valid one second before exp");

    ok(jac_check_claims(&jwt, &policy, 1300819380, &reason)
       == JAC_ERR_EXPIRED,
       "expired at exp");

    policy.leeway = 1;
    ok(jac_check_claims(&jwt, &policy, 1300819380, &reason) == JAC_OK,
       "leeway of one second");

    jac_token_free(&jwt);

    err = jac_decode(&jwt, (const u_char *) rfc7515_token, len, work,
                     JAC_ALG_HMAC_ALL, &wrong, 1, NULL, &reason);
    ok(err == JAC_ERR_BAD_SIGNATURE, "another secret does not verify");

    err = jac_decode(&jwt, (const u_char *) rfc7515_token, len, work,
                     JAC_ALG_HS512, &key, 1, NULL, &reason);
    ok(err == JAC_ERR_ALG_NOT_ALLOWED, "HS256 not in the allowed set");

    /* every single-byte change and every truncation is refused */

    for (i = 0; i < len; i++) {
        memcpy(token, rfc7515_token, len);
        token[i] ^= 0x01;

        err = jac_decode(&jwt, token, len, work, JAC_ALG_HMAC_ALL, &key, 1,
                         NULL, &reason);
        if (err == JAC_OK) {
            jac_token_free(&jwt);
            break;
        }

        err = jac_decode(&jwt, (const u_char *) rfc7515_token, i, work,
                         JAC_ALG_HMAC_ALL, &key, 1, NULL, &reason);
        if (err == JAC_OK) {
            jac_token_free(&jwt);
            break;
        }
    }

    ok(i == len, "no changed or truncated token verifies");

    /* a header seen before is taken from the cache, and checked the same */

    cache = jac_header_cache_create();

    err = jac_decode(&jwt, (const u_char *) rfc7515_token, len, work,
                     JAC_ALG_HMAC_ALL, &key, 1, cache, &reason);
    ok(err == JAC_OK && cache->header == jwt.header, "cache: header kept");
    jac_token_free(&jwt);

    err = jac_decode(&jwt, (const u_char *) rfc7515_token, len, work,
                     JAC_ALG_HMAC_ALL, &key, 1, cache, &reason);
    ok(err == JAC_OK && cache->header == jwt.header
       && json_is_string(json_object_get(jwt.header, "alg")),
       "cache: header reused");
    jac_token_free(&jwt);

    memcpy(token, rfc7515_token, len);
    token[len - 1] = (token[len - 1] == 'k') ? 'A' : 'k';

    ok(jac_decode(&jwt, token, len, work, JAC_ALG_HMAC_ALL, &key, 1, cache,
                  &reason) == JAC_ERR_BAD_SIGNATURE,
       "cache: a cached header does not skip the signature");

    ok(jac_decode(&jwt, (const u_char *) rfc7515_token, len, work,
                  JAC_ALG_HS512, &key, 1, cache, &reason)
       == JAC_ERR_ALG_NOT_ALLOWED, "cache: nor the allowed algorithms");

    jac_header_cache_free(cache);

    jac_key_free(key);
    jac_key_free(wrong);
}


static int
text_is(const char *json, const char *text)
{
    u_char    buf[256];
    int       rc;
    json_t   *v;
    size_t    n;

    v = json_loads(json, JSON_DECODE_ANY, NULL);
    if (v == NULL) {
        return 0;
    }

    n = jac_value_text(v, buf, sizeof(buf));
    rc = (n == strlen(text) && memcmp(buf, text, n) == 0);

    /* a short buffer gets a prefix, and the full length is returned */
    rc = rc && jac_value_text(v, buf, 1) == n;

    json_decref(v);

    return rc;
}


static void
test_value_text(void)
{
    ok(text_is("\"u-1\"", "u-1"), "text: string as is");
    ok(text_is("42", "42"), "text: integer");
    ok(text_is("-7", "-7"), "text: negative integer");
    ok(text_is("1.5", "1.5"), "text: real");
    ok(text_is("0.1", "0.1"), "text: real, shortest form");
    ok(text_is("3.14", "3.14"), "text: real, shortest form again");
    ok(text_is("2.0", "2.0"), "text: real that is whole");
    ok(text_is("1e300", "1e+300"), "text: large real");
    ok(text_is("true", "true"), "text: true");
    ok(text_is("false", "false"), "text: false");
    ok(text_is("null", ""), "text: null is empty");
    ok(text_is("[\"a\",\"b\"]", "a,b"), "text: array of strings");
    ok(text_is("[]", ""), "text: empty array");
    ok(text_is("[1,\"a\"]", "[1,\"a\"]"), "text: mixed array as JSON");
    ok(text_is("{\"a\": {\"b\": 1}}", "{\"a\":{\"b\":1}}"),
       "text: object as compact JSON");

    ok(jac_value_is_safe((const u_char *) "abc", 3), "safe: plain text");
    ok(!jac_value_is_safe((const u_char *) "a\r\nb", 4), "safe: CRLF");
    ok(!jac_value_is_safe((const u_char *) "a\0b", 3), "safe: NUL");
    ok(!jac_value_is_safe((const u_char *) "a\x7f", 2), "safe: DEL");
}


static int
value_in(const char *json, const char *text, int words)
{
    int        rc;
    json_t    *v;
    jac_str_t  list[2];

    v = json_loads(json, JSON_DECODE_ANY, NULL);
    if (v == NULL) {
        return -1;
    }

    list[0].data = (const u_char *) "other";
    list[0].len = 5;
    list[1].data = (const u_char *) text;
    list[1].len = strlen(text);

    rc = jac_value_in(v, list, 2, words);

    json_decref(v);

    return rc;
}


/* base64url without padding, for the tokens made here */

static size_t
b64url(u_char *dst, const u_char *src, size_t len)
{
    size_t         i, n;
    uint32_t       acc;
    static const char  chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                                 "qrstuvwxyz0123456789-_";

    n = 0;

    for (i = 0; i + 3 <= len; i += 3) {
        acc = (uint32_t) src[i] << 16 | (uint32_t) src[i + 1] << 8
              | src[i + 2];
        dst[n++] = chars[acc >> 18];
        dst[n++] = chars[(acc >> 12) & 63];
        dst[n++] = chars[(acc >> 6) & 63];
        dst[n++] = chars[acc & 63];
    }

    if (len - i == 1) {
        dst[n++] = chars[src[i] >> 2];
        dst[n++] = chars[(src[i] & 3) << 4];

    } else if (len - i == 2) {
        dst[n++] = chars[src[i] >> 2];
        dst[n++] = chars[((src[i] & 3) << 4) | (src[i + 1] >> 4)];
        dst[n++] = chars[(src[i + 1] & 15) << 2];
    }

    return n;
}


/* an HS256 token of the header and payload given, signed with "secret" */

static size_t
hs256(u_char *token, const char *header, const char *payload,
    const char *secret)
{
    size_t        n;
    u_char        mac[32];
    unsigned int  maclen;

    n = b64url(token, (const u_char *) header, strlen(header));
    token[n++] = '.';
    n += b64url(token + n, (const u_char *) payload, strlen(payload));

    HMAC(EVP_sha256(), secret, strlen(secret), token, n, mac, &maclen);

    token[n++] = '.';
    n += b64url(token + n, mac, maclen);

    return n;
}


/*
 * The strict rules of RFC 7515 4.1 and RFC 7519 4.1: registered header
 * members and claims of the wrong type, enc and b64, and an aud that no
 * audience of the location accepts; every token here is correctly signed.
 */

static jac_err_t
strict_decode(const char *header, const char *payload,
    const jac_policy_t *policy)
{
    u_char        token[1024], work[1024];
    size_t        len;
    jac_err_t     err;
    jac_key_t    *key;
    jac_token_t   jwt;
    const char   *reason;

    key = jac_key_hmac((const u_char *) "0123456789abcdef0123456789abcdef",
                       32, &reason);
    len = hs256(token, header, payload, "0123456789abcdef0123456789abcdef");

    err = jac_decode(&jwt, token, len, work, JAC_ALG_HMAC_ALL, &key, 1,
                     NULL, &reason);

    if (err == JAC_OK) {
        err = jac_check_claims(&jwt, policy, 1000, &reason);
        jac_token_free(&jwt);
    }

    jac_key_free(key);

    return err;
}


/* the parts of a decoded token, parsed again from it as a cache hit does */

static void
test_token_part(void)
{
    u_char        token[512], work[512];
    size_t        len;
    json_t       *header, *payload;
    jac_key_t    *key;
    jac_token_t   jwt;
    const char   *reason;

    key = jac_key_hmac((const u_char *) "0123456789abcdef0123456789abcdef",
                       32, &reason);
    len = hs256(token, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                "{\"sub\":\"u1\",\"exp\":2000,\"a\":{\"b\":[1,\"x\"]}}",
                "0123456789abcdef0123456789abcdef");

    ok(jac_decode(&jwt, token, len, work, JAC_ALG_HMAC_ALL, &key, 1, NULL,
                  &reason)
       == JAC_OK, "part: the token decodes");

    header = jac_token_part(token, len, JAC_TOKEN_HEADER, work);
    payload = jac_token_part(token, len, JAC_TOKEN_PAYLOAD, work);

    ok(header != NULL && json_equal(header, jwt.header),
       "part: the header parsed again is the decoded header");
    ok(payload != NULL && json_equal(payload, jwt.payload),
       "part: the payload parsed again is the decoded payload");
    ok(jac_token_part(token, 10, JAC_TOKEN_PAYLOAD, work) == NULL,
       "part: a token cut before its second dot has no payload");

    json_decref(header);
    json_decref(payload);
    jac_token_free(&jwt);
    jac_key_free(key);
}


static void
test_strict(void)
{
    size_t        i;
    jac_str_t     api = { 3, (const u_char *) "api" };
    jac_policy_t  none, any, listed;

    static const char  *bad_headers[] = {
        "{\"alg\":\"HS256\",\"kid\":null}",
        "{\"alg\":\"HS256\",\"kid\":1}",
        "{\"alg\":\"HS256\",\"typ\":[]}",
        "{\"alg\":\"HS256\",\"cty\":{}}",
        "{\"alg\":\"HS256\",\"jku\":true}",
        "{\"alg\":\"HS256\",\"x5u\":0}",
        "{\"alg\":\"HS256\",\"x5t\":0}",
        "{\"alg\":\"HS256\",\"x5t#S256\":0}",
        "{\"alg\":\"HS256\",\"x5c\":\"MIIB\"}",
        "{\"alg\":\"HS256\",\"x5c\":[\"MIIB\",2]}",
        "{\"alg\":\"HS256\",\"jwk\":[]}",
        "{\"alg\":\"HS256\",\"enc\":\"A128GCM\"}",
        "{\"alg\":\"HS256\",\"b64\":false}"
    };

    static const char  *bad_claims[] = {
        "{\"exp\":\"2000\"}",
        "{\"exp\":2000,\"nbf\":\"0\"}",
        "{\"exp\":2000,\"iat\":null}",
        "{\"exp\":2000,\"iss\":1}",
        "{\"exp\":2000,\"jti\":[]}",
        "{\"exp\":2000,\"aud\":1}",
        "{\"exp\":2000,\"aud\":[\"api\",null]}"
    };

    memset(&none, 0, sizeof(none));
    any = none;
    any.any_audience = 1;
    listed = none;
    listed.audiences = &api;
    listed.naudiences = 1;

    for (i = 0; i < sizeof(bad_headers) / sizeof(char *); i++) {
        if (strict_decode(bad_headers[i], "{\"exp\":2000}", &none)
            != JAC_ERR_BAD_HEADER)
        {
            break;
        }
    }

    ok(i == sizeof(bad_headers) / sizeof(char *),
       "strict: header members of the wrong type, enc, b64: bad_header");

    ok(strict_decode("{\"alg\":\"HS256\",\"kid\":\"k\",\"typ\":\"JWT\","
                     "\"x5c\":[\"MIIB\"],\"jwk\":{}}", "{\"exp\":2000}",
                     &none) == JAC_OK,
       "strict: header members of their types pass");

    for (i = 0; i < sizeof(bad_claims) / sizeof(char *); i++) {
        if (strict_decode("{\"alg\":\"HS256\"}", bad_claims[i], &any)
            != JAC_ERR_BAD_CLAIM)
        {
            break;
        }
    }

    ok(i == sizeof(bad_claims) / sizeof(char *),
       "strict: registered claims of the wrong type: bad_claim");

    ok(strict_decode("{\"alg\":\"HS256\"}",
                     "{\"exp\":2000,\"nbf\":1,\"iat\":1.5,\"jti\":\"j\","
                     "\"iss\":\"i\"}", &none) == JAC_OK,
       "strict: registered claims of their types pass");

    ok(strict_decode("{\"alg\":\"HS256\"}", "{\"exp\":2000,\"aud\":\"api\"}",
                     &none) == JAC_ERR_BAD_AUDIENCE,
       "strict: an aud with no audience configured is refused");
    ok(strict_decode("{\"alg\":\"HS256\"}", "{\"exp\":2000,\"aud\":[]}",
                     &none) == JAC_ERR_BAD_AUDIENCE,
       "strict: an empty aud array too");
    ok(strict_decode("{\"alg\":\"HS256\"}",
                     "{\"exp\":2000,\"aud\":[\"x\",\"y\"]}", &any) == JAC_OK,
       "strict: any_audience accepts any aud");
    ok(strict_decode("{\"alg\":\"HS256\"}",
                     "{\"exp\":2000,\"aud\":[\"x\",\"api\"]}", &listed)
       == JAC_OK, "strict: a listed audience among others passes");
    ok(strict_decode("{\"alg\":\"HS256\"}", "{\"exp\":2000}", &listed)
       == JAC_ERR_BAD_AUDIENCE, "strict: a listed audience needs an aud");
}


/*
 * Members by a name of a length (the variables' names), short and long;
 * the user claim's types; the earlier of exp and a limit.
 */

static void
test_members(void)
{
    char          name[300], text[400];
    json_t       *obj;
    jac_token_t   jwt;
    const char   *reason;

    memset(name, 'n', sizeof(name));
    snprintf(text, sizeof(text), "{\"sub\":\"u1\",\"%.*s\":2,\"%.*s\":3}",
             127, name, 200, name);
    obj = json_loads(text, 0, NULL);

    ok(json_is_string(jac_member(obj, (const u_char *) "subject", 3)),
       "member: a name that is not NUL-terminated");
    ok(jac_member(obj, (const u_char *) "su", 2) == NULL,
       "member: a prefix of a name is not the name");
    ok(json_integer_value(jac_member(obj, (const u_char *) name, 127)) == 2,
       "member: a name of 127 bytes");
    ok(json_integer_value(jac_member(obj, (const u_char *) name, 200)) == 3,
       "member: a name of 200 bytes, looked for member by member");
    ok(jac_member(obj, (const u_char *) name, 150) == NULL,
       "member: a long name that is not there");
    ok(jac_member(json_object_get(obj, "sub"), (const u_char *) "a", 1)
       == NULL, "member: of a string is absent");

    ok(jac_check_user(json_object_get(obj, "sub"), &reason) == JAC_OK,
       "user: a string");
    ok(jac_check_user(NULL, &reason) == JAC_ERR_MISSING_USER,
       "user: absent");
    ok(jac_check_user(jac_member(obj, (const u_char *) name, 127), &reason)
       == JAC_OK, "user: an integer");

    json_decref(obj);

    obj = json_loads("[\"\",null,1.5,{}]", 0, NULL);
    ok(jac_check_user(json_array_get(obj, 0), &reason)
       == JAC_ERR_MISSING_USER, "user: empty");
    ok(jac_check_user(json_array_get(obj, 1), &reason)
       == JAC_ERR_MISSING_USER, "user: null");
    ok(jac_check_user(json_array_get(obj, 2), &reason) == JAC_ERR_BAD_CLAIM,
       "user: a real number");
    ok(jac_check_user(json_array_get(obj, 3), &reason) == JAC_ERR_BAD_CLAIM,
       "user: an object");
    json_decref(obj);

    jwt.header = NULL;
    jwt.payload = json_loads("{\"exp\":1000,\"b\":[1,\"x\"]}", 0, NULL);
    ok(jac_token_expires(&jwt, 2000) == 1000, "expires: exp first");
    ok(jac_token_expires(&jwt, 500) == 500, "expires: the limit first");
    jac_token_free(&jwt);
}


static void
test_paths(void)
{
    json_t      *obj;
    const char  *p1[] = { "session", "userId" };
    const char  *p2[] = { "session", "userId", "deeper" };
    const char  *p3[] = { "missing", "userId" };

    obj = json_loads("{\"session\":{\"userId\":\"u7\"},\"a.b\":1}", 0,
                     NULL);

    ok(json_is_string(jac_path_get(obj, p1, 2))
       && strcmp(json_string_value(jac_path_get(obj, p1, 2)), "u7") == 0,
       "path: session.userId");
    ok(jac_path_get(obj, p2, 3) == NULL, "path: through a string is absent");
    ok(jac_path_get(obj, p3, 2) == NULL, "path: missing intermediate");

    json_decref(obj);

    ok(value_in("\"admin\"", "admin", 0) == 1, "in: equal string");
    ok(value_in("\"admins\"", "admin", 0) == 0, "in: longer string");
    ok(value_in("[\"a\",\"admin\"]", "admin", 0) == 1, "in: array");
    ok(value_in("true", "true", 0) == 1, "in: boolean as text");
    ok(value_in("42", "42", 0) == 1, "in: number as text");
    ok(value_in("\"t:r t:w\"", "t:w", 1) == 1, "in: scope words");
    ok(value_in("\"t:r t:w\"", "t:w", 0) == 0, "in: no words unless asked");
    ok(value_in("\"t:r t:w\"", "t", 1) == 0, "in: no part of a word");
    ok(value_in("{\"a\":1}", "{\"a\":1}", 0) == 0, "in: object never");
}


/* the fixtures of t/keys (or a path), read from the repository's root */

static int
load_keys(const char *name, jac_keyset_t *set)
{
    int          rc;
    char         path[256];
    FILE        *f;
    size_t       n;
    u_char       buf[65536];
    const char  *reason;

    snprintf(path, sizeof(path), strchr(name, '/') ? "%s" : "t/keys/%s",
             name);

    f = fopen(path, "r");
    if (f == NULL) {
        return -2;
    }

    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);

    rc = jac_keyset_load(set, buf, n, &reason);

    return rc;
}


static void
test_keysets(void)
{
    size_t        i;
    unsigned      algs;
    jac_keyset_t  set;

    ok(load_keys("several.jwks", &set) == 0 && set.n == 8
       && set.skipped == 0, "keys: a JWKS of eight keys");

    algs = 0;
    for (i = 0; i < set.n; i++) {
        algs |= jac_key_algs(set.keys[i]);
    }

    ok(algs == (JAC_ALG_RSA_ALL|JAC_ALG_ES256|JAC_ALG_ES384|JAC_ALG_ES512
                |JAC_ALG_EDDSA), "keys: each type its own algorithms");
    jac_keyset_free(&set);

    ok(load_keys("mixed.jwks", &set) == 0 && set.n == 3 && set.skipped == 3,
       "keys: enc and unsupported keys of a JWKS skipped");
    jac_keyset_free(&set);

    ok(load_keys("ec521.jwk", &set) == 0 && set.n == 1
       && jac_key_algs(set.keys[0]) == JAC_ALG_ES512, "keys: a P-521 JWK");
    jac_keyset_free(&set);

    ok(load_keys("rsa1.cert.pem", &set) == 0 && set.n == 1,
       "keys: a certificate");
    jac_keyset_free(&set);

    ok(load_keys("rsa1.rsapub.pem", &set) == 0 && set.n == 1,
       "keys: a PKCS#1 RSA public key");
    jac_keyset_free(&set);

    ok(load_keys("rsa1.private.jwk", &set) == -1, "keys: private JWK");
    ok(load_keys("rsa1.key", &set) == -1, "keys: private PEM");
    ok(load_keys("rsa1024.pub.pem", &set) == -1, "keys: weak RSA");
    ok(load_keys("ec256a-off-curve.jwk", &set) == -1, "keys: off the curve");
    ok(load_keys("enc-only.jwks", &set) == -1, "keys: enc only");
    ok(load_keys("empty.jwks", &set) == -1, "keys: an empty JWKS");

    /* what the keyset fuzz target found (t/fuzz/crashes) */

    ok(load_keys("t/fuzz/crashes/keyset-1", &set) == -1,
       "keys: an Ed25519 key of small order");
    ok(load_keys("t/fuzz/crashes/keyset-2", &set) == -1,
       "keys: an RSA key with the exponent 1");
    ok(load_keys("t/fuzz/crashes/keyset-3", &set) == 0 && set.n == 1
       && jac_key_algs(set.keys[0]) == JAC_ALG_PS256,
       "keys: an RSA-PSS key restricted to SHA-256 verifies PS256 only");
    jac_keyset_free(&set);
}


/* random bytes of random lengths never crash the decoder */

static void
test_junk(void)
{
    u_char               work[JAC_MAX_TOKEN_LEN];
    u_char               junk[JAC_MAX_TOKEN_LEN + 16];
    jac_token_t                jwt;
    size_t               i, j, len;
    jac_err_t            err;
    jac_key_t           *key;
    const char          *reason, *alphabet;
    jac_header_cache_t  *cache;

    /* token-like bytes, or any bytes, through a header cache */

    cache = jac_header_cache_create();
    alphabet = "eyJhbGciOiJIUzI1NiJ9.-_A";

    key = jac_key_hmac((const u_char *) "0123456789abcdef0123456789abcdef",
                       32, &reason);

    srand(7515);

    for (i = 0; i < 20000; i++) {
        len = rand() % (i < 19990 ? 200 : sizeof(junk));

        for (j = 0; j < len; j++) {
            junk[j] = (i % 2) ? (u_char) rand()
                              : (u_char) alphabet[rand() % 24];
        }

        err = jac_decode(&jwt, junk, len, work, JAC_ALG_HMAC_ALL, &key, 1,
                         cache, &reason);
        if (err == JAC_OK) {
            jac_token_free(&jwt);
            break;
        }
    }

    ok(i == 20000, "20000 junk inputs refused without a crash");

    jac_header_cache_free(cache);
    jac_key_free(key);
}


/* revocation entries: what is read, what is refused, what is written */

typedef struct {
    jac_revocation_t  got[4];
    size_t            n;
    char              values[4][32];
} revocations_t;


static int
revocation_add(void *data, const jac_revocation_t *entry)
{
    revocations_t *r = data;

    if (r->n == 4 || entry->value.len >= 32) {
        return -1;
    }

    r->got[r->n] = *entry;
    memcpy(r->values[r->n], entry->value.data, entry->value.len);
    r->values[r->n][entry->value.len] = '\0';
    r->got[r->n].value.data = (const u_char *) r->values[r->n];
    r->n++;

    return 0;
}


static jac_err_t
revocations(const char *text, int need_exp, revocations_t *r, char *reason)
{
    memset(r, 0, sizeof(revocations_t));

    return jac_revocation_read((const u_char *) text, strlen(text), 1000,
                               need_exp, revocation_add, r, reason, 256);
}


static void
test_revocation(void)
{
    char           reason[256];
    u_char         buf[512];
    size_t         i, n;
    revocations_t  r;

    static const char  *bad[] = {
        "nope",
        "{}",
        "{\"jti\":5,\"exp\":2000}",
        "{\"jti\":\"\",\"exp\":2000}",
        "{\"jti\":\"a\",\"sub\":\"b\",\"exp\":2000}",
        "{\"jti\":\"a\",\"exp\":\"2000\"}",
        "{\"jti\":\"a\",\"exp\":0}",
        "{\"jti\":\"a\",\"exp\":-1}",
        "{\"jti\":\"a\",\"before\":5,\"exp\":2000}",
        "{\"jti\":\"a\",\"exp\":2000,\"x\":1}",
        "{\"jti\":\"a\",\"jti\":\"b\",\"exp\":2000}",
        "{\"sub\":\"a\\u0000b\",\"exp\":2000}",
        "\"jti\"",
        "{\"entries\":{}}",
        "{\"entries\":[],\"more\":1}"
    };

    for (i = 0; i < sizeof(bad) / sizeof(char *); i++) {
        if (revocations(bad[i], 0, &r, reason) != JAC_ERR_MALFORMED
            || r.n != 0)
        {
            break;
        }
    }

    ok(i == sizeof(bad) / sizeof(char *),
       "revocation: bad entries refused, nothing added");

    ok(revocations("[{\"jti\":\"a\",\"exp\":2000},{\"jti\":1}]", 0, &r,
                   reason)
       == JAC_ERR_MALFORMED && r.n == 0
       && strncmp(reason, "entry 1: ", 9) == 0,
       "revocation: a bad entry of a list names its index, none is added");

    ok(revocations("{\"jti\":\"a\"}", 1, &r, reason) == JAC_ERR_MALFORMED,
       "revocation: no exp where one is needed");

    ok(revocations("{\"entries\":[{\"jti\":\"a\",\"exp\":2000},"
                   "{\"session\":\"s\"},{\"sub\":\"u\",\"before\":900.5}],"
                   "\"count\":3}", 0, &r, reason)
       == JAC_OK && r.n == 3
       && r.got[0].type == JAC_REVOKE_JTI && r.got[0].exp == 2000
       && strcmp(r.values[0], "a") == 0
       && r.got[1].type == JAC_REVOKE_SESSION && r.got[1].exp == 0
       && r.got[2].type == JAC_REVOKE_SUBJECT && r.got[2].before == 900.5,
       "revocation: a list as GET answers it");

    ok(revocations("{\"sub\":\"u\"}", 0, &r, reason) == JAC_OK
       && r.n == 1 && r.got[0].before == 1000,
       "revocation: a subject's before is now when not given");

    n = jac_revocation_write(buf, sizeof(buf), r.got, 0);
    ok(n == strlen("{\"entries\":[],\"count\":0}")
       && memcmp(buf, "{\"entries\":[],\"count\":0}", n) == 0,
       "revocation: no entries written");

    (void) revocations("[{\"jti\":\"a\\\"b\",\"exp\":2000},"
                       "{\"sub\":\"u\",\"before\":900.5,\"exp\":3000}]", 0,
                       &r, reason);
    n = jac_revocation_write(buf, sizeof(buf), r.got, r.n);
    ok(n < sizeof(buf)
       && memcmp(buf, "{\"entries\":[{\"jti\":\"a\\\"b\",\"exp\":2000},"
                 "{\"sub\":\"u\",\"before\":900.5,\"exp\":3000}],"
                 "\"count\":2}", n) == 0,
       "revocation: entries written as JSON, escaped, read back the same");

    ok(jac_revocation_write(buf, 10, r.got, r.n) == n,
       "revocation: the length needed when the buffer is short");
}


/*
 * JWE with dir (jac_jwe.c): the test vectors of RFC 7518 appendix B and
 * RFC 7516 appendices A.1 and B through the content decryption, RFC 5869's
 * HKDF, tokens made by jose and a cookie made by Better Auth, tokens
 * sealed here with OpenSSL (so that each refusal is of a token that would
 * otherwise decrypt), and every refusal.
 */

typedef struct {
    const char           *enc;
    const char           *key;         /* base64url */
    const char           *kid;         /* for jac_key_dir(); NULL: the
                                          thumbprint */
    const char           *token;
    const char           *plain;
} jwe_fixture_t;


/*
 * Made by t/unit/jwe-fixtures.mjs (jose 6.2.18, from the better-auth
 * 1.7.25 that t/e2e/better-auth.sh installs), its output pasted here.
 */

static const jwe_fixture_t  jwe_jose[] = {
    /* jose, A128CBC-HS256, no kid */
    { "A128CBC-HS256",
      "9W7s3VLQp3-vkSBDZUxT7zYzwcclvbYShaRbFLyMINs",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..WdzjuAi"
      "JQIsDPpsRdYW_kQ.0eYhcENfhH1ILRYOOlnH99LxiK-HMQ0OsHhaQTEu"
      "nUc23q4g9dBGkkgZ5I_Ud90rok3oukPsXDtWQGmsHY9NTQ.Qs9WLOVoU"
      "s10640qT8a-LQ",
      "{\"sub\":\"jose-A128CBC-HS256\",\"iss\":\"jose\",\"exp\":410244480"
      "0}" },
    /* jose, A192CBC-HS384, no kid */
    { "A192CBC-HS384",
      "bx7ZwQCJwd7gnVQdmll9pwryPMjSYbprnClLmD5KI2xAQjCrUye7W0BQ"
      "_ZfsGzDn",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTkyQ0JDLUhTMzg0In0..0TqaHvl"
      "lWOupB0GmBN_KIg.TTof5NIhvIqrZ32N28XZz7rCUG05XICfYRCP7QP8"
      "Y7whoQXiXlSf4qb0KVZBJrzGHtOi4ZQ7cycho1S13IB6_w.CU_56oi-Z"
      "VrxZcrmd-fYbVKyl2nrWYJB",
      "{\"sub\":\"jose-A192CBC-HS384\",\"iss\":\"jose\",\"exp\":410244480"
      "0}" },
    /* jose, A256CBC-HS512, no kid */
    { "A256CBC-HS512",
      "LLdpxusgsmIFhJ4No5KLk1Z1y1_IGqNuDlExouDhHrL_gUVTwIOiUn07"
      "76F1NAfHgTqc9lzAHjIU3vLvpmJM9A",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..F1aqOPW"
      "javrj8jA1XyO0QA.qN6hlmNnlnb_SfpgqT5V2_MNUr3mhLmPptRr1uSB"
      "P6r6JsTgq0sLkp3bc2SVNnT7Zt6cDHGMaN8ETeVo4ibFVg.UIQlFSXzX"
      "jEzNuIxPJggvyHJQqekXqd2gLfSJ0rz8cQ",
      "{\"sub\":\"jose-A256CBC-HS512\",\"iss\":\"jose\",\"exp\":410244480"
      "0}" },
    /* jose, A128GCM, no kid */
    { "A128GCM",
      "OqPsg26hKz8QP0nw856Fmw",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..r3NEik1MzsGi0jA"
      "u.RKFP6i5GUyTduFYYyE674qWkbPJU9a9zAAVLzFhWvCFrpz3h364YZu"
      "nI6jeG9Ww5zXXf7Q.nt3jkaTEATNIZvouHNZuyw",
      "{\"sub\":\"jose-A128GCM\",\"iss\":\"jose\",\"exp\":4102444800}" },
    /* jose, A192GCM, no kid */
    { "A192GCM",
      "PSg18D87ixHpKxdvZvZPUszcfxK1rIl4",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTkyR0NNIn0..zeShfgaypLOXDuy"
      "c.ibsdtsusb25-zuULzMJpTJIGcx6uGpPbYVcm9rKrFnMMPVLGI8Ukye"
      "R5eSoKDhkNakqu2Q._fWYiQe_r2z_PM2nEWjWDg",
      "{\"sub\":\"jose-A192GCM\",\"iss\":\"jose\",\"exp\":4102444800}" },
    /* jose, A256GCM, no kid */
    { "A256GCM",
      "yEeyvnCS6q0RM1KI0tOGB60tlyAfQ4UVB52k1dyQWeo",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..-7A5m9f7MyakJR1"
      "x._mPBJSd7CgUGLm3spPsryQS97tOneqEVie8mZvC2_ViPbK8C3l6htj"
      "CJXHwcDQkQxjwalw.CK16amb3q96QyTuNqrj3gQ",
      "{\"sub\":\"jose-A256GCM\",\"iss\":\"jose\",\"exp\":4102444800}" },
    /* jose, A256GCM, kid the key's RFC 7638 thumbprint */
    { "A256GCM",
      "yEeyvnCS6q0RM1KI0tOGB60tlyAfQ4UVB52k1dyQWeo",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoiNms1ejE0"
      "cFd4cVUtN2o3QlI2VU41WWtIcDdveG04aFpES01UYU1sODF0USJ9..AB"
      "JjqV9y4areAnsd.oJX14F32oiZXZ4B7tT28oSOIkklFMh0fpu8QQnKZL"
      "vUARHkVyArP6iK0.aqu96gD91UlLNMFyMQ8J5Q",
      "{\"sub\":\"jose-thumbprint\",\"exp\":4102444800}" },
    /* jose, A128CBC-HS256, kid k-1 */
    { "A128CBC-HS256",
      "9W7s3VLQp3-vkSBDZUxT7zYzwcclvbYShaRbFLyMINs",
      "k-1",
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2Iiwia2lkIjoi"
      "ay0xIn0..tGvB5XiKUDm2rUAj2YiJug.eVnAkaXQrGCcZu_1PgTKkJuI"
      "QO2ZT0j2g3Z3hcsECqKhapGaYk5yqd5fX4iI9hsW.MPybYalIpcp_Q0D"
      "22Q4xaA",
      "{\"sub\":\"jose-kid\",\"exp\":4102444800}" },
    /* jose, A256CBC-HS512, cty JWT: an HS256 JWS with SECRET */
    { "A256CBC-HS512",
      "LLdpxusgsmIFhJ4No5KLk1Z1y1_IGqNuDlExouDhHrL_gUVTwIOiUn07"
      "76F1NAfHgTqc9lzAHjIU3vLvpmJM9A",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwiY3R5Ijoi"
      "SldUIn0.._S3floEZaviwMCdeNv8SVw.h2JobIocBUKH2mKiLaeaYz-T"
      "P5WnUIv9fqjEW5yhXKqY6a0iIvC4bJK5iHixodHxsqu2jZck8MSUVNf6"
      "yEq1hUQk30IUmJQBSasBJqctKbHW0pdhuP0RWuSmeYcxC6si7Ipypebo"
      "9QXIGqIG90Uf04mEy9smbgbLMRocUV6P3Fw.6e1nOkToDuAFKGF4ZRmT"
      "KJjLrry-upvtxfMYPwZIBn4",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqb3NlLW5lc3RlZCIsImV4cCI"
      "6NDEwMjQ0NDgwMH0.F5KtJ_k649TvbI_Fn80FsbHz_3PfRwx1Ne11hAh"
      "_MrQ" },
    /* jose, A128GCM, zip DEF (refused) */
    { "A128GCM",
      "OqPsg26hKz8QP0nw856Fmw",
      NULL,
      "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIiwiemlwIjoiREVGIn0."
      ".y7v9O1pHoZz8TtLi.v_L8M1Zrn6YK2CIsYV1Fo7czi-PocSgi2jJrer"
      "Wvf_LRz7J1_g.zN2LauPmkV7oIHMBVjdw3A",
      "{\"sub\":\"jose-zip\",\"exp\":4102444800}" },
};

#define JWE_THUMBPRINT         6       /* kid: the key's thumbprint */
#define JWE_KID                7       /* kid k-1 */
#define JWE_NESTED             8       /* cty JWT */
#define JWE_ZIP                9


/*
 * Better Auth's session cookie cache, strategy "jwe", made by the same
 * script with better-auth 1.7.25's symmetricEncodeJWT, the secret
 * JWTAuthTest's SECRET and the salt "better-auth-session"; its header is
 * {"alg":"dir","enc":"A256CBC-HS512","kid":"WmqvSY-n7BaXjZqxBTVH-aDDxC5E
 * o1bxUU5ffb11CHQ"}, and it expires in 2125
 */

static const char  *jwe_better_auth =
    "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoi"
    "V21xdlNZLW43QmFYalpxeEJUVkgtYUREeEM1RW8xYnhVVTVmZmIxMUNI"
    "USJ9..t6Qtl5ZcR0Y25te9ItcE1A.6H9y4O6GDiSPt0REc2KE4KrUhWH"
    "yjMJ92jZTXki8qlTW3LiTSfiYG2R6Z19SevdKY-T6MnysHrxO6-3u-kc"
    "2JQnMkiXVkSMVVBYO_cFIQzyfi7Sj4aRmf7GXf4_IKQ6HlpOvTaViv1F"
    "BH2_9ocjt0zjgmahsbQFbL120tfR7mcPNRY1Wp72dp1prPU4vdRxqdc7"
    "3f82psRMwj_TSfj0RzKBfDHvZ93S1JKboN4sO34Twky9lOAwpmPsXMUc"
    "ub16cCYYcGXPkwK4f8Ip1jp-dzyaDxFb3tssdmNfpKIGJ4begrnzd1sQ"
    "FG0aCzOltkKF6T57OpgacNDbS1nCLQk8pBwPkFX9XXeGAPZvGp7dKv0y"
    "7C0sNNhSmF-vqo0KEukKm1fnkMKzoJO6vRDqqXoXFwOqwyJVE_z8bveA"
    "vCvWKqk6EpnhvWVpK5orppm6wZ3WMiMfPUgJ_wQENARPl2tlDAIlE-oE"
    "_mucTpYKf4NGG772fKnv1_BxHPWN7qfWd1fZlaeOViUmkwgjNdgt5iSv"
    "TrNuevz69ZEwBzN_mk3Ga5v4eaU7myc9eezMYbwihwvQN5FwVmSeOcvS"
    "_HRaXKLNFDpO0xpc1lbMDkUjkDp6oQZr2bJBL3f223oqghSiuajaIwma"
    "AFxF2Sf0fniJ5Q8QihxglcY8ALtF-u9cR9TreJBk.D2WzognBDZngR2C"
    "YDJbnxRik2WuV1dJesqI3lkPYOEw";

static const char  *jwe_better_auth_kid =
    "WmqvSY-n7BaXjZqxBTVH-aDDxC5Eo1bxUU5ffb11CHQ";

static const char  *jwe_secret = "better-auth-secret-for-tests-256";


/* RFC 7518 appendix B: K, P, IV, A, E and T of B.1, B.2, B.3 */

typedef struct {
    const char           *enc;
    const char           *k;
    const char           *e;
    const char           *t;
} jwe_vector_t;


static const char  *rfc7518_p =
    "41206369706865722073797374656d206d757374206e6f742062652072657175"
    "6972656420746f206265207365637265742c20616e64206974206d7573742062"
    "652061626c6520746f2066616c6c20696e746f207468652068616e6473206f66"
    "2074686520656e656d7920776974686f757420696e636f6e76656e69656e6365";

static const char  *rfc7518_iv = "1af38c2dc2b96ffdd86694092341bc04";

static const char  *rfc7518_a =
    "546865207365636f6e64207072696e6369706c65206f662041756775737465"
    "204b6572636b686f666673";

static const jwe_vector_t  rfc7518_b[] = {
    { "A128CBC-HS256",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
      "c80edfa32ddf39d5ef00c0b468834279a2e46a1b8049f792f76bfe54b903a9c9"
      "a94ac9b47ad2655c5f10f9aef71427e2fc6f9b3f399a221489f16362c7032336"
      "09d45ac69864e3321cf82935ac4096c86e133314c54019e8ca7980dfa4b9cf1b"
      "384c486f3a54c51078158ee5d79de59fbd34d848b3d69550a67646344427ade5"
      "4b8851ffb598f7f80074b9473c82e2db",
      "652c3fa36b0a7c5b3219fab3a30bc1c4" },
    { "A192CBC-HS384",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
      "202122232425262728292a2b2c2d2e2f",
      "ea65da6b59e61edb419be62d19712ae5d303eeb50052d0dfd6697f77224c8edb"
      "000d279bdc14c1072654bd30944230c657bed4ca0c9f4a8466f22b226d174621"
      "4bf8cfc2400add9f5126e479663fc90b3bed787a2f0ffcbf3904be2a641d5c21"
      "05bfe591bae23b1d7449e532eef60a9ac8bb6c6b01d35d49787bcd57ef484927"
      "f280adc91ac0c4e79c7b11efc60054e3",
      "8490ac0e58949bfe51875d733f93ac2075168039ccc733d7" },
    { "A256CBC-HS512",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
      "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
      "4affaaadb78c31c5da4b1b590d10ffbd3dd8d5d302423526912da037ecbcc7bd"
      "822c301dd67c373bccb584ad3e9279c2e6d12a1374b77f077553df829410446b"
      "36ebd97066296ae6427ea75c2e0846a11a09ccf5370dc80bfecbad28c73f09b3"
      "a3b75e662a2594410ae496b2e2e6609e31e6e02cc837f053d21f37ff4f51950b"
      "be2638d09dd7a4930930806d0703b1f6",
      "4dd3b4c088a7f45c216839645b2012bf2e6269a8c56a816dbc1b267761955bc5" }
};


/*
 * RFC 7516 appendix B (the content encryption of A.2, A128CBC-HS256):
 * the CEK, the IV, the AAD (the protected header of A.2, RSA1_5), the
 * ciphertext and the tag; the CEK as the appendix lists it, in decimal
 */

static const u_char  rfc7516_b_cek[] = {
    4, 211, 31, 197, 84, 157, 252, 254, 11, 100, 157, 250, 63, 170, 106,
    206, 107, 124, 212, 45, 111, 107, 9, 219, 200, 177, 0, 240, 143, 156,
    44, 207
};

static const char  *rfc7516_b_aad =
    "eyJhbGciOiJSU0ExXzUiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0";
static const char  *rfc7516_b_iv = "AxY8DCtDaGlsbGljb3RoZQ";
static const char  *rfc7516_b_ciphertext =
    "KDlTtXchhZTGufMYmOYGS4HffxPSUrfmqCHXaI9wOGY";
static const char  *rfc7516_b_tag = "9hH0vgRfYgPnAHOd8stkvw";

/* A.3: the same CEK, IV and plaintext under another header (A128KW) */
static const char  *rfc7516_a3_aad =
    "eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0";
static const char  *rfc7516_a3_tag = "U0m_YmjN04DJvceFICbCVQ";


/* RFC 7516 appendix A.1: A256GCM (its key management, RSA-OAEP, aside) */

static const u_char  rfc7516_a1_cek[] = {
    177, 161, 244, 128, 84, 143, 225, 115, 63, 180, 3, 255, 107, 154, 212,
    246, 138, 7, 110, 91, 112, 46, 34, 105, 47, 130, 203, 46, 122, 234, 64,
    252
};

static const char  *rfc7516_a1_aad =
    "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ";
static const char  *rfc7516_a1_iv = "48V1_ALb6US04U3b";
static const char  *rfc7516_a1_ciphertext =
    "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdi"
    "wkIr3ajwQzaBtQD_A";
static const char  *rfc7516_a1_tag = "XFBoMYUZodetZdvTiFvSkQ";


/* the encs, as this file knows them (RFC 7518 5.2.3-5.2.5, 5.3) */

typedef struct {
    const char           *name;
    size_t                key_len;
    size_t                iv_len;
    size_t                tag_len;
    const EVP_CIPHER   *(*cipher)(void);
    const EVP_MD       *(*md)(void);
} jwe_enc_t;


static const jwe_enc_t  jwe_encs[] = {
    { "A128CBC-HS256", 32, 16, 16, EVP_aes_128_cbc, EVP_sha256 },
    { "A192CBC-HS384", 48, 16, 24, EVP_aes_192_cbc, EVP_sha384 },
    { "A256CBC-HS512", 64, 16, 32, EVP_aes_256_cbc, EVP_sha512 },
    { "A128GCM", 16, 12, 16, EVP_aes_128_gcm, NULL },
    { "A192GCM", 24, 12, 16, EVP_aes_192_gcm, NULL },
    { "A256GCM", 32, 12, 16, EVP_aes_256_gcm, NULL }
};

#define JWE_ENCS  (sizeof(jwe_encs) / sizeof(jwe_enc_t))


/* how jwe_seal() pads: right, or wrong in one of three ways */
#define JWE_PAD_RIGHT          0
#define JWE_PAD_ZERO           1       /* a last byte of 0 */
#define JWE_PAD_LONG           2       /* 17 */
#define JWE_PAD_MIXED          3       /* 4, 4, 5, 4 */


static size_t
unhex(u_char *dst, const char *hex)
{
    size_t        n;
    unsigned int  b;

    for (n = 0; hex[2 * n] != '\0'; n++) {
        if (sscanf(hex + 2 * n, "%2x", &b) != 1) {
            return 0;
        }

        dst[n] = (u_char) b;
    }

    return n;
}


static const jwe_enc_t *
jwe_enc(const char *name)
{
    size_t  i;

    for (i = 0; i < JWE_ENCS; i++) {
        if (strcmp(jwe_encs[i].name, name) == 0) {
            return &jwe_encs[i];
        }
    }

    return NULL;
}


/*
 * A compact JWE of the header given, sealed here with OpenSSL alone: the
 * encrypted key part "ekey", a fixed IV, AES-CBC with the padding asked
 * for and the HMAC tag of RFC 7518 5.2.2.1, or AES GCM.
 */

static size_t
jwe_seal(u_char *token, const char *header, const char *ekey,
    const char *enc, const u_char *cek, const u_char *plain, size_t len,
    int pad)
{
    int               outl, fin;
    size_t            i, n, aadlen, ctlen, half, mlen;
    u_char            iv[16], tag[64], al[8];
    u_char            buf[4096], ct[4096], mac_input[8192];
    unsigned int      maclen;
    EVP_CIPHER_CTX   *ctx;
    const jwe_enc_t  *e;

    e = jwe_enc(enc);

    n = b64url(token, (const u_char *) header, strlen(header));
    aadlen = n;
    token[n++] = '.';
    memcpy(token + n, ekey, strlen(ekey));
    n += strlen(ekey);
    token[n++] = '.';

    for (i = 0; i < e->iv_len; i++) {
        iv[i] = (u_char) (0xa0 + i);
    }

    n += b64url(token + n, iv, e->iv_len);
    token[n++] = '.';

    ctx = EVP_CIPHER_CTX_new();

    if (e->md == NULL) {
        EVP_EncryptInit_ex(ctx, e->cipher(), NULL, cek, iv);
        EVP_EncryptUpdate(ctx, NULL, &outl, token, (int) aadlen);
        EVP_EncryptUpdate(ctx, ct, &outl, plain, (int) len);
        EVP_EncryptFinal_ex(ctx, ct + outl, &fin);
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag);
        ctlen = len;

    } else {
        half = e->key_len / 2;

        /* PKCS #7, then spoilt as asked */

        memcpy(buf, plain, len);
        ctlen = len + 16 - len % 16;
        memset(buf + len, (int) (ctlen - len), ctlen - len);

        if (pad == JWE_PAD_ZERO) {
            buf[ctlen - 1] = 0;

        } else if (pad == JWE_PAD_LONG) {
            buf[ctlen - 1] = 17;

        } else if (pad == JWE_PAD_MIXED) {
            buf[ctlen - 4] = 4;
            buf[ctlen - 3] = 4;
            buf[ctlen - 2] = 5;
            buf[ctlen - 1] = 4;
        }

        EVP_EncryptInit_ex(ctx, e->cipher(), NULL, cek + half, iv);
        EVP_CIPHER_CTX_set_padding(ctx, 0);
        EVP_EncryptUpdate(ctx, ct, &outl, buf, (int) ctlen);
        EVP_EncryptFinal_ex(ctx, ct + outl, &fin);

        for (i = 0; i < 8; i++) {
            al[i] = (u_char) (((uint64_t) aadlen * 8) >> (56 - 8 * i));
        }

        mlen = 0;
        memcpy(mac_input, token, aadlen);
        mlen += aadlen;
        memcpy(mac_input + mlen, iv, e->iv_len);
        mlen += e->iv_len;
        memcpy(mac_input + mlen, ct, ctlen);
        mlen += ctlen;
        memcpy(mac_input + mlen, al, 8);
        mlen += 8;

        HMAC(e->md(), cek, (int) half, mac_input, mlen, tag, &maclen);
    }

    EVP_CIPHER_CTX_free(ctx);

    n += b64url(token + n, ct, ctlen);
    token[n++] = '.';
    n += b64url(token + n, tag, e->tag_len);

    return n;
}


/*
 * jac_jwe_decrypt() with a work area of exactly the token's length (so
 * that ASan sees any write past it), the plaintext copied to "plain";
 * on an error, what must then hold: nothing to free, no plaintext.
 */

static int  jwe_leftovers;

static jac_err_t
jwe_try(const u_char *token, size_t len, jac_key_t *const *keys, size_t n,
    jac_token_t *jwt, u_char *plain, size_t *plainlen, const char **reason)
{
    u_char     *work, *p;
    jac_err_t   err;

    work = malloc(len + (len == 0));
    if (work == NULL) {
        abort();
    }

    p = (u_char *) "not set";
    *plainlen = 7;

    err = jac_jwe_decrypt(jwt, token, len, work, keys, n, &p, plainlen,
                          reason);

    if (err == JAC_OK) {
        if (p < work || p + *plainlen > work + len) {
            jwe_leftovers++;
        }

        memcpy(plain, p, *plainlen);

    } else if (jwt->header != NULL || jwt->payload != NULL
               || jwt->key != NULL || p != NULL || *plainlen != 0)
    {
        jwe_leftovers++;
    }

    free(work);

    return err;
}


/* a fixture's token, by its index, with a key of its own */

static jac_err_t
jwe_fixture(size_t i, jac_key_t **key, jac_token_t *jwt, u_char *plain,
    size_t *plainlen, const char **reason)
{
    u_char                cek[64];
    ssize_t               n;
    const jwe_fixture_t  *f;

    f = &jwe_jose[i];

    n = jac_base64url_decode(cek, (const u_char *) f->key, strlen(f->key));

    *key = jac_key_dir(cek, n, (const u_char *) f->kid,
                       f->kid ? strlen(f->kid) : 0, reason);
    if (*key == NULL) {
        return JAC_ERR_INTERNAL;
    }

    return jwe_try((const u_char *) f->token, strlen(f->token), key, 1, jwt,
                   plain, plainlen, reason);
}


static void
test_jwe_vectors(void)
{
    u_char       k[64], p[256], iv[16], a[64], e[256], t[64], data[256];
    u_char       aad[64];
    size_t       i, klen, plen, alen, elen, tlen, n, bad;
    ssize_t      ivlen, clen, taglen;
    jac_err_t    err;
    jac_key_t   *key;
    const char  *reason;

    plen = unhex(p, rfc7518_p);
    alen = unhex(a, rfc7518_a);
    (void) unhex(iv, rfc7518_iv);

    for (i = 0; i < sizeof(rfc7518_b) / sizeof(jwe_vector_t); i++) {
        klen = unhex(k, rfc7518_b[i].k);
        elen = unhex(e, rfc7518_b[i].e);
        tlen = unhex(t, rfc7518_b[i].t);

        key = jac_key_dir(k, klen, (const u_char *) "b", 1, &reason);

        memcpy(data, e, elen);
        err = jac_jwe_open(key, rfc7518_b[i].enc, a, alen, iv, 16, data,
                           elen, t, tlen, &n);

        printf("# RFC 7518 B.%zu %s: %s\n", i + 1, rfc7518_b[i].enc,
               (err == JAC_OK) ? "decrypts" : jac_err_code(err));

        ok(err == JAC_OK && n == plen && memcmp(data, p, plen) == 0,
           "jwe: RFC 7518 appendix B vector decrypts to its P");

        /* a wrong tag: refused before anything is decrypted */

        memcpy(data, e, elen);
        t[tlen - 1] ^= 0x01;

        ok(jac_jwe_open(key, rfc7518_b[i].enc, a, alen, iv, 16, data, elen,
                        t, tlen, &n)
           == JAC_ERR_BAD_SIGNATURE && memcmp(data, e, elen) == 0,
           "jwe: its T changed is refused, the ciphertext not decrypted");

        t[tlen - 1] ^= 0x01;

        /* the AAD, the IV, the ciphertext changed, the AAD cut */

        bad = 0;

        memcpy(data, e, elen);
        a[0] ^= 0x01;
        bad += jac_jwe_open(key, rfc7518_b[i].enc, a, alen, iv, 16, data,
                            elen, t, tlen, &n)
               == JAC_ERR_BAD_SIGNATURE;
        a[0] ^= 0x01;

        memcpy(data, e, elen);
        iv[15] ^= 0x80;
        bad += jac_jwe_open(key, rfc7518_b[i].enc, a, alen, iv, 16, data,
                            elen, t, tlen, &n)
               == JAC_ERR_BAD_SIGNATURE;
        iv[15] ^= 0x80;

        memcpy(data, e, elen);
        data[elen - 1] ^= 0x01;
        bad += jac_jwe_open(key, rfc7518_b[i].enc, a, alen, iv, 16, data,
                            elen, t, tlen, &n)
               == JAC_ERR_BAD_SIGNATURE;

        memcpy(data, e, elen);
        bad += jac_jwe_open(key, rfc7518_b[i].enc, a, alen - 1, iv, 16,
                            data, elen, t, tlen, &n)
               == JAC_ERR_BAD_SIGNATURE;

        ok(bad == 4, "jwe: its A, IV or E changed, or A cut, is refused");

        jac_key_free(key);
    }

    /* RFC 7516 appendix B (and A.3): A128CBC-HS256 */

    key = jac_key_dir(rfc7516_b_cek, sizeof(rfc7516_b_cek),
                      (const u_char *) "b", 1, &reason);

    ivlen = jac_base64url_decode(iv, (const u_char *) rfc7516_b_iv,
                                 strlen(rfc7516_b_iv));
    clen = jac_base64url_decode(data, (const u_char *) rfc7516_b_ciphertext,
                                strlen(rfc7516_b_ciphertext));
    taglen = jac_base64url_decode(t, (const u_char *) rfc7516_b_tag,
                                  strlen(rfc7516_b_tag));

    err = jac_jwe_open(key, "A128CBC-HS256", (const u_char *) rfc7516_b_aad,
                       strlen(rfc7516_b_aad), iv, ivlen, data, clen, t,
                       taglen, &n);

    ok(err == JAC_OK && n == 22
       && memcmp(data, "Live long and prosper.", 22) == 0,
       "jwe: RFC 7516 appendix B decrypts to \"Live long and prosper.\"");

    clen = jac_base64url_decode(data, (const u_char *) rfc7516_b_ciphertext,
                                strlen(rfc7516_b_ciphertext));
    taglen = jac_base64url_decode(t, (const u_char *) rfc7516_a3_tag,
                                  strlen(rfc7516_a3_tag));

    ok(jac_jwe_open(key, "A128CBC-HS256", (const u_char *) rfc7516_b_aad,
                    strlen(rfc7516_b_aad), iv, ivlen, data, clen, t, taglen,
                    &n)
       == JAC_ERR_BAD_SIGNATURE,
       "jwe: RFC 7516 A.3's tag does not verify with A.2's header");

    ok(jac_jwe_open(key, "A128CBC-HS256", (const u_char *) rfc7516_a3_aad,
                    strlen(rfc7516_a3_aad), iv, ivlen, data, clen, t, taglen,
                    &n)
       == JAC_OK && n == 22
       && memcmp(data, "Live long and prosper.", 22) == 0,
       "jwe: RFC 7516 A.3's tag verifies with its own header");

    jac_key_free(key);

    /* RFC 7516 appendix A.1: A256GCM */

    key = jac_key_dir(rfc7516_a1_cek, sizeof(rfc7516_a1_cek), NULL, 0,
                      &reason);

    ivlen = jac_base64url_decode(iv, (const u_char *) rfc7516_a1_iv,
                                 strlen(rfc7516_a1_iv));
    clen = jac_base64url_decode(data, (const u_char *) rfc7516_a1_ciphertext,
                                strlen(rfc7516_a1_ciphertext));
    taglen = jac_base64url_decode(t, (const u_char *) rfc7516_a1_tag,
                                  strlen(rfc7516_a1_tag));

    err = jac_jwe_open(key, "A256GCM", (const u_char *) rfc7516_a1_aad,
                       strlen(rfc7516_a1_aad), iv, ivlen, data, clen, t,
                       taglen, &n);

    ok(err == JAC_OK && n == 63
       && memcmp(data, "The true sign of intelligence is not knowledge but "
                 "imagination.", 63) == 0,
       "jwe: RFC 7516 appendix A.1 (A256GCM) decrypts");

    clen = jac_base64url_decode(data, (const u_char *) rfc7516_a1_ciphertext,
                                strlen(rfc7516_a1_ciphertext));
    memcpy(aad, rfc7516_a1_aad, strlen(rfc7516_a1_aad));
    aad[5] ^= 0x01;

    ok(jac_jwe_open(key, "A256GCM", aad, strlen(rfc7516_a1_aad), iv, ivlen,
                    data, clen, t, taglen, &n)
       == JAC_ERR_BAD_SIGNATURE, "jwe: A.1 with its AAD changed is refused");

    ok(jac_jwe_open(key, "A256GCM", aad, strlen(rfc7516_a1_aad), iv, 16,
                    data, clen, t, taglen, &n)
       == JAC_ERR_MALFORMED
       && jac_jwe_open(key, "A256GCM", aad, strlen(rfc7516_a1_aad), iv,
                       ivlen, data, clen, t, 12, &n)
          == JAC_ERR_MALFORMED
       && jac_jwe_open(key, "A128GCM", aad, strlen(rfc7516_a1_aad), iv,
                       ivlen, data, clen, t, taglen, &n)
          == JAC_ERR_MALFORMED,
       "jwe: an IV, a tag or a key not of the enc's size is refused");

    jac_key_free(key);
}


/* RFC 5869 appendix A.1 and A.3 (an empty salt and info), and the key */

static void
test_jwe_hkdf(void)
{
    u_char  ikm[32], salt[16], info[16], okm[64], want[64];
    size_t  ikmlen, saltlen, infolen, n;

    ikmlen = unhex(ikm, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    saltlen = unhex(salt, "000102030405060708090a0b0c");
    infolen = unhex(info, "f0f1f2f3f4f5f6f7f8f9");
    n = unhex(want, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db0"
                    "2d56ecc4c5bf34007208d5b887185865");

    ok(jac_hkdf_sha256(okm, n, ikm, ikmlen, salt, saltlen, info, infolen)
       == 0 && memcmp(okm, want, n) == 0, "hkdf: RFC 5869 A.1");

    n = unhex(want, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec345"
                    "4e5f3c738d2d9d201395faa4b61a96c8");

    ok(jac_hkdf_sha256(okm, n, ikm, ikmlen, NULL, 0, NULL, 0) == 0
       && memcmp(okm, want, n) == 0,
       "hkdf: RFC 5869 A.3, no salt and no info");

    ok(jac_hkdf_sha256(okm, 64, ikm, ikmlen, salt, saltlen, info, infolen)
       == 0 && memcmp(okm, "\x3c\xb2\x5f\x25", 4) == 0,
       "hkdf: 64 bytes begin as 42 do");

    ok(strlen(JAC_BETTER_AUTH_SALT) == 19
       && strlen(JAC_BETTER_AUTH_INFO) == 38 && JAC_BETTER_AUTH_KEY_LEN == 64,
       "hkdf: Better Auth's salt, info and key length");
}


/* the Better Auth key of a secret, with its thumbprint as the kid */

static jac_key_t *
jwe_better_auth_key(const char *secret, const char *kid)
{
    u_char       okm[JAC_BETTER_AUTH_KEY_LEN];
    const char  *reason;

    if (jac_hkdf_sha256(okm, sizeof(okm), (const u_char *) secret,
                        strlen(secret),
                        (const u_char *) JAC_BETTER_AUTH_SALT,
                        strlen(JAC_BETTER_AUTH_SALT),
                        (const u_char *) JAC_BETTER_AUTH_INFO,
                        strlen(JAC_BETTER_AUTH_INFO))
        != 0)
    {
        return NULL;
    }

    return jac_key_dir(okm, sizeof(okm), (const u_char *) kid,
                       kid ? strlen(kid) : 0, &reason);
}


static int
json_string_is(const json_t *obj, const char *const *path, size_t n,
    const char *want)
{
    json_t  *v;

    v = jac_path_get(obj, path, n);

    return json_is_string(v) && strcmp(json_string_value(v), want) == 0;
}


static int
member_is(const json_t *obj, const char *name, const char *want)
{
    return json_string_is(obj, &name, 1, want);
}


/* what jose and Better Auth made */

static void
test_jwe_tokens(void)
{
    u_char        plain[JAC_MAX_TOKEN_LEN], okm[64], work[512];
    size_t        i, n, plainlen, wrong;
    json_t       *v;
    jac_err_t     err;
    jac_key_t    *key, *ring[16], *hmac;
    jac_token_t   jwt, inner;
    const char   *reason;

    static const char  *const user_id[] = { "session", "userId" };
    static const char  *const user_id2[] = { "user", "id" };

    memset(&jwt, 0, sizeof(jac_token_t));
    memset(&inner, 0, sizeof(jac_token_t));

    for (i = 0; i < JWE_ZIP; i++) {
        err = jwe_fixture(i, &key, &jwt, plain, &plainlen, &reason);

        printf("# jose %zu, %s: %s%s%s\n", i, jwe_jose[i].enc,
               (err == JAC_OK) ? "decrypts" : jac_err_code(err),
               err ? ": " : "", err ? reason : "");

        ok(err == JAC_OK && plainlen == strlen(jwe_jose[i].plain)
           && memcmp(plain, jwe_jose[i].plain, plainlen) == 0
           && jwt.key == key && jwt.alg == 0 && jwt.payload == NULL
           && json_is_object(jwt.header)
           && member_is(jwt.header, "enc", jwe_jose[i].enc),
           "jwe: a token of jose decrypts to its plaintext, the header kept");

        ok(jac_jwe_nested(&jwt) == (i == JWE_NESTED),
           "jwe: nested only with cty JWT");

        jac_token_free(&jwt);
        jac_key_free(key);
    }

    /* its kid: the RFC 7638 thumbprint, as jose computes it */

    err = jwe_fixture(JWE_THUMBPRINT, &key, &jwt, plain, &plainlen, &reason);
    v = json_object_get(jwt.header, "kid");

    ok(err == JAC_OK && json_is_string(v) && key->kid_len == 43
       && strcmp(key->kid, json_string_value(v)) == 0,
       "jwe: a dir key's kid is its thumbprint, as jose's");

    jac_token_free(&jwt);
    jac_key_free(key);

    /* a nested JWT: its plaintext is a JWS */

    err = jwe_fixture(JWE_NESTED, &key, &jwt, plain, &plainlen, &reason);
    hmac = jac_key_hmac((const u_char *) jwe_secret, strlen(jwe_secret),
                        &reason);

    ok(err == JAC_OK && jac_jwe_nested(&jwt)
       && jac_token_parts(plain, plainlen) == 3
       && jac_decode(&inner, plain, plainlen, work, JAC_ALG_HMAC_ALL, &hmac,
                     1, NULL, &reason)
          == JAC_OK
       && member_is(inner.payload, "sub", "jose-nested"),
       "jwe: a nested JWT's JWS verifies with the secret");

    jac_token_free(&inner);
    jac_token_free(&jwt);
    jac_key_free(key);

    /* the plaintext as claims */

    err = jwe_fixture(0, &key, &jwt, plain, &plainlen, &reason);

    ok(err == JAC_OK
       && jac_jwe_payload(&jwt, plain, plainlen, &reason) == JAC_OK
       && member_is(jwt.payload, "sub", "jose-A128CBC-HS256")
       && json_is_object(jwt.header),
       "jwe: its plaintext parsed as the claims");

    jac_token_free(&jwt);
    jac_key_free(key);

    err = jwe_fixture(0, &key, &jwt, plain, &plainlen, &reason);
    jac_key_free(key);

    ok(err == JAC_OK
       && jac_jwe_payload(&jwt, (const u_char *) "[1]", 3, &reason)
          == JAC_ERR_MALFORMED
       && jwt.header == NULL && jwt.payload == NULL
       && strcmp(reason, "JWE payload is not a JSON object") == 0,
       "jwe: a plaintext not an object: refused, the token released");

    err = jwe_fixture(0, &key, &jwt, plain, &plainlen, &reason);

    ok(err == JAC_OK
       && jac_jwe_payload(&jwt, (const u_char *) "{\"a\":1,\"a\":2}", 13,
                          &reason)
          == JAC_ERR_MALFORMED && jwt.header == NULL,
       "jwe: a plaintext with a member twice is refused");

    jac_key_free(key);

    /* every token with all the keys at once: each finds its own */

    for (i = 0; i < JWE_ZIP; i++) {
        n = jac_base64url_decode(okm, (const u_char *) jwe_jose[i].key,
                                 strlen(jwe_jose[i].key));
        ring[i] = jac_key_dir(okm, n, (const u_char *) jwe_jose[i].kid,
                              jwe_jose[i].kid ? strlen(jwe_jose[i].kid) : 0,
                              &reason);
    }

    ring[JWE_ZIP] = hmac;
    wrong = 0;

    for (i = 0; i < JWE_ZIP; i++) {
        err = jwe_try((const u_char *) jwe_jose[i].token,
                      strlen(jwe_jose[i].token), ring, JWE_ZIP + 1, &jwt,
                      plain, &plainlen, &reason);

        /* the first key with its bytes and kid: the same fingerprint */

        if (err != JAC_OK || plainlen != strlen(jwe_jose[i].plain)
            || memcmp(jac_key_fingerprint(jwt.key),
                      jac_key_fingerprint(ring[i]), JAC_FINGERPRINT_LEN)
               != 0)
        {
            wrong++;
        }

        jac_token_free(&jwt);
    }

    ok(wrong == 0, "jwe: among many keys each token finds the key it has");

    for (i = 0; i < JWE_ZIP; i++) {
        jac_key_free(ring[i]);
    }

    /* Better Auth's cookie, with the key derived from the secret */

    key = jwe_better_auth_key(jwe_secret, NULL);

    ok(key != NULL && key->kid_len == strlen(jwe_better_auth_kid)
       && memcmp(key->kid, jwe_better_auth_kid, key->kid_len) == 0,
       "jwe: the key of Better Auth's secret has the kid of its cookie");

    err = jwe_try((const u_char *) jwe_better_auth, strlen(jwe_better_auth),
                  &key, 1, &jwt, plain, &plainlen, &reason);

    printf("# Better Auth: %s%s%s\n",
           (err == JAC_OK) ? "decrypts" : jac_err_code(err),
           err ? ": " : "", err ? reason : "");

    ok(err == JAC_OK && jwt.key == key && !jac_jwe_nested(&jwt)
       && jac_jwe_payload(&jwt, plain, plainlen, &reason) == JAC_OK
       && json_string_is(jwt.payload, user_id, 2, "user-1")
       && json_string_is(jwt.payload, user_id2, 2, "user-1")
       && json_is_string(json_object_get(jwt.payload, "jti"))
       && json_number_value(json_object_get(jwt.payload, "exp")) > 4e9,
       "jwe: Better Auth's cookie decrypts: session.userId, user.id, jti, "
       "exp");

    jac_token_free(&jwt);

    /* and with the secret's HMAC key, or another secret's key, it does not */

    ring[0] = hmac;
    ring[1] = jwe_better_auth_key("another-secret-of-thirty-two-byt", NULL);

    err = jwe_try((const u_char *) jwe_better_auth, strlen(jwe_better_auth),
                  ring, 2, &jwt, plain, &plainlen, &reason);

    ok(err == JAC_ERR_UNKNOWN_KEY
       && strcmp(reason, "no key has the JWE's kid") == 0,
       "jwe: Better Auth's cookie with another secret: no key of its kid");

    jac_key_free(ring[1]);

    ring[1] = jwe_better_auth_key("another-secret-of-thirty-two-byt",
                                  jwe_better_auth_kid);

    err = jwe_try((const u_char *) jwe_better_auth, strlen(jwe_better_auth),
                  ring, 2, &jwt, plain, &plainlen, &reason);

    ok(err == JAC_ERR_BAD_SIGNATURE
       && strcmp(reason, "JWE does not decrypt with the key") == 0,
       "jwe: another key under its kid does not decrypt it");

    jac_key_free(ring[1]);
    jac_key_free(key);
    jac_key_free(hmac);
}


/* the token with one of its five parts replaced by "text" */

static size_t
jwe_replace(u_char *dst, const u_char *token, size_t len, int part,
    const char *text)
{
    int     k;
    size_t  i, n, t;

    n = 0;
    k = 0;

    for (i = 0; i <= len; i++) {
        if (i == len || token[i] == '.') {
            if (k == part) {
                t = strlen(text);
                memcpy(dst + n, text, t);
                n += t;
            }

            if (i < len) {
                dst[n++] = '.';
            }

            k++;
            continue;
        }

        if (k != part) {
            dst[n++] = token[i];
        }
    }

    return n;
}


/* where part "part" of a token begins */

static size_t
jwe_part_at(const u_char *token, int part)
{
    size_t  i;

    for (i = 0; part > 0; i++) {
        if (token[i] == '.') {
            part--;
        }
    }

    return i;
}


static const u_char  *jwe_cek;
static jac_key_t     *jwe_keys[65];    /* by length: 16, 24, 32, 48, 64 */


/* a token sealed here with jwe_cek, decrypted with the key of its length */

static jac_err_t
jwe_sealed(const char *header, const char *ekey, const char *enc, int pad,
    const char **reason)
{
    u_char       token[4096], plain[4096];
    size_t       len, plainlen;
    jac_err_t    err;
    jac_token_t  jwt;

    len = jwe_seal(token, header, ekey, enc, jwe_cek,
                   (const u_char *) "{\"sub\":\"sealed\"}", 16, pad);

    err = jwe_try(token, len, &jwe_keys[jwe_enc(enc)->key_len], 1, &jwt,
                  plain, &plainlen, reason);

    if (err == JAC_OK) {
        if (plainlen != 16 || memcmp(plain, "{\"sub\":\"sealed\"}", 16) != 0)
        {
            err = JAC_ERR_INTERNAL;
        }

        jac_token_free(&jwt);
    }

    return err;
}


static int
jwe_refused(const char *header, jac_err_t want, const char *reason_has)
{
    jac_err_t    err;
    const char  *reason;

    err = jwe_sealed(header, "", "A128CBC-HS256", JWE_PAD_RIGHT, &reason);

    if (err != want || (reason_has && strstr(reason, reason_has) == NULL)) {
        printf("# %s: %s: %s\n", header, jac_err_code(err),
               err ? reason : "");
        return 0;
    }

    return 1;
}


static void
test_jwe_refusals(void)
{
    u_char        cek[64], token[4096], other[JAC_MAX_TOKEN_LEN + 1];
    u_char        plain[4096], hdr[256];
    size_t        i, j, len, olen, plainlen, n, bad;
    jac_err_t     err;
    jac_key_t    *key, *ring[16], *hmac;
    jac_token_t   jwt;
    const char   *reason, *tag_reason;

    static const size_t  lens[] = { 16, 24, 32, 48, 64 };
    static const char    five[] = "token is not five dot-separated parts "
                                  "(a compact JWE)";

    for (i = 0; i < sizeof(cek); i++) {
        cek[i] = (u_char) (i * 3 + 1);
    }

    jwe_cek = cek;

    for (i = 0; i < 5; i++) {
        jwe_keys[lens[i]] = jac_key_dir(cek, lens[i], NULL, 0, &reason);
    }

    /* what is sealed here decrypts: every enc, a 32-byte key for two */

    bad = 0;

    for (i = 0; i < JWE_ENCS; i++) {
        snprintf((char *) hdr, sizeof(hdr),
                 "{\"alg\":\"dir\",\"enc\":\"%s\"}", jwe_encs[i].name);
        bad += jwe_sealed((char *) hdr, "", jwe_encs[i].name, JWE_PAD_RIGHT,
                          &reason)
               != JAC_OK;
    }

    ok(bad == 0, "jwe: tokens sealed here with OpenSSL decrypt, each enc; "
       "one 32-byte key does A128CBC-HS256 and A256GCM");

    /* an empty plaintext: a block of padding, or no ciphertext at all */

    bad = 0;

    for (i = 0; i < JWE_ENCS; i++) {
        snprintf((char *) hdr, sizeof(hdr),
                 "{\"alg\":\"dir\",\"enc\":\"%s\"}", jwe_encs[i].name);
        len = jwe_seal(token, (char *) hdr, "", jwe_encs[i].name, cek,
                       (const u_char *) "", 0, JWE_PAD_RIGHT);
        err = jwe_try(token, len, &jwe_keys[jwe_encs[i].key_len], 1, &jwt,
                      plain, &plainlen, &reason);
        bad += (err != JAC_OK || plainlen != 0);
        jac_token_free(&jwt);
    }

    ok(bad == 0, "jwe: an empty plaintext decrypts to nothing");

    /* bad padding under a right tag: the reason of a wrong tag */

    len = jwe_seal(token, "{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}", "",
                   "A128CBC-HS256", cek, (const u_char *) "x", 1,
                   JWE_PAD_RIGHT);
    token[jwe_part_at(token, 4)] ^= 0x01;

    ok(jwe_try(token, len, &jwe_keys[32], 1, &jwt, plain, &plainlen,
               &tag_reason)
       == JAC_ERR_BAD_SIGNATURE
       && strcmp(tag_reason, "JWE does not decrypt with the key") == 0,
       "jwe: a changed tag: bad_signature, the JWE does not decrypt");

    bad = 0;

    for (i = 0; i < 3; i++) {
        for (j = JWE_PAD_ZERO; j <= JWE_PAD_MIXED; j++) {
            snprintf((char *) hdr, sizeof(hdr),
                     "{\"alg\":\"dir\",\"enc\":\"%s\"}", jwe_encs[i].name);
            err = jwe_sealed((char *) hdr, "", jwe_encs[i].name, (int) j,
                             &reason);
            bad += (err != JAC_ERR_BAD_SIGNATURE || reason != tag_reason);
        }
    }

    ok(bad == 0, "jwe: bad padding under a right tag (last byte 0, 17, or "
       "padding bytes that differ): the same error and reason");

    /* the header */

    ok(jwe_refused("{\"alg\":\"RSA1_5\",\"enc\":\"A128CBC-HS256\"}",
                   JAC_ERR_ALG_NOT_ALLOWED,
                   "JWE alg RSA1_5 is not accepted, only dir"),
       "jwe: alg RSA1_5 refused, named");
    ok(jwe_refused("{\"alg\":\"RSA-OAEP\",\"enc\":\"A128CBC-HS256\"}",
                   JAC_ERR_ALG_NOT_ALLOWED,
                   "JWE alg RSA-OAEP is not accepted, only dir"),
       "jwe: alg RSA-OAEP refused, named");
    ok(jwe_refused("{\"alg\":\"A128KW\",\"enc\":\"A128CBC-HS256\"}",
                   JAC_ERR_ALG_NOT_ALLOWED, "A128KW"),
       "jwe: alg A128KW refused, named");
    ok(jwe_refused("{\"alg\":\"HS256\",\"enc\":\"A128CBC-HS256\"}",
                   JAC_ERR_ALG_NOT_ALLOWED,
                   "JWE alg is not supported, only dir"),
       "jwe: a JWS alg refused");
    ok(jwe_refused("{\"alg\":\"DIR\",\"enc\":\"A128CBC-HS256\"}",
                   JAC_ERR_ALG_NOT_ALLOWED, "only dir"),
       "jwe: alg DIR is not dir");
    ok(jwe_refused("{\"enc\":\"A128CBC-HS256\"}", JAC_ERR_MALFORMED,
                   "no alg string")
       && jwe_refused("{\"alg\":5,\"enc\":\"A128CBC-HS256\"}",
                      JAC_ERR_MALFORMED, "no alg string"),
       "jwe: no alg, or not a string");
    ok(jwe_refused("{\"alg\":\"dir\",\"enc\":\"A128CBC\"}",
                   JAC_ERR_ALG_NOT_ALLOWED, "JWE enc is not supported"),
       "jwe: an unknown enc refused");
    ok(jwe_refused("{\"alg\":\"dir\"}", JAC_ERR_MALFORMED, "no enc string")
       && jwe_refused("{\"alg\":\"dir\",\"enc\":null}", JAC_ERR_MALFORMED,
                      "no enc string"),
       "jwe: no enc, or not a string");
    ok(jwe_refused("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\",\"zip\":"
                   "\"DEF\"}", JAC_ERR_BAD_HEADER, "zip"),
       "jwe: zip refused: nothing is decompressed");
    ok(jwe_refused("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\",\"crit\":"
                   "[\"exp\"],\"exp\":1}", JAC_ERR_MALFORMED, "crit"),
       "jwe: crit refused");
    ok(jwe_refused("{\"alg\":\"dir\",\"alg\":\"dir\",\"enc\":"
                   "\"A128CBC-HS256\"}", JAC_ERR_MALFORMED, "twice"),
       "jwe: a header member twice refused");
    ok(jwe_refused("[\"dir\"]", JAC_ERR_MALFORMED, "not a JSON object")
       && jwe_refused("{\"alg\":\"dir\"", JAC_ERR_MALFORMED, "valid JSON"),
       "jwe: a header that is not an object, or not JSON");
    ok(jwe_refused("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\",\"kid\":5}",
                   JAC_ERR_BAD_HEADER, "kid is not a string")
       && jwe_refused("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\","
                      "\"cty\":[]}", JAC_ERR_BAD_HEADER,
                      "cty is not a string"),
       "jwe: a kid or a cty not a string refused");
    ok(jwe_refused("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\",\"x5c\":"
                   "[1]}", JAC_ERR_BAD_HEADER, "x5c is not an array")
       && jwe_refused("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\","
                      "\"jwk\":\"k\"}", JAC_ERR_BAD_HEADER,
                      "jwk is not an object"),
       "jwe: an x5c not of strings, a jwk not an object refused");
    ok(jwe_refused("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\",\"typ\":"
                   "\"JWT\",\"x\":{\"y\":1}}", JAC_OK, NULL),
       "jwe: typ and unknown members are let be");

    ok(jwe_sealed("{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}", "AAAA",
                  "A128CBC-HS256", JWE_PAD_RIGHT, &reason)
       == JAC_ERR_MALFORMED && strstr(reason, "encrypted key") != NULL,
       "jwe: a non-empty encrypted key refused");

    /* jose's zip token, which would decrypt */

    err = jwe_fixture(JWE_ZIP, &key, &jwt, plain, &plainlen, &reason);

    ok(err == JAC_ERR_BAD_HEADER && strstr(reason, "zip") != NULL,
       "jwe: jose's zip DEF token refused");

    jac_key_free(key);

    /* the parts: four, six, none; a token too large */

    len = jwe_seal(token, "{\"alg\":\"dir\",\"enc\":\"A128GCM\"}", "",
                   "A128GCM", cek, (const u_char *) "{}", 2, JWE_PAD_RIGHT);

    bad = 0;
    bad += jwe_try(token, jwe_part_at(token, 4) - 1, &jwe_keys[16], 1, &jwt,
                   plain, &plainlen, &reason)
           != JAC_ERR_MALFORMED || strcmp(reason, five);
    memcpy(token + len, ".AAAA", 5);
    bad += jwe_try(token, len + 5, &jwe_keys[16], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED || strcmp(reason, five);
    bad += jwe_try((const u_char *) "....", 4, &jwe_keys[16], 1, &jwt,
                   plain, &plainlen, &reason)
           != JAC_ERR_MALFORMED
           || strcmp(reason, "JWE header is not valid JSON, or has a member "
                     "twice");
    bad += jwe_try((const u_char *) "", 0, &jwe_keys[16], 1, &jwt, plain,
                   &plainlen, &reason)
           != JAC_ERR_MALFORMED || strcmp(reason, five);

    ok(bad == 0, "jwe: four parts, six, none refused as not five; five "
       "empty ones for their header");

    ok(jwe_try(token, len, &jwe_keys[16], 1, &jwt, plain, &plainlen,
               &reason) == JAC_OK, "jwe: (that token, whole, decrypts)");
    jac_token_free(&jwt);

    memset(other, 'A', JAC_MAX_TOKEN_LEN + 1);
    memcpy(other, token, len);

    ok(jwe_try(other, JAC_MAX_TOKEN_LEN + 1, &jwe_keys[16], 1, &jwt, plain,
               &plainlen, &reason)
       == JAC_ERR_MALFORMED && strcmp(reason, "token is too large") == 0,
       "jwe: a token over JAC_MAX_TOKEN_LEN refused");

    ok(jac_token_parts((const u_char *) "a.b.c", 5) == 3
       && jac_token_parts((const u_char *) "a.b.c.d.e", 9) == 5
       && jac_token_parts((const u_char *) "....", 4) == 5
       && jac_token_parts((const u_char *) "a.b", 3) == 0
       && jac_token_parts((const u_char *) "a.b.c.d", 7) == 0
       && jac_token_parts((const u_char *) "a.b.c.d.e.f", 11) == 0
       && jac_token_parts((const u_char *) "abc", 3) == 0
       && jac_token_parts((const u_char *) "", 0) == 0
       && jac_token_parts(token, len) == 5,
       "jwe: jac_token_parts tells a JWS (3) from a JWE (5)");

    /* the IV, the tag, the ciphertext of the wrong sizes */

    bad = 0;

    olen = jwe_replace(other, token, len, 2, "AAAAAAAAAAAAAAAAAAAAAA");
    bad += jwe_try(other, olen, &jwe_keys[16], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED
           || strcmp(reason, "JWE IV is not 12 bytes, as A128GCM needs");

    olen = jwe_replace(other, token, len, 4, "AAAAAAAAAAAAAAAA");
    bad += jwe_try(other, olen, &jwe_keys[16], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED
           || strcmp(reason, "JWE tag is not 16 bytes, as A128GCM needs");

    olen = jwe_replace(other, token, len, 2, "AAAAAAAAAAAAAAAB");
    bad += jwe_try(other, olen, &jwe_keys[16], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_BAD_SIGNATURE;

    olen = jwe_replace(other, token, len, 2, "AAAAAAAAAAAAAAA+");
    bad += jwe_try(other, olen, &jwe_keys[16], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED;

    ok(bad == 0, "jwe: GCM: an IV of 16 bytes, a tag of 12 refused; an IV "
       "of 12 that is not base64url refused, another one does not decrypt");

    len = jwe_seal(token, "{\"alg\":\"dir\",\"enc\":\"A192CBC-HS384\"}", "",
                   "A192CBC-HS384", cek, (const u_char *) "{}", 2,
                   JWE_PAD_RIGHT);

    bad = 0;

    olen = jwe_replace(other, token, len, 2, "AAAAAAAAAAAAAAAA");
    bad += jwe_try(other, olen, &jwe_keys[48], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED
           || strcmp(reason, "JWE IV is not 16 bytes, as A192CBC-HS384 "
                     "needs");

    olen = jwe_replace(other, token, len, 4,
                       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                       "AAAAAAAAAAA");
    bad += jwe_try(other, olen, &jwe_keys[48], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED
           || strcmp(reason, "JWE tag is not 24 bytes, as A192CBC-HS384 "
                     "needs");

    olen = jwe_replace(other, token, len, 3, "AAAAAAAAAAAAAAAAAAAAAAAA");
    bad += jwe_try(other, olen, &jwe_keys[48], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED
           || strstr(reason, "whole AES blocks") == NULL;

    olen = jwe_replace(other, token, len, 3, "");
    bad += jwe_try(other, olen, &jwe_keys[48], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED;

    olen = jwe_replace(other, token, len, 3, "A");
    bad += jwe_try(other, olen, &jwe_keys[48], 1, &jwt, plain, &plainlen,
                   &reason)
           != JAC_ERR_MALFORMED
           || strcmp(reason, "JWE ciphertext is not base64url");

    ok(bad == 0, "jwe: CBC: an IV of 12 bytes, a tag of 48 (the untruncated "
       "HMAC), a ciphertext of 18 bytes, none, or not base64url: refused");

    /* a changed byte in each part, of jose's tokens */

    bad = 0;

    for (i = 0; i < JWE_ZIP; i++) {
        len = strlen(jwe_jose[i].token);
        n = jac_base64url_decode(cek, (const u_char *) jwe_jose[i].key,
                                 strlen(jwe_jose[i].key));
        key = jac_key_dir(cek, n, (const u_char *) jwe_jose[i].kid,
                          jwe_jose[i].kid ? strlen(jwe_jose[i].kid) : 0,
                          &reason);

        for (j = 2; j <= 4; j++) {
            memcpy(token, jwe_jose[i].token, len);
            n = jwe_part_at(token, (int) j);
            token[n] = (token[n] == 'A') ? 'B' : 'A';

            bad += jwe_try(token, len, &key, 1, &jwt, plain, &plainlen,
                           &reason)
                   != JAC_ERR_BAD_SIGNATURE;
        }

        /* the same header in other bytes: another AAD */

        memcpy(token, jwe_jose[i].token, len);
        n = jwe_part_at(token, 1) - 1;
        plainlen = jac_base64url_decode(plain, token, n);
        plain[plainlen] = ' ';
        olen = b64url(hdr, plain, plainlen + 1);
        hdr[olen] = '\0';
        olen = jwe_replace(other, token, len, 0, (char *) hdr);

        bad += jwe_try(other, olen, &key, 1, &jwt, plain, &plainlen, &reason)
               != JAC_ERR_BAD_SIGNATURE;

        /* and each character of the token in turn */

        for (j = 0; j < len; j++) {
            memcpy(token, jwe_jose[i].token, len);
            token[j] = (token[j] == 'A') ? 'B' : 'A';

            if (jwe_try(token, len, &key, 1, &jwt, plain, &plainlen,
                        &reason)
                == JAC_OK)
            {
                jac_token_free(&jwt);
                bad++;
            }

            if (jwe_try(token, j, &key, 1, &jwt, plain, &plainlen, &reason)
                == JAC_OK)
            {
                jac_token_free(&jwt);
                bad++;
            }
        }

        jac_key_free(key);
    }

    ok(bad == 0, "jwe: jose's tokens with a byte of the IV, ciphertext or "
       "tag changed, or the header in other bytes: bad_signature; no "
       "changed or cut token decrypts");

    /* keys: a wrong one, a wrong kid, a wrong length */

    ring[0] = jac_key_dir(cek + 1, 32, NULL, 0, &reason);

    ok(jwe_try((const u_char *) jwe_jose[0].token,
               strlen(jwe_jose[0].token), ring, 1, &jwt, plain, &plainlen,
               &reason)
       == JAC_ERR_BAD_SIGNATURE && reason == tag_reason,
       "jwe: another key of the length does not decrypt");

    jac_key_free(ring[0]);

    n = jac_base64url_decode(cek, (const u_char *) jwe_jose[JWE_KID].key,
                             strlen(jwe_jose[JWE_KID].key));
    ring[0] = jac_key_dir(cek, n, (const u_char *) "k-2", 3, &reason);
    ring[1] = jac_key_dir(cek, n, NULL, 0, &reason);

    ok(jwe_try((const u_char *) jwe_jose[JWE_KID].token,
               strlen(jwe_jose[JWE_KID].token), ring, 2, &jwt, plain,
               &plainlen, &reason)
       == JAC_ERR_UNKNOWN_KEY && strcmp(reason, "no key has the JWE's kid")
                                 == 0,
       "jwe: the right key under another kid is not tried");

    jac_key_free(ring[0]);
    jac_key_free(ring[1]);

    ring[0] = jac_key_dir(cek, 16, (const u_char *) "k-1", 3, &reason);

    ok(jwe_try((const u_char *) jwe_jose[JWE_KID].token,
               strlen(jwe_jose[JWE_KID].token), ring, 1, &jwt, plain,
               &plainlen, &reason)
       == JAC_ERR_UNKNOWN_KEY
       && strcmp(reason, "the key of the JWE's kid is not of the length its "
                 "enc needs") == 0,
       "jwe: the key of its kid of another length: unknown_key, said");

    jac_key_free(ring[0]);

    ring[0] = jac_key_dir(cek, 32, NULL, 0, &reason);

    ok(jwe_try((const u_char *) jwe_jose[3].token, strlen(jwe_jose[3].token),
               ring, 1, &jwt, plain, &plainlen, &reason)
       == JAC_ERR_UNKNOWN_KEY
       && strcmp(reason, "no key has the length the JWE's enc needs") == 0,
       "jwe: an A128GCM token and a 32-byte key only: unknown_key");

    jac_key_free(ring[0]);

    bad = 0;
    n = 0;

    for (i = 0; i <= 65; i++) {
        key = jac_key_dir(cek, i, NULL, 0, &reason);

        if (key == NULL) {
            continue;
        }

        n++;
        bad += (jac_key_algs(key) != 0 || (i != 16 && i != 24 && i != 32
                                           && i != 48 && i != 64));
        jac_key_free(key);
    }

    ok(n == 5 && bad == 0, "jwe: dir keys of 16, 24, 32, 48, 64 bytes only, "
       "none verifying a signature");

    ok(jac_key_dir(cek, 32, NULL, 3, &reason) == NULL,
       "jwe: a kid length without a kid refused");

    /* an HMAC secret never decrypts, a dir key never verifies */

    n = jac_base64url_decode(cek, (const u_char *) jwe_jose[0].key,
                             strlen(jwe_jose[0].key));
    hmac = jac_key_hmac(cek, n, &reason);

    ok(hmac != NULL
       && jwe_try((const u_char *) jwe_jose[0].token,
                  strlen(jwe_jose[0].token), &hmac, 1, &jwt, plain,
                  &plainlen, &reason)
          == JAC_ERR_UNKNOWN_KEY,
       "jwe: an HMAC secret of the key's bytes does not decrypt");

    jac_key_free(hmac);

    memcpy(cek, "0123456789abcdef0123456789abcdef", 32);
    key = jac_key_dir(cek, 32, NULL, 0, &reason);
    len = hs256(token, "{\"alg\":\"HS256\"}", "{\"sub\":\"u\",\"exp\":2000}",
                "0123456789abcdef0123456789abcdef");

    ok(jac_decode(&jwt, token, len, other, JAC_ALG_ALL, &key, 1, NULL,
                  &reason)
       == JAC_ERR_BAD_SIGNATURE,
       "jwe: a dir key of the secret's bytes does not verify an HS256 JWS");

    jac_key_free(key);

    /* kid-less: at most JAC_MAX_KEY_TRIES keys of the length tried */

    for (i = 0; i < 3; i++) {
        const char  *enc = (i == 0) ? "A128GCM" : "A128CBC-HS256";

        n = (i == 0) ? 16 : 32;

        for (j = 0; j <= JAC_MAX_KEY_TRIES; j++) {
            ring[j] = jac_key_dir(cek + j + 1, n, NULL, 0, &reason);
        }

        snprintf((char *) hdr, sizeof(hdr),
                 "{\"alg\":\"dir\",\"enc\":\"%s\"}", enc);
        len = jwe_seal(token, (char *) hdr, "", enc, cek,
                       (const u_char *) "{\"a\":1}", 7, JWE_PAD_RIGHT);

        /* the right key last of eight (or ninth): found (or not tried) */

        jac_key_free(ring[JAC_MAX_KEY_TRIES - 1 + (i == 2)]);
        ring[JAC_MAX_KEY_TRIES - 1 + (i == 2)] = jac_key_dir(cek, n, NULL, 0,
                                                            &reason);

        err = jwe_try(token, len, ring, JAC_MAX_KEY_TRIES + (i == 2), &jwt,
                      plain, &plainlen, &reason);

        if (i < 2) {
            ok(err == JAC_OK && jwt.key == ring[JAC_MAX_KEY_TRIES - 1]
               && plainlen == 7 && memcmp(plain, "{\"a\":1}", 7) == 0,
               (i == 0) ? "jwe: GCM: the eighth key tried decrypts, after "
                          "seven that do not"
                        : "jwe: CBC: the eighth key tried decrypts");
            jac_token_free(&jwt);

        } else {
            ok(err == JAC_ERR_BAD_SIGNATURE,
               "jwe: a ninth key of the length is not tried");
        }

        for (j = 0; j <= JAC_MAX_KEY_TRIES; j++) {
            jac_key_free(ring[j]);
        }
    }

    /* cty JWT, whatever the case, with or without "application/" */

    for (i = 0; i < sizeof(cek); i++) {
        cek[i] = (u_char) (i * 3 + 1);
    }

    bad = 0;

    for (i = 0; i < 6; i++) {
        static const char  *const cty[] = {
            "JWT", "jwt", "application/JWT", "JWTX", "text/jwt",
            "application/jwtx"
        };

        snprintf((char *) hdr, sizeof(hdr),
                 "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"cty\":\"%s\"}",
                 cty[i]);
        len = jwe_seal(token, (char *) hdr, "", "A256GCM", cek,
                       (const u_char *) "x", 1, JWE_PAD_RIGHT);
        err = jwe_try(token, len, &jwe_keys[32], 1, &jwt, plain, &plainlen,
                      &reason);
        bad += (err != JAC_OK || jac_jwe_nested(&jwt) != (i < 3));
        jac_token_free(&jwt);
    }

    ok(bad == 0, "jwe: nested for cty JWT, jwt, application/JWT; not for "
       "JWTX, text/jwt, application/jwtx");

    for (i = 0; i < 5; i++) {
        jac_key_free(jwe_keys[lens[i]]);
    }

    ok(jwe_leftovers == 0, "jwe: no error left anything, no plaintext "
       "outside the work area");
}


/* a dir key from an oct JWK */

static int
jwk_refused(const char *text)
{
    const char  *reason;

    return jac_key_dir_jwk((const u_char *) text, strlen(text), &reason)
           == NULL;
}


static void
test_jwe_jwk(void)
{
    char          text[256];
    u_char        work[1024], *plain;
    size_t        n;
    jac_key_t    *key;
    jac_token_t   jwt;
    const char   *reason;

    snprintf(text, sizeof(text), "{\"kty\":\"oct\",\"kid\":\"k-1\","
             "\"k\":\"%s\"}", jwe_jose[JWE_KID].key);

    key = jac_key_dir_jwk((const u_char *) text, strlen(text), &reason);

    ok(key != NULL
       && jac_jwe_decrypt(&jwt, (const u_char *) jwe_jose[JWE_KID].token,
                          strlen(jwe_jose[JWE_KID].token), work, &key, 1,
                          &plain, &n, &reason)
          == JAC_OK
       && n == strlen(jwe_jose[JWE_KID].plain)
       && memcmp(plain, jwe_jose[JWE_KID].plain, n) == 0,
       "jwe: an oct JWK with its kid decrypts the token of that kid");

    if (key != NULL) {
        jac_token_free(&jwt);
        jac_key_free(key);
    }

    ok(jwk_refused("{\"kty\":\"RSA\",\"k\":\"AAAA\"}")
       && jwk_refused("{\"kty\":\"oct\",\"k\":\"AAAA\"}")
       && jwk_refused("{\"kty\":\"oct\"}")
       && jwk_refused("{\"kty\":\"oct\",\"k\":\"?\"}")
       && jwk_refused("[]"),
       "jwe: a JWK that is not oct, of a wrong length, without k: refused");
}


int
main(void)
{
    test_base64url();
    test_token_part();
    test_rfc7515();
    test_value_text();
    test_paths();
    test_members();
    test_strict();
    test_keysets();
    test_junk();
    test_revocation();
    test_jwe_vectors();
    test_jwe_hkdf();
    test_jwe_tokens();
    test_jwe_refusals();
    test_jwe_jwk();

    printf("1..%d\n", tests);

    return failures ? 1 : 0;
}
