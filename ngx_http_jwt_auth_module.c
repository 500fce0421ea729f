
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The nginx glue of the JWT core in src/: the directives and their
 * configuration, the preaccess and access handlers, and the identity
 * headers passed upstream.  Keys and variables have files of their own
 * in src/.
 */


#include "ngx_http_jwt_auth_module.h"


static ngx_int_t ngx_http_jwt_auth_preaccess_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_jwt_auth_access_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_jwt_auth_check(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf);
static jwt_err_t ngx_http_jwt_auth_identity(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    const char **reason);
static ngx_int_t ngx_http_jwt_auth_set_headers(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx);
static jwt_err_t ngx_http_jwt_auth_claim_text(ngx_http_request_t *r,
    json_t *value, ngx_str_t *text, const char **reason);
static ngx_int_t ngx_http_jwt_auth_requirements(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_http_jwt_auth_require_t **unmet);
static ngx_int_t ngx_http_jwt_auth_get_token(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_str_t *token);
static ngx_int_t ngx_http_jwt_auth_reject(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx);
static ngx_int_t ngx_http_jwt_auth_strip_headers(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf);
static ngx_table_elt_t *ngx_http_jwt_auth_find_header(ngx_list_t *list,
    ngx_http_jwt_auth_loc_conf_t *jlcf);
static ngx_uint_t ngx_http_jwt_auth_is_set_header(ngx_str_t *name,
    ngx_http_jwt_auth_loc_conf_t *jlcf);
static void ngx_http_jwt_auth_cleanup(void *data);
static void ngx_http_jwt_auth_header_cache_cleanup(void *data);

static void *ngx_http_jwt_auth_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_jwt_auth_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static ngx_int_t ngx_http_jwt_auth_merge_headers(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev);
static ngx_int_t ngx_http_jwt_auth_init(ngx_conf_t *cf);

static char *ngx_http_jwt_auth(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_algorithms(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_strings(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_set_header(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_user_claim(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_require(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_require_claim(ngx_conf_t *cf,
    ngx_command_t *cmd, void *conf);
static ngx_http_jwt_auth_require_t *ngx_http_jwt_auth_add_require(
    ngx_conf_t *cf, ngx_array_t **requires, ngx_str_t *what,
    const char *code, const char *reason);
static ngx_int_t ngx_http_jwt_auth_error_param(ngx_conf_t *cf,
    ngx_uint_t *status);
static ngx_int_t ngx_http_jwt_auth_parse_path(ngx_conf_t *cf,
    ngx_str_t *text, ngx_http_jwt_auth_path_t *path);


static ngx_command_t  ngx_http_jwt_auth_commands[] = {

    { ngx_string("jwt_auth"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_HTTP_LMT_CONF
                        |NGX_CONF_TAKE12,
      ngx_http_jwt_auth,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_secret"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_jwt_auth_secret,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_key_file"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_jwt_auth_key_file,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_key_request"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_jwt_auth_key_request,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_key_cache"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_jwt_auth_loc_conf_t, key_cache),
      NULL },

    { ngx_string("jwt_auth_cache"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_jwt_auth_cache,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_algorithms"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF
                        |NGX_CONF_1MORE,
      ngx_http_jwt_auth_algorithms,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_leeway"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_sec_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_jwt_auth_loc_conf_t, leeway),
      NULL },

    { ngx_string("jwt_auth_issuer"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF
                        |NGX_CONF_1MORE,
      ngx_http_jwt_auth_strings,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_jwt_auth_loc_conf_t, issuers),
      NULL },

    { ngx_string("jwt_auth_audience"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF
                        |NGX_CONF_1MORE,
      ngx_http_jwt_auth_strings,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_jwt_auth_loc_conf_t, audiences),
      NULL },

    { ngx_string("jwt_auth_user_claim"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_jwt_auth_user_claim,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_set_header"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE2,
      ngx_http_jwt_auth_set_header,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_require"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_HTTP_LMT_CONF
                        |NGX_CONF_1MORE,
      ngx_http_jwt_auth_require,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_require_claim"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_HTTP_LMT_CONF
                        |NGX_CONF_2MORE,
      ngx_http_jwt_auth_require_claim,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_claim_set"),
      NGX_HTTP_MAIN_CONF|NGX_CONF_2MORE,
      ngx_http_jwt_auth_claim_set,
      0,
      0,
      NULL },

      ngx_null_command
};


static ngx_http_module_t  ngx_http_jwt_auth_module_ctx = {
    ngx_http_jwt_auth_add_variables,       /* preconfiguration */
    ngx_http_jwt_auth_init,                /* postconfiguration */

    NULL,                                  /* create main configuration */
    NULL,                                  /* init main configuration */

    NULL,                                  /* create server configuration */
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
    NULL,                                  /* init module */
    NULL,                                  /* init process */
    NULL,                                  /* init thread */
    NULL,                                  /* exit thread */
    NULL,                                  /* exit process */
    NULL,                                  /* exit master */
    NGX_MODULE_V1_PADDING
};


/* the default of jwt_auth_user_claim */
static char  *ngx_http_jwt_auth_sub_names[] = { "sub" };

static ngx_http_jwt_auth_path_t  ngx_http_jwt_auth_sub = {
    ngx_string("sub"), ngx_http_jwt_auth_sub_names, 1
};


/*
 * Preaccess: removes the client's copies of the identity headers, then
 * checks the token, so that limit_req and limit_conn see its claims.
 */

static ngx_int_t
ngx_http_jwt_auth_preaccess_handler(ngx_http_request_t *r)
{
    ngx_http_jwt_auth_loc_conf_t  *jlcf;

    if (r != r->main) {
        return NGX_DECLINED;
    }

    jlcf = ngx_http_get_module_loc_conf(r, ngx_http_jwt_auth_module);

    if (jlcf->headers != NULL
        && ngx_http_jwt_auth_strip_headers(r, jlcf) != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (jlcf->realm == NULL) {
        return NGX_DECLINED;
    }

    switch (ngx_http_jwt_auth_check(r, jlcf)) {

    case NGX_OK:
        return NGX_DECLINED;

    case NGX_AGAIN:
        /* called again once the JWKS has come */
        return NGX_AGAIN;

    default:
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }
}


/*
 * Access: refuses a missing or invalid token, checks the requirements on
 * a valid one, and hands its identity to the upstream.
 */

static ngx_int_t
ngx_http_jwt_auth_access_handler(ngx_http_request_t *r)
{
    ngx_int_t                      rc;
    ngx_http_jwt_auth_ctx_t       *ctx;
    ngx_http_jwt_auth_require_t   *unmet;
    ngx_http_jwt_auth_loc_conf_t  *jlcf;

    jlcf = ngx_http_get_module_loc_conf(r, ngx_http_jwt_auth_module);

    if (jlcf->realm == NULL) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_jwt_auth_get_ctx(r);

    if (ctx == NULL || ctx->conf != jlcf || ctx->fetching) {
        /* not checked in the preaccess phase of this location */

        rc = ngx_http_jwt_auth_check(r, jlcf);

        if (rc == NGX_AGAIN) {
            return NGX_AGAIN;
        }

        if (rc != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        ctx = ngx_http_jwt_auth_get_ctx(r);
    }

    if (ctx->rc == NGX_HTTP_INTERNAL_SERVER_ERROR) {
        return ctx->rc;
    }

    if (ctx->rc == NGX_OK) {
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

        ctx->rc = unmet->status;
        ctx->error = unmet->code;
        ctx->reason = unmet->reason;
    }

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "jwt_auth: rejected, %V: %s", &ctx->error,
                  ctx->reason ? ctx->reason : "no bearer token");

    return ngx_http_jwt_auth_reject(r, jlcf, ctx);
}


/*
 * Checks the token of the request against the configuration and keeps
 * the outcome in the request's context: NGX_OK, NGX_AGAIN while the keys
 * of jwt_auth_key_request are fetched, NGX_ERROR when out of memory.
 */

static ngx_int_t
ngx_http_jwt_auth_check(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf)
{
    u_char                   *work;
    size_t                    nkeys;
    ngx_int_t                 rc;
    jwt_err_t                 err;
    ngx_str_t                 token;
    jwt_key_t               **keys;
    const char               *reason;
    ngx_pool_cleanup_t       *cln;
    ngx_http_jwt_auth_ctx_t  *ctx;

    ctx = ngx_http_jwt_auth_get_ctx(r);

    if (ctx != NULL && ctx->fetching) {
        return NGX_AGAIN;
    }

    if (ctx == NULL) {
        cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_jwt_auth_ctx_t));
        if (cln == NULL) {
            return NGX_ERROR;
        }

        ctx = cln->data;
        ngx_memzero(ctx, sizeof(ngx_http_jwt_auth_ctx_t));

        cln->handler = ngx_http_jwt_auth_cleanup;
        ngx_http_set_ctx(r, ctx, ngx_http_jwt_auth_module);

    } else {
        /* checked again after an internal redirect: start afresh */
        jwt_free(&ctx->jwt);
        ngx_str_null(&ctx->user);
        ngx_str_null(&ctx->error);
        ngx_str_null(&ctx->header_text);
        ngx_str_null(&ctx->payload_text);
        ctx->cache_status = NGX_HTTP_JWT_AUTH_CACHE_BYPASS;
    }

    ctx->conf = jlcf;
    ctx->reason = NULL;

    rc = ngx_http_jwt_auth_get_token(r, jlcf, &token);

    if (rc == NGX_ERROR) {
        ctx->rc = NGX_HTTP_INTERNAL_SERVER_ERROR;
        return NGX_OK;
    }

    if (rc == NGX_DECLINED) {
        ctx->rc = NGX_HTTP_UNAUTHORIZED;
        ngx_str_set(&ctx->error, "missing_token");
        return NGX_OK;
    }

    keys = jlcf->keys ? jlcf->keys->elts : NULL;
    nkeys = jlcf->keys ? jlcf->keys->nelts : 0;

    if (jlcf->jwks != NULL) {
        rc = ngx_http_jwt_auth_jwks_keys(r, jlcf, ctx, &keys, &nkeys, 0);

        if (rc == NGX_DECLINED) {
            ctx->rc = NGX_HTTP_INTERNAL_SERVER_ERROR;
            return NGX_OK;
        }

        if (rc != NGX_OK) {
            return rc;
        }
    }

    if (jlcf->cache_zone != NULL) {
        if (ngx_http_jwt_auth_cache_get(r, jlcf, ctx, &token, keys, nkeys)
            == NGX_OK)
        {
            ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                           "jwt_auth: cached user \"%V\"", &ctx->user);

            ctx->cache_status = NGX_HTTP_JWT_AUTH_CACHE_HIT;
            ctx->rc = NGX_OK;
            return NGX_OK;
        }

        ctx->cache_status = NGX_HTTP_JWT_AUTH_CACHE_MISS;
    }

    work = ngx_pnalloc(r->pool, ngx_min(token.len, JWT_MAX_TOKEN_LEN));
    if (work == NULL) {
        return NGX_ERROR;
    }

    err = jwt_decode(&ctx->jwt, token.data, token.len, work, jlcf->allowed,
                     keys, nkeys, jlcf->header_cache, &reason);

    if (err == JWT_ERR_UNKNOWN_KEY && jlcf->jwks != NULL && !ctx->refetched) {

        /* a kid the fetched keys do not have: perhaps the keys rotated */

        ctx->refetched = 1;

        rc = ngx_http_jwt_auth_jwks_keys(r, jlcf, ctx, &keys, &nkeys, 1);

        if (rc == NGX_AGAIN || rc == NGX_ERROR) {
            return rc;
        }
    }

    if (err == JWT_OK) {
        err = jwt_check_claims(&ctx->jwt, &jlcf->policy, ngx_time(), &reason);
    }

    if (err == JWT_OK) {
        err = ngx_http_jwt_auth_identity(r, jlcf, ctx, &reason);
    }

    if (err == JWT_OK) {
        ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "jwt_auth: user \"%V\"", &ctx->user);

        if (jlcf->cache_zone != NULL) {
            ngx_http_jwt_auth_cache_put(r, jlcf, ctx, &token);
        }

        ctx->rc = NGX_OK;
        return NGX_OK;
    }

    /* a refused token leaves no identity behind */

    jwt_free(&ctx->jwt);
    ngx_str_null(&ctx->user);

    if (err == JWT_ERR_INTERNAL) {
        ngx_log_error(NGX_LOG_CRIT, r->connection->log, 0,
                      "jwt_auth: %s", reason);

        ctx->rc = NGX_HTTP_INTERNAL_SERVER_ERROR;
        return NGX_OK;
    }

    ctx->rc = NGX_HTTP_UNAUTHORIZED;
    ctx->reason = reason;
    ctx->error.data = (u_char *) jwt_err_code(err);
    ctx->error.len = ngx_strlen(ctx->error.data);

    return NGX_OK;
}


/*
 * The user id, and the values of the headers for the upstream, all
 * checked now; the headers are only added once the requirements are met
 * (a token refused at any point must leave no trace in the request,
 * which "satisfy any" may still let through).
 */

static jwt_err_t
ngx_http_jwt_auth_identity(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    const char **reason)
{
    json_t                      *user;
    jwt_err_t                    err;
    ngx_uint_t                   i;
    ngx_http_jwt_auth_header_t  *hdr;

    user = ngx_http_jwt_auth_claim(ctx->jwt.payload, jlcf->user_claim);

    if (user == NULL || json_is_null(user)
        || (json_is_string(user) && json_string_length(user) == 0))
    {
        *reason = "token has no user claim";
        return JWT_ERR_MISSING_USER;
    }

    if (!json_is_string(user) && !json_is_integer(user)) {
        *reason = "user claim is neither a string nor an integer";
        return JWT_ERR_BAD_CLAIM;
    }

    err = ngx_http_jwt_auth_claim_text(r, user, &ctx->user, reason);
    if (err != JWT_OK) {
        return err;
    }

    if (jlcf->headers == NULL) {
        return JWT_OK;
    }

    ctx->values = ngx_palloc(r->pool,
                             jlcf->headers->nelts * sizeof(ngx_str_t));
    if (ctx->values == NULL) {
        *reason = "out of memory";
        return JWT_ERR_INTERNAL;
    }

    hdr = jlcf->headers->elts;

    for (i = 0; i < jlcf->headers->nelts; i++) {
        err = ngx_http_jwt_auth_claim_text(r,
                  ngx_http_jwt_auth_claim(ctx->jwt.payload, &hdr[i].claim),
                  &ctx->values[i], reason);
        if (err != JWT_OK) {
            return err;
        }
    }

    return JWT_OK;
}


static ngx_int_t
ngx_http_jwt_auth_set_headers(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx)
{
    ngx_uint_t                   i;
    ngx_table_elt_t             *h;
    ngx_http_jwt_auth_header_t  *hdr;

    if (jlcf->headers == NULL) {
        return NGX_OK;
    }

    hdr = jlcf->headers->elts;

    for (i = 0; i < jlcf->headers->nelts; i++) {
        if (ctx->values[i].len == 0) {
            continue;
        }

        h = ngx_list_push(&r->headers_in.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        h->hash = hdr[i].hash;
        h->key = hdr[i].name;
        h->lowcase_key = hdr[i].lowcase.data;
        h->value = ctx->values[i];
#if (nginx_version >= 1023000)
        h->next = NULL;
#endif
    }

    return NGX_OK;
}


/*
 * The text of a claim value (NULL when absent), copied to the request
 * pool and safe to pass on in a header; empty when absent or null.
 */

static jwt_err_t
ngx_http_jwt_auth_claim_text(ngx_http_request_t *r, json_t *value,
    ngx_str_t *text, const char **reason)
{
    if (value == NULL) {
        ngx_str_null(text);
        return JWT_OK;
    }

    text->len = jwt_value_text(value, NULL, 0);

    if (text->len > JWT_MAX_VALUE_LEN) {
        *reason = "a claim passed upstream is too long";
        return JWT_ERR_BAD_CLAIM;
    }

    text->data = ngx_pnalloc(r->pool, text->len);
    if (text->data == NULL) {
        *reason = "out of memory";
        return JWT_ERR_INTERNAL;
    }

    (void) jwt_value_text(value, text->data, text->len);

    if (!jwt_value_is_safe(text->data, text->len)) {
        *reason = "a claim passed upstream has control characters";
        return JWT_ERR_BAD_CLAIM;
    }

    return JWT_OK;
}


/*
 * The requirements of jwt_auth_require and jwt_auth_require_claim on a
 * verified token: NGX_OK when all are met, NGX_DECLINED with the first
 * unmet one.
 */

static ngx_int_t
ngx_http_jwt_auth_requirements(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_http_jwt_auth_require_t **unmet)
{
    json_t                       *v;
    ngx_str_t                     val;
    ngx_uint_t                    i;
    ngx_http_jwt_auth_require_t  *req;

    if (jlcf->requires != NULL) {
        req = jlcf->requires->elts;

        for (i = 0; i < jlcf->requires->nelts; i++) {
            if (ngx_http_complex_value(r, req[i].value, &val) != NGX_OK) {
                return NGX_ERROR;
            }

            if (val.len == 0 || (val.len == 1 && val.data[0] == '0')) {
                *unmet = &req[i];
                return NGX_DECLINED;
            }
        }
    }

    if (jlcf->require_claims != NULL) {
        req = jlcf->require_claims->elts;

        for (i = 0; i < jlcf->require_claims->nelts; i++) {
            v = ngx_http_jwt_auth_claim(ngx_http_jwt_auth_json(ctx, 0),
                                        &req[i].claim);

            if (v == NULL
                || !jwt_value_in(v, req[i].values, req[i].nvalues,
                                 req[i].words))
            {
                *unmet = &req[i];
                return NGX_DECLINED;
            }
        }
    }

    return NGX_OK;
}


/*
 * "Authorization: Bearer <token>" (RFC 6750, 2.1; the scheme is
 * case-insensitive), or the variable of "token=".
 */

static ngx_int_t
ngx_http_jwt_auth_get_token(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_str_t *token)
{
    u_char                     *p, *last;
    ngx_table_elt_t            *h;
    ngx_http_variable_value_t  *v;

    if (jlcf->token != NGX_CONF_UNSET) {
        v = ngx_http_get_indexed_variable(r, jlcf->token);

        if (v == NULL) {
            return NGX_ERROR;
        }

        if (v->not_found || v->len == 0) {
            return NGX_DECLINED;
        }

        token->data = v->data;
        token->len = v->len;

        return NGX_OK;
    }

    h = r->headers_in.authorization;

    if (h == NULL
        || h->value.len < sizeof("Bearer ") - 1
        || ngx_strncasecmp(h->value.data, (u_char *) "Bearer ",
                           sizeof("Bearer ") - 1)
           != 0)
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
 * The challenge of RFC 6750, 3: the realm alone when there was no token;
 * error="invalid_token" (401) or error="insufficient_scope" (403) and the
 * description otherwise.
 */

static ngx_int_t
ngx_http_jwt_auth_reject(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx)
{
    size_t            len;
    u_char           *p, *s;
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
        p = ngx_sprintf(p, ", error=\"%s\", error_description=\"%s\"",
                        (ctx->rc == NGX_HTTP_FORBIDDEN) ? "insufficient_scope"
                                                        : "invalid_token",
                        ctx->reason);
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

    return ctx->rc;
}


/*
 * Removes every client copy of the headers that jwt_auth_set_header
 * sets, before the access phase: on every request in their scope, with
 * a token or without, and even when "satisfy any" lets the request
 * through without asking this module.  The list is rebuilt rather than
 * edited in place, since nginx keeps pointers to the headers it knows.
 */

static ngx_int_t
ngx_http_jwt_auth_strip_headers(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf)
{
    ngx_uint_t        i;
    ngx_list_t        old;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h, *copy;

    if (ngx_http_jwt_auth_find_header(&r->headers_in.headers, jlcf) == NULL) {
        return NGX_OK;
    }

    old = r->headers_in.headers;

    if (ngx_list_init(&r->headers_in.headers, r->pool, 20,
                      sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    part = &old.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (ngx_http_jwt_auth_is_set_header(&h[i].key, jlcf)) {
            ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                           "jwt_auth: removed client header \"%V\"",
                           &h[i].key);
            continue;
        }

        copy = ngx_list_push(&r->headers_in.headers);
        if (copy == NULL) {
            return NGX_ERROR;
        }

        *copy = h[i];
    }

    return NGX_OK;
}


static ngx_table_elt_t *
ngx_http_jwt_auth_find_header(ngx_list_t *list,
    ngx_http_jwt_auth_loc_conf_t *jlcf)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &list->part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NULL;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (ngx_http_jwt_auth_is_set_header(&h[i].key, jlcf)) {
            return &h[i];
        }
    }
}


static ngx_uint_t
ngx_http_jwt_auth_is_set_header(ngx_str_t *name,
    ngx_http_jwt_auth_loc_conf_t *jlcf)
{
    ngx_uint_t                   i;
    ngx_http_jwt_auth_header_t  *hdr;

    hdr = jlcf->headers->elts;

    for (i = 0; i < jlcf->headers->nelts; i++) {
        if (name->len == hdr[i].name.len
            && ngx_strncasecmp(name->data, hdr[i].name.data, name->len) == 0)
        {
            return 1;
        }
    }

    return 0;
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

    /* an internal redirect cleared the module contexts */

    for (cln = r->pool->cleanup; cln; cln = cln->next) {
        if (cln->handler == ngx_http_jwt_auth_cleanup) {
            ctx = cln->data;
            ngx_http_set_ctx(r, ctx, ngx_http_jwt_auth_module);
            return ctx;
        }
    }

    return NULL;
}


/*
 * The header (or payload) of the verified token, parsed here from the
 * text of a cache hit the first time it is asked for; NULL when no token
 * was verified.
 */

json_t *
ngx_http_jwt_auth_json(ngx_http_jwt_auth_ctx_t *ctx, ngx_uint_t header)
{
    json_t     **json;
    ngx_str_t   *text;

    json = header ? &ctx->jwt.header : &ctx->jwt.payload;
    text = header ? &ctx->header_text : &ctx->payload_text;

    if (*json == NULL && text->len > 0) {
        *json = json_loadb((char *) text->data, text->len, 0, NULL);
    }

    return *json;
}


json_t *
ngx_http_jwt_auth_claim(json_t *object, ngx_http_jwt_auth_path_t *path)
{
    return jwt_path_get(object, (const char *const *) path->names, path->n);
}


static void
ngx_http_jwt_auth_cleanup(void *data)
{
    ngx_http_jwt_auth_ctx_t  *ctx = data;

    jwt_free(&ctx->jwt);
}


static void
ngx_http_jwt_auth_header_cache_cleanup(void *data)
{
    jwt_header_cache_free(data);
}


static void *
ngx_http_jwt_auth_create_loc_conf(ngx_conf_t *cf)
{
    ngx_http_jwt_auth_loc_conf_t  *conf;

    conf = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwt_auth_loc_conf_t));
    if (conf == NULL) {
        return NULL;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     conf->allowed = 0;
     */

    conf->realm = NGX_CONF_UNSET_PTR;
    conf->token = NGX_CONF_UNSET;
    conf->keys = NGX_CONF_UNSET_PTR;
    conf->jwks = NGX_CONF_UNSET_PTR;
    conf->key_cache = NGX_CONF_UNSET;
    conf->cache_zone = NGX_CONF_UNSET_PTR;
    conf->cache_valid = NGX_CONF_UNSET;
    conf->algorithms = NGX_CONF_UNSET_UINT;
    conf->leeway = NGX_CONF_UNSET;
    conf->issuers = NGX_CONF_UNSET_PTR;
    conf->audiences = NGX_CONF_UNSET_PTR;
    conf->user_claim = NGX_CONF_UNSET_PTR;
    conf->headers = NGX_CONF_UNSET_PTR;
    conf->requires = NGX_CONF_UNSET_PTR;
    conf->require_claims = NGX_CONF_UNSET_PTR;

    return conf;
}


static char *
ngx_http_jwt_auth_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_jwt_auth_loc_conf_t *prev = parent;
    ngx_http_jwt_auth_loc_conf_t *conf = child;

    jwt_key_t           **key;
    ngx_uint_t            i, algs, missing;
    ngx_pool_cleanup_t   *cln;

    if (conf->realm == NGX_CONF_UNSET_PTR) {
        conf->realm = (prev->realm == NGX_CONF_UNSET_PTR) ? NULL
                                                          : prev->realm;
        conf->token = prev->token;
    }

    ngx_conf_merge_ptr_value(conf->keys, prev->keys, NULL);
    ngx_conf_merge_ptr_value(conf->jwks, prev->jwks, NULL);
    ngx_conf_merge_sec_value(conf->key_cache, prev->key_cache, 600);

    /* valid= belongs to its jwt_auth_cache */

    if (conf->cache_zone == NGX_CONF_UNSET_PTR) {
        conf->cache_zone = (prev->cache_zone == NGX_CONF_UNSET_PTR)
                           ? NULL : prev->cache_zone;
        conf->cache_valid = prev->cache_valid;
    }

    if (conf->cache_valid == NGX_CONF_UNSET) {
        conf->cache_valid = 600;
    }

    ngx_conf_merge_uint_value(conf->algorithms, prev->algorithms, 0);
    ngx_conf_merge_sec_value(conf->leeway, prev->leeway, 0);
    ngx_conf_merge_ptr_value(conf->issuers, prev->issuers, NULL);
    ngx_conf_merge_ptr_value(conf->audiences, prev->audiences, NULL);

    conf->policy.leeway = conf->leeway;

    if (conf->issuers != NULL) {
        conf->policy.issuers = conf->issuers->elts;
        conf->policy.nissuers = conf->issuers->nelts;
    }

    if (conf->audiences != NULL) {
        conf->policy.audiences = conf->audiences->elts;
        conf->policy.naudiences = conf->audiences->nelts;
    }

    ngx_conf_merge_ptr_value(conf->user_claim, prev->user_claim,
                             &ngx_http_jwt_auth_sub);
    ngx_conf_merge_ptr_value(conf->requires, prev->requires, NULL);
    ngx_conf_merge_ptr_value(conf->require_claims, prev->require_claims,
                             NULL);
    if (ngx_http_jwt_auth_merge_headers(cf, conf, prev) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    if (conf->realm != NULL) {
        cln = ngx_pool_cleanup_add(cf->pool, sizeof(jwt_header_cache_t));
        if (cln == NULL) {
            return NGX_CONF_ERROR;
        }

        conf->header_cache = cln->data;
        ngx_memzero(conf->header_cache, sizeof(jwt_header_cache_t));

        cln->handler = ngx_http_jwt_auth_header_cache_cleanup;
    }

    if (conf->keys == NULL && conf->jwks == NULL) {
        if (conf->realm != NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth is on but no jwt_auth_secret, "
                               "jwt_auth_key_file or jwt_auth_key_request "
                               "is configured for it");
            return NGX_CONF_ERROR;
        }

        return NGX_CONF_OK;
    }

    /*
     * what the keys can verify; fetched keys are not known yet, so a key
     * request allows every public-key algorithm (each key still verifies
     * its own only)
     */

    algs = 0;

    if (conf->keys != NULL) {
        key = conf->keys->elts;

        for (i = 0; i < conf->keys->nelts; i++) {
            algs |= jwt_key_algs(key[i]);
        }
    }

    if (conf->jwks != NULL) {
        algs |= JWT_ALG_ALL & ~JWT_ALG_HMAC_ALL;
    }

    if (conf->algorithms == 0) {
        conf->allowed = algs;
        return NGX_CONF_OK;
    }

    missing = conf->algorithms & ~algs;

    if (missing) {
        missing &= ~(missing - 1);

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_algorithms: no configured key can verify "
                           "%s (HS256, HS384 and HS512 need a secret of at "
                           "least 32, 48 and 64 bytes; the others a public "
                           "key of their type)",
                           jwt_alg_name(missing));
        return NGX_CONF_ERROR;
    }

    conf->allowed = conf->algorithms;

    return NGX_CONF_OK;
}


/*
 * Unlike proxy_set_header, inner jwt_auth_set_header directives add to
 * the inherited ones (the same name takes the inner claim): a header
 * that an outer level protects must never become the client's to set.
 */

static ngx_int_t
ngx_http_jwt_auth_merge_headers(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev)
{
    ngx_uint_t                   i;
    ngx_http_jwt_auth_header_t  *hdr, *h;

    if (conf->headers == NGX_CONF_UNSET_PTR) {
        conf->headers = (prev->headers == NGX_CONF_UNSET_PTR) ? NULL
                                                              : prev->headers;
        return NGX_OK;
    }

    if (prev->headers == NGX_CONF_UNSET_PTR || prev->headers == NULL) {
        return NGX_OK;
    }

    hdr = prev->headers->elts;

    for (i = 0; i < prev->headers->nelts; i++) {
        if (ngx_http_jwt_auth_is_set_header(&hdr[i].name, conf)) {
            continue;
        }

        h = ngx_array_push(conf->headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        *h = hdr[i];
    }

    return NGX_OK;
}


static ngx_int_t
ngx_http_jwt_auth_init(ngx_conf_t *cf)
{
    ngx_http_handler_pt        *h;
    ngx_http_core_main_conf_t  *cmcf;

    cmcf = ngx_http_conf_get_module_main_conf(cf, ngx_http_core_module);

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

    return ngx_http_jwt_auth_keys_init(cf);
}


static char *
ngx_http_jwt_auth(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t                         *value, name;
    ngx_http_compile_complex_value_t   ccv;

    if (jlcf->realm != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        if (cf->args->nelts > 2) {
            return "takes no other parameter with \"off\"";
        }

        jlcf->realm = NULL;
        return NGX_CONF_OK;
    }

    jlcf->realm = ngx_palloc(cf->pool, sizeof(ngx_http_complex_value_t));
    if (jlcf->realm == NULL) {
        return NGX_CONF_ERROR;
    }

    ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));

    ccv.cf = cf;
    ccv.value = &value[1];
    ccv.complex_value = jlcf->realm;

    if (ngx_http_compile_complex_value(&ccv) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    if (cf->args->nelts == 2) {
        return NGX_CONF_OK;
    }

    if (ngx_strncmp(value[2].data, "token=", 6) != 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "invalid parameter \"%V\" of jwt_auth: "
                           "expected token=$variable", &value[2]);
        return NGX_CONF_ERROR;
    }

    name.data = value[2].data + 6;
    name.len = value[2].len - 6;

    if (name.len < 2 || name.data[0] != '$') {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth: \"%V\" must name a variable, "
                           "as in token=$cookie_session", &value[2]);
        return NGX_CONF_ERROR;
    }

    name.data++;
    name.len--;

    jlcf->token = ngx_http_get_variable_index(cf, &name);
    if (jlcf->token == NGX_ERROR) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_jwt_auth_algorithms(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    unsigned     alg;
    ngx_str_t   *value;
    ngx_uint_t   i;

    if (jlcf->algorithms != NGX_CONF_UNSET_UINT) {
        return "is duplicate";
    }

    jlcf->algorithms = 0;
    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strcasecmp(value[i].data, (u_char *) "none") == 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_algorithms: \"%V\" can never be "
                               "allowed: it means an unsigned token",
                               &value[i]);
            return NGX_CONF_ERROR;
        }

        alg = jwt_alg_by_name(value[i].data, value[i].len);

        if (alg == 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_algorithms: unknown algorithm "
                               "\"%V\" (supported: %s)",
                               &value[i], jwt_alg_names);
            return NGX_CONF_ERROR;
        }

        jlcf->algorithms |= alg;
    }

    return NGX_CONF_OK;
}


/* the values of jwt_auth_issuer and jwt_auth_audience, which add up */

static char *
ngx_http_jwt_auth_strings(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    char  *p = conf;

    ngx_str_t     *value;
    jwt_str_t     *s;
    ngx_uint_t     i;
    ngx_array_t  **a;

    a = (ngx_array_t **) (p + cmd->offset);

    if (*a == NGX_CONF_UNSET_PTR) {
        *a = ngx_array_create(cf->pool, 2, sizeof(jwt_str_t));
        if (*a == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        if (value[i].len == 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "%V: an empty value matches no token",
                               &cmd->name);
            return NGX_CONF_ERROR;
        }

        s = ngx_array_push(*a);
        if (s == NULL) {
            return NGX_CONF_ERROR;
        }

        s->data = value[i].data;
        s->len = value[i].len;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_jwt_auth_set_header(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    u_char                       c;
    ngx_str_t                   *value;
    ngx_uint_t                   i;
    ngx_http_header_t           *known;
    ngx_http_jwt_auth_header_t  *hdr;

    value = cf->args->elts;

    for (i = 0; i < value[1].len; i++) {
        c = ngx_tolower(value[1].data[i]);

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
              || c == '_'))
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_set_header: \"%V\" is not a header "
                               "name (letters, digits, \"-\" and \"_\")",
                               &value[1]);
            return NGX_CONF_ERROR;
        }
    }

    /* headers that nginx itself interprets cannot be replaced safely */

    for (known = ngx_http_headers_in; known->name.len; known++) {
        if (known->name.len == value[1].len
            && ngx_strncasecmp(known->name.data, value[1].data,
                               value[1].len)
               == 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_set_header: \"%V\" is a header "
                               "nginx itself interprets; use another name, "
                               "such as X-User-Id", &value[1]);
            return NGX_CONF_ERROR;
        }
    }

    if (jlcf->headers == NGX_CONF_UNSET_PTR) {
        jlcf->headers = ngx_array_create(cf->pool, 2,
                                         sizeof(ngx_http_jwt_auth_header_t));
        if (jlcf->headers == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    if (ngx_http_jwt_auth_is_set_header(&value[1], jlcf)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_set_header: \"%V\" is set twice",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    hdr = ngx_array_push(jlcf->headers);
    if (hdr == NULL) {
        return NGX_CONF_ERROR;
    }

    hdr->name = value[1];

    if (ngx_http_jwt_auth_parse_path(cf, &value[2], &hdr->claim) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    hdr->lowcase.len = value[1].len;
    hdr->lowcase.data = ngx_pnalloc(cf->pool, value[1].len);
    if (hdr->lowcase.data == NULL) {
        return NGX_CONF_ERROR;
    }

    hdr->hash = ngx_hash_strlow(hdr->lowcase.data, value[1].data,
                                value[1].len);

    return NGX_CONF_OK;
}


static char *
ngx_http_jwt_auth_user_claim(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t  *value;

    if (jlcf->user_claim != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    jlcf->user_claim = ngx_palloc(cf->pool, sizeof(ngx_http_jwt_auth_path_t));
    if (jlcf->user_claim == NULL) {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_jwt_auth_parse_path(cf, &value[1], jlcf->user_claim)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_jwt_auth_require(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t                          *value;
    ngx_uint_t                          i, status, first;
    ngx_http_jwt_auth_require_t        *req;
    ngx_http_compile_complex_value_t    ccv;

    value = cf->args->elts;
    status = NGX_HTTP_UNAUTHORIZED;
    first = NGX_CONF_UNSET_UINT;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "error=", 6) == 0) {
            continue;
        }

        req = ngx_http_jwt_auth_add_require(cf, &jlcf->requires, &value[i],
                                            "require:",
                                            "requirement %V is not met");
        if (req == NULL) {
            return NGX_CONF_ERROR;
        }

        if (first == NGX_CONF_UNSET_UINT) {
            first = jlcf->requires->nelts - 1;
        }

        req->value = ngx_palloc(cf->pool, sizeof(ngx_http_complex_value_t));
        if (req->value == NULL) {
            return NGX_CONF_ERROR;
        }

        ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));

        ccv.cf = cf;
        ccv.value = &value[i];
        ccv.complex_value = req->value;

        if (ngx_http_compile_complex_value(&ccv) != NGX_OK) {
            return NGX_CONF_ERROR;
        }
    }

    if (first == NGX_CONF_UNSET_UINT) {
        return "needs a value to check";
    }

    /* error= applies to every value of the directive */

    if (ngx_http_jwt_auth_error_param(cf, &status) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    req = jlcf->requires->elts;

    for (i = first; i < jlcf->requires->nelts; i++) {
        req[i].status = status;
    }

    return NGX_CONF_OK;
}


static char *
ngx_http_jwt_auth_require_claim(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t                    *value;
    jwt_str_t                    *s;
    ngx_uint_t                    i;
    ngx_http_jwt_auth_require_t  *req;

    value = cf->args->elts;

    req = ngx_http_jwt_auth_add_require(cf, &jlcf->require_claims, &value[1],
                                        "require_claim:",
                                        "claim %V has no accepted value");
    if (req == NULL) {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_jwt_auth_parse_path(cf, &value[1], &req->claim) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    req->words = (req->claim.n == 1
                  && ngx_strcmp(req->claim.names[0], "scope") == 0);

    req->values = ngx_palloc(cf->pool, cf->args->nelts * sizeof(jwt_str_t));
    if (req->values == NULL) {
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {
        if (ngx_strncmp(value[i].data, "error=", 6) == 0) {
            continue;
        }

        s = &req->values[req->nvalues++];
        s->data = value[i].data;
        s->len = value[i].len;
    }

    if (req->nvalues == 0) {
        return "needs a value to compare the claim with";
    }

    req->status = NGX_HTTP_FORBIDDEN;

    if (ngx_http_jwt_auth_error_param(cf, &req->status) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/*
 * A new requirement, with the code that $jwt_auth_error gives and the
 * description of the challenge, both naming what is required as written
 * (the description without the characters a quoted-string cannot hold).
 */

static ngx_http_jwt_auth_require_t *
ngx_http_jwt_auth_add_require(ngx_conf_t *cf, ngx_array_t **requires,
    ngx_str_t *what, const char *code, const char *reason)
{
    u_char                       *p, *last;
    size_t                        len;
    ngx_uint_t                    i;
    ngx_http_jwt_auth_require_t  *req;

    if (*requires == NGX_CONF_UNSET_PTR) {
        *requires = ngx_array_create(cf->pool, 2,
                                     sizeof(ngx_http_jwt_auth_require_t));
        if (*requires == NULL) {
            return NULL;
        }
    }

    req = ngx_array_push(*requires);
    if (req == NULL) {
        return NULL;
    }

    ngx_memzero(req, sizeof(ngx_http_jwt_auth_require_t));

    len = ngx_strlen(code) + what->len;

    req->code.data = ngx_pnalloc(cf->pool, len);
    if (req->code.data == NULL) {
        return NULL;
    }

    req->code.len = ngx_sprintf(req->code.data, "%s%V", code, what)
                    - req->code.data;

    len = ngx_strlen(reason) + what->len + 1;

    p = ngx_pnalloc(cf->pool, len);
    if (p == NULL) {
        return NULL;
    }

    last = ngx_snprintf(p, len - 1, reason, what);
    *last = '\0';

    for (i = 0; p + i < last; i++) {
        if (p[i] < 0x20 || p[i] == 0x7f || p[i] == '"' || p[i] == '\\') {
            p[i] = ' ';
        }
    }

    req->reason = (const char *) p;

    return req;
}


/* error=401 or error=403, wherever it stands among the parameters */

static ngx_int_t
ngx_http_jwt_auth_error_param(ngx_conf_t *cf, ngx_uint_t *status)
{
    ngx_str_t   *value;
    ngx_uint_t   i;

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "error=", 6) != 0) {
            continue;
        }

        if (ngx_strcmp(value[i].data + 6, "401") == 0) {
            *status = NGX_HTTP_UNAUTHORIZED;

        } else if (ngx_strcmp(value[i].data + 6, "403") == 0) {
            *status = NGX_HTTP_FORBIDDEN;

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "%V: error= must be 401 or 403, not \"%s\"",
                               &value[0], value[i].data + 6);
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}


/*
 * A claim path as written in jwt_auth_user_claim, jwt_auth_set_header
 * and jwt_auth_require_claim: names separated by dots; "\." is a dot
 * within a name and "\\" a backslash.
 */

static ngx_int_t
ngx_http_jwt_auth_parse_path(ngx_conf_t *cf, ngx_str_t *text,
    ngx_http_jwt_auth_path_t *path)
{
    u_char      *p, *last, *d;
    ngx_uint_t   n;

    path->text = *text;

    n = 1;
    last = text->data + text->len;

    for (p = text->data; p < last; p++) {
        if (*p == '\\' && p + 1 < last) {
            p++;

        } else if (*p == '.') {
            n++;
        }
    }

    path->names = ngx_palloc(cf->pool, n * sizeof(char *));
    d = ngx_pnalloc(cf->pool, text->len + 1);

    if (path->names == NULL || d == NULL) {
        return NGX_ERROR;
    }

    path->n = 0;
    path->names[path->n++] = (char *) d;

    for (p = text->data; p < last; p++) {

        if (*p == '\\' && p + 1 < last) {
            *d++ = *++p;
            continue;
        }

        if (*p == '.') {
            *d++ = '\0';
            path->names[path->n++] = (char *) d;
            continue;
        }

        *d++ = *p;
    }

    *d = '\0';

    for (n = 0; n < path->n; n++) {
        if (path->names[n][0] == '\0') {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "the claim path \"%V\" has an empty name",
                               text);
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}

