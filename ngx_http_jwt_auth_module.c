
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The nginx glue of the JWT core in src/: directives, the access handler,
 * the identity headers passed upstream, and the variables.
 */


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "jwt.h"


/* the largest secret file read by jwt_auth_secret file= */
#define NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE  65536


typedef struct {
    ngx_str_t                   name;
    ngx_str_t                   lowcase;
    ngx_uint_t                  hash;
    ngx_str_t                   claim;      /* NUL-terminated */
} ngx_http_jwt_auth_header_t;


typedef struct {
    ngx_http_complex_value_t   *realm;      /* NULL: jwt_auth off */
    ngx_int_t                   token;      /* variable index, or unset */
    ngx_array_t                *keys;       /* of jwt_key_t * */
    ngx_uint_t                  algorithms; /* as configured, 0: default */
    ngx_uint_t                  allowed;    /* what tokens may use */
    time_t                      leeway;
    ngx_array_t                *issuers;    /* of jwt_str_t */
    ngx_array_t                *audiences;  /* of jwt_str_t */
    ngx_str_t                   user_claim; /* NUL-terminated */
    ngx_array_t                *headers;    /* of ngx_http_jwt_auth_header_t */
} ngx_http_jwt_auth_loc_conf_t;


/*
 * The outcome of the last check of a request.  It lives in a pool
 * cleanup, so that it survives the internal redirect of an error_page
 * (which clears module contexts) and releases the token's JSON.
 */

typedef struct {
    jwt_t                       jwt;
    ngx_str_t                   user;
    ngx_str_t                   error;
    ngx_table_elt_t            *challenge;
} ngx_http_jwt_auth_ctx_t;


static ngx_int_t ngx_http_jwt_auth_handler(ngx_http_request_t *r);
static ngx_int_t ngx_http_jwt_auth_verify(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_str_t *token);
static jwt_err_t ngx_http_jwt_auth_identity(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    const char **reason);
static jwt_err_t ngx_http_jwt_auth_claim_text(ngx_http_request_t *r,
    json_t *value, ngx_str_t *text, const char **reason);
static ngx_int_t ngx_http_jwt_auth_get_token(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_str_t *token);
static ngx_int_t ngx_http_jwt_auth_reject(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    const char *code, const char *reason);
static ngx_int_t ngx_http_jwt_auth_strip_handler(ngx_http_request_t *r);
static ngx_table_elt_t *ngx_http_jwt_auth_find_header(ngx_list_t *list,
    ngx_http_jwt_auth_loc_conf_t *jlcf);
static ngx_uint_t ngx_http_jwt_auth_is_set_header(ngx_str_t *name,
    ngx_http_jwt_auth_loc_conf_t *jlcf);
static ngx_http_jwt_auth_ctx_t *ngx_http_jwt_auth_get_ctx(
    ngx_http_request_t *r);
static void ngx_http_jwt_auth_cleanup(void *data);
static ngx_int_t ngx_http_jwt_auth_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);

static void *ngx_http_jwt_auth_create_loc_conf(ngx_conf_t *cf);
static char *ngx_http_jwt_auth_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
static ngx_int_t ngx_http_jwt_auth_merge_headers(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev);
static ngx_int_t ngx_http_jwt_auth_add_variables(ngx_conf_t *cf);
static ngx_int_t ngx_http_jwt_auth_init(ngx_conf_t *cf);

static char *ngx_http_jwt_auth(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_secret(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_read_secret(ngx_conf_t *cf, ngx_str_t *value,
    ngx_str_t *secret);
static void ngx_http_jwt_auth_key_cleanup(void *data);
static char *ngx_http_jwt_auth_algorithms(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_strings(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
static char *ngx_http_jwt_auth_set_header(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


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
      ngx_conf_set_str_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_jwt_auth_loc_conf_t, user_claim),
      NULL },

    { ngx_string("jwt_auth_set_header"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE2,
      ngx_http_jwt_auth_set_header,
      NGX_HTTP_LOC_CONF_OFFSET,
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


static ngx_http_variable_t  ngx_http_jwt_auth_vars[] = {

    { ngx_string("jwt_auth_user"), NULL, ngx_http_jwt_auth_variable,
      offsetof(ngx_http_jwt_auth_ctx_t, user), NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("jwt_auth_error"), NULL, ngx_http_jwt_auth_variable,
      offsetof(ngx_http_jwt_auth_ctx_t, error), NGX_HTTP_VAR_NOCACHEABLE, 0 },

      ngx_http_null_variable
};


static ngx_int_t
ngx_http_jwt_auth_handler(ngx_http_request_t *r)
{
    ngx_int_t                      rc;
    ngx_str_t                      token;
    ngx_pool_cleanup_t            *cln;
    ngx_http_jwt_auth_ctx_t       *ctx;
    ngx_http_jwt_auth_loc_conf_t  *jlcf;

    jlcf = ngx_http_get_module_loc_conf(r, ngx_http_jwt_auth_module);

    if (jlcf->realm == NULL) {
        return NGX_DECLINED;
    }

    ctx = ngx_http_jwt_auth_get_ctx(r);

    if (ctx == NULL) {
        cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_jwt_auth_ctx_t));
        if (cln == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
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
    }

    rc = ngx_http_jwt_auth_get_token(r, jlcf, &token);
    if (rc == NGX_ERROR) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    if (rc == NGX_DECLINED) {
        ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                      "jwt_auth: rejected, missing_token: no bearer token");

        return ngx_http_jwt_auth_reject(r, jlcf, ctx, "missing_token", NULL);
    }

    rc = ngx_http_jwt_auth_verify(r, jlcf, ctx, &token);

    if (rc == NGX_OK && ctx->challenge != NULL) {
        /* a challenge of an earlier check of this request */
        ctx->challenge->hash = 0;
    }

    return rc;
}


static ngx_int_t
ngx_http_jwt_auth_verify(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_str_t *token)
{
    u_char        *work;
    jwt_err_t      err;
    const char    *reason;
    jwt_policy_t   policy;

    work = ngx_pnalloc(r->pool, ngx_min(token->len, JWT_MAX_TOKEN_LEN));
    if (work == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    err = jwt_decode(&ctx->jwt, token->data, token->len, work,
                     jlcf->allowed, jlcf->keys->elts, jlcf->keys->nelts,
                     &reason);

    if (err == JWT_OK) {
        policy.now = ngx_time();
        policy.leeway = jlcf->leeway;
        policy.issuers = jlcf->issuers ? jlcf->issuers->elts : NULL;
        policy.nissuers = jlcf->issuers ? jlcf->issuers->nelts : 0;
        policy.audiences = jlcf->audiences ? jlcf->audiences->elts : NULL;
        policy.naudiences = jlcf->audiences ? jlcf->audiences->nelts : 0;

        err = jwt_check_claims(&ctx->jwt, &policy, &reason);
    }

    if (err == JWT_OK) {
        err = ngx_http_jwt_auth_identity(r, jlcf, ctx, &reason);
    }

    if (err == JWT_OK) {
        ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "jwt_auth: user \"%V\"", &ctx->user);
        return NGX_OK;
    }

    /* a refused token leaves no identity behind */

    jwt_free(&ctx->jwt);
    ngx_str_null(&ctx->user);

    if (err == JWT_ERR_INTERNAL) {
        ngx_log_error(NGX_LOG_CRIT, r->connection->log, 0,
                      "jwt_auth: %s", reason);
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                  "jwt_auth: rejected, %s: %s", jwt_err_code(err), reason);

    return ngx_http_jwt_auth_reject(r, jlcf, ctx, jwt_err_code(err), reason);
}


/*
 * The user id and the headers for the upstream.  Every value is checked
 * before any header is added: a token refused here must leave no trace
 * in the request, which "satisfy any" may still let through.
 */

static jwt_err_t
ngx_http_jwt_auth_identity(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    const char **reason)
{
    json_t                      *user;
    jwt_err_t                    err;
    ngx_str_t                   *values;
    ngx_uint_t                   i, n;
    ngx_table_elt_t             *h;
    ngx_http_jwt_auth_header_t  *hdr;

    user = json_object_get(ctx->jwt.payload, (char *) jlcf->user_claim.data);

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

    hdr = jlcf->headers->elts;
    n = jlcf->headers->nelts;

    values = ngx_palloc(r->pool, n * sizeof(ngx_str_t));
    if (values == NULL) {
        *reason = "out of memory";
        return JWT_ERR_INTERNAL;
    }

    for (i = 0; i < n; i++) {
        err = ngx_http_jwt_auth_claim_text(r,
                  json_object_get(ctx->jwt.payload, (char *) hdr[i].claim.data),
                  &values[i], reason);
        if (err != JWT_OK) {
            return err;
        }
    }

    for (i = 0; i < n; i++) {
        if (values[i].len == 0) {
            continue;
        }

        h = ngx_list_push(&r->headers_in.headers);
        if (h == NULL) {
            *reason = "out of memory";
            return JWT_ERR_INTERNAL;
        }

        h->hash = hdr[i].hash;
        h->key = hdr[i].name;
        h->lowcase_key = hdr[i].lowcase.data;
        h->value = values[i];
#if (nginx_version >= 1023000)
        h->next = NULL;
#endif
    }

    return JWT_OK;
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
 * 401 with the challenge of RFC 6750, 3: the realm alone when there was
 * no token (no description), with error="invalid_token" and the
 * description otherwise.
 */

static ngx_int_t
ngx_http_jwt_auth_reject(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    const char *code, const char *reason)
{
    size_t            len;
    u_char           *p, *s;
    ngx_str_t         realm;
    ngx_uint_t        i;
    ngx_table_elt_t  *h;

    ctx->error.data = (u_char *) code;
    ctx->error.len = ngx_strlen(code);

    if (ngx_http_complex_value(r, jlcf->realm, &realm) != NGX_OK) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    len = sizeof("Bearer realm=\"\"") - 1 + 2 * realm.len;

    if (reason != NULL) {
        len += sizeof(", error=\"invalid_token\", error_description=\"\"") - 1
               + ngx_strlen(reason);
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

    if (reason != NULL) {
        p = ngx_sprintf(p, ", error=\"invalid_token\", "
                        "error_description=\"%s\"", reason);
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

    return NGX_HTTP_UNAUTHORIZED;
}


/*
 * Removes every client copy of the headers that jwt_auth_set_header
 * sets, before the access phase: on every request in their scope, with
 * a token or without, and even when "satisfy any" lets the request
 * through without asking this module.  The list is rebuilt rather than
 * edited in place, since nginx keeps pointers to the headers it knows.
 */

static ngx_int_t
ngx_http_jwt_auth_strip_handler(ngx_http_request_t *r)
{
    ngx_uint_t                     i;
    ngx_list_t                     old;
    ngx_list_part_t               *part;
    ngx_table_elt_t               *h, *copy;
    ngx_http_jwt_auth_loc_conf_t  *jlcf;

    if (r != r->main) {
        return NGX_DECLINED;
    }

    jlcf = ngx_http_get_module_loc_conf(r, ngx_http_jwt_auth_module);

    if (jlcf->headers == NULL
        || ngx_http_jwt_auth_find_header(&r->headers_in.headers, jlcf)
           == NULL)
    {
        return NGX_DECLINED;
    }

    old = r->headers_in.headers;

    if (ngx_list_init(&r->headers_in.headers, r->pool, 20,
                      sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
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
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        *copy = h[i];
    }

    return NGX_DECLINED;
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


static ngx_http_jwt_auth_ctx_t *
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


static void
ngx_http_jwt_auth_cleanup(void *data)
{
    ngx_http_jwt_auth_ctx_t  *ctx = data;

    jwt_free(&ctx->jwt);
}


static ngx_int_t
ngx_http_jwt_auth_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t                *value;
    ngx_http_jwt_auth_ctx_t  *ctx;

    ctx = ngx_http_jwt_auth_get_ctx(r);

    /* empty, not "not found", where no check ran, as where one failed */

    if (ctx == NULL) {
        v->len = 0;
        v->data = (u_char *) "";

    } else {
        value = (ngx_str_t *) ((u_char *) ctx + data);

        v->len = value->len;
        v->data = value->data;
    }

    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
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
     *     conf->user_claim = { 0, NULL };
     */

    conf->realm = NGX_CONF_UNSET_PTR;
    conf->token = NGX_CONF_UNSET;
    conf->keys = NGX_CONF_UNSET_PTR;
    conf->algorithms = NGX_CONF_UNSET_UINT;
    conf->leeway = NGX_CONF_UNSET;
    conf->issuers = NGX_CONF_UNSET_PTR;
    conf->audiences = NGX_CONF_UNSET_PTR;
    conf->headers = NGX_CONF_UNSET_PTR;

    return conf;
}


static char *
ngx_http_jwt_auth_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_jwt_auth_loc_conf_t *prev = parent;
    ngx_http_jwt_auth_loc_conf_t *conf = child;

    jwt_key_t   **key;
    ngx_uint_t    i, algs, missing;

    if (conf->realm == NGX_CONF_UNSET_PTR) {
        conf->realm = (prev->realm == NGX_CONF_UNSET_PTR) ? NULL
                                                          : prev->realm;
        conf->token = prev->token;
    }

    ngx_conf_merge_ptr_value(conf->keys, prev->keys, NULL);
    ngx_conf_merge_uint_value(conf->algorithms, prev->algorithms, 0);
    ngx_conf_merge_sec_value(conf->leeway, prev->leeway, 0);
    ngx_conf_merge_ptr_value(conf->issuers, prev->issuers, NULL);
    ngx_conf_merge_ptr_value(conf->audiences, prev->audiences, NULL);
    ngx_conf_merge_str_value(conf->user_claim, prev->user_claim, "sub");
    if (ngx_http_jwt_auth_merge_headers(cf, conf, prev) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    if (conf->keys == NULL) {
        if (conf->realm != NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth is on but no jwt_auth_secret is "
                               "configured for it");
            return NGX_CONF_ERROR;
        }

        return NGX_CONF_OK;
    }

    algs = 0;
    key = conf->keys->elts;

    for (i = 0; i < conf->keys->nelts; i++) {
        algs |= jwt_key_algs(key[i]);
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
                           "least 32, 48 and 64 bytes)",
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
ngx_http_jwt_auth_add_variables(ngx_conf_t *cf)
{
    ngx_http_variable_t  *var, *v;

    for (v = ngx_http_jwt_auth_vars; v->name.len; v++) {
        var = ngx_http_add_variable(cf, &v->name, v->flags);
        if (var == NULL) {
            return NGX_ERROR;
        }

        var->get_handler = v->get_handler;
        var->data = v->data;
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

    *h = ngx_http_jwt_auth_strip_handler;

    h = ngx_array_push(&cmcf->phases[NGX_HTTP_ACCESS_PHASE].handlers);
    if (h == NULL) {
        return NGX_ERROR;
    }

    *h = ngx_http_jwt_auth_handler;

    return NGX_OK;
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
ngx_http_jwt_auth_secret(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    char                *rv;
    ngx_str_t           *value, secret;
    jwt_key_t           *key, **k;
    const char          *reason;
    ngx_pool_cleanup_t  *cln;

    value = cf->args->elts;

    rv = ngx_http_jwt_auth_read_secret(cf, &value[1], &secret);
    if (rv != NGX_CONF_OK) {
        return rv;
    }

    key = jwt_key_hmac(secret.data, secret.len, &reason);

    if (ngx_strncmp(value[1].data, "file=", 5) == 0) {
        /* the copy read from the file; the environment stays as it is */
        ngx_explicit_memzero(secret.data, secret.len);
    }

    if (key == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_secret: %s; this one has %uz",
                           reason, secret.len);
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        jwt_key_free(key);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_jwt_auth_key_cleanup;
    cln->data = key;

    if (jlcf->keys == NGX_CONF_UNSET_PTR) {
        jlcf->keys = ngx_array_create(cf->pool, 2, sizeof(jwt_key_t *));
        if (jlcf->keys == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    k = ngx_array_push(jlcf->keys);
    if (k == NULL) {
        return NGX_CONF_ERROR;
    }

    *k = key;

    return NGX_CONF_OK;
}


/*
 * The bytes of the secret: the value itself, an environment variable of
 * the process loading the configuration (env=), or a file without one
 * trailing newline (file=).
 */

static char *
ngx_http_jwt_auth_read_secret(ngx_conf_t *cf, ngx_str_t *value,
    ngx_str_t *secret)
{
    char             *env;
    ssize_t           n;
    ngx_str_t         name;
    ngx_file_t        file;
    ngx_file_info_t   fi;

    if (ngx_strncmp(value->data, "env=", 4) == 0) {
        env = getenv((char *) value->data + 4);

        if (env == NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_secret: environment variable \"%s\" "
                               "is not set", value->data + 4);
            return NGX_CONF_ERROR;
        }

        secret->data = (u_char *) env;
        secret->len = ngx_strlen(env);

        return NGX_CONF_OK;
    }

    if (ngx_strncmp(value->data, "file=", 5) != 0) {
        *secret = *value;
        return NGX_CONF_OK;
    }

    name.data = value->data + 5;
    name.len = value->len - 5;

    if (ngx_conf_full_name(cf->cycle, &name, 1) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    ngx_memzero(&file, sizeof(ngx_file_t));
    file.name = name;
    file.log = cf->log;

    file.fd = ngx_open_file(name.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);

    if (file.fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "jwt_auth_secret: cannot open \"%V\"", &name);
        return NGX_CONF_ERROR;
    }

    secret->data = NULL;

    if (ngx_fd_info(file.fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "jwt_auth_secret: cannot stat \"%V\"", &name);
        goto failed;
    }

    if (ngx_file_size(&fi) > NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_secret: \"%V\" is larger than %d bytes",
                           &name, NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE);
        goto failed;
    }

    secret->len = (size_t) ngx_file_size(&fi);

    secret->data = ngx_pnalloc(cf->temp_pool, secret->len + 1);
    if (secret->data == NULL) {
        goto failed;
    }

    n = ngx_read_file(&file, secret->data, secret->len, 0);

    if (n == NGX_ERROR || (size_t) n != secret->len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "jwt_auth_secret: cannot read \"%V\"", &name);
        goto failed;
    }

    if (secret->len > 0 && secret->data[secret->len - 1] == LF) {
        secret->len--;

        if (secret->len > 0 && secret->data[secret->len - 1] == CR) {
            secret->len--;
        }
    }

    ngx_close_file(file.fd);

    return NGX_CONF_OK;

failed:

    if (secret->data != NULL) {
        ngx_explicit_memzero(secret->data, secret->len);
    }

    ngx_close_file(file.fd);

    return NGX_CONF_ERROR;
}


static void
ngx_http_jwt_auth_key_cleanup(void *data)
{
    jwt_key_free(data);
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
                               "\"%V\" (supported: HS256, HS384, HS512)",
                               &value[i]);
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
    hdr->claim = value[2];

    hdr->lowcase.len = value[1].len;
    hdr->lowcase.data = ngx_pnalloc(cf->pool, value[1].len);
    if (hdr->lowcase.data == NULL) {
        return NGX_CONF_ERROR;
    }

    hdr->hash = ngx_hash_strlow(hdr->lowcase.data, value[1].data,
                                value[1].len);

    return NGX_CONF_OK;
}
