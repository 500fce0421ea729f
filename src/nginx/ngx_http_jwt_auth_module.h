
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * What the files of the nginx glue share: ngx_http_jwt_auth_module.c (the
 * directives, the handlers), src/ngx_http_jwt_auth_keys.c (secrets, key
 * files, key requests) and src/ngx_http_jwt_auth_variables.c.
 */


#ifndef _NGX_HTTP_JWT_AUTH_MODULE_H_INCLUDED_
#define _NGX_HTTP_JWT_AUTH_MODULE_H_INCLUDED_


#include <ngx_config.h>
#include <ngx_core.h>
#include <ngx_http.h>

#include "jac.h"


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
} ngx_http_jwt_auth_header_t;


/*
 * A requirement on a verified token: a value that must be neither empty
 * nor "0" (jwt_auth_require), or a claim that must hold one of the
 * values (jwt_auth_require_claim).
 */

typedef struct {
    ngx_http_complex_value_t   *value;
    ngx_http_jwt_auth_path_t    claim;
    jwt_str_t                  *values;
    ngx_uint_t                  nvalues;
    ngx_uint_t                  words;      /* a space-separated "scope" */
    ngx_uint_t                  status;     /* 401 or 403 */
    ngx_str_t                   code;       /* for $jwt_auth_error */
    const char                 *reason;
} ngx_http_jwt_auth_require_t;


/*
 * The keys of jwt_auth_key_request: a JWKS fetched by a subrequest, kept
 * by each worker.  Its state lives in the configuration and changes in
 * each worker on its own, as the workers are single-threaded.
 */

typedef struct {
    ngx_str_t                   uri;
    jwt_keyset_t                set;        /* the last good keys */
    time_t                      fetched;    /* when they came */
    time_t                      attempted;  /* the last fetch started */
    ngx_uint_t                  fetching;   /* a fetch is under way */
} ngx_http_jwt_auth_jwks_t;


typedef struct {
    ngx_http_complex_value_t   *realm;      /* NULL: jwt_auth off */
    ngx_int_t                   token;      /* variable index, or unset */
    ngx_array_t                *keys;       /* of jwt_key_t * */
    ngx_http_jwt_auth_jwks_t   *jwks;
    time_t                      key_cache;
    jwt_header_cache_t         *header_cache;  /* this worker's */
    ngx_shm_zone_t             *cache_zone;    /* jwt_auth_cache */
    time_t                      cache_valid;
    ngx_uint_t                  algorithms; /* as configured, 0: default */
    ngx_uint_t                  allowed;    /* what tokens may use */
    time_t                      leeway;
    ngx_array_t                *issuers;    /* of jwt_str_t */
    ngx_array_t                *audiences;  /* of jwt_str_t */
    jwt_policy_t                policy;     /* of the three above */
    ngx_http_jwt_auth_path_t   *user_claim;
    ngx_array_t                *headers;    /* of ngx_http_jwt_auth_header_t */
    ngx_array_t                *requires;   /* of ngx_http_jwt_auth_require_t */
    ngx_array_t                *require_claims;
} ngx_http_jwt_auth_loc_conf_t;


/*
 * The outcome of the last check of a request.  The token is checked at
 * the start of the preaccess phase, so that limit_req and limit_conn can
 * key on its claims, and the access phase acts on the outcome.  The
 * context lives in a pool cleanup, so that it survives the internal
 * redirect of an error_page (which clears module contexts) and releases
 * the token's JSON.
 */

typedef struct {
    jwt_t                          jwt;
    ngx_http_jwt_auth_loc_conf_t  *conf;    /* what it was checked with */
    ngx_int_t                      rc;      /* NGX_OK, or an HTTP status */
    const char                    *reason;  /* NULL when there was none */
    ngx_str_t                      user;
    ngx_str_t                      error;
    ngx_str_t                     *values;  /* of jwt_auth_set_header */
    ngx_table_elt_t               *challenge;
    ngx_str_t                      header_text;   /* from the cache, */
    ngx_str_t                      payload_text;  /* parsed when asked */
    ngx_uint_t                     cache_status;
    unsigned                       fetching:1;  /* waits for the JWKS */
    unsigned                       refetched:1;
} ngx_http_jwt_auth_ctx_t;


#define NGX_HTTP_JWT_AUTH_CACHE_BYPASS  0
#define NGX_HTTP_JWT_AUTH_CACHE_MISS    1
#define NGX_HTTP_JWT_AUTH_CACHE_HIT     2


ngx_http_jwt_auth_ctx_t *ngx_http_jwt_auth_get_ctx(ngx_http_request_t *r);
json_t *ngx_http_jwt_auth_claim(json_t *object,
    ngx_http_jwt_auth_path_t *path);
json_t *ngx_http_jwt_auth_json(ngx_http_jwt_auth_ctx_t *ctx,
    ngx_uint_t header);
char *ngx_http_jwt_auth_cache(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_jwt_auth_cache_get(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_str_t *token, jwt_key_t **keys, size_t nkeys);
void ngx_http_jwt_auth_cache_put(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_str_t *token);
char *ngx_http_jwt_auth_secret(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_key_file(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
char *ngx_http_jwt_auth_key_request(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);
ngx_int_t ngx_http_jwt_auth_jwks_keys(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    jwt_key_t ***keys, size_t *nkeys, ngx_uint_t refetch);
ngx_int_t ngx_http_jwt_auth_keys_init(ngx_conf_t *cf);
ngx_int_t ngx_http_jwt_auth_add_variables(ngx_conf_t *cf);
char *ngx_http_jwt_auth_claim_set(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf);


extern ngx_module_t  ngx_http_jwt_auth_module;


#endif /* _NGX_HTTP_JWT_AUTH_MODULE_H_INCLUDED_ */
