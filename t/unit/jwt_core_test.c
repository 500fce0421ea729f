
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

    printf("1..%d\n", tests);

    return failures ? 1 : 0;
}
