
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * What the files of the nginx glue share.  The request flow is in
 * ngx_http_jwt_auth_module.c; beside it in src/nginx/: the directives and
 * their configuration (conf), the token of a cookie (cookie), the
 * identity headers (headers), the requirements (require), secrets and key
 * files (keys), the JWKS fetch and the module's subrequests (jwks),
 * encrypted tokens (jwe), the token cache (cache), the revocation store
 * (revocation), its API (revocation_api), its pull feed (feed) and the
 * variables.  The glue sees
 * the JWT core only through src/core/jac.h.
 */


#ifndef _NGX_HTTP_JWT_AUTH_MODULE_H_INCLUDED_
#define _NGX_HTTP_JWT_AUTH_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "jac.h"


/* the module's own symbols stay in the module (nm -D shows none) */
#pragma GCC visibility push(hidden)


/* the module's version: CHANGES and debian/changelog name the same */
#define NGX_HTTP_JWT_AUTH_VERSION          "0.2.0"

/* the largest key file, and the largest answer of a key request */
#define NGX_HTTP_JWT_AUTH_MAX_KEY_FILE     1048576

/* the largest answer of a revocation feed */
#define NGX_HTTP_JWT_AUTH_MAX_FEED         16777216


/* a claim by its path: "session.userId" is { "session", "userId" } */

typedef struct {
    ngx_str_t                   text;       /* as configured */
    char                      **names;      /* NUL-terminated */
    ngx_uint_t                  n;
} ngx_http_jwt_auth_path_t;


typedef struct {
    ngx_str_t                   name;
    ngx_str_t                   lowcase;
    ngx_uint_t                  hash;
    ngx_http_jwt_auth_path_t    claim;
    ngx_uint_t                  optional;   /* left out, not refused */
} ngx_http_jwt_auth_header_t;


/*
 * A requirement on a verified token: a value that must be neither empty
 * nor "0" (jwt_auth_require), or a claim that must hold one of the
 * values (jwt_auth_require_claim).
 */

typedef struct {
    ngx_http_complex_value_t   *value;
    ngx_http_jwt_auth_path_t    claim;
    jac_str_t                  *values;
    ngx_uint_t                  nvalues;
    ngx_uint_t                  words;      /* a space-separated "scope" */
    ngx_uint_t                  status;     /* 401 or 403 */
    ngx_str_t                   code;       /* for $jwt_auth_error */
    const char                 *reason;
} ngx_http_jwt_auth_require_t;


/*
 * The answer of one of the module's own subrequests (a key request, a
 * revocation feed), kept by the module's body filter as it comes, up to
 * "max" bytes.  "handler" is called once: at the end of the subrequest,
 * or, with no subrequest, when the request that made it went first.
 */

typedef struct ngx_http_jwt_auth_answer_s  ngx_http_jwt_auth_answer_t;

typedef void (*ngx_http_jwt_auth_answer_pt)(ngx_http_request_t *sr,
    ngx_http_jwt_auth_answer_t *answer, ngx_int_t rc);

struct ngx_http_jwt_auth_answer_s {
    ngx_http_jwt_auth_answer_pt handler;
    void                       *data;       /* the handler's */
    ngx_log_t                  *log;
    u_char                     *body;       /* ngx_alloc()ed */
    size_t                      len;
    size_t                      size;
    size_t                      max;
    unsigned                    too_big:1;
    unsigned                    done:1;
};


/*
 * The keys of jwt_auth_key_request: a JWKS fetched by a subrequest, kept
 * by each worker.  Its state lives in the configuration and changes in
 * each worker on its own, as the workers are single-threaded.
 */

typedef struct {
    ngx_str_t                   uri;
    ngx_msec_t                  timeout;    /* of a wait for a fetch */
    jac_keyset_t                set;        /* the last good keys */
    ngx_uint_t                  generation; /* counts the sets fetched */
    time_t                      fetched;    /* when they came */
    time_t                      attempted;  /* the last fetch started */
    ngx_uint_t                  fetching;   /* a fetch is under way, */
    ngx_http_jwt_auth_answer_t *fetch;      /* this one */
    ngx_queue_t                 waiters;    /* the requests waiting */
} ngx_http_jwt_auth_jwks_t;


/*
 * What decides whether a token verifies: the keys, the algorithms they
 * may use and the claims policy.  Locations that inherit all of it share
 * one verifier, so that a token verified for one of them is not verified
 * again after an internal redirect to another.  With a key request, the
 * location's own keys and the fetched ones are joined once per fetch.
 */

/* what jwt_auth_type accepts */
#define NGX_HTTP_JWT_AUTH_SIGNED     0
#define NGX_HTTP_JWT_AUTH_ENCRYPTED  1
#define NGX_HTTP_JWT_AUTH_NESTED     2

typedef struct {
    ngx_uint_t                  type;       /* signed, encrypted, nested */
    ngx_array_t                *jwe_keys;   /* of jac_key_t *, or NULL */
    ngx_array_t                *keys;       /* of jac_key_t *, or NULL */
    ngx_http_jwt_auth_jwks_t   *jwks;       /* or NULL */
    ngx_uint_t                  allowed;    /* what tokens may use */
    jac_policy_t                policy;
    jac_header_cache_t         *header_cache;  /* this worker's */
    jac_key_t                 **all;        /* keys and the fetched ones */
    size_t                      nall;
    ngx_uint_t                  generation; /* of the fetched ones in all */
} ngx_http_jwt_auth_verifier_t;


/*
 * A revocation store (jwt_auth_revocation): its shared memory, and what
 * the directive that gave its size said.
 */

typedef struct ngx_http_jwt_auth_revocation_sh_s
    ngx_http_jwt_auth_revocation_sh_t;

typedef struct {
    ngx_http_jwt_auth_revocation_sh_t  *sh;
    ngx_slab_pool_t                    *shpool;
    ngx_str_t                           state;     /* the file, or empty */
    time_t                              lifetime;  /* 0: exp is needed */
    u_char                             *file;      /* where it was */
    ngx_uint_t                          line;      /* given its size */
} ngx_http_jwt_auth_revocation_t;


/*
 * The pull feed of a revocation store (jwt_auth_revocation_request): the
 * entries at a local URI, fetched by each worker at most every interval
 * and merged into a store, the one where the directive is given or, in a
 * copy of the feed, another that a level below names.  Its schedule lives
 * in the configuration and changes in each worker on its own.
 */

typedef struct ngx_http_jwt_auth_feed_s  ngx_http_jwt_auth_feed_t;

struct ngx_http_jwt_auth_feed_s {
    ngx_str_t                           uri;
    time_t                              interval;
    ngx_shm_zone_t                     *zone;      /* the store it fills */
    u_char                             *file;      /* where it is given */
    ngx_uint_t                          line;
    time_t                              attempted; /* the last fetch */
    ngx_http_jwt_auth_answer_t         *fetch;     /* under way, or NULL */
    ngx_http_jwt_auth_feed_t           *origin;    /* the one given; */
    ngx_http_jwt_auth_feed_t           *next;      /* its copies */
};


/* where a list of entries comes from, and what came of it */

#define NGX_HTTP_JWT_AUTH_FROM_API    0
#define NGX_HTTP_JWT_AUTH_FROM_STATE  1
#define NGX_HTTP_JWT_AUTH_FROM_FEED   2


typedef struct {
    ngx_http_jwt_auth_revocation_t     *rv;
    ngx_uint_t                          stored;
    ngx_uint_t                          changed;   /* of them, the store */
    ngx_uint_t                          expired;   /* already */
    ngx_uint_t                          full;      /* the rest not stored */
    char                                reason[256];  /* bad input */
} ngx_http_jwt_auth_revocation_add_t;


/* the names of the identity headers of a server's locations */

typedef struct {
    ngx_array_t                *names;      /* of ngx_str_t, or NULL */
} ngx_http_jwt_auth_srv_conf_t;


/* where jwt_auth takes the token from, in the order of its parameters */

#define NGX_HTTP_JWT_AUTH_BEARER    0
#define NGX_HTTP_JWT_AUTH_VARIABLE  1
#define NGX_HTTP_JWT_AUTH_COOKIE    2

typedef struct {
    ngx_uint_t                  type;
    ngx_int_t                   index;      /* of the variable */
    ngx_str_t                   name;       /* of the cookie */
} ngx_http_jwt_auth_source_t;


typedef struct {
    ngx_http_complex_value_t   *realm;      /* NULL: jwt_auth off */
    ngx_array_t                *sources;    /* NULL: the bearer token */
    ngx_array_t                *keys;       /* of jac_key_t * */
    ngx_http_jwt_auth_jwks_t   *jwks;
    time_t                      key_cache;
    ngx_uint_t                  type;       /* jwt_auth_type */
    ngx_array_t                *jwe_keys;   /* jwt_auth_jwe_key */
    ngx_http_jwt_auth_verifier_t  *verifier;
    ngx_shm_zone_t             *cache_zone;    /* jwt_auth_cache */
    time_t                      cache_valid;
    ngx_uint_t                  algorithms; /* as configured, 0: default */
    time_t                      leeway;
    ngx_array_t                *issuers;    /* of jac_str_t */
    ngx_array_t                *audiences;  /* of jac_str_t */
    ngx_http_jwt_auth_path_t   *user_claim;
    ngx_array_t                *headers;    /* of ngx_http_jwt_auth_header_t */
    ngx_array_t                *requires;   /* of ngx_http_jwt_auth_require_t */
    ngx_array_t                *require_claims;
    ngx_shm_zone_t             *revocation_zone;    /* jwt_auth_revocation */
    ngx_http_jwt_auth_path_t   *revocation_session;  /* or NULL */
    ngx_shm_zone_t             *revocation_api;
    ngx_http_jwt_auth_feed_t   *revocation_feed;
} ngx_http_jwt_auth_loc_conf_t;


/*
 * What the checks of a request found, kept in a pool cleanup so that it
 * survives internal redirects (which clear module contexts) and releases
 * the token's JSON.  The token is checked at the start of the preaccess
 * phase, so that limit_req and limit_conn can key on its claims, and the
 * access phase decides.  Three stages fill it:
 *
 *   verification (once per request for the same token and verifier): the
 *   token, its JSON (on a hit of the token cache, parsed from the token
 *   when asked for), and its error;
 *
 *   identity (for the user claim and headers of the location): the user
 *   id and the values of jwt_auth_set_header, or why they cannot be had;
 *
 *   the outcome for the location: status 0 (a valid token, so far),
 *   401 or 500, with the reason code and description, and whether the
 *   variables show the token ("valid"); requirements may turn a 0 into a
 *   401 or 403 in the access phase, which leaves the variables as they
 *   are, so that logs say who was refused.
 */

typedef struct {
    ngx_http_request_t            *request;   /* whose context it is */
    ngx_http_jwt_auth_verifier_t  *verifier;  /* NULL: not verified yet */
    ngx_str_t                      token;
    jac_token_t                    jwt;
    ngx_uint_t                     cache_status;
    jac_err_t                      verify_err;
    const char                    *verify_reason;

    ngx_http_jwt_auth_path_t      *user_claim;  /* what the identity */
    ngx_array_t                   *headers;     /* was taken for */
    ngx_str_t                      user;
    ngx_str_t                     *values;      /* of jwt_auth_set_header */
    jac_err_t                      identity_err;
    const char                    *identity_reason;

    ngx_http_jwt_auth_path_t      *session_claim;  /* what the ids */
    ngx_uint_t                     has_ids;        /* were taken for */
    ngx_str_t                      jti;            /* of the revocation */
    ngx_str_t                      session;        /* store, or empty */
    double                         iat;
    ngx_uint_t                     has_iat;
    ngx_uint_t                     revoked;

    ngx_http_jwt_auth_loc_conf_t  *conf;      /* the location checked */
    ngx_uint_t                     status;
    ngx_str_t                      error;
    const char                    *reason;    /* NULL: no token */
    ngx_uint_t                     valid;     /* verified and identified */

    ngx_table_elt_t               *challenge;
    unsigned                       checked:1;   /* for this pass */
    unsigned                       waiting:1;   /* for the JWKS */
    unsigned                       waited:1;    /* for too long */
    unsigned                       refetched:1;
} ngx_http_jwt_auth_ctx_t;


#define NGX_HTTP_JWT_AUTH_CACHE_BYPASS  0
#define NGX_HTTP_JWT_AUTH_CACHE_MISS    1
#define NGX_HTTP_JWT_AUTH_CACHE_HIT     2


/* ngx_http_jwt_auth_module.c: the request flow */
ngx_http_jwt_auth_ctx_t *ngx_http_jwt_auth_get_ctx(ngx_http_request_t *r);
jac_json_t *ngx_http_jwt_auth_part(ngx_http_jwt_auth_ctx_t *ctx, int part);
jac_json_t *ngx_http_jwt_auth_json(ngx_http_jwt_auth_ctx_t *ctx,
    ngx_uint_t header);
jac_json_t *ngx_http_jwt_auth_claim(jac_json_t *object,
    ngx_http_jwt_auth_path_t *path);

/* ngx_http_jwt_auth_conf.c: directives and configuration */
extern ngx_command_t  ngx_http_jwt_auth_commands[];
void *ngx_http_jwt_auth_create_srv_conf(ngx_conf_t *cf);
void *ngx_http_jwt_auth_create_loc_conf(ngx_conf_t *cf);
char *ngx_http_jwt_auth_merge_loc_conf(ngx_conf_t *cf, void *parent,
    void *child);
char *ngx_http_jwt_auth(ngx_conf_t *cf, ngx_command_t *cmd, void *conf);
char *ngx_http_jwt_auth_algorithms(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_strings(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_user_claim(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_jwt_auth_parse_path(ngx_conf_t *cf, ngx_str_t *text,
    ngx_http_jwt_auth_path_t *path);
char *ngx_http_jwt_auth_zone_param(ngx_conf_t *cf, ngx_str_t *value,
    ngx_str_t *name, ssize_t *size);

/* ngx_http_jwt_auth_jwe.c: encrypted tokens */
jac_err_t ngx_http_jwt_auth_jwe_decode(ngx_http_request_t *r,
    ngx_http_jwt_auth_verifier_t *v, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_str_t *token, u_char *work, jac_key_t **keys, size_t nkeys,
    const char **reason);
jac_json_t *ngx_http_jwt_auth_jwe_part(ngx_http_jwt_auth_ctx_t *ctx,
    int part);

/* ngx_http_jwt_auth_cookie.c: the token of a cookie */
ngx_int_t ngx_http_jwt_auth_cookie_token(ngx_http_request_t *r,
    ngx_str_t *name, ngx_str_t *token, const char **reason);

/* ngx_http_jwt_auth_headers.c: identity headers */
char *ngx_http_jwt_auth_set_header(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_jwt_auth_merge_headers(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev);
ngx_int_t ngx_http_jwt_auth_server_names(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf);
ngx_int_t ngx_http_jwt_auth_strip_headers(ngx_http_request_t *r);
ngx_int_t ngx_http_jwt_auth_identity(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx);
ngx_int_t ngx_http_jwt_auth_set_headers(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx);

/* ngx_http_jwt_auth_require.c: requirements */
char *ngx_http_jwt_auth_require(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_require_claim(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_jwt_auth_requirements(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_http_jwt_auth_require_t **unmet);

/* ngx_http_jwt_auth_keys.c: secrets and key files */
char *ngx_http_jwt_auth_secret(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_key_file(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_jwe_key(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_jwt_auth_read_file(ngx_conf_t *cf, ngx_str_t *name,
    ngx_str_t *content, size_t max);

/*
 * ngx_http_jwt_auth_jwks.c: the JWKS of jwt_auth_key_request, and the
 * module's subrequests (key requests and revocation feeds)
 */
char *ngx_http_jwt_auth_key_request(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_jwt_auth_jwks_keys(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_uint_t refetch, jac_key_t ***keys, size_t *nkeys);
char *ngx_http_jwt_auth_local_uri(ngx_conf_t *cf, ngx_str_t *uri,
    const char *hint);
ngx_int_t ngx_http_jwt_auth_subrequest(ngx_http_request_t *r, ngx_str_t *uri,
    ngx_uint_t flags, ngx_http_jwt_auth_answer_t *answer);
ngx_uint_t ngx_http_jwt_auth_is_fetch(ngx_http_request_t *r);
ngx_int_t ngx_http_jwt_auth_jwks_init(ngx_conf_t *cf);

/* ngx_http_jwt_auth_cache.c: the token cache */
char *ngx_http_jwt_auth_cache(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_cache_merge(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev);
ngx_int_t ngx_http_jwt_auth_cache_get(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    jac_key_t **keys, size_t nkeys);
void ngx_http_jwt_auth_cache_put(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx);

/* ngx_http_jwt_auth_revocation.c: the revocation store */
char *ngx_http_jwt_auth_revocation(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_shm_zone_t *ngx_http_jwt_auth_revocation_zone(ngx_conf_t *cf,
    ngx_str_t *name, size_t size, ngx_str_t *directive);
char *ngx_http_jwt_auth_revocation_merge(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev);
ngx_uint_t ngx_http_jwt_auth_revoked(ngx_http_jwt_auth_loc_conf_t *jlcf,
    ngx_http_jwt_auth_ctx_t *ctx);
ngx_int_t ngx_http_jwt_auth_revocation_add(
    ngx_http_jwt_auth_revocation_t *rv, u_char *text, size_t len,
    ngx_uint_t from, ngx_http_jwt_auth_revocation_add_t *add);
ngx_int_t ngx_http_jwt_auth_revocation_save(
    ngx_http_jwt_auth_revocation_t *rv, ngx_log_t *log);
ngx_int_t ngx_http_jwt_auth_revocation_text(
    ngx_http_jwt_auth_revocation_t *rv, ngx_pool_t *pool, ngx_log_t *log,
    ngx_str_t *text, ngx_uint_t *version);
ngx_uint_t ngx_http_jwt_auth_revocation_delete(
    ngx_http_jwt_auth_revocation_t *rv, ngx_uint_t type, ngx_str_t *value);

/* ngx_http_jwt_auth_revocation_api.c: the store's API */
char *ngx_http_jwt_auth_revocation_api(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);

/* ngx_http_jwt_auth_feed.c: the pull feed of a revocation store */
char *ngx_http_jwt_auth_revocation_request(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_feed_merge(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev);
ngx_int_t ngx_http_jwt_auth_feed(ngx_http_request_t *r,
    ngx_http_jwt_auth_feed_t *feed);

/* ngx_http_jwt_auth_variables.c */
ngx_int_t ngx_http_jwt_auth_add_variables(ngx_conf_t *cf);
char *ngx_http_jwt_auth_claim_set(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


#pragma GCC visibility pop


extern ngx_module_t  ngx_http_jwt_auth_module;


#endif /* _NGX_HTTP_JWT_AUTH_MODULE_H_INCLUDED_ */
