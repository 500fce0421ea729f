
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The revocation store of jwt_auth_revocation: entries in shared memory,
 * seen by every worker at once and kept over reloads, that refuse a token
 * by its jti, a session by its id, or a subject's tokens issued before a
 * time; each entry goes by itself when nothing it matches can still be
 * valid.  Changed without a reload through the API of a location
 * (jwt_auth_revocation_api) or the pull feed (jwt_auth_revocation_request);
 * with state=, written to a file on every change and read at start.
 */


#include "ngx_http_jwt_auth_module.h"


/* the type of an entry is the first byte of its key */
#define NGX_HTTP_JWT_AUTH_KEY_LEN  (1 + JAC_MAX_VALUE_LEN)


struct ngx_http_jwt_auth_revocation_sh_s {
    ngx_rbtree_t                  rbtree;
    ngx_rbtree_node_t             sentinel;
    ngx_queue_t                   entries;
    ngx_uint_t                    count;
    ngx_uint_t                    version;     /* counts the changes */
    ngx_uint_t                    saved;       /* the state file's */
    time_t                        swept;       /* when expired ones went */
};


typedef struct {
    ngx_str_node_t                sn;          /* str: type byte, value */
    ngx_queue_t                   queue;
    time_t                        expires;
    double                        before;      /* of a subject */
    u_char                        data[1];
} ngx_http_jwt_auth_revoked_t;


static ngx_int_t ngx_http_jwt_auth_revocation_init_zone(
    ngx_shm_zone_t *shm_zone, void *data);
static ngx_int_t ngx_http_jwt_auth_revocation_load(
    ngx_http_jwt_auth_revocation_t *rv, ngx_log_t *log);
static ngx_http_jwt_auth_revoked_t *ngx_http_jwt_auth_revocation_find(
    ngx_http_jwt_auth_revocation_t *rv, ngx_uint_t type, ngx_str_t *value,
    u_char *key);
static ngx_int_t ngx_http_jwt_auth_revocation_put(
    ngx_http_jwt_auth_revocation_t *rv, const jac_revocation_t *entry);
static void ngx_http_jwt_auth_revocation_remove(
    ngx_http_jwt_auth_revocation_t *rv, ngx_http_jwt_auth_revoked_t *e);
static void ngx_http_jwt_auth_revocation_sweep(
    ngx_http_jwt_auth_revocation_t *rv, ngx_uint_t all);
static int ngx_http_jwt_auth_revocation_added(void *data,
    const jac_revocation_t *entry);


/*
 * jwt_auth_revocation zone=name[:size] [state=file] [lifetime=time]
 *     [session=claim] | off
 */

char *
ngx_http_jwt_auth_revocation(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    char                            *rc;
    ssize_t                          size;
    time_t                           lifetime;
    ngx_str_t                       *value, name, state, s;
    ngx_uint_t                       i;
    ngx_http_jwt_auth_path_t        *session;
    ngx_http_jwt_auth_revocation_t  *rv;

    if (jlcf->revocation_zone != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        if (cf->args->nelts > 2) {
            return "takes no other parameter with \"off\"";
        }

        jlcf->revocation_zone = NULL;
        jlcf->revocation_session = NULL;
        return NGX_CONF_OK;
    }

    name.len = 0;
    size = 0;
    ngx_str_null(&state);
    lifetime = 0;
    session = NULL;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "zone=", 5) == 0) {
            rc = ngx_http_jwt_auth_zone_param(cf, &value[i], &name, &size);
            if (rc != NGX_CONF_OK) {
                return rc;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "state=", 6) == 0
            && value[i].len > 6)
        {
            state.data = value[i].data + 6;
            state.len = value[i].len - 6;

            /* a file of data: relative to the prefix, as a pid file is */

            if (ngx_conf_full_name(cf->cycle, &state, 0) != NGX_OK) {
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "lifetime=", 9) == 0) {
            s.data = value[i].data + 9;
            s.len = value[i].len - 9;

            lifetime = ngx_parse_time(&s, 1);

            if (lifetime == (time_t) NGX_ERROR || lifetime == 0) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "jwt_auth_revocation: invalid time "
                                   "\"%V\"", &value[i]);
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "session=", 8) == 0
            && value[i].len > 8)
        {
            session = ngx_palloc(cf->pool, sizeof(ngx_http_jwt_auth_path_t));
            if (session == NULL) {
                return NGX_CONF_ERROR;
            }

            s.data = value[i].data + 8;
            s.len = value[i].len - 8;

            if (ngx_http_jwt_auth_parse_path(cf, &s, session) != NGX_OK) {
                return NGX_CONF_ERROR;
            }

            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_revocation: invalid parameter \"%V\"",
                           &value[i]);
        return NGX_CONF_ERROR;
    }

    if (name.len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_revocation: needs zone=name:size");
        return NGX_CONF_ERROR;
    }

    if (size == 0 && (state.len || lifetime)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_revocation: state= and lifetime= go "
                           "where the zone's size is given "
                           "(zone=%V:size)", &name);
        return NGX_CONF_ERROR;
    }

    jlcf->revocation_zone = ngx_http_jwt_auth_revocation_zone(cf, &name, size,
                                                              &value[0]);
    if (jlcf->revocation_zone == NULL) {
        return NGX_CONF_ERROR;
    }

    jlcf->revocation_session = session;

    rv = jlcf->revocation_zone->data;

    if (size != 0) {
        rv->state = state;
        rv->lifetime = lifetime;
        rv->file = cf->conf_file->file.name.data;
        rv->line = cf->conf_file->line;
    }

    return NGX_CONF_OK;
}


/*
 * The shared zone of a revocation store, made or found by name, with the
 * store's data; a zone of the module that another of its directives made
 * is not a store.
 */

ngx_shm_zone_t *
ngx_http_jwt_auth_revocation_zone(ngx_conf_t *cf, ngx_str_t *name,
    size_t size, ngx_str_t *directive)
{
    ngx_shm_zone_t                  *zone;
    ngx_http_jwt_auth_revocation_t  *rv;

    zone = ngx_shared_memory_add(cf, name, size, &ngx_http_jwt_auth_module);
    if (zone == NULL) {
        return NULL;
    }

    if (zone->data != NULL
        && zone->init != ngx_http_jwt_auth_revocation_init_zone)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: zone \"%V\" is a jwt_auth_cache zone, not a "
                           "revocation store; give each its own zone",
                           directive, &zone->shm.name);
        return NULL;
    }

    if (zone->data == NULL) {
        rv = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwt_auth_revocation_t));
        if (rv == NULL) {
            return NULL;
        }

        zone->data = rv;
        zone->init = ngx_http_jwt_auth_revocation_init_zone;
    }

    return zone;
}


/*
 * A zone named without a size must be given one by a jwt_auth_revocation
 * of the configuration, read whole when locations are merged.
 */

char *
ngx_http_jwt_auth_revocation_merge(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev)
{
    ngx_uint_t       i;
    ngx_shm_zone_t  *zone[2];

    if (conf->revocation_zone == NGX_CONF_UNSET_PTR) {
        conf->revocation_zone = (prev->revocation_zone == NGX_CONF_UNSET_PTR)
                                ? NULL : prev->revocation_zone;
        conf->revocation_session = prev->revocation_session;
    }

    zone[0] = conf->revocation_zone;
    zone[1] = conf->revocation_api;

    for (i = 0; i < 2; i++) {
        if (zone[i] != NULL && zone[i]->shm.size == 0) {
            ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                          "%s: zone \"%V\" has no size; give it one with "
                          "jwt_auth_revocation zone=%V:1m",
                          i ? "jwt_auth_revocation_api"
                            : "jwt_auth_revocation",
                          &zone[i]->shm.name, &zone[i]->shm.name);
            return NGX_CONF_ERROR;
        }
    }

    return NGX_CONF_OK;
}


/*
 * A new zone reads the state file; a reload keeps the entries (and the
 * state= of the new configuration, for the next change).
 */

static ngx_int_t
ngx_http_jwt_auth_revocation_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_jwt_auth_revocation_t *orv = data;

    size_t                           len;
    ngx_http_jwt_auth_revocation_t  *rv;

    rv = shm_zone->data;

    if (orv != NULL) {
        rv->sh = orv->sh;
        rv->shpool = orv->shpool;
        return NGX_OK;
    }

    rv->shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        rv->sh = rv->shpool->data;
        return NGX_OK;
    }

    rv->sh = ngx_slab_alloc(rv->shpool,
                            sizeof(ngx_http_jwt_auth_revocation_sh_t));
    if (rv->sh == NULL) {
        return NGX_ERROR;
    }

    rv->shpool->data = rv->sh;

    ngx_rbtree_init(&rv->sh->rbtree, &rv->sh->sentinel,
                    ngx_str_rbtree_insert_value);
    ngx_queue_init(&rv->sh->entries);

    len = sizeof(" in jwt_auth_revocation zone \"\"") + shm_zone->shm.name.len;

    rv->shpool->log_ctx = ngx_slab_alloc(rv->shpool, len);
    if (rv->shpool->log_ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_sprintf(rv->shpool->log_ctx, " in jwt_auth_revocation zone \"%V\"%Z",
                &shm_zone->shm.name);

    rv->shpool->log_nomem = 0;

    if (rv->state.len == 0) {
        return NGX_OK;
    }

    return ngx_http_jwt_auth_revocation_load(rv, shm_zone->shm.log);
}


/*
 * The state file, at start: a missing file is an empty store; one that
 * cannot be read or parsed, or holds more than the zone, stops nginx
 * (it is never taken for an empty store).
 */

static ngx_int_t
ngx_http_jwt_auth_revocation_load(ngx_http_jwt_auth_revocation_t *rv,
    ngx_log_t *log)
{
    u_char                              *text;
    ssize_t                              n;
    ngx_fd_t                             fd;
    ngx_int_t                            rc;
    ngx_file_info_t                      fi;
    ngx_http_jwt_auth_revocation_add_t   add;

    fd = ngx_open_file(rv->state.data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);

    if (fd == NGX_INVALID_FILE) {
        if (ngx_errno == NGX_ENOENT) {
            return NGX_OK;
        }

        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "jwt_auth_revocation: cannot open the state file "
                      "\"%V\"", &rv->state);
        return NGX_ERROR;
    }

    text = NULL;
    rc = NGX_ERROR;

    if (ngx_fd_info(fd, &fi) == NGX_FILE_ERROR) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "jwt_auth_revocation: cannot stat the state file "
                      "\"%V\"", &rv->state);
        goto done;
    }

    text = ngx_alloc(ngx_file_size(&fi) + 1, log);
    if (text == NULL) {
        goto done;
    }

    n = ngx_read_fd(fd, text, ngx_file_size(&fi));

    if (n != ngx_file_size(&fi)) {
        ngx_log_error(NGX_LOG_EMERG, log, ngx_errno,
                      "jwt_auth_revocation: cannot read the state file "
                      "\"%V\"", &rv->state);
        goto done;
    }

    if (ngx_http_jwt_auth_revocation_add(rv, text, n,
                                         NGX_HTTP_JWT_AUTH_FROM_STATE, &add)
        != NGX_OK)
    {
        ngx_log_error(NGX_LOG_EMERG, log, 0,
                      "jwt_auth_revocation: the state file \"%V\" is "
                      "corrupt: %s; fix or remove it", &rv->state,
                      add.reason);
        goto done;
    }

    if (add.full) {
        ngx_log_error(NGX_LOG_EMERG, log, 0,
                      "jwt_auth_revocation: the state file \"%V\" holds "
                      "more entries than the zone; give the zone more "
                      "size", &rv->state);
        goto done;
    }

    rv->sh->saved = rv->sh->version;
    rc = NGX_OK;

done:

    ngx_free(text);
    ngx_close_file(fd);

    return rc;
}


/*
 * Whether a verified token is revoked: its jti, its session, or its
 * subject with a time after its iat (or with no iat).  A store without
 * entries costs a read of their count.
 */

ngx_uint_t
ngx_http_jwt_auth_revoked(ngx_http_jwt_auth_loc_conf_t *jlcf,
    ngx_http_jwt_auth_ctx_t *ctx)
{
    u_char                           key[NGX_HTTP_JWT_AUTH_KEY_LEN];
    time_t                           now;
    ngx_uint_t                       revoked;
    ngx_http_jwt_auth_revoked_t     *e;
    ngx_http_jwt_auth_revocation_t  *rv;

    rv = jlcf->revocation_zone->data;

    if (rv->sh->count == 0) {
        return 0;
    }

    now = ngx_time();
    revoked = 0;

    ngx_shmtx_lock(&rv->shpool->mutex);

    if (ctx->jti.len > 0) {
        e = ngx_http_jwt_auth_revocation_find(rv, JAC_REVOKE_JTI, &ctx->jti,
                                              key);
        revoked = (e != NULL && e->expires > now);
    }

    if (!revoked && ctx->session.len > 0) {
        e = ngx_http_jwt_auth_revocation_find(rv, JAC_REVOKE_SESSION,
                                              &ctx->session, key);
        revoked = (e != NULL && e->expires > now);
    }

    if (!revoked) {
        e = ngx_http_jwt_auth_revocation_find(rv, JAC_REVOKE_SUBJECT,
                                              &ctx->user, key);
        revoked = (e != NULL && e->expires > now
                   && (!ctx->has_iat || ctx->iat < e->before));
    }

    ngx_shmtx_unlock(&rv->shpool->mutex);

    return revoked;
}


/* the entry of a type and value, under the zone's lock */

static ngx_http_jwt_auth_revoked_t *
ngx_http_jwt_auth_revocation_find(ngx_http_jwt_auth_revocation_t *rv,
    ngx_uint_t type, ngx_str_t *value, u_char *key)
{
    ngx_str_t  k;

    if (value->len > JAC_MAX_VALUE_LEN) {
        return NULL;
    }

    key[0] = (u_char) type;
    ngx_memcpy(key + 1, value->data, value->len);

    k.data = key;
    k.len = value->len + 1;

    return (ngx_http_jwt_auth_revoked_t *)
               ngx_str_rbtree_lookup(&rv->sh->rbtree, &k,
                                     ngx_murmur_hash2(k.data, k.len));
}


/*
 * Stores an entry, under the zone's lock (or in the master at start): a
 * new one, or one already there made to match at least as much (the
 * later "before" and "exp").  NGX_DONE: it was there, matching as much;
 * NGX_DECLINED: it has expired already; NGX_ERROR: the zone is full, even
 * without its expired entries.
 */

static ngx_int_t
ngx_http_jwt_auth_revocation_put(ngx_http_jwt_auth_revocation_t *rv,
    const jac_revocation_t *entry)
{
    u_char                        key[NGX_HTTP_JWT_AUTH_KEY_LEN];
    time_t                        expires;
    ngx_str_t                     value;
    ngx_http_jwt_auth_revoked_t  *e;

    if (entry->exp != 0) {
        expires = (time_t) entry->exp;

    } else if (entry->type == JAC_REVOKE_SUBJECT) {
        expires = (time_t) entry->before + rv->lifetime;

    } else {
        expires = ngx_time() + rv->lifetime;
    }

    if (expires <= ngx_time()) {
        return NGX_DECLINED;
    }

    value.data = (u_char *) entry->value.data;
    value.len = entry->value.len;

    e = ngx_http_jwt_auth_revocation_find(rv, entry->type, &value, key);

    if (e != NULL) {
        if (e->expires >= expires
            && (entry->type != JAC_REVOKE_SUBJECT
                || e->before >= entry->before))
        {
            return NGX_DONE;
        }

        e->expires = ngx_max(e->expires, expires);

        if (entry->type == JAC_REVOKE_SUBJECT) {
            e->before = ngx_max(e->before, entry->before);
        }

        rv->sh->version++;
        return NGX_OK;
    }

    ngx_http_jwt_auth_revocation_sweep(rv, 0);

    e = ngx_slab_alloc_locked(rv->shpool,
                              offsetof(ngx_http_jwt_auth_revoked_t, data)
                              + 1 + value.len);
    if (e == NULL) {
        ngx_http_jwt_auth_revocation_sweep(rv, 1);

        e = ngx_slab_alloc_locked(rv->shpool,
                                  offsetof(ngx_http_jwt_auth_revoked_t, data)
                                  + 1 + value.len);
        if (e == NULL) {
            return NGX_ERROR;
        }
    }

    e->data[0] = (u_char) entry->type;
    ngx_memcpy(e->data + 1, value.data, value.len);

    e->sn.str.data = e->data;
    e->sn.str.len = 1 + value.len;
    e->sn.node.key = ngx_murmur_hash2(e->sn.str.data, e->sn.str.len);
    e->expires = expires;
    e->before = (entry->type == JAC_REVOKE_SUBJECT) ? entry->before : 0;

    ngx_rbtree_insert(&rv->sh->rbtree, &e->sn.node);
    ngx_queue_insert_tail(&rv->sh->entries, &e->queue);

    rv->sh->count++;
    rv->sh->version++;

    return NGX_OK;
}


static void
ngx_http_jwt_auth_revocation_remove(ngx_http_jwt_auth_revocation_t *rv,
    ngx_http_jwt_auth_revoked_t *e)
{
    ngx_rbtree_delete(&rv->sh->rbtree, &e->sn.node);
    ngx_queue_remove(&e->queue);
    ngx_slab_free_locked(rv->shpool, e);

    rv->sh->count--;
    rv->sh->version++;
}


/*
 * Expired entries go: once a second at most as entries are added, and at
 * once ("all") when the zone is full.
 */

static void
ngx_http_jwt_auth_revocation_sweep(ngx_http_jwt_auth_revocation_t *rv,
    ngx_uint_t all)
{
    time_t                        now;
    ngx_queue_t                  *q, *next;
    ngx_http_jwt_auth_revoked_t  *e;

    now = ngx_time();

    if (!all && rv->sh->swept == now) {
        return;
    }

    rv->sh->swept = now;

    for (q = ngx_queue_head(&rv->sh->entries);
         q != ngx_queue_sentinel(&rv->sh->entries);
         q = next)
    {
        next = ngx_queue_next(q);
        e = ngx_queue_data(q, ngx_http_jwt_auth_revoked_t, queue);

        if (e->expires <= now) {
            ngx_http_jwt_auth_revocation_remove(rv, e);
        }
    }
}


/*
 * Reads a list of entries and stores them (the API's POST, the pull feed,
 * the state file at start): NGX_OK, with what was stored (and of it, what
 * changed the store), what had expired already and whether the zone was
 * full in "add"; NGX_DECLINED:
 * bad input, nothing stored, the reason in "add".  The caller writes the
 * state file.
 */

ngx_int_t
ngx_http_jwt_auth_revocation_add(ngx_http_jwt_auth_revocation_t *rv,
    u_char *text, size_t len, ngx_uint_t from,
    ngx_http_jwt_auth_revocation_add_t *add)
{
    int        need;
    jac_err_t  err;

    add->rv = rv;
    add->stored = 0;
    add->changed = 0;
    add->expired = 0;
    add->full = 0;
    add->reason[0] = '\0';

    /*
     * entries of the state file have their exp; a feed's subjects need
     * their before, which would otherwise move with every fetch
     */

    need = (from == NGX_HTTP_JWT_AUTH_FROM_STATE || rv->lifetime == 0)
           ? JAC_REVOKE_NEED_EXP : 0;

    if (from == NGX_HTTP_JWT_AUTH_FROM_FEED) {
        need |= JAC_REVOKE_NEED_BEFORE;
    }

    err = jac_revocation_read(text, len, (double) ngx_time(), need,
                              ngx_http_jwt_auth_revocation_added, add,
                              add->reason, sizeof(add->reason));

    return (err == JAC_ERR_MALFORMED) ? NGX_DECLINED : NGX_OK;
}


/* each entry under the lock, so that a long list does not hold it */

static int
ngx_http_jwt_auth_revocation_added(void *data, const jac_revocation_t *entry)
{
    ngx_http_jwt_auth_revocation_add_t *add = data;

    ngx_int_t                        rc;
    ngx_http_jwt_auth_revocation_t  *rv;

    rv = add->rv;

    ngx_shmtx_lock(&rv->shpool->mutex);
    rc = ngx_http_jwt_auth_revocation_put(rv, entry);
    ngx_shmtx_unlock(&rv->shpool->mutex);

    switch (rc) {

    case NGX_OK:
        add->changed++;
        add->stored++;
        return 0;

    case NGX_DONE:
        /* there already, matching as much */
        add->stored++;
        return 0;

    case NGX_DECLINED:
        add->expired++;
        return 0;

    default:
        /* the zone is full: the entries after this one are not stored */
        add->full = 1;
        return -1;
    }
}


/*
 * The entries as JSON, into the pool, with the version they are of;
 * copied under the lock, written out after it.
 */

ngx_int_t
ngx_http_jwt_auth_revocation_text(ngx_http_jwt_auth_revocation_t *rv,
    ngx_pool_t *pool, ngx_log_t *log, ngx_str_t *text, ngx_uint_t *version)
{
    u_char                       *p;
    size_t                        n, i, size, len;
    time_t                        now;
    ngx_queue_t                  *q;
    jac_revocation_t             *list;
    ngx_http_jwt_auth_revoked_t  *e;

    now = ngx_time();

    ngx_shmtx_lock(&rv->shpool->mutex);

    n = rv->sh->count;
    size = 0;

    for (q = ngx_queue_head(&rv->sh->entries);
         q != ngx_queue_sentinel(&rv->sh->entries);
         q = ngx_queue_next(q))
    {
        e = ngx_queue_data(q, ngx_http_jwt_auth_revoked_t, queue);
        size += e->sn.str.len;
    }

    list = ngx_palloc(pool, n * sizeof(jac_revocation_t) + size + 1);
    if (list == NULL) {
        ngx_shmtx_unlock(&rv->shpool->mutex);
        return NGX_ERROR;
    }

    p = (u_char *) (list + n);
    i = 0;

    for (q = ngx_queue_head(&rv->sh->entries);
         q != ngx_queue_sentinel(&rv->sh->entries);
         q = ngx_queue_next(q))
    {
        e = ngx_queue_data(q, ngx_http_jwt_auth_revoked_t, queue);

        if (e->expires <= now) {
            continue;
        }

        list[i].type = e->data[0];
        list[i].value.data = p;
        list[i].value.len = e->sn.str.len - 1;
        list[i].before = e->before;
        list[i].exp = (double) e->expires;

        p = ngx_cpymem(p, e->data + 1, e->sn.str.len - 1);
        i++;
    }

    *version = rv->sh->version;

    ngx_shmtx_unlock(&rv->shpool->mutex);

    size = 256;

    for ( ;; ) {
        text->data = ngx_pnalloc(pool, size);
        if (text->data == NULL) {
            return NGX_ERROR;
        }

        len = jac_revocation_write(text->data, size, list, i);

        if (len == 0) {
            ngx_log_error(NGX_LOG_ALERT, log, 0,
                          "jwt_auth_revocation: cannot write the entries "
                          "as JSON");
            return NGX_ERROR;
        }

        if (len < size) {
            /* a line: what GET answers, what the state file holds */
            text->data[len] = '\n';
            text->len = len + 1;
            return NGX_OK;
        }

        size = len + 1;
    }
}


/*
 * Writes the state file, if the zone has one: into a file of this
 * process beside it, synced, then renamed over it, unless another process
 * has written a later version meanwhile.
 */

ngx_int_t
ngx_http_jwt_auth_revocation_save(ngx_http_jwt_auth_revocation_t *rv,
    ngx_log_t *log)
{
    u_char      *tmp;
    ngx_fd_t     fd;
    ngx_int_t    rc;
    ngx_str_t    text;
    ngx_uint_t   version;
    ngx_pool_t  *pool;

    if (rv->state.len == 0) {
        return NGX_OK;
    }

    pool = ngx_create_pool(4096, log);
    if (pool == NULL) {
        return NGX_ERROR;
    }

    rc = NGX_ERROR;

    if (ngx_http_jwt_auth_revocation_text(rv, pool, log, &text, &version)
        != NGX_OK)
    {
        goto done;
    }

    tmp = ngx_pnalloc(pool, rv->state.len + sizeof(".4294967295.tmp"));
    if (tmp == NULL) {
        goto done;
    }

    ngx_sprintf(tmp, "%V.%P.tmp%Z", &rv->state, ngx_pid);

    fd = ngx_open_file(tmp, NGX_FILE_WRONLY, NGX_FILE_TRUNCATE, 0600);

    if (fd == NGX_INVALID_FILE) {
        ngx_log_error(NGX_LOG_CRIT, log, ngx_errno,
                      "jwt_auth_revocation: cannot write \"%s\"", tmp);
        goto done;
    }

    if (ngx_write_fd(fd, text.data, text.len) != (ssize_t) text.len
        || fsync(fd) == -1)
    {
        ngx_log_error(NGX_LOG_CRIT, log, ngx_errno,
                      "jwt_auth_revocation: cannot write \"%s\"", tmp);
        ngx_close_file(fd);
        ngx_delete_file(tmp);
        goto done;
    }

    ngx_close_file(fd);

    ngx_shmtx_lock(&rv->shpool->mutex);

    if (version > rv->sh->saved) {
        if (ngx_rename_file(tmp, rv->state.data) == NGX_FILE_ERROR) {
            ngx_shmtx_unlock(&rv->shpool->mutex);
            ngx_log_error(NGX_LOG_CRIT, log, ngx_errno,
                          "jwt_auth_revocation: cannot rename \"%s\" to "
                          "\"%V\"", tmp, &rv->state);
            ngx_delete_file(tmp);
            goto done;
        }

        rv->sh->saved = version;

    } else {
        /* another process wrote a later version */
        ngx_delete_file(tmp);
    }

    ngx_shmtx_unlock(&rv->shpool->mutex);

    rc = NGX_OK;

done:

    ngx_destroy_pool(pool);

    return rc;
}


/*
 * Removes the entry of an id of a type (JAC_REVOKE_*); whether a live one
 * was there.
 */

ngx_uint_t
ngx_http_jwt_auth_revocation_delete(ngx_http_jwt_auth_revocation_t *rv,
    ngx_uint_t type, ngx_str_t *value)
{
    u_char                        key[NGX_HTTP_JWT_AUTH_KEY_LEN];
    ngx_uint_t                    found;
    ngx_http_jwt_auth_revoked_t  *e;

    ngx_shmtx_lock(&rv->shpool->mutex);

    e = ngx_http_jwt_auth_revocation_find(rv, type, value, key);
    found = (e != NULL && e->expires > ngx_time());

    if (e != NULL) {
        ngx_http_jwt_auth_revocation_remove(rv, e);
    }

    ngx_shmtx_unlock(&rv->shpool->mutex);

    return found;
}
