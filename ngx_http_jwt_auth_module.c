
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The module and its request flow.  For every request in the scope of
 * jwt_auth, top to bottom:
 *
 *   post-read: the client's copies of the server's identity headers are
 *     removed, whatever their spelling, before anything reads them;
 *
 *   preaccess: the token is taken from the request and checked (check):
 *     the keys for the location (which may wait for a JWKS fetch), the
 *     verification (verify: the token cache, or the signature and the
 *     claims, done once per request for the same token and verifier, so
 *     an internal redirect costs no second verification), the identity
 *     (the user id and the header values, for the location); the outcome
 *     is kept in the request's context, where limit_req and the variables
 *     see it;
 *
 *   access: the location decides (decide): its requirements, then the
 *     identity headers for the upstream, or the refusal with the RFC 6750
 *     challenge; a subrequest, which has no access phase, is decided in
 *     the preaccess phase.
 *
 * check() and verify() return NGX_OK when the outcome is in the context,
 * whatever it is, NGX_AGAIN while keys are fetched, NGX_ERROR when out of
 * memory; the outcome itself is only ever in the context.
 */


#include "ngx_http_jwt_auth_module.h"


static ngx_int_t ngx_http_jwt_auth_post_read_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_jwt_auth_preaccess_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_jwt_auth_access_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_jwt_auth_check(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf);
static ngx_int_t ngx_http_jwt_auth_get_token(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_str_t *token,
    const char **reason);
static ngx_int_t ngx_http_jwt_auth_bearer(ngx_http_request_t *r,
    ngx_str_t *token);
static ngx_int_t ngx_http_jwt_auth_verify(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_str_t *token);
static void ngx_http_jwt_auth_forget(ngx_http_jwt_auth_ctx_t *ctx);
static void ngx_http_jwt_auth_outcome(ngx_http_jwt_auth_ctx_t *ctx);
static ngx_int_t ngx_http_jwt_auth_decide(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx);
static ngx_int_t ngx_http_jwt_auth_reject(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx);
static void ngx_http_jwt_auth_cleanup(void *data);
static ngx_int_t ngx_http_jwt_auth_init(ngx_conf_t *cf);
static ngx_int_t ngx_http_jwt_auth_init_module(ngx_cycle_t *cycle);


static ngx_http_module_t  ngx_http_jwt_auth_module_ctx = {
    ngx_http_jwt_auth_add_variables,       /* preconfiguration */
    ngx_http_jwt_auth_init,                /* postconfiguration */

    NULL,                                  /* create main configuration */
    NULL,                                  /* init main configuration */

    ngx_http_jwt_auth_create_srv_conf,     /* create server configuration */
    NULL,                                  /* merge server configuration */

    ngx_http_jwt_auth_create_loc_conf,     /* create location configuration */
    ngx_http_jwt_auth_merge_loc_conf       /* merge location configuration */
};


ngx_module_t  ngx_http_jwt_auth_module = {
    NGX_MODULE_V1,
    &ngx_http_jwt_auth_module_ctx,         /* module context */
    ngx_http_jwt_auth_commands,            /* module directives */
    NGX_HTTP_MODULE,                       /* module type */
    NULL,                                  /* init master */
    ngx_http_jwt_auth_init_module,         /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


/*
 * Post-read: the client's copies of the server's identity headers go
 * before anything can read them.
 */

static ngx_int_t
ngx_http_jwt_auth_post_read_handler(ngx_http_request_t *r)
{
    if (ngx_http_jwt_auth_strip_headers(r) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    return NGX_DECLINED;
}


/*
 * Preaccess: after an internal redirect, drops the identity headers an
 * earlier location set; then checks the token, so that limit_req and
 * limit_conn see its claims.  nginx runs no access phase for subrequests
 * (auth_request, SSI includes), so a subrequest into a protected
 * location is decided here, as the main request is in the access phase;
 * the module's own subrequests (key requests, revocation feeds) are not
 * checked.  A checked request starts the fetch of the revocation feed
 * when it is due, and does not wait for it.
 */

static ngx_int_t
ngx_http_jwt_auth_preaccess_handler(ngx_http_request_t *r)
{
    ngx_int_t                      rc;
    ngx_http_jwt_auth_loc_conf_t  *jlcf;

    if (r == r->main) {
        if (r->internal && ngx_http_jwt_auth_strip_headers(r) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

    } else if (ngx_http_jwt_auth_is_fetch(r)) {
        return NGX_DECLINED;
    }

    jlcf = ngx_http_get_module_loc_conf(r, ngx_http_jwt_auth_module);

    if (jlcf->realm == NULL) {
        return NGX_DECLINED;
    }

    if (jlcf->revocation_feed != NULL && jlcf->revocation_zone != NULL
        && ngx_http_jwt_auth_feed(r, jlcf->revocation_feed) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    rc = ngx_http_jwt_auth_check(r, jlcf);

    if (rc == NGX_ERROR) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rc == NGX_AGAIN) {
        /* called again once the JWKS has come */
        return NGX_AGAIN;
    }

    if (r != r->main) {
        rc = ngx_http_jwt_auth_decide(r, jlcf, ngx_http_jwt_auth_get_ctx(r));
        return (rc == NGX_OK) ? NGX_DECLINED : rc;
    }

    return NGX_DECLINED;
}


/*
 * Access: the location's decision on the outcome of the check, which
 * normally ran in the preaccess phase of this pass through the phases.
 */

static ngx_int_t
ngx_http_jwt_auth_access_handler(ngx_http_request_t *r)
{
    ngx_int_t                      rc;
    ngx_http_jwt_auth_ctx_t       *ctx;
    ngx_http_jwt_auth_loc_conf_t  *jlcf;

    jlcf = ngx_http_get_module_loc_conf(r, ngx_http_jwt_auth_module);

    if (jlcf->realm == NULL) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_jwt_auth_get_ctx(r);

    if (ctx == NULL || !ctx->checked || ctx->conf != jlcf) {
        rc = ngx_http_jwt_auth_check(r, jlcf);

        if (rc == NGX_ERROR) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        if (rc == NGX_AGAIN) {
            return NGX_AGAIN;
        }

        ctx = ngx_http_jwt_auth_get_ctx(r);
    }

    return ngx_http_jwt_auth_decide(r, jlcf, ctx);
}


/*
 * The token of the request, checked for this location: verified unless
 * this request verified the same token with the same verifier already
 * (before an internal redirect, or in the preaccess phase), then its
 * identity taken for the location's user claim and headers.
 */

static ngx_int_t
ngx_http_jwt_auth_check(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf)
{
    ngx_int_t                 rc;
    ngx_str_t                 token;
    ngx_uint_t                fresh;
    const char               *reason;
    ngx_pool_cleanup_t       *cln;
    ngx_http_jwt_auth_ctx_t  *ctx;

    ctx = ngx_http_jwt_auth_get_ctx(r);

    if (ctx == NULL) {
        cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_jwt_auth_ctx_t));
        if (cln == NULL) {
            return NGX_ERROR;
        }

        ctx = cln->data;
        ngx_memzero(ctx, sizeof(ngx_http_jwt_auth_ctx_t));

        ctx->request = r;
        cln->handler = ngx_http_jwt_auth_cleanup;
        ngx_http_set_ctx(r, ctx, ngx_http_jwt_auth_module);

    } else if (ctx->waiting) {
        return NGX_AGAIN;
    }

    ctx->conf = jlcf;

    rc = ngx_http_jwt_auth_get_token(r, jlcf, &token, &reason);

    if (rc == NGX_ERROR) {
        return NGX_ERROR;
    }

    if (rc == NGX_DECLINED || rc == NGX_ABORT) {
        ngx_http_jwt_auth_forget(ctx);

        if (rc == NGX_ABORT) {
            /* a token there, but not one that can be taken */
            ctx->verifier = jlcf->verifier;
            ctx->verify_err = JAC_ERR_MALFORMED;
            ctx->verify_reason = reason;
        }

        ngx_http_jwt_auth_outcome(ctx);
        ctx->checked = 1;
        return NGX_OK;
    }

    fresh = 0;

    if (ctx->verifier != jlcf->verifier
        || ctx->token.len != token.len
        || (ctx->token.data != token.data
            && ngx_memcmp(ctx->token.data, token.data, token.len) != 0))
    {
        rc = ngx_http_jwt_auth_verify(r, jlcf, ctx, &token);
        if (rc != NGX_OK) {
            return rc;
        }

        fresh = 1;
    }

    if (ctx->verify_err == JAC_OK
        && (ctx->user_claim != jlcf->user_claim
            || ctx->headers != jlcf->headers
            || (jlcf->revocation_zone != NULL
                && (!ctx->has_ids
                    || ctx->session_claim != jlcf->revocation_session))))
    {
        if (ngx_http_jwt_auth_identity(r, jlcf, ctx) != NGX_OK) {
            return NGX_ERROR;
        }

        if (fresh && ctx->identity_err == JAC_OK
            && ctx->cache_status == NGX_HTTP_JWT_AUTH_CACHE_MISS)
        {
            ngx_http_jwt_auth_cache_put(r, jlcf, ctx);
        }
    }

    /* on every request, cache hits too: an entry may have come since */

    ctx->revoked = (ctx->verify_err == JAC_OK
                    && ctx->identity_err == JAC_OK
                    && jlcf->revocation_zone != NULL
                    && ngx_http_jwt_auth_revoked(jlcf, ctx));

    ngx_http_jwt_auth_outcome(ctx);
    ctx->checked = 1;

    return NGX_OK;
}


/*
 * The token of the first of the location's sources that has one: by
 * default "Authorization: Bearer <token>" (RFC 6750, 2.1).  NGX_DECLINED:
 * none; NGX_ABORT: cookies that cannot be taken, why in "reason".
 */

static ngx_int_t
ngx_http_jwt_auth_get_token(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_str_t *token,
    const char **reason)
{
    ngx_int_t                    rc;
    ngx_uint_t                   i;
    ngx_http_variable_value_t   *v;
    ngx_http_jwt_auth_source_t  *src;

    if (jlcf->sources == NULL) {
        return ngx_http_jwt_auth_bearer(r, token);
    }

    src = jlcf->sources->elts;

    for (i = 0; i < jlcf->sources->nelts; i++) {

        switch (src[i].type) {

        case NGX_HTTP_JWT_AUTH_BEARER:
            rc = ngx_http_jwt_auth_bearer(r, token);
            break;

        case NGX_HTTP_JWT_AUTH_COOKIE:
            rc = ngx_http_jwt_auth_cookie_token(r, &src[i].name, token,
                                                reason);
            break;

        default: /* NGX_HTTP_JWT_AUTH_VARIABLE */
            v = ngx_http_get_indexed_variable(r, src[i].index);

            if (v == NULL || v->not_found || v->len == 0) {
                rc = NGX_DECLINED;
                break;
            }

            token->data = v->data;
            token->len = v->len;
            rc = NGX_OK;
        }

        if (rc != NGX_DECLINED) {
            return rc;
        }
    }

    return NGX_DECLINED;
}


/* "Authorization: Bearer <token>"; the scheme is case-insensitive */

static ngx_int_t
ngx_http_jwt_auth_bearer(ngx_http_request_t *r, ngx_str_t *token)
{
    u_char           *p, *last;
    ngx_table_elt_t  *h;

    h = r->headers_in.authorization;

    /* "Bearer " as everyone writes it, or in any case */

    if (h == NULL
        || h->value.len < sizeof("Bearer ") - 1
        || (ngx_memcmp(h->value.data, "Bearer ", sizeof("Bearer ") - 1) != 0
            && ngx_strncasecmp(h->value.data, (u_char *) "Bearer ",
                               sizeof("Bearer ") - 1)
               != 0))
    {
        return NGX_DECLINED;
    }

    p = h->value.data + sizeof("Bearer ") - 1;
    last = h->value.data + h->value.len;

    while (p < last && *p == ' ') {
        p++;
    }

    while (last > p && last[-1] == ' ') {
        last--;
    }

    if (p == last) {
        return NGX_DECLINED;
    }

    token->data = p;
    token->len = last - p;

    return NGX_OK;
}


/*
 * The verification of a token: the keys of the location (with a key
 * request, perhaps after a fetch), a hit in the token cache, or the
 * signature and the claims checked by the core.
 */

static ngx_int_t
ngx_http_jwt_auth_verify(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_str_t *token)
{
    u_char                        *work;
    size_t                         nkeys, nck;
    ngx_int_t                      rc;
    jac_err_t                      err;
    jac_key_t                    **keys, **ck;
    const char                    *reason;
    ngx_http_jwt_auth_verifier_t  *v;

    ngx_http_jwt_auth_forget(ctx);

    ctx->token = *token;

    v = jlcf->verifier;
    keys = v->all;
    nkeys = v->nall;

    if (v->jwks != NULL) {
        rc = ngx_http_jwt_auth_jwks_keys(r, jlcf, ctx, 0, &keys, &nkeys);

        if (rc == NGX_AGAIN || rc == NGX_ERROR) {
            return rc;
        }

        if (rc == NGX_DECLINED) {
            err = JAC_ERR_INTERNAL;
            reason = "no usable keys";
            goto done;
        }
    }

    if (jlcf->cache_zone != NULL) {

        /* an entry counts while the key that took the token is a key */

        if (v->type == NGX_HTTP_JWT_AUTH_ENCRYPTED) {
            ck = v->jwe_keys->elts;
            nck = v->jwe_keys->nelts;

        } else {
            ck = keys;
            nck = nkeys;
        }

        if (ngx_http_jwt_auth_cache_get(r, jlcf, ctx, ck, nck) == NGX_OK) {
            ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                           "jwt_auth: cached user \"%V\"", &ctx->user);

            ctx->cache_status = NGX_HTTP_JWT_AUTH_CACHE_HIT;
            err = JAC_OK;
            reason = NULL;
            goto done;
        }

        ctx->cache_status = NGX_HTTP_JWT_AUTH_CACHE_MISS;
    }

    ngx_log_debug0(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "jwt_auth: verifying the token");

    work = ngx_pnalloc(r->pool, ngx_min(token->len, JAC_MAX_TOKEN_LEN));
    if (work == NULL) {
        return NGX_ERROR;
    }

    if (v->type != NGX_HTTP_JWT_AUTH_SIGNED) {
        err = ngx_http_jwt_auth_jwe_decode(r, v, ctx, token, work, keys,
                                           nkeys, &reason);

    } else if (jac_token_parts(token->data, token->len) == 5) {
        err = JAC_ERR_ALG_NOT_ALLOWED;
        reason = "an encrypted token (JWE), where jwt_auth_type is signed";

    } else {
        err = jac_decode(&ctx->jwt, token->data, token->len, work,
                         v->allowed, keys, nkeys, v->header_cache, &reason);
    }

    if (err == JAC_ERR_UNKNOWN_KEY && v->jwks != NULL && !ctx->refetched) {

        /* a kid the fetched keys do not have: perhaps the keys rotated */

        ctx->refetched = 1;

        rc = ngx_http_jwt_auth_jwks_keys(r, jlcf, ctx, 1, &keys, &nkeys);

        if (rc == NGX_AGAIN || rc == NGX_ERROR) {
            return rc;
        }
    }

    if (err == JAC_OK) {
        err = jac_check_claims(&ctx->jwt, &v->policy, ngx_time(), &reason);

        if (err != JAC_OK) {
            jac_token_free(&ctx->jwt);
        }
    }

    if (err == JAC_ERR_INTERNAL) {
        ngx_log_error(NGX_LOG_CRIT, r->connection->log, 0,
                      "jwt_auth: %s", reason);
    }

done:

    ctx->verifier = v;
    ctx->verify_err = err;
    ctx->verify_reason = reason;

    return NGX_OK;
}


/* drops what an earlier verification of the request left */

static void
ngx_http_jwt_auth_forget(ngx_http_jwt_auth_ctx_t *ctx)
{
    jac_token_free(&ctx->jwt);

    ctx->verifier = NULL;
    ngx_str_null(&ctx->token);
    ctx->cache_status = NGX_HTTP_JWT_AUTH_CACHE_BYPASS;
    ctx->verify_err = JAC_OK;
    ctx->verify_reason = NULL;

    ctx->user_claim = NULL;
    ctx->headers = NULL;
    ngx_str_null(&ctx->user);
    ctx->values = NULL;
    ctx->identity_err = JAC_OK;
    ctx->identity_reason = NULL;

    ctx->session_claim = NULL;
    ctx->has_ids = 0;
    ngx_str_null(&ctx->jti);
    ngx_str_null(&ctx->session);
    ctx->has_iat = 0;
    ctx->revoked = 0;
}


/*
 * The outcome for the location, from the verification and the identity:
 * status 0 (valid so far), 401 or 500 (a library failure, or no keys).
 */

static void
ngx_http_jwt_auth_outcome(ngx_http_jwt_auth_ctx_t *ctx)
{
    jac_err_t    err;
    const char  *reason;

    ctx->valid = 0;
    ngx_str_null(&ctx->error);
    ctx->reason = NULL;

    if (ctx->verifier == NULL) {
        ctx->status = NGX_HTTP_UNAUTHORIZED;
        ngx_str_set(&ctx->error, "missing_token");
        return;
    }

    err = ctx->verify_err;
    reason = ctx->verify_reason;

    if (err == JAC_OK) {
        err = ctx->identity_err;
        reason = ctx->identity_reason;
    }

    if (err == JAC_OK && ctx->revoked) {
        err = JAC_ERR_REVOKED;
        reason = "token has been revoked";
    }

    if (err == JAC_OK) {
        ctx->status = 0;
        ctx->valid = 1;
        return;
    }

    if (err == JAC_ERR_INTERNAL) {
        ctx->status = NGX_HTTP_INTERNAL_SERVER_ERROR;
        return;
    }

    ctx->status = NGX_HTTP_UNAUTHORIZED;
    ctx->error.data = (u_char *) jac_err_code(err);
    ctx->error.len = ngx_strlen(ctx->error.data);
    ctx->reason = reason;
}


/*
 * Refuses a missing or invalid token, checks the requirements on a valid
 * one, and hands its identity to the upstream.
 */

static ngx_int_t
ngx_http_jwt_auth_decide(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx)
{
    ngx_int_t                     rc;
    ngx_http_jwt_auth_require_t  *unmet;

    /* the next pass through the phases (an internal redirect) checks anew */
    ctx->checked = 0;

    if (ctx->status == NGX_HTTP_INTERNAL_SERVER_ERROR) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (ctx->status == 0) {
        rc = ngx_http_jwt_auth_requirements(r, jlcf, ctx, &unmet);

        if (rc == NGX_ERROR) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        if (rc == NGX_OK) {
            if (ngx_http_jwt_auth_set_headers(r, jlcf, ctx) != NGX_OK) {
                return NGX_HTTP_INTERNAL_SERVER_ERROR;
            }

            if (ctx->challenge != NULL) {
                /* the challenge of an earlier check of this request */
                ctx->challenge->hash = 0;
            }

            return NGX_OK;
        }

        ctx->status = unmet->status;
        ctx->error = unmet->code;
        ctx->reason = unmet->reason;
    }

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "jwt_auth: rejected, %V: %s", &ctx->error,
                  ctx->reason ? ctx->reason : "no token");

    return ngx_http_jwt_auth_reject(r, jlcf, ctx);
}


/*
 * The challenge of RFC 6750, 3: the realm alone when there was no token;
 * error="invalid_token" (401) or error="insufficient_scope" (403) and the
 * description otherwise.
 */

static ngx_int_t
ngx_http_jwt_auth_reject(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx)
{
    size_t            len;
    u_char           *p, *s, *c;
    ngx_str_t         realm;
    ngx_uint_t        i;
    ngx_table_elt_t  *h;

    if (ngx_http_complex_value(r, jlcf->realm, &realm) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    len = sizeof("Bearer realm=\"\"") - 1 + 2 * realm.len;

    if (ctx->reason != NULL) {
        len += sizeof(", error=\"insufficient_scope\", "
                      "error_description=\"\"") - 1
               + ngx_strlen(ctx->reason);
    }

    s = ngx_pnalloc(r->pool, len);
    if (s == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    p = ngx_cpymem(s, "Bearer realm=\"", sizeof("Bearer realm=\"") - 1);

    /* a quoted-string: escapes, and no control characters (from $uri...) */

    for (i = 0; i < realm.len; i++) {
        if (realm.data[i] < 0x20 || realm.data[i] == 0x7f) {
            continue;
        }

        if (realm.data[i] == '"' || realm.data[i] == '\\') {
            *p++ = '\\';
        }

        *p++ = realm.data[i];
    }

    *p++ = '"';

    if (ctx->reason != NULL) {
        p = ngx_sprintf(p, ", error=\"%s\", error_description=\"",
                        (ctx->status == NGX_HTTP_FORBIDDEN)
                        ? "insufficient_scope" : "invalid_token");

        /*
         * RFC 6750, 3: no quote or backslash; a reason may name a claim
         * path of the configuration, which may have them
         */

        for (c = (u_char *) ctx->reason; *c; c++) {
            *p++ = (*c < 0x20 || *c >= 0x7f || *c == '"' || *c == '\\')
                   ? '?' : *c;
        }

        *p++ = '"';
    }

    /* a later check of the same request replaces its own challenge */

    h = ctx->challenge;

    if (h == NULL || h != r->headers_out.www_authenticate) {
        h = ngx_list_push(&r->headers_out.headers);
        if (h == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        ctx->challenge = h;
        r->headers_out.www_authenticate = h;
    }

    h->hash = 1;
#if (nginx_version >= 1023000)
    h->next = NULL;
#endif
    ngx_str_set(&h->key, "WWW-Authenticate");
    h->value.data = s;
    h->value.len = p - s;

    return ctx->status;
}


ngx_http_jwt_auth_ctx_t *
ngx_http_jwt_auth_get_ctx(ngx_http_request_t *r)
{
    ngx_pool_cleanup_t       *cln;
    ngx_http_jwt_auth_ctx_t  *ctx;

    ctx = ngx_http_get_module_ctx(r, ngx_http_jwt_auth_module);

    if (ctx != NULL || !r->internal) {
        return ctx;
    }

    /*
     * an internal redirect cleared the module contexts; the pool is the
     * main request's, shared with its subrequests, which have contexts
     * of their own
     */

    for (cln = r->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_jwt_auth_cleanup
            && ((ngx_http_jwt_auth_ctx_t *) cln->data)->request == r)
        {
            ctx = cln->data;
            ngx_http_set_ctx(r, ctx, ngx_http_jwt_auth_module);
            return ctx;
        }
    }

    return NULL;
}


/*
 * The header (or payload) of the verified token; NULL when no token was
 * verified.
 */

jac_json_t *
ngx_http_jwt_auth_json(ngx_http_jwt_auth_ctx_t *ctx, ngx_uint_t header)
{
    if (!ctx->valid) {
        return NULL;
    }

    return ngx_http_jwt_auth_part(ctx, header ? JAC_TOKEN_HEADER
                                              : JAC_TOKEN_PAYLOAD);
}


/*
 * A part of the token that passed verification: parsed then, or, on a
 * hit of the token cache, from the token's own bytes (those the cache
 * found) the first time it is asked for.
 */

jac_json_t *
ngx_http_jwt_auth_part(ngx_http_jwt_auth_ctx_t *ctx, int part)
{
    u_char       *work;
    jac_json_t  **json;

    json = (part == JAC_TOKEN_HEADER) ? &ctx->jwt.header : &ctx->jwt.payload;

    if (*json == NULL && ctx->cache_status == NGX_HTTP_JWT_AUTH_CACHE_HIT
        && ctx->verifier->type != NGX_HTTP_JWT_AUTH_SIGNED)
    {
        *json = ngx_http_jwt_auth_jwe_part(ctx, part);

    } else if (*json == NULL
               && ctx->cache_status == NGX_HTTP_JWT_AUTH_CACHE_HIT)
    {
        work = ngx_pnalloc(ctx->request->pool, ctx->token.len);
        if (work == NULL) {
            return NULL;
        }

        *json = jac_token_part(ctx->token.data, ctx->token.len, part, work);
    }

    return *json;
}


jac_json_t *
ngx_http_jwt_auth_claim(jac_json_t *object, ngx_http_jwt_auth_path_t *path)
{
    return jac_path_get(object, (const char *const *) path->names, path->n);
}


static void
ngx_http_jwt_auth_cleanup(void *data)
{
    ngx_http_jwt_auth_ctx_t  *ctx = data;

    jac_token_free(&ctx->jwt);
}


static ngx_int_t
ngx_http_jwt_auth_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_POST_READ_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_jwt_auth_post_read_handler;

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_PREACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_jwt_auth_preaccess_handler;

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_jwt_auth_access_handler;

    return ngx_http_jwt_auth_jwks_init(cf);
}


/*
 * The version, at notice, once the configuration's own error logs are
 * open (as nginx logs its own): on every start, reload and nginx -t, at
 * the level error_log gives.
 */

static ngx_int_t
ngx_http_jwt_auth_init_module(ngx_cycle_t *cycle)
{
    ngx_log_error(NGX_LOG_NOTICE, cycle->log, 0,
                  "jwt_auth module " NGX_HTTP_JWT_AUTH_VERSION);

    return NGX_OK;
}
