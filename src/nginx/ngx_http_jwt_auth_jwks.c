
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The keys of jwt_auth_key_request: a JWKS fetched from a local URI by
 * subrequest, kept by each worker, refreshed after jwt_auth_key_cache or
 * for an unknown kid, the last good keys kept while the issuer fails.
 *
 * And what the module's subrequests (key requests, and the revocation
 * feeds of ngx_http_jwt_auth_feed.c) share: their local URI, the clean
 * subrequest, and its answer, kept by the module's body filter, which
 * sits below nginx's copy filter (the module is an HTTP_AUX_FILTER), so
 * that an answer read from a file reaches it in memory.
 */


#include "ngx_http_jwt_auth_module.h"


/*
 * seconds between two fetches at the least, and how long the last good
 * keys serve beyond jwt_auth_key_cache when fetches fail
 */
#define NGX_HTTP_JWT_AUTH_REFETCH          5
#define NGX_HTTP_JWT_AUTH_STALE            3600

/* how long a request waits for another's fetch, by default (ms) */
#define NGX_HTTP_JWT_AUTH_WAIT             10000


/* a request waiting for the fetch under way */

typedef struct {
    ngx_queue_t                 queue;      /* next NULL: not queued */
    ngx_event_t                 event;      /* the wake-up, or timeout */
    ngx_http_request_t         *request;
    ngx_http_jwt_auth_ctx_t    *ctx;
} ngx_http_jwt_auth_waiter_t;


static ngx_str_t *ngx_http_jwt_auth_kids(ngx_pool_t *pool,
    jac_keyset_t *set);
static ngx_int_t ngx_http_jwt_auth_jwks_fetch(ngx_http_request_t *r,
    ngx_http_jwt_auth_jwks_t *jwks, ngx_http_jwt_auth_ctx_t *ctx);
static ngx_int_t ngx_http_jwt_auth_jwks_wait(ngx_http_request_t *r,
    ngx_http_jwt_auth_jwks_t *jwks, ngx_http_jwt_auth_ctx_t *ctx);
static void ngx_http_jwt_auth_jwks_wake(ngx_event_t *ev);
static void ngx_http_jwt_auth_jwks_wake_all(ngx_http_jwt_auth_jwks_t *jwks);
static void ngx_http_jwt_auth_waiter_cleanup(void *data);
static void ngx_http_jwt_auth_jwks_abandon(ngx_http_jwt_auth_jwks_t *jwks,
    ngx_http_jwt_auth_answer_t *answer);
static ngx_int_t ngx_http_jwt_auth_jwks_join(ngx_http_jwt_auth_verifier_t *v,
    ngx_log_t *log);
static void ngx_http_jwt_auth_jwks_done(ngx_http_request_t *sr,
    ngx_http_jwt_auth_answer_t *answer, ngx_int_t rc);
static void ngx_http_jwt_auth_jwks_cleanup(void *data);
static ngx_int_t ngx_http_jwt_auth_subrequest_done(ngx_http_request_t *sr,
    void *data, ngx_int_t rc);
static void ngx_http_jwt_auth_answer_cleanup(void *data);
static ngx_int_t ngx_http_jwt_auth_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);


static ngx_http_output_body_filter_pt  ngx_http_next_body_filter;


char *
ngx_http_jwt_auth_key_request(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t           *value, s;
    ngx_pool_cleanup_t  *cln;

    if (jlcf->jwks != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_http_jwt_auth_local_uri(cf, &value[1],
                                    "(e.g. /_jwks) that proxy_passes to the "
                                    "issuer's JWKS")
        != NGX_CONF_OK)
    {
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, sizeof(ngx_http_jwt_auth_jwks_t));
    if (cln == NULL) {
        return NGX_CONF_ERROR;
    }

    jlcf->jwks = cln->data;
    ngx_memzero(jlcf->jwks, sizeof(ngx_http_jwt_auth_jwks_t));

    jlcf->jwks->uri = value[1];
    jlcf->jwks->timeout = NGX_HTTP_JWT_AUTH_WAIT;
    ngx_queue_init(&jlcf->jwks->waiters);

    if (cf->args->nelts == 3) {
        if (ngx_strncmp(value[2].data, "timeout=", 8) != 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_key_request: invalid parameter "
                               "\"%V\" (expected timeout=time)", &value[2]);
            return NGX_CONF_ERROR;
        }

        s.data = value[2].data + 8;
        s.len = value[2].len - 8;

        jlcf->jwks->timeout = ngx_parse_time(&s, 0);

        if (jlcf->jwks->timeout == (ngx_msec_t) NGX_ERROR
            || jlcf->jwks->timeout == 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_key_request: invalid time in "
                               "\"%V\"", &value[2]);
            return NGX_CONF_ERROR;
        }
    }

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
 * The URI of a key request or a revocation feed: a location of this
 * server, without arguments (they belong in the proxy_pass of that
 * location); "hint" says which location to name.
 */

char *
ngx_http_jwt_auth_local_uri(ngx_conf_t *cf, ngx_str_t *uri, const char *hint)
{
    ngx_str_t  *value;

    value = cf->args->elts;

    if (uri->len == 0 || uri->data[0] != '/') {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: \"%V\" is not a local URI; name a location "
                           "%s", &value[0], uri, hint);
        return NGX_CONF_ERROR;
    }

    if (ngx_strlchr(uri->data, uri->data + uri->len, '?') != NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: \"%V\" has arguments; put them in the "
                           "proxy_pass of its location", &value[0], uri);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
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
    ngx_uint_t                     need;
    ngx_http_jwt_auth_jwks_t      *jwks;
    ngx_http_jwt_auth_verifier_t  *v;

    v = jlcf->verifier;
    jwks = v->jwks;
    now = ngx_time();
    age = now - jwks->fetched;

    need = (jwks->set.n == 0 || age >= jlcf->key_cache || refetch);

    if (need && !jwks->fetching
        && now - jwks->attempted >= NGX_HTTP_JWT_AUTH_REFETCH)
    {
        return ngx_http_jwt_auth_jwks_fetch(r, jwks, ctx);
    }

    if (need && jwks->fetching && jwks->set.n == 0 && !ctx->waited) {
        /* no keys yet: another request's fetch is awaited, not doubled */
        return ngx_http_jwt_auth_jwks_wait(r, jwks, ctx);
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
                      jwks->set.n ? ": the last good ones are too old"
                                  : jwks->fetching
                                    ? ": the key request did not answer in "
                                      "time" : "");
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
 * The key request (a clean subrequest, see ngx_http_jwt_auth_subrequest()),
 * the worker's one fetch under way, owned by this request, and given up
 * (for others to try again) if the request goes away before its end.
 */

static ngx_int_t
ngx_http_jwt_auth_jwks_fetch(ngx_http_request_t *r,
    ngx_http_jwt_auth_jwks_t *jwks, ngx_http_jwt_auth_ctx_t *ctx)
{
    ngx_http_jwt_auth_answer_t  *answer;

    answer = ngx_pcalloc(r->pool, sizeof(ngx_http_jwt_auth_answer_t));
    if (answer == NULL) {
        return NGX_ERROR;
    }

    answer->handler = ngx_http_jwt_auth_jwks_done;
    answer->data = jwks;
    answer->max = NGX_HTTP_JWT_AUTH_MAX_KEY_FILE;

    if (ngx_http_jwt_auth_subrequest(r, &jwks->uri,
                                     NGX_HTTP_SUBREQUEST_WAITED, answer)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "jwt_auth: fetching keys from \"%V\"", &jwks->uri);

    jwks->fetching = 1;
    jwks->fetch = answer;
    jwks->attempted = ngx_time();
    ctx->waiting = 1;

    return NGX_AGAIN;
}


/*
 * Waits for the fetch under way, at most the timeout= of the key request
 * (a request waits once: after a timeout it goes on with what there is).
 */

static ngx_int_t
ngx_http_jwt_auth_jwks_wait(ngx_http_request_t *r,
    ngx_http_jwt_auth_jwks_t *jwks, ngx_http_jwt_auth_ctx_t *ctx)
{
    ngx_pool_cleanup_t          *cln;
    ngx_http_jwt_auth_waiter_t  *w;

    cln = ngx_pool_cleanup_add(r->pool, sizeof(ngx_http_jwt_auth_waiter_t));
    if (cln == NULL) {
        return NGX_ERROR;
    }

    w = cln->data;
    ngx_memzero(w, sizeof(ngx_http_jwt_auth_waiter_t));

    w->request = r;
    w->ctx = ctx;
    w->event.handler = ngx_http_jwt_auth_jwks_wake;
    w->event.data = w;
    w->event.log = r->connection->log;

    ngx_queue_insert_tail(&jwks->waiters, &w->queue);
    ngx_add_timer(&w->event, jwks->timeout);

    cln->handler = ngx_http_jwt_auth_waiter_cleanup;

    if (r == r->main) {
        /* a client that goes away while waiting is noticed */
        r->read_event_handler = ngx_http_test_reading;
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "jwt_auth: waiting for the key request \"%V\"",
                   &jwks->uri);

    ctx->waiting = 1;

    return NGX_AGAIN;
}


/* the end of the fetch under way, or its timeout, resumes a request */

static void
ngx_http_jwt_auth_jwks_wake(ngx_event_t *ev)
{
    ngx_connection_t            *c;
    ngx_http_request_t          *r;
    ngx_http_jwt_auth_waiter_t  *w;

    w = ev->data;
    r = w->request;
    c = r->connection;

    if (w->queue.next != NULL) {
        ngx_queue_remove(&w->queue);
        w->queue.next = NULL;
    }

    if (ev->timedout) {
        ngx_log_error(NGX_LOG_INFO, c->log, 0,
                      "jwt_auth: the key request under way did not end in "
                      "time");
        w->ctx->waited = 1;
    }

    w->ctx->waiting = 0;

    if (r == r->main) {
        r->read_event_handler = ngx_http_block_reading;
    }

    ngx_http_core_run_phases(r);
    ngx_http_run_posted_requests(c);
}


/* every request waiting for the fetch goes on, once the event loop runs */

static void
ngx_http_jwt_auth_jwks_wake_all(ngx_http_jwt_auth_jwks_t *jwks)
{
    ngx_queue_t                 *q;
    ngx_http_jwt_auth_waiter_t  *w;

    while (!ngx_queue_empty(&jwks->waiters)) {
        q = ngx_queue_head(&jwks->waiters);
        ngx_queue_remove(q);

        w = ngx_queue_data(q, ngx_http_jwt_auth_waiter_t, queue);
        w->queue.next = NULL;

        if (w->event.timer_set) {
            ngx_del_timer(&w->event);
        }

        ngx_post_event(&w->event, &ngx_posted_events);
    }
}


/* a waiting request that goes away leaves no trace in the queue */

static void
ngx_http_jwt_auth_waiter_cleanup(void *data)
{
    ngx_http_jwt_auth_waiter_t  *w = data;

    if (w->queue.next != NULL) {
        ngx_queue_remove(&w->queue);
    }

    if (w->event.timer_set) {
        ngx_del_timer(&w->event);
    }

    if (w->event.posted) {
        ngx_delete_posted_event(&w->event);
    }
}


/*
 * The request of the fetch under way went away before the fetch ended:
 * the fetch is given up, and a waiting request may start another at once.
 */

static void
ngx_http_jwt_auth_jwks_abandon(ngx_http_jwt_auth_jwks_t *jwks,
    ngx_http_jwt_auth_answer_t *answer)
{
    if (jwks->fetch != answer) {
        return;
    }

    jwks->fetching = 0;
    jwks->fetch = NULL;
    jwks->attempted = 0;

    ngx_http_jwt_auth_jwks_wake_all(jwks);
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

static void
ngx_http_jwt_auth_jwks_done(ngx_http_request_t *sr,
    ngx_http_jwt_auth_answer_t *answer, ngx_int_t rc)
{
    const char                *reason;
    jac_keyset_t               set;
    ngx_http_jwt_auth_ctx_t   *ctx;
    ngx_http_jwt_auth_jwks_t  *jwks;

    jwks = answer->data;

    if (sr == NULL) {
        ngx_http_jwt_auth_jwks_abandon(jwks, answer);
        return;
    }

    jwks->fetching = 0;
    jwks->fetch = NULL;

    ngx_http_jwt_auth_jwks_wake_all(jwks);

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
        return;
    }

    if (answer->too_big) {
        ngx_log_error(NGX_LOG_ERR, sr->connection->log, 0,
                      "jwt_auth: the answer of the key request \"%V\" is "
                      "larger than %uz bytes",
                      &jwks->uri, (size_t) NGX_HTTP_JWT_AUTH_MAX_KEY_FILE);
        return;
    }

    if (answer->len == 0
        || jac_keyset_load(&set, answer->body, answer->len, &reason) != 0)
    {
        ngx_log_error(NGX_LOG_ERR, sr->connection->log, 0,
                      "jwt_auth: the key request \"%V\" gave no keys: %s",
                      &jwks->uri, answer->len ? reason : "an empty answer");
        return;
    }

    if (set.skipped > 0) {
        ngx_log_error(NGX_LOG_WARN, sr->connection->log, 0,
                      "jwt_auth: the key request \"%V\" gave %uz key(s) "
                      "that were skipped: %s",
                      &jwks->uri, set.skipped, set.skipped_text);
    }

    /* each fetch and its kids, so that a rotation shows in the log */

    ngx_log_error(NGX_LOG_INFO, sr->connection->log, 0,
                  "jwt_auth: the key request \"%V\" gave %uz key(s): %V",
                  &jwks->uri, set.n, ngx_http_jwt_auth_kids(sr->pool, &set));

    jac_keyset_free(&jwks->set);

    jwks->set = set;
    jwks->generation++;
    jwks->fetched = ngx_time();
}


/* the kids of a key set, for the log: 'kid "a", kid "b", a key without kid' */

static ngx_str_t *
ngx_http_jwt_auth_kids(ngx_pool_t *pool, jac_keyset_t *set)
{
    u_char       *p, *last;
    size_t        i, size;
    ngx_str_t    *text;
    const char   *kid;

    static ngx_str_t  none = ngx_string("(the list is too long to log)");

    size = 0;

    for (i = 0; i < set->n; i++) {
        kid = jac_key_kid(set->keys[i]);
        size += sizeof("kid \"\", ") + (kid ? ngx_strlen(kid) : 0)
                + sizeof("a key without kid, ");
    }

    text = ngx_palloc(pool, sizeof(ngx_str_t));
    p = ngx_pnalloc(pool, size + 1);

    if (text == NULL || p == NULL) {
        return &none;
    }

    text->data = p;
    last = p + size;

    for (i = 0; i < set->n; i++) {
        kid = jac_key_kid(set->keys[i]);

        p = kid ? ngx_slprintf(p, last, "%skid \"%s\"", i ? ", " : "", kid)
                : ngx_slprintf(p, last, "%sa key without kid", i ? ", " : "");
    }

    text->len = p - text->data;

    return text;
}


/*
 * A subrequest of the module (a key request, a revocation feed): a plain
 * GET of the URI with none of the client's request: none of its headers
 * (its Authorization, Cookie, Range, If-None-Match...), arguments or
 * body, whatever the location does.  Not an in-memory subrequest, whose
 * answer must fit in subrequest_output_buffer_size: the body filter below
 * keeps the answer, up to answer->max bytes.  The caller sets the
 * answer's handler, data and max.
 */

ngx_int_t
ngx_http_jwt_auth_subrequest(ngx_http_request_t *r, ngx_str_t *uri,
    ngx_uint_t flags, ngx_http_jwt_auth_answer_t *answer)
{
    ngx_str_t                    server;
    ngx_pool_cleanup_t          *cln;
    ngx_http_request_t          *sr;
    ngx_http_post_subrequest_t  *ps;

    ps = ngx_palloc(r->pool, sizeof(ngx_http_post_subrequest_t));
    cln = ngx_pool_cleanup_add(r->pool, 0);

    if (ps == NULL || cln == NULL) {
        return NGX_ERROR;
    }

    answer->log = r->connection->log;

    ps->handler = ngx_http_jwt_auth_subrequest_done;
    ps->data = answer;

    if (ngx_http_subrequest(r, uri, NULL, &sr, ps, flags) != NGX_OK) {
        return NGX_ERROR;
    }

    cln->handler = ngx_http_jwt_auth_answer_cleanup;
    cln->data = answer;

    sr->filter_need_in_memory = 1;
    sr->request_body = NULL;

    server = sr->headers_in.server;
    ngx_memzero(&sr->headers_in, sizeof(ngx_http_headers_in_t));

    if (ngx_list_init(&sr->headers_in.headers, r->pool, 1,
                      sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    sr->headers_in.server = server;
    sr->headers_in.content_length_n = -1;
    sr->headers_in.keep_alive_n = -1;

    return NGX_OK;
}


/*
 * The end of a subrequest of the module, which its handler hears of once
 * (not while its output is still under way).  Its status, whatever it
 * is, stays the subrequest's: the request that made it goes on.
 */

static ngx_int_t
ngx_http_jwt_auth_subrequest_done(ngx_http_request_t *sr, void *data,
    ngx_int_t rc)
{
    ngx_http_jwt_auth_answer_t  *answer = data;

    if (rc != NGX_AGAIN && !answer->done) {
        answer->done = 1;
        answer->handler(sr, answer, rc);
    }

    return NGX_OK;
}


/* the request that made the subrequest goes: so does the answer */

static void
ngx_http_jwt_auth_answer_cleanup(void *data)
{
    ngx_http_jwt_auth_answer_t  *answer = data;

    if (!answer->done) {
        answer->done = 1;
        answer->handler(NULL, answer, NGX_ABORT);
    }

    ngx_free(answer->body);
    answer->body = NULL;
}


/* a subrequest of the module, which jwt_auth never checks */

ngx_uint_t
ngx_http_jwt_auth_is_fetch(ngx_http_request_t *r)
{
    return r->post_subrequest != NULL
           && r->post_subrequest->handler
              == ngx_http_jwt_auth_subrequest_done;
}


/*
 * Keeps the answer of a subrequest of the module, which goes no further:
 * the output of a subrequest would otherwise join the client's response.
 * An answer with a Content-Length is given its size at once; one that
 * grows beyond its "max" is dropped as it comes.
 */

static ngx_int_t
ngx_http_jwt_auth_body_filter(ngx_http_request_t *r, ngx_chain_t *in)
{
    off_t                        length;
    size_t                       len, size;
    u_char                      *p;
    ngx_buf_t                   *b;
    ngx_http_jwt_auth_answer_t  *answer;

    if (!ngx_http_jwt_auth_is_fetch(r)) {
        return ngx_http_next_body_filter(r, in);
    }

    answer = r->post_subrequest->data;
    length = r->headers_out.content_length_n;

    for ( /* void */ ; in; in = in->next) {
        b = in->buf;

        if (!ngx_buf_in_memory(b)) {
            continue;
        }

        len = b->last - b->pos;

        if (answer->too_big
            || answer->len + len > answer->max
            || length > (off_t) answer->max)
        {
            answer->too_big = 1;
            ngx_free(answer->body);
            answer->body = NULL;
            answer->len = 0;
            answer->size = 0;
            b->pos = b->last;
            continue;
        }

        if (answer->len + len > answer->size) {
            size = ngx_max(2 * answer->size, answer->len + len);
            size = ngx_max(size, 4096);

            if (answer->size == 0 && length > (off_t) size) {
                size = (size_t) length;
            }

            size = ngx_min(size, answer->max);

            p = ngx_alloc(size, r->connection->log);
            if (p == NULL) {
                return NGX_ERROR;
            }

            if (answer->len > 0) {
                ngx_memcpy(p, answer->body, answer->len);
            }

            ngx_free(answer->body);

            answer->body = p;
            answer->size = size;
        }

        ngx_memcpy(answer->body + answer->len, b->pos, len);
        answer->len += len;

        b->pos = b->last;
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_jwt_auth_jwks_init(ngx_conf_t *cf)
{
    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_jwt_auth_body_filter;

    return NGX_OK;
}
