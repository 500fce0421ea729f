
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The pull feed of a revocation store (jwt_auth_revocation_request), for
 * a fleet of nginx instances converging on the backend's one list: each
 * worker fetches the entries at a local URI, at most every interval, by
 * a background subrequest (clean, as key requests are: see
 * ngx_http_jwt_auth_jwks.c) that a request checked by jwt_auth starts
 * and does not wait for.  The entries are merged into the store as a
 * POST to its API adds them; none is removed by the feed, and a feed
 * that fails leaves the store as it is.
 */


#include "ngx_http_jwt_auth_module.h"


/* the default time between two fetches of a worker, in seconds */
#define NGX_HTTP_JWT_AUTH_FEED_INTERVAL    30


static char *ngx_http_jwt_auth_feed_zone(ngx_conf_t *cf,
    ngx_http_jwt_auth_feed_t *feed, ngx_shm_zone_t *zone);
static void ngx_http_jwt_auth_feed_done(ngx_http_request_t *sr,
    ngx_http_jwt_auth_answer_t *answer, ngx_int_t rc);
static void ngx_http_jwt_auth_feed_failed(ngx_log_t *log,
    ngx_http_jwt_auth_feed_t *feed, const char *reason);


/* jwt_auth_revocation_request uri [interval=time] */

char *
ngx_http_jwt_auth_revocation_request(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    time_t                     interval;
    ngx_str_t                 *value, s;
    ngx_http_jwt_auth_feed_t  *feed;

    if (jlcf->revocation_feed != NGX_CONF_UNSET_PTR) {
        return "is duplicate";
    }

    value = cf->args->elts;

    if (ngx_http_jwt_auth_local_uri(cf, &value[1],
                                    "(e.g. /_revoked) that proxy_passes to "
                                    "the backend's list")
        != NGX_CONF_OK)
    {
        return NGX_CONF_ERROR;
    }

    interval = NGX_HTTP_JWT_AUTH_FEED_INTERVAL;

    if (cf->args->nelts == 3) {
        if (ngx_strncmp(value[2].data, "interval=", 9) != 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_revocation_request: invalid "
                               "parameter \"%V\" (expected interval=time)",
                               &value[2]);
            return NGX_CONF_ERROR;
        }

        s.data = value[2].data + 9;
        s.len = value[2].len - 9;

        interval = ngx_parse_time(&s, 1);

        if (interval == (time_t) NGX_ERROR || interval < 1) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_revocation_request: invalid "
                               "interval in \"%V\" (a time of 1s or more, "
                               "in seconds, minutes...)", &value[2]);
            return NGX_CONF_ERROR;
        }
    }

    feed = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwt_auth_feed_t));
    if (feed == NULL) {
        return NGX_CONF_ERROR;
    }

    /*
     * set by ngx_pcalloc():
     *
     *     feed->zone = NULL;
     *     feed->attempted = 0;
     *     feed->fetch = NULL;
     *     feed->origin = NULL;
     *     feed->next = NULL;
     */

    feed->uri = value[1];
    feed->interval = interval;
    feed->file = cf->conf_file->file.name.data;
    feed->line = cf->conf_file->line;

    jlcf->revocation_feed = feed;

    return NGX_CONF_OK;
}


/*
 * A feed fills the store that applies where it is given, which must have
 * one.  Where a level below names another store, the feed fills that one
 * too, with a schedule of its own (a copy of the feed for that store);
 * where a level turns the store off, it does nothing.  The http level is
 * never merged itself, so a feed given there finds its store when the
 * first server is merged.
 */

char *
ngx_http_jwt_auth_feed_merge(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev)
{
    ngx_shm_zone_t            *zone;
    ngx_http_jwt_auth_feed_t  *feed, *f;

    if (conf->revocation_feed != NGX_CONF_UNSET_PTR) {
        /* given at this level */
        return ngx_http_jwt_auth_feed_zone(cf, conf->revocation_feed,
                                           conf->revocation_zone);
    }

    feed = (prev->revocation_feed == NGX_CONF_UNSET_PTR)
           ? NULL : prev->revocation_feed;

    conf->revocation_feed = feed;

    if (feed == NULL) {
        return NGX_CONF_OK;
    }

    if (feed->origin == NULL) {
        /* given at the http level, whose configuration is as written */
        zone = (prev->revocation_zone == NGX_CONF_UNSET_PTR)
               ? NULL : prev->revocation_zone;

        if (ngx_http_jwt_auth_feed_zone(cf, feed, zone) != NGX_CONF_OK) {
            return NGX_CONF_ERROR;
        }
    }

    if (conf->revocation_zone == NULL || conf->revocation_zone == feed->zone)
    {
        return NGX_CONF_OK;
    }

    for (f = feed->origin; f; f = f->next) {
        if (f->zone == conf->revocation_zone) {
            conf->revocation_feed = f;
            return NGX_CONF_OK;
        }
    }

    f = ngx_palloc(cf->pool, sizeof(ngx_http_jwt_auth_feed_t));
    if (f == NULL) {
        return NGX_CONF_ERROR;
    }

    *f = *feed->origin;

    f->zone = conf->revocation_zone;
    f->next = feed->origin->next;
    feed->origin->next = f;

    conf->revocation_feed = f;

    return NGX_CONF_OK;
}


static char *
ngx_http_jwt_auth_feed_zone(ngx_conf_t *cf, ngx_http_jwt_auth_feed_t *feed,
    ngx_shm_zone_t *zone)
{
    feed->origin = feed;

    if (zone == NULL) {
        ngx_log_error(NGX_LOG_EMERG, cf->log, 0,
                      "jwt_auth_revocation_request: no jwt_auth_revocation "
                      "store applies where it is given (give one there or "
                      "above, as jwt_auth_revocation zone=name:size) in "
                      "%s:%ui", feed->file, feed->line);
        return NGX_CONF_ERROR;
    }

    feed->zone = zone;

    return NGX_CONF_OK;
}


/*
 * Starts this worker's fetch of the feed, when none is under way and the
 * last one started an interval ago or more.  The request goes on at once:
 * the subrequest is a background one, as a cache update of proxy_cache
 * is.  A request that cannot make a subrequest (an in-memory one, or one
 * nested as deep as nginx allows) leaves the fetch to the next.
 */

ngx_int_t
ngx_http_jwt_auth_feed(ngx_http_request_t *r, ngx_http_jwt_auth_feed_t *feed)
{
    time_t                       now;
    ngx_http_jwt_auth_answer_t  *answer;

    now = ngx_time();

    if (feed->fetch != NULL
        || (now >= feed->attempted && now - feed->attempted < feed->interval)
        || r->subrequest_in_memory
        || r->subrequests == 0)
    {
        return NGX_OK;
    }

    answer = ngx_pcalloc(r->pool, sizeof(ngx_http_jwt_auth_answer_t));
    if (answer == NULL) {
        return NGX_ERROR;
    }

    answer->handler = ngx_http_jwt_auth_feed_done;
    answer->data = feed;
    answer->max = NGX_HTTP_JWT_AUTH_MAX_FEED;

    if (ngx_http_jwt_auth_subrequest(r, &feed->uri,
                                     NGX_HTTP_SUBREQUEST_BACKGROUND, answer)
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                   "jwt_auth: fetching the revocation feed \"%V\"",
                   &feed->uri);

    feed->fetch = answer;
    feed->attempted = now;

    return NGX_OK;
}


/*
 * The end of a fetch: a 2xx answer of entries in any form the API's POST
 * takes is merged into the store (and the state file written when any
 * was stored); anything else leaves the store as it is and is logged.
 * The next fetch comes an interval after this one started, either way.
 */

static void
ngx_http_jwt_auth_feed_done(ngx_http_request_t *sr,
    ngx_http_jwt_auth_answer_t *answer, ngx_int_t rc)
{
    u_char                               reason[64];
    ngx_log_t                           *log;
    ngx_uint_t                           code;
    ngx_http_jwt_auth_feed_t            *feed;
    ngx_http_jwt_auth_revocation_t      *rv;
    ngx_http_jwt_auth_revocation_add_t   add;

    feed = answer->data;

    if (feed->fetch == answer) {
        feed->fetch = NULL;
    }

    if (sr == NULL) {
        ngx_http_jwt_auth_feed_failed(answer->log, feed,
                                      "the request that started it went "
                                      "away first");
        return;
    }

    log = sr->connection->log;

    if (rc < NGX_OK) {
        ngx_http_jwt_auth_feed_failed(log, feed, "the subrequest failed");
        return;
    }

    code = (rc > NGX_OK) ? (ngx_uint_t) rc : sr->headers_out.status;

    if (code < 200 || code > 299) {
        (void) ngx_sprintf(reason, "status %ui%Z", code);
        ngx_http_jwt_auth_feed_failed(log, feed, (char *) reason);
        return;
    }

    if (answer->too_big) {
        (void) ngx_sprintf(reason, "the answer is larger than %uz bytes%Z",
                           (size_t) NGX_HTTP_JWT_AUTH_MAX_FEED);
        ngx_http_jwt_auth_feed_failed(log, feed, (char *) reason);
        return;
    }

    if (answer->len == 0) {
        ngx_http_jwt_auth_feed_failed(log, feed, "an empty answer");
        return;
    }

    rv = feed->zone->data;

    if (ngx_http_jwt_auth_revocation_add(rv, answer->body, answer->len,
                                         NGX_HTTP_JWT_AUTH_FROM_FEED, &add)
        != NGX_OK)
    {
        ngx_http_jwt_auth_feed_failed(log, feed, add.reason);
        return;
    }

    if (add.full) {
        ngx_log_error(NGX_LOG_ERR, log, 0,
                      "jwt_auth_revocation: zone \"%V\" is full: %ui "
                      "entries stored, the rest not",
                      &feed->zone->shm.name, add.stored);
    }

    ngx_log_debug3(NGX_LOG_DEBUG_HTTP, log, 0,
                   "jwt_auth: the revocation feed \"%V\" gave %ui entries, "
                   "%ui expired already",
                   &feed->uri, add.stored, add.expired);

    if (add.changed > 0) {
        /* a state file that cannot be written is logged there */
        (void) ngx_http_jwt_auth_revocation_save(rv, log);
    }
}


static void
ngx_http_jwt_auth_feed_failed(ngx_log_t *log, ngx_http_jwt_auth_feed_t *feed,
    const char *reason)
{
    ngx_log_error(NGX_LOG_ERR, log, 0,
                  "jwt_auth: the revocation feed \"%V\" failed: %s; zone "
                  "\"%V\" is kept as it is", &feed->uri, reason,
                  &feed->zone->shm.name);
}
