
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The keys of the nginx glue: jwt_auth_secret, jwt_auth_key_file, and the
 * JWKS of jwt_auth_key_request, fetched by subrequest and kept by each
 * worker.
 */


#include "ngx_http_jwt_auth_module.h"


/* the largest files read by jwt_auth_secret file= and jwt_auth_key_file */
#define NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE  65536
#define NGX_HTTP_JWT_AUTH_MAX_KEY_FILE     1048576

/*
 * jwt_auth_key_request: seconds between two fetches at the least, and how
 * long the last good keys serve beyond jwt_auth_key_cache when fetches
 * fail
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


static ngx_http_output_body_filter_pt  ngx_http_next_body_filter;


static ngx_int_t ngx_http_jwt_auth_jwks_done(ngx_http_request_t *sr,
    void *data, ngx_int_t rc);
static ngx_int_t ngx_http_jwt_auth_jwks_body_filter(ngx_http_request_t *r,
    ngx_chain_t *in);
static char *ngx_http_jwt_auth_read_secret(ngx_conf_t *cf, ngx_str_t *value,
    ngx_str_t *secret);
static ngx_int_t ngx_http_jwt_auth_read_file(ngx_conf_t *cf,
    ngx_str_t *name, ngx_str_t *content, size_t max);
static void ngx_http_jwt_auth_key_cleanup(void *data);
static void ngx_http_jwt_auth_keyset_cleanup(void *data);
static void ngx_http_jwt_auth_jwks_cleanup(void *data);


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
    jwt_key_t ***keys, size_t *nkeys, ngx_uint_t refetch)
{
    time_t                        now, age;
    jwt_key_t                   **all;
    ngx_uint_t                    n;
    ngx_http_request_t           *sr;
    ngx_http_jwt_auth_jwks_t     *jwks;
    ngx_http_jwt_auth_fetch_t    *fetch;
    ngx_http_post_subrequest_t   *ps;

    jwks = jlcf->jwks;
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
        ctx->fetching = 1;

        return NGX_AGAIN;
    }

    if (jwks->set.n == 0
        || age >= jlcf->key_cache + NGX_HTTP_JWT_AUTH_STALE)
    {
        if (jlcf->keys != NULL) {
            /* the location's own keys still serve */
            return NGX_OK;
        }

        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "jwt_auth: no usable keys from \"%V\"%s",
                      &jwks->uri,
                      jwks->set.n ? ": the last good ones are too old" : "");
        return NGX_DECLINED;
    }

    n = (jlcf->keys ? jlcf->keys->nelts : 0) + jwks->set.n;

    all = ngx_palloc(r->pool, n * sizeof(jwt_key_t *));
    if (all == NULL) {
        return NGX_ERROR;
    }

    n = 0;

    if (jlcf->keys != NULL) {
        ngx_memcpy(all, jlcf->keys->elts,
                   jlcf->keys->nelts * sizeof(jwt_key_t *));
        n = jlcf->keys->nelts;
    }

    ngx_memcpy(all + n, jwks->set.keys, jwks->set.n * sizeof(jwt_key_t *));

    *keys = all;
    *nkeys = n + jwks->set.n;

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
    jwt_keyset_t               set;
    ngx_http_jwt_auth_ctx_t   *ctx;
    ngx_http_jwt_auth_jwks_t  *jwks;

    jwks = fetch->jwks;
    jwks->fetching = 0;

    ctx = ngx_http_get_module_ctx(sr->parent, ngx_http_jwt_auth_module);
    if (ctx != NULL) {
        ctx->fetching = 0;
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
        || jwt_keyset_load(&set, fetch->data, fetch->len, &reason) != 0)
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

    jwt_keyset_free(&jwks->set);

    jwks->set = set;
    jwks->fetched = ngx_time();

    return NGX_OK;
}


char *
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
    char       *env;
    ngx_str_t   name;

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

    if (ngx_http_jwt_auth_read_file(cf, &name, secret,
                                    NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    if (secret->len > 0 && secret->data[secret->len - 1] == LF) {
        secret->len--;

        if (secret->len > 0 && secret->data[secret->len - 1] == CR) {
            secret->len--;
        }
    }

    return NGX_CONF_OK;
}


/*
 * Reads a whole file of at most "max" bytes into the temporary pool; a
 * relative name is relative to the configuration prefix.  The messages
 * name the directive.
 */

static ngx_int_t
ngx_http_jwt_auth_read_file(ngx_conf_t *cf, ngx_str_t *name,
    ngx_str_t *content, size_t max)
{
    ssize_t           n;
    ngx_str_t        *value;
    ngx_file_t        file;
    ngx_file_info_t   fi;

    value = cf->args->elts;

    if (ngx_conf_full_name(cf->cycle, name, 1) != NGX_OK) {
        return NGX_ERROR;
    }

    ngx_memzero(&file, sizeof(ngx_file_t));
    file.name = *name;
    file.log = cf->log;

    file.fd = ngx_open_file(name->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);

    if (file.fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "%V: cannot open \"%V\"", &value[0], name);
        return NGX_ERROR;
    }

    content->data = NULL;

    if (ngx_fd_info(file.fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "%V: cannot stat \"%V\"", &value[0], name);
        goto failed;
    }

    if (ngx_is_dir(&fi)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: \"%V\" is a directory", &value[0], name);
        goto failed;
    }

    if (ngx_file_size(&fi) > (off_t) max) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: \"%V\" is larger than %uz bytes",
                           &value[0], name, max);
        goto failed;
    }

    content->len = (size_t) ngx_file_size(&fi);

    content->data = ngx_pnalloc(cf->temp_pool, content->len + 1);
    if (content->data == NULL) {
        goto failed;
    }

    n = ngx_read_file(&file, content->data, content->len, 0);

    if (n == NGX_ERROR || (size_t) n != content->len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "%V: cannot read \"%V\"", &value[0], name);
        goto failed;
    }

    ngx_close_file(file.fd);

    return NGX_OK;

failed:

    if (content->data != NULL) {
        ngx_explicit_memzero(content->data, content->len);
    }

    ngx_close_file(file.fd);

    return NGX_ERROR;
}


char *
ngx_http_jwt_auth_key_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    size_t               i;
    jwt_key_t          **k;
    ngx_str_t           *value, content;
    const char          *reason;
    jwt_keyset_t        *set;
    ngx_pool_cleanup_t  *cln;

    value = cf->args->elts;

    if (ngx_http_jwt_auth_read_file(cf, &value[1], &content,
                                    NGX_HTTP_JWT_AUTH_MAX_KEY_FILE)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, sizeof(jwt_keyset_t));
    if (cln == NULL) {
        return NGX_CONF_ERROR;
    }

    set = cln->data;

    if (jwt_keyset_load(set, content.data, content.len, &reason) != 0) {
        ngx_explicit_memzero(content.data, content.len);
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_key_file: \"%V\": %s",
                           &value[1], reason);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_jwt_auth_keyset_cleanup;

    ngx_explicit_memzero(content.data, content.len);

    if (set->skipped > 0) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                           "jwt_auth_key_file: \"%V\": %uz key(s) skipped, "
                           "the last because %s",
                           &value[1], set->skipped, set->skipped_reason);
    }

    if (jlcf->keys == NGX_CONF_UNSET_PTR) {
        jlcf->keys = ngx_array_create(cf->pool, 4, sizeof(jwt_key_t *));
        if (jlcf->keys == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    for (i = 0; i < set->n; i++) {
        k = ngx_array_push(jlcf->keys);
        if (k == NULL) {
            return NGX_CONF_ERROR;
        }

        *k = set->keys[i];
    }

    return NGX_CONF_OK;
}


static void
ngx_http_jwt_auth_keyset_cleanup(void *data)
{
    jwt_keyset_free(data);
}


static void
ngx_http_jwt_auth_key_cleanup(void *data)
{
    jwt_key_free(data);
}


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

    jwt_keyset_free(&jwks->set);
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

    if (r->post_subrequest == NULL
        || r->post_subrequest->handler != ngx_http_jwt_auth_jwks_done)
    {
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
ngx_http_jwt_auth_keys_init(ngx_conf_t *cf)
{
    ngx_http_next_body_filter = ngx_http_top_body_filter;
    ngx_http_top_body_filter = ngx_http_jwt_auth_jwks_body_filter;

    return NGX_OK;
}
