
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The keys of jwt_auth_key_request: a JWKS fetched from a local URI by
 * subrequest, kept by each worker, refreshed after jwt_auth_key_cache or
 * for an unknown kid, the last good keys kept while the issuer fails.
 * The subrequest's answer is kept by the module's body filter, which sits
 * below nginx's copy filter (the module is an HTTP_AUX_FILTER), so that
 * an answer read from a file reaches it in memory.
 */


#include "ngx_http_jwt_auth_module.h"


/*
 * seconds between two fetches at the least, and how long the last good
 * keys serve beyond jwt_auth_key_cache when fetches fail
 */
#define NGX_HTTP_JWT_AUTH_REFETCH          5
#define NGX_HTTP_JWT_AUTH_STALE            3600


/* one key request under way: the JWKS and the answer so far */

typedef struct {
    ngx_http_jwt_auth_jwks_t   *jwks;
    u_char                     *data;
    size_t                      len;
    size_t                      size;
    ngx_uint_t                  too_big;
} ngx_http_jwt_auth_fetch_t;


static ngx_int_t ngx_http_jwt_auth_jwks_join(ngx_http_jwt_auth_verifier_t *v,
    ngx_log_t *log);
static ngx_int_t ngx_http_jwt_auth_jwks_done(ngx_http_request_t *sr,
    void *data, ngx_int_t rc);
static ngx_int_t ngx_http_jwt_auth_jwks_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static void ngx_http_jwt_auth_jwks_cleanup(void *data);


static ngx_http_output_body_filter_pt  ngx_http_next_body_filter;


char *
ngx_http_jwt_auth_key_request(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t           *value;
    ngx_pool_cleanup_t  *cln;

    if (jlcf->jwks != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (value[1].len == 0 || value[1].data[0] != '/') {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_key_request: \"%V\" is not a local "
                           "URI; name a location (e.g. /_jwks) that "
                           "proxy_passes to the issuer's JWKS", &value[1]);
        return NGX_CONF_ERROR;
    }

    if (ngx_strlchr(value[1].data, value[1].data + value[1].len, '?')
        != NULL)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_key_request: \"%V\" has arguments; "
                           "put them in the proxy_pass of its location",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, sizeof(ngx_http_jwt_auth_jwks_t));
    if (cln == NULL) {
        return NGX_CONF_ERROR;
    }

    jlcf->jwks = cln->data;
    ngx_memzero(jlcf->jwks, sizeof(ngx_http_jwt_auth_jwks_t));

    jlcf->jwks->uri = value[1];

    cln->handler = ngx_http_jwt_auth_jwks_cleanup;

    return NGX_CONF_OK;
}


static void
ngx_http_jwt_auth_jwks_cleanup(void *data)
{
    ngx_http_jwt_auth_jwks_t  *jwks = data;

    jac_keyset_free(&jwks->set);
}


/*
 * The keys of a location with jwt_auth_key_request: its own and the
 * fetched ones, fetched first when there are none, when they are older
 * than jwt_auth_key_cache, or ("refetch") for a kid they lack.  One fetch
 * at a time while there are keys, and not again within
 * NGX_HTTP_JWT_AUTH_REFETCH seconds of the last, so that a flood of
 * unknown kids or a failing issuer is not hammered; meanwhile the last
 * good keys serve while younger than the cache time plus
 * NGX_HTTP_JWT_AUTH_STALE.  NGX_AGAIN: fetching; NGX_DECLINED: no usable
 * keys.
 */

ngx_int_t
ngx_http_jwt_auth_jwks_keys(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_uint_t refetch, jac_key_t ***keys, size_t *nkeys)
{
    time_t                         now, age;
    ngx_http_request_t            *sr;
    ngx_http_jwt_auth_jwks_t      *jwks;
    ngx_http_jwt_auth_fetch_t     *fetch;
    ngx_http_jwt_auth_verifier_t  *v;
    ngx_http_post_subrequest_t    *ps;

    v = jlcf->verifier;
    jwks = v->jwks;
    now = ngx_time();
    age = now - jwks->fetched;

    if (jwks->fetching && now - jwks->attempted > NGX_HTTP_JWT_AUTH_STALE) {
        /* a fetch whose request went away without finishing it */
        jwks->fetching = 0;
    }

    if ((jwks->set.n == 0 || age >= jlcf->key_cache || refetch)
        && (jwks->fetching
            ? jwks->set.n == 0
            : now - jwks->attempted >= NGX_HTTP_JWT_AUTH_REFETCH))
    {
        /*
         * with no keys at all, a request does not wait for another's
         * fetch, which may belong to a request that never resumes
         */

        ps = ngx_palloc(r->pool, sizeof(ngx_http_post_subrequest_t));
        fetch = ngx_pcalloc(r->pool, sizeof(ngx_http_jwt_auth_fetch_t));

        if (ps == NULL || fetch == NULL) {
            return NGX_ERROR;
        }

        fetch->jwks = jwks;

        ps->handler = ngx_http_jwt_auth_jwks_done;
        ps->data = fetch;

        /*
         * not an in-memory subrequest, whose answer must fit in
         * subrequest_output_buffer_size: the body filter below keeps the
         * answer, up to the size of a key file
         */

        if (ngx_http_subrequest(r, &jwks->uri, NULL, &sr, ps,
                                NGX_HTTP_SUBREQUEST_WAITED)
            != NGX_OK)
        {
            return NGX_ERROR;
        }

        sr->filter_need_in_memory = 1;

        ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                       "jwt_auth: fetching keys from \"%V\"", &jwks->uri);

        jwks->fetching = 1;
        jwks->attempted = now;
        ctx->waiting = 1;

        return NGX_AGAIN;
    }

    if (jwks->set.n == 0
        || age >= jlcf->key_cache + NGX_HTTP_JWT_AUTH_STALE)
    {
        if (v->keys != NULL) {
            /* the location's own keys still serve */
            *keys = v->keys->elts;
            *nkeys = v->keys->nelts;
            return NGX_OK;
        }

        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "jwt_auth: no usable keys from \"%V\"%s",
                      &jwks->uri,
                      jwks->set.n ? ": the last good ones are too old" : "");
        return NGX_DECLINED;
    }

    if (v->generation != jwks->generation
        && ngx_http_jwt_auth_jwks_join(v, r->connection->log) != NGX_OK)
    {
        return NGX_ERROR;
    }

    *keys = v->all;
    *nkeys = v->nall;

    return NGX_OK;
}


/*
 * The location's own keys followed by the fetched ones, joined once per
 * fetch, not per request.
 */

static ngx_int_t
ngx_http_jwt_auth_jwks_join(ngx_http_jwt_auth_verifier_t *v, ngx_log_t *log)
{
    size_t        n;
    jac_key_t   **all;

    n = (v->keys != NULL) ? v->keys->nelts : 0;

    all = ngx_alloc((n + v->jwks->set.n) * sizeof(jac_key_t *), log);
    if (all == NULL) {
        return NGX_ERROR;
    }

    if (n > 0) {
        ngx_memcpy(all, v->keys->elts, n * sizeof(jac_key_t *));
    }

    ngx_memcpy(all + n, v->jwks->set.keys,
               v->jwks->set.n * sizeof(jac_key_t *));

    ngx_free(v->all);

    v->all = all;
    v->nall = n + v->jwks->set.n;
    v->generation = v->jwks->generation;

    return NGX_OK;
}


/*
 * The end of a key request: a 200 with a JWKS replaces the keys of this
 * worker; anything else keeps the last good ones and is logged.
 */

static ngx_int_t
ngx_http_jwt_auth_jwks_done(ngx_http_request_t *sr, void *data, ngx_int_t rc)
{
    ngx_http_jwt_auth_fetch_t *fetch = data;

    const char                *reason;
    jac_keyset_t               set;
    ngx_http_jwt_auth_ctx_t   *ctx;
    ngx_http_jwt_auth_jwks_t  *jwks;

    jwks = fetch->jwks;
    jwks->fetching = 0;

    ctx = ngx_http_get_module_ctx(sr->parent, ngx_http_jwt_auth_module);
    if (ctx != NULL) {
        ctx->waiting = 0;
    }

    if (rc != NGX_OK || sr->headers_out.status != NGX_HTTP_OK) {
        ngx_log_error(NGX_LOG_ERR, sr->connection->log, 0,
                      "jwt_auth: the key request \"%V\" failed "
                      "(status %ui)", &jwks->uri,
                      (rc != NGX_OK && rc > NGX_OK) ? (ngx_uint_t) rc
                                                    : sr->headers_out.status);
        return NGX_OK;
    }

    if (fetch->too_big) {
        ngx_log_error(NGX_LOG_ERR, sr->connection->log, 0,
                      "jwt_auth: the answer of the key request \"%V\" is "
                      "larger than %uz bytes",
                      &jwks->uri, (size_t) NGX_HTTP_JWT_AUTH_MAX_KEY_FILE);
        return NGX_OK;
    }

    if (fetch->len == 0
        || jac_keyset_load(&set, fetch->data, fetch->len, &reason) != 0)
    {
        ngx_log_error(NGX_LOG_ERR, sr->connection->log, 0,
                      "jwt_auth: the key request \"%V\" gave no keys: %s",
                      &jwks->uri, fetch->len ? reason : "an empty answer");
        return NGX_OK;
    }

    if (set.skipped > 0) {
        ngx_log_error(NGX_LOG_WARN, sr->connection->log, 0,
                      "jwt_auth: the key request \"%V\" gave %uz key(s) "
                      "that were skipped, the last because %s",
                      &jwks->uri, set.skipped, set.skipped_reason);
    }

    ngx_log_debug2(NGX_LOG_DEBUG_HTTP, sr->connection->log, 0,
                   "jwt_auth: %uz keys from \"%V\"", set.n, &jwks->uri);

    jac_keyset_free(&jwks->set);

    jwks->set = set;
    jwks->generation++;
    jwks->fetched = ngx_time();

    return NGX_OK;
}


/* a key request of the module, which jwt_auth never checks */

ngx_uint_t
ngx_http_jwt_auth_is_key_request(ngx_http_request_t *r)
{
    return r->post_subrequest != NULL
           && r->post_subrequest->handler == ngx_http_jwt_auth_jwks_done;
}


/*
 * Keeps the answer of a key request, which goes no further: the output of
 * a subrequest would otherwise join the client's response.
 */

static ngx_int_t
ngx_http_jwt_auth_jwks_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    size_t                      len, size;
    u_char                     *p;
    ngx_buf_t                  *b;
    ngx_http_jwt_auth_fetch_t  *fetch;

    if (!ngx_http_jwt_auth_is_key_request(r)) {
        return ngx_http_next_body_filter(r, in);
    }

    fetch = r->post_subrequest->data;

    for ( /* void */ ; in; in = in->next) {
        b = in->buf;

        if (!ngx_buf_in_memory(b)) {
            continue;
        }

        len = b->last - b->pos;

        if (fetch->too_big || fetch->len + len > NGX_HTTP_JWT_AUTH_MAX_KEY_FILE)
        {
            fetch->too_big = 1;
            b->pos = b->last;
            continue;
        }

        if (fetch->len + len > fetch->size) {
            size = ngx_max(2 * fetch->size, fetch->len + len);
            size = ngx_max(size, 4096);

            p = ngx_pnalloc(r->pool, size);
            if (p == NULL) {
                return NGX_ERROR;
            }

            ngx_memcpy(p, fetch->data, fetch->len);

            fetch->data = p;
            fetch->size = size;
        }

        ngx_memcpy(fetch->data + fetch->len, b->pos, len);
        fetch->len += len;

        b->pos = b->last;
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_jwt_auth_jwks_init(ngx_conf_t *cf)
{
    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_jwt_auth_jwks_body_filter;

    return NGX_OK;
}
