
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The verified-token cache of jwt_auth_cache: a token that passed every
 * check of a location is remembered in shared memory, byte for byte,
 * with what requests need of it (the user id, the values of
 * jwt_auth_set_header, and what the revocation store is asked about it),
 * so that the same token again costs a lookup: no
 * signature, no JSON.  A variable that asks for a claim on a hit has
 * the token's payload parsed from the token itself, the bytes found.
 */


#include "ngx_http_jwt_auth_module.h"


/* the least recently used entries freed at once when the zone is full */
#define NGX_HTTP_JWT_AUTH_CACHE_EVICT  16


typedef struct {
    ngx_rbtree_t                  rbtree;
    ngx_rbtree_node_t             sentinel;
    ngx_queue_t                   lru;
    ngx_uint_t                    generation;
} ngx_http_jwt_auth_cache_sh_t;


typedef struct {
    ngx_http_jwt_auth_cache_sh_t *sh;
    ngx_slab_pool_t              *shpool;
    ngx_uint_t                    generation;  /* of this configuration */
    u_char                       *file;        /* where it was first */
    ngx_uint_t                    line;        /* named */
} ngx_http_jwt_auth_cache_t;


/*
 * An entry.  It counts only for the configuration it was verified with
 * (the location and the configuration's generation, so that a reload
 * starts afresh), until "expires", which is never after the token's exp,
 * and while the key that verified it is still among the keys.  "data"
 * holds the token, the user id, its jti and session id (with a
 * revocation store), and the values of jwt_auth_set_header (each after
 * its length), one after another.
 */

typedef struct {
    ngx_rbtree_node_t             node;        /* key: the token's tail */
    ngx_queue_t                   queue;
    void                         *conf;
    ngx_uint_t                    generation;
    time_t                        expires;
    u_char                        fingerprint[JAC_FINGERPRINT_LEN];
    uint16_t                      size;        /* of data */
    uint16_t                      token_len;
    uint16_t                      user_len;
    uint16_t                      jti_len;
    uint16_t                      session_len;
    uint16_t                      nvalues;
    unsigned                      has_iat:1;
    double                        iat;
    u_char                        data[1];
} ngx_http_jwt_auth_cache_node_t;


static ngx_int_t ngx_http_jwt_auth_cache_init_zone(ngx_shm_zone_t *shm_zone,
    void *data);
static ngx_rbtree_key_t ngx_http_jwt_auth_cache_key(ngx_str_t *token);
static ngx_http_jwt_auth_cache_node_t *ngx_http_jwt_auth_cache_find(
    ngx_http_jwt_auth_cache_t *cache, ngx_rbtree_node_t *node,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_rbtree_key_t hash,
    ngx_str_t *token);
static ngx_int_t ngx_http_jwt_auth_cache_key_known(
    ngx_http_jwt_auth_cache_node_t *cn, jac_key_t **keys, size_t nkeys);
static u_char *ngx_http_jwt_auth_cache_text(ngx_str_t *s, u_char *p,
    size_t len);


/*
 * A hit: NGX_OK with the context filled as a verification would have
 * (but no JSON: the token's parts are parsed when a variable or a
 * requirement asks); NGX_DECLINED otherwise.
 */

ngx_int_t
ngx_http_jwt_auth_cache_get(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    jac_key_t **keys, size_t nkeys)
{
    u_char                          *p;
    size_t                           size;
    uint16_t                         len;
    ngx_str_t                       *token;
    ngx_uint_t                       i, rc;
    ngx_http_jwt_auth_cache_t       *cache;
    ngx_http_jwt_auth_cache_node_t  *cn;

    cache = jlcf->cache_zone->data;
    token = &ctx->token;

    ngx_shmtx_lock(&cache->shpool->mutex);

    cn = ngx_http_jwt_auth_cache_find(cache, cache->sh->rbtree.root, jlcf,
                                      ngx_http_jwt_auth_cache_key(token),
                                      token);

    rc = NGX_DECLINED;

    if (cn == NULL
        || cn->expires <= ngx_time()
        || ngx_http_jwt_auth_cache_key_known(cn, keys, nkeys) != NGX_OK)
    {
        goto done;
    }

    ngx_queue_remove(&cn->queue);
    ngx_queue_insert_head(&cache->sh->lru, &cn->queue);

    /*
     * what follows the token, copied at once: the entry may be gone
     * once the zone is unlocked
     */

    size = cn->size - cn->token_len;

    p = ngx_pnalloc(r->pool, size);
    if (p == NULL) {
        goto done;
    }

    ngx_memcpy(p, cn->data + cn->token_len, size);

    p = ngx_http_jwt_auth_cache_text(&ctx->user, p, cn->user_len);
    p = ngx_http_jwt_auth_cache_text(&ctx->jti, p, cn->jti_len);
    p = ngx_http_jwt_auth_cache_text(&ctx->session, p, cn->session_len);

    if (cn->nvalues > 0) {
        ctx->values = ngx_palloc(r->pool, cn->nvalues * sizeof(ngx_str_t));
        if (ctx->values == NULL) {
            goto done;
        }

        for (i = 0; i < cn->nvalues; i++) {
            ngx_memcpy(&len, p, sizeof(uint16_t));
            p = ngx_http_jwt_auth_cache_text(&ctx->values[i],
                                             p + sizeof(uint16_t), len);
        }
    }

    /* the identity of this location, as the token's check found it */

    ctx->user_claim = jlcf->user_claim;
    ctx->headers = jlcf->headers;
    ctx->identity_err = JAC_OK;

    ctx->session_claim = jlcf->revocation_session;
    ctx->has_ids = (jlcf->revocation_zone != NULL);
    ctx->has_iat = cn->has_iat;
    ctx->iat = cn->iat;

    rc = NGX_OK;

done:

    ngx_shmtx_unlock(&cache->shpool->mutex);

    return rc;
}


/*
 * Remembers a token that passed every check, until its exp or the
 * cache's valid= time, whichever comes first.  Only such tokens enter
 * the cache, so junk cannot push the working set out of it; when the zone
 * is full, the least recently used entries make room.
 */

void
ngx_http_jwt_auth_cache_put(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx)
{
    u_char                          *p;
    size_t                           size;
    time_t                           expires;
    ngx_str_t                       *token;
    uint16_t                         len;
    ngx_uint_t                       i, n, tries;
    ngx_rbtree_key_t                 hash;
    ngx_queue_t                     *q;
    ngx_http_jwt_auth_cache_t       *cache;
    ngx_http_jwt_auth_cache_node_t  *cn;

    cache = jlcf->cache_zone->data;
    token = &ctx->token;

    expires = jac_token_expires(&ctx->jwt, ngx_time() + jlcf->cache_valid);

    if (expires <= ngx_time()) {
        return;
    }

    n = jlcf->headers ? jlcf->headers->nelts : 0;

    size = offsetof(ngx_http_jwt_auth_cache_node_t, data)
           + token->len + ctx->user.len + ctx->jti.len + ctx->session.len;

    for (i = 0; i < n; i++) {
        size += sizeof(uint16_t) + ctx->values[i].len;
    }

    if (size > 0xffff) {
        return;
    }

    hash = ngx_http_jwt_auth_cache_key(token);

    ngx_shmtx_lock(&cache->shpool->mutex);

    cn = ngx_http_jwt_auth_cache_find(cache, cache->sh->rbtree.root, jlcf,
                                      hash, token);

    if (cn != NULL) {
        /* verified again: a key of it changed, or it had expired */
        ngx_queue_remove(&cn->queue);
        ngx_rbtree_delete(&cache->sh->rbtree, &cn->node);
        ngx_slab_free_locked(cache->shpool, cn);
    }

    for (tries = 0; /* void */; tries++) {
        cn = ngx_slab_alloc_locked(cache->shpool, size);

        if (cn != NULL || tries == NGX_HTTP_JWT_AUTH_CACHE_EVICT
            || ngx_queue_empty(&cache->sh->lru))
        {
            break;
        }

        q = ngx_queue_last(&cache->sh->lru);
        ngx_queue_remove(q);

        cn = ngx_queue_data(q, ngx_http_jwt_auth_cache_node_t, queue);
        ngx_rbtree_delete(&cache->sh->rbtree, &cn->node);
        ngx_slab_free_locked(cache->shpool, cn);
    }

    if (cn == NULL) {
        ngx_shmtx_unlock(&cache->shpool->mutex);
        return;
    }

    cn->node.key = hash;
    cn->conf = jlcf;
    cn->generation = cache->generation;
    cn->expires = expires;
    ngx_memcpy(cn->fingerprint, jac_key_fingerprint(ctx->jwt.key),
               JAC_FINGERPRINT_LEN);

    cn->size = size - offsetof(ngx_http_jwt_auth_cache_node_t, data);
    cn->token_len = token->len;
    cn->user_len = ctx->user.len;
    cn->jti_len = ctx->jti.len;
    cn->session_len = ctx->session.len;
    cn->has_iat = ctx->has_iat;
    cn->iat = ctx->iat;
    cn->nvalues = n;

    p = ngx_cpymem(cn->data, token->data, token->len);
    p = ngx_cpymem(p, ctx->user.data, ctx->user.len);

    if (ctx->jti.len > 0) {
        p = ngx_cpymem(p, ctx->jti.data, ctx->jti.len);
    }

    if (ctx->session.len > 0) {
        p = ngx_cpymem(p, ctx->session.data, ctx->session.len);
    }

    /* the user id is never empty; a header's value is, for a claim absent */

    for (i = 0; i < n; i++) {
        len = ctx->values[i].len;
        p = ngx_cpymem(p, &len, sizeof(uint16_t));

        if (len > 0) {
            p = ngx_cpymem(p, ctx->values[i].data, len);
        }
    }

    ngx_rbtree_insert(&cache->sh->rbtree, &cn->node);
    ngx_queue_insert_head(&cache->sh->lru, &cn->queue);

    ngx_shmtx_unlock(&cache->shpool->mutex);
}


/*
 * The key of a token in the tree: its last bytes, which are those of its
 * signature, as only valid tokens enter; a signature's bytes are
 * uniformly distributed, so the key costs nothing per byte of the token.
 * A junk token with the tail of a cached one finds that entry and is told
 * apart by the comparison of the whole token, as any collision is.
 */

static ngx_rbtree_key_t
ngx_http_jwt_auth_cache_key(ngx_str_t *token)
{
    ngx_rbtree_key_t  key;

    if (token->len < sizeof(ngx_rbtree_key_t)) {
        return ngx_crc32_short(token->data, token->len);
    }

    ngx_memcpy(&key, token->data + token->len - sizeof(ngx_rbtree_key_t),
               sizeof(ngx_rbtree_key_t));

    return key;
}


/*
 * The entry of a token for a configuration.  Entries with equal hashes
 * (the same token in two locations, or a collision) may lie on both sides
 * of each other after rotations, so both are searched.
 */

static ngx_http_jwt_auth_cache_node_t *
ngx_http_jwt_auth_cache_find(ngx_http_jwt_auth_cache_t *cache,
    ngx_rbtree_node_t *node, ngx_http_jwt_auth_loc_conf_t *jlcf,
    ngx_rbtree_key_t hash, ngx_str_t *token)
{
    ngx_rbtree_node_t               *sentinel;
    ngx_http_jwt_auth_cache_node_t  *cn;

    sentinel = cache->sh->rbtree.sentinel;

    while (node != sentinel) {

        if (hash < node->key) {
            node = node->left;
            continue;
        }

        if (hash > node->key) {
            node = node->right;
            continue;
        }

        cn = (ngx_http_jwt_auth_cache_node_t *) node;

        if (cn->conf == jlcf && cn->generation == cache->generation
            && cn->token_len == token->len
            && ngx_memcmp(cn->data, token->data, token->len) == 0)
        {
            return cn;
        }

        cn = ngx_http_jwt_auth_cache_find(cache, node->left, jlcf, hash,
                                          token);
        if (cn != NULL) {
            return cn;
        }

        node = node->right;
    }

    return NULL;
}


/* the key that verified the token must still be one of the keys */

static ngx_int_t
ngx_http_jwt_auth_cache_key_known(ngx_http_jwt_auth_cache_node_t *cn,
    jac_key_t **keys, size_t nkeys)
{
    size_t  i;

    for (i = 0; i < nkeys; i++) {
        if (ngx_memcmp(jac_key_fingerprint(keys[i]), cn->fingerprint,
                       JAC_FINGERPRINT_LEN)
            == 0)
        {
            return NGX_OK;
        }
    }

    return NGX_DECLINED;
}


/* a text of an entry's copy */

static u_char *
ngx_http_jwt_auth_cache_text(ngx_str_t *s, u_char *p, size_t len)
{
    s->len = len;
    s->data = p;

    return p + len;
}


/* jwt_auth_cache zone=name:size [valid=time] | off */

char *
ngx_http_jwt_auth_cache(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ssize_t                     size;
    ngx_str_t                  *value, name, s;
    ngx_uint_t                  i;
    ngx_http_jwt_auth_cache_t  *cache;

    if (jlcf->cache_zone != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_strcmp(value[1].data, "off") == 0) {
        if (cf->args->nelts > 2) {
            return "takes no other parameter with \"off\"";
        }

        jlcf->cache_zone = NULL;
        return NGX_CONF_OK;
    }

    name.len = 0;
    size = 0;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "zone=", 5) == 0) {
            if (ngx_http_jwt_auth_zone_param(cf, &value[i], &name, &size)
                != NGX_CONF_OK)
            {
                return NGX_CONF_ERROR;
            }

            continue;
        }

        if (ngx_strncmp(value[i].data, "valid=", 6) == 0) {

            s.data = value[i].data + 6;
            s.len = value[i].len - 6;

            jlcf->cache_valid = ngx_parse_time(&s, 1);

            if (jlcf->cache_valid == (time_t) NGX_ERROR
                || jlcf->cache_valid == 0)
            {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "jwt_auth_cache: invalid time \"%V\"",
                                   &value[i]);
                return NGX_CONF_ERROR;
            }

            continue;
        }

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_cache: invalid parameter \"%V\"",
                           &value[i]);
        return NGX_CONF_ERROR;
    }

    if (name.len == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_cache: needs zone=name:size");
        return NGX_CONF_ERROR;
    }

    jlcf->cache_zone = ngx_shared_memory_add(cf, &name, size,
                                             &ngx_http_jwt_auth_module);
    if (jlcf->cache_zone == NULL) {
        return NGX_CONF_ERROR;
    }

    if (jlcf->cache_zone->data != NULL
        && jlcf->cache_zone->init != ngx_http_jwt_auth_cache_init_zone)
    {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_cache: zone \"%V\" is a revocation "
                           "store, not a token cache; give each its own "
                           "zone", &name);
        return NGX_CONF_ERROR;
    }

    if (jlcf->cache_zone->data == NULL) {
        jlcf->cache_zone->data = ngx_pcalloc(cf->pool,
                                           sizeof(ngx_http_jwt_auth_cache_t));
        if (jlcf->cache_zone->data == NULL) {
            return NGX_CONF_ERROR;
        }

        jlcf->cache_zone->init = ngx_http_jwt_auth_cache_init_zone;

        cache = jlcf->cache_zone->data;
        cache->file = cf->conf_file->file.name.data;
        cache->line = cf->conf_file->line;
    }

    return NGX_CONF_OK;
}


/*
 * valid= belongs to its jwt_auth_cache; a zone named without a size must
 * be given one by another jwt_auth_cache of the configuration, which has
 * been read whole when locations are merged
 */

char *
ngx_http_jwt_auth_cache_merge(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev)
{
    ngx_http_jwt_auth_cache_t  *cache;

    if (conf->cache_zone == NGX_CONF_UNSET_PTR) {
        conf->cache_zone = (prev->cache_zone == NGX_CONF_UNSET_PTR)
                           ? NULL : prev->cache_zone;
        conf->cache_valid = prev->cache_valid;
    }

    if (conf->cache_valid == NGX_CONF_UNSET) {
        conf->cache_valid = 600;
    }

    if (conf->cache_zone != NULL && conf->cache_zone->shm.size == 0) {
        cache = conf->cache_zone->data;

        ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                      "jwt_auth_cache: zone \"%V\" has no size; give it "
                      "one, as in zone=%V:1m, in %s:%ui",
                      &conf->cache_zone->shm.name,
                      &conf->cache_zone->shm.name, cache->file, cache->line);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_jwt_auth_cache_init_zone(ngx_shm_zone_t *shm_zone, void *data)
{
    ngx_http_jwt_auth_cache_t *ocache = data;

    size_t                      len;
    ngx_http_jwt_auth_cache_t  *cache;

    cache = shm_zone->data;

    if (ocache != NULL) {
        /* a reload: the entries of the old configuration no longer count */

        cache->sh = ocache->sh;
        cache->shpool = ocache->shpool;
        cache->generation = ++cache->sh->generation;

        return NGX_OK;
    }

    cache->shpool = (ngx_slab_pool_t *) shm_zone->shm.addr;

    if (shm_zone->shm.exists) {
        cache->sh = cache->shpool->data;
        cache->generation = ++cache->sh->generation;
        return NGX_OK;
    }

    cache->sh = ngx_slab_alloc(cache->shpool,
                               sizeof(ngx_http_jwt_auth_cache_sh_t));
    if (cache->sh == NULL) {
        return NGX_ERROR;
    }

    cache->shpool->data = cache->sh;

    ngx_rbtree_init(&cache->sh->rbtree, &cache->sh->sentinel,
                    ngx_rbtree_insert_value);
    ngx_queue_init(&cache->sh->lru);

    cache->sh->generation = 1;
    cache->generation = 1;

    len = sizeof(" in jwt_auth_cache zone \"\"") + shm_zone->shm.name.len;

    cache->shpool->log_ctx = ngx_slab_alloc(cache->shpool, len);
    if (cache->shpool->log_ctx == NULL) {
        return NGX_ERROR;
    }

    ngx_sprintf(cache->shpool->log_ctx, " in jwt_auth_cache zone \"%V\"%Z",
                &shm_zone->shm.name);

    cache->shpool->log_nomem = 0;

    return NGX_OK;
}
