
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * Encrypted tokens (jwt_auth_type encrypted | nested): a compact JWE
 * ("dir", jwt_auth_jwe_key) decrypted by the core, its plaintext the
 * claims (encrypted) or a signed token verified with the location's keys
 * (nested, "cty": "JWT"); and, on a hit of the token cache, its parts
 * decrypted again when a variable asks for them.
 */


#include "ngx_http_jwt_auth_module.h"


/*
 * The token for a location of jwt_auth_type encrypted or nested, into
 * ctx->jwt as jac_decode() leaves a signed one.
 */

jac_err_t
ngx_http_jwt_auth_jwe_decode(ngx_http_request_t *r,
    ngx_http_jwt_auth_verifier_t *v, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_str_t *token, u_char *work, jac_key_t **keys, size_t nkeys,
    const char **reason)
{
    u_char      *plain, *inner;
    size_t       len;
    jac_err_t    err;
    ngx_uint_t   nested;

    if (jac_token_parts(token->data, token->len) != 5) {
        *reason = "a signed token (JWS), where jwt_auth_type is encrypted "
                  "or nested";
        return JAC_ERR_ALG_NOT_ALLOWED;
    }

    err = jac_jwe_decrypt(&ctx->jwt, token->data, token->len, work,
                          v->jwe_keys->elts, v->jwe_keys->nelts, &plain, &len,
                          reason);
    if (err != JAC_OK) {
        return err;
    }

    nested = jac_jwe_nested(&ctx->jwt);

    if (v->type == NGX_HTTP_JWT_AUTH_ENCRYPTED) {
        if (nested) {
            jac_token_free(&ctx->jwt);
            *reason = "a nested token (cty JWT), where jwt_auth_type is "
                      "encrypted";
            return JAC_ERR_BAD_HEADER;
        }

        /* on an error, nothing is left in ctx->jwt */
        return jac_jwe_payload(&ctx->jwt, plain, len, reason);
    }

    /* nested: the JWS inside, checked as a signed token is */

    jac_token_free(&ctx->jwt);

    if (!nested) {
        *reason = "no cty JWT: not a nested token, where jwt_auth_type is "
                  "nested";
        return JAC_ERR_BAD_HEADER;
    }

    inner = ngx_pnalloc(r->pool, ngx_max(len, 1));
    if (inner == NULL) {
        *reason = "out of memory";
        return JAC_ERR_INTERNAL;
    }

    return jac_decode(&ctx->jwt, plain, len, inner, v->allowed, keys, nkeys,
                      v->header_cache, reason);
}


/*
 * A part of an encrypted token that the token cache found: the token
 * decrypted again (it decrypted before, with these keys), then its
 * claims, or the header or payload of the signed token inside.
 */

jac_json_t *
ngx_http_jwt_auth_jwe_part(ngx_http_jwt_auth_ctx_t *ctx, int part)
{
    u_char                        *work, *plain;
    size_t                         len;
    jac_json_t                    *json;
    jac_token_t                    jwt;
    const char                    *reason;
    ngx_http_jwt_auth_verifier_t  *v;

    v = ctx->verifier;

    work = ngx_pnalloc(ctx->request->pool, ctx->token.len);
    if (work == NULL) {
        return NULL;
    }

    if (jac_jwe_decrypt(&jwt, ctx->token.data, ctx->token.len, work,
                        v->jwe_keys->elts, v->jwe_keys->nelts, &plain, &len,
                        &reason)
        != JAC_OK)
    {
        return NULL;
    }

    if (v->type == NGX_HTTP_JWT_AUTH_NESTED) {
        jac_token_free(&jwt);

        work = ngx_pnalloc(ctx->request->pool, ngx_max(len, 1));
        if (work == NULL) {
            return NULL;
        }

        return jac_token_part(plain, len, part, work);
    }

    if (part == JAC_TOKEN_HEADER) {
        json = jwt.header;
        jwt.header = NULL;
        jac_token_free(&jwt);
        return json;
    }

    jac_token_free(&jwt);

    if (jac_jwe_payload(&jwt, plain, len, &reason) != JAC_OK) {
        return NULL;
    }

    return jwt.payload;
}
