
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The directives (the module's table of them) and the configuration of a
 * location: jwt_auth and its token source, the algorithms, the claims
 * policy (leeway, issuers, audiences), the user claim, claim paths, and
 * the merge, which gives every level with keys its verifier.  The
 * directives of keys, key requests, identity headers, requirements, the
 * token cache, the revocation store and its feed are parsed in the files
 * of their subjects.
 */


#include "ngx_http_jwt_auth_module.h"


static char *ngx_http_jwt_auth_merge_verifier(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev);
static void ngx_http_jwt_auth_verifier_cleanup(void *data);


/* the default of jwt_auth_user_claim */
static char  *ngx_http_jwt_auth_sub_names[] = { "sub" };

static ngx_http_jwt_auth_path_t  ngx_http_jwt_auth_sub = {
    ngx_string("sub"), ngx_http_jwt_auth_sub_names, 1
};


static ngx_conf_enum_t  ngx_http_jwt_auth_types[] = {
    { ngx_string("signed"), NGX_HTTP_JWT_AUTH_SIGNED },
    { ngx_string("encrypted"), NGX_HTTP_JWT_AUTH_ENCRYPTED },
    { ngx_string("nested"), NGX_HTTP_JWT_AUTH_NESTED },
    { ngx_null_string, 0 }
};


ngx_command_t  ngx_http_jwt_auth_commands[] = {

    { ngx_string("jwt_auth"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_HTTP_LMT_CONF
                        |NGX_CONF_TAKE1234,
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

    { ngx_string("jwt_auth_jwe_key"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_jwt_auth_jwe_key,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_type"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_conf_set_enum_slot,
      NGX_HTTP_LOC_CONF_OFFSET,
      offsetof(ngx_http_jwt_auth_loc_conf_t, type),
      &ngx_http_jwt_auth_types },

    { ngx_string("jwt_auth_key_request"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
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
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE23,
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

    { ngx_string("jwt_auth_revocation"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_1MORE,
      ngx_http_jwt_auth_revocation,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_revocation_api"),
      NGX_HTTP_LOC_CONF|NGX_CONF_TAKE1,
      ngx_http_jwt_auth_revocation_api,
      NGX_HTTP_LOC_CONF_OFFSET,
      0,
      NULL },

    { ngx_string("jwt_auth_revocation_request"),
      NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF|NGX_HTTP_LOC_CONF|NGX_CONF_TAKE12,
      ngx_http_jwt_auth_revocation_request,
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


void *
ngx_http_jwt_auth_create_srv_conf(ngx_conf_t *cf)
{
    /*
     * set by ngx_pcalloc():
     *
     *     jscf->names = NULL;
     */

    return ngx_pcalloc(cf->pool, sizeof(ngx_http_jwt_auth_srv_conf_t));
}


void *
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
     *     conf->verifier = NULL;
     *     conf->sources = NULL;
     *     conf->revocation_session = NULL;
     *     conf->revocation_api = NULL;
     */

    conf->realm = NGX_CONF_UNSET_PTR;
    conf->keys = NGX_CONF_UNSET_PTR;
    conf->jwks = NGX_CONF_UNSET_PTR;
    conf->type = NGX_CONF_UNSET_UINT;
    conf->jwe_keys = NGX_CONF_UNSET_PTR;
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
    conf->revocation_zone = NGX_CONF_UNSET_PTR;
    conf->revocation_feed = NGX_CONF_UNSET_PTR;

    return conf;
}


char *
ngx_http_jwt_auth_merge_loc_conf(ngx_conf_t *cf, void *parent, void *child)
{
    ngx_http_jwt_auth_loc_conf_t *prev = parent;
    ngx_http_jwt_auth_loc_conf_t *conf = child;

    ngx_uint_t                   i;
    ngx_http_jwt_auth_header_t  *hdr;

    if (conf->realm == NGX_CONF_UNSET_PTR) {
        conf->realm = (prev->realm == NGX_CONF_UNSET_PTR) ? NULL
                                                          : prev->realm;
        conf->sources = prev->sources;
    }

    ngx_conf_merge_ptr_value(conf->keys, prev->keys, NULL);
    ngx_conf_merge_ptr_value(conf->jwks, prev->jwks, NULL);
    ngx_conf_merge_uint_value(conf->type, prev->type,
                              NGX_HTTP_JWT_AUTH_SIGNED);
    ngx_conf_merge_ptr_value(conf->jwe_keys, prev->jwe_keys, NULL);
    ngx_conf_merge_sec_value(conf->key_cache, prev->key_cache, 600);

    if (ngx_http_jwt_auth_cache_merge(cf, conf, prev) != NGX_CONF_OK
        || ngx_http_jwt_auth_revocation_merge(cf, conf, prev) != NGX_CONF_OK
        || ngx_http_jwt_auth_feed_merge(cf, conf, prev) != NGX_CONF_OK)
    {
        return NGX_CONF_ERROR;
    }

    ngx_conf_merge_uint_value(conf->algorithms, prev->algorithms, 0);
    ngx_conf_merge_sec_value(conf->leeway, prev->leeway, 0);
    ngx_conf_merge_ptr_value(conf->issuers, prev->issuers, NULL);
    ngx_conf_merge_ptr_value(conf->audiences, prev->audiences, NULL);
    ngx_conf_merge_ptr_value(conf->user_claim, prev->user_claim,
                             &ngx_http_jwt_auth_sub);
    ngx_conf_merge_ptr_value(conf->requires, prev->requires, NULL);
    ngx_conf_merge_ptr_value(conf->require_claims, prev->require_claims,
                             NULL);

    if (ngx_http_jwt_auth_merge_headers(cf, conf, prev) != NGX_OK
        || ngx_http_jwt_auth_server_names(cf, conf) != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    /* the identity header is never left out: a token without it is refused */

    hdr = (conf->headers != NULL) ? conf->headers->elts : NULL;

    for (i = 0; hdr != NULL && i < conf->headers->nelts; i++) {
        if (hdr[i].optional
            && hdr[i].claim.text.len == conf->user_claim->text.len
            && ngx_strncmp(hdr[i].claim.text.data, conf->user_claim->text.data,
                           hdr[i].claim.text.len)
               == 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_set_header: \"%V\" passes the user "
                               "claim \"%V\", which cannot be optional",
                               &hdr[i].name, &hdr[i].claim.text);
            return NGX_CONF_ERROR;
        }
    }

    if (conf->type != NGX_HTTP_JWT_AUTH_SIGNED && conf->jwe_keys == NULL) {
        if (conf->realm != NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_type %s needs a jwt_auth_jwe_key",
                               conf->type == NGX_HTTP_JWT_AUTH_NESTED
                               ? "nested" : "encrypted");
            return NGX_CONF_ERROR;
        }

        return NGX_CONF_OK;
    }

    if (conf->type != NGX_HTTP_JWT_AUTH_ENCRYPTED
        && conf->keys == NULL && conf->jwks == NULL)
    {
        if (conf->realm != NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth is on but no jwt_auth_secret, "
                               "jwt_auth_key_file or jwt_auth_key_request "
                               "is configured for it");
            return NGX_CONF_ERROR;
        }

        return NGX_CONF_OK;
    }

    return ngx_http_jwt_auth_merge_verifier(cf, conf, prev);
}


/*
 * The verifier of a level with keys: the parent's, when the level changes
 * nothing of what verification depends on, or a new one.
 */

static char *
ngx_http_jwt_auth_merge_verifier(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev)
{
    jac_key_t                    **key;
    ngx_uint_t                     i, algs, missing;
    ngx_pool_cleanup_t            *cln;
    ngx_http_jwt_auth_verifier_t  *v;

    /*
     * what the keys can verify; fetched keys are not known yet, so a key
     * request allows every public-key algorithm (each key still verifies
     * its own only)
     */

    algs = 0;

    if (conf->keys != NULL) {
        key = conf->keys->elts;

        for (i = 0; i < conf->keys->nelts; i++) {
            algs |= jac_key_algs(key[i]);
        }
    }

    if (conf->jwks != NULL) {
        algs |= JAC_ALG_ALL & ~JAC_ALG_HMAC_ALL;
    }

    missing = conf->algorithms & ~algs;

    if (missing) {
        missing &= ~(missing - 1);

        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_algorithms: no configured key can verify "
                           "%s (HS256, HS384 and HS512 need a secret of at "
                           "least 32, 48 and 64 bytes; the others a public "
                           "key of their type)",
                           jac_alg_name(missing));
        return NGX_CONF_ERROR;
    }

    if (conf->algorithms != 0) {
        algs = conf->algorithms;
    }

    v = prev->verifier;

    if (v != NULL && v->type == conf->type && v->jwe_keys == conf->jwe_keys
        && v->keys == conf->keys && v->jwks == conf->jwks
        && v->allowed == algs && v->policy.leeway == conf->leeway
        && v->policy.issuers == (conf->issuers ? conf->issuers->elts : NULL)
        && v->policy.audiences
           == (conf->audiences ? conf->audiences->elts : NULL))
    {
        conf->verifier = v;
        return NGX_CONF_OK;
    }

    v = ngx_pcalloc(cf->pool, sizeof(ngx_http_jwt_auth_verifier_t));
    cln = ngx_pool_cleanup_add(cf->pool, 0);

    if (v == NULL || cln == NULL) {
        return NGX_CONF_ERROR;
    }

    v->header_cache = jac_header_cache_create();
    if (v->header_cache == NULL) {
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_jwt_auth_verifier_cleanup;
    cln->data = v;

    v->type = conf->type;
    v->jwe_keys = conf->jwe_keys;
    v->keys = conf->keys;
    v->jwks = conf->jwks;
    v->allowed = algs;
    v->policy.leeway = conf->leeway;
    v->policy.any_audience = (conf->audiences != NULL
                              && conf->audiences->nelts == 0);

    if (conf->jwks == NULL && conf->keys != NULL) {
        v->all = conf->keys->elts;
        v->nall = conf->keys->nelts;
    }

    if (conf->issuers != NULL) {
        v->policy.issuers = conf->issuers->elts;
        v->policy.nissuers = conf->issuers->nelts;
    }

    if (conf->audiences != NULL) {
        v->policy.audiences = conf->audiences->elts;
        v->policy.naudiences = conf->audiences->nelts;
    }

    conf->verifier = v;

    return NGX_CONF_OK;
}


static void
ngx_http_jwt_auth_verifier_cleanup(void *data)
{
    ngx_http_jwt_auth_verifier_t  *v = data;

    jac_header_cache_free(v->header_cache);

    if (v->jwks != NULL) {
        /* the keys joined with fetched ones (ngx_http_jwt_auth_jwks.c) */
        ngx_free(v->all);
    }
}



char *
ngx_http_jwt_auth(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t                         *value, name;
    ngx_uint_t                         i, k;
    ngx_http_jwt_auth_source_t        *src;
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

    /* the sources of the token, in the order they are tried */

    jlcf->sources = ngx_array_create(cf->pool, cf->args->nelts - 2,
                                     sizeof(ngx_http_jwt_auth_source_t));
    if (jlcf->sources == NULL) {
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {

        src = ngx_array_push(jlcf->sources);
        if (src == NULL) {
            return NGX_CONF_ERROR;
        }

        ngx_memzero(src, sizeof(ngx_http_jwt_auth_source_t));

        if (ngx_strcmp(value[i].data, "bearer") == 0) {
            src->type = NGX_HTTP_JWT_AUTH_BEARER;

        } else if (ngx_strncmp(value[i].data, "cookie=", 7) == 0) {
            src->type = NGX_HTTP_JWT_AUTH_COOKIE;
            src->name.data = value[i].data + 7;
            src->name.len = value[i].len - 7;

            for (k = 0; k < src->name.len; k++) {
                if (src->name.data[k] <= ' ' || src->name.data[k] >= 0x7f
                    || ngx_strchr("()<>@,;:\\\"/[]?={}",
                                  src->name.data[k]) != NULL)
                {
                    break;
                }
            }

            if (src->name.len == 0 || k < src->name.len) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "jwt_auth: \"%V\" does not name a "
                                   "cookie, as in cookie=better-auth."
                                   "session_data", &value[i]);
                return NGX_CONF_ERROR;
            }

        } else if (ngx_strncmp(value[i].data, "token=", 6) == 0) {
            src->type = NGX_HTTP_JWT_AUTH_VARIABLE;

            name.data = value[i].data + 6;
            name.len = value[i].len - 6;

            if (name.len < 2 || name.data[0] != '$') {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "jwt_auth: \"%V\" must name a variable, "
                                   "as in token=$cookie_session",
                                   &value[i]);
                return NGX_CONF_ERROR;
            }

            name.data++;
            name.len--;

            src->index = ngx_http_get_variable_index(cf, &name);
            if (src->index == NGX_ERROR) {
                return NGX_CONF_ERROR;
            }

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "invalid parameter \"%V\" of jwt_auth: "
                               "expected bearer, cookie=name or "
                               "token=$variable", &value[i]);
            return NGX_CONF_ERROR;
        }

        for (k = 0; k + 1 < jlcf->sources->nelts; k++) {
            if (((ngx_http_jwt_auth_source_t *) jlcf->sources->elts)[k].type
                == src->type)
            {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "jwt_auth: \"%V\": a second source of "
                                   "its kind", &value[i]);
                return NGX_CONF_ERROR;
            }
        }
    }

    return NGX_CONF_OK;
}


char *
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

        alg = jac_alg_by_name(value[i].data, value[i].len);

        if (alg == 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_algorithms: unknown algorithm "
                               "\"%V\" (supported: %s)",
                               &value[i], jac_alg_names);
            return NGX_CONF_ERROR;
        }

        jlcf->algorithms |= alg;
    }

    return NGX_CONF_OK;
}


/*
 * The values of jwt_auth_issuer and jwt_auth_audience, which add up;
 * "jwt_auth_audience off" accepts any audience: an empty list of them.
 */

char *
ngx_http_jwt_auth_strings(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    char  *p = conf;

    ngx_str_t     *value;
    jac_str_t     *s;
    ngx_uint_t     i, off;
    ngx_array_t  **a;

    a = (ngx_array_t **) (p + cmd->offset);
    value = cf->args->elts;

    off = (cmd->offset == offsetof(ngx_http_jwt_auth_loc_conf_t, audiences)
           && ngx_strcmp(value[1].data, "off") == 0);

    if (off && cf->args->nelts > 2) {
        return "takes no other parameter with \"off\"";
    }

    if (*a != NGX_CONF_UNSET_PTR && (off || (*a)->nelts == 0)) {
        return "cannot be \"off\" and list audiences at one level";
    }

    if (*a == NGX_CONF_UNSET_PTR) {
        *a = ngx_array_create(cf->pool, 2, sizeof(jac_str_t));
        if (*a == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    if (off) {
        return NGX_CONF_OK;
    }

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


char *
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


/*
 * A claim path as written in jwt_auth_user_claim, jwt_auth_set_header
 * and jwt_auth_require_claim: names separated by dots; "\." is a dot
 * within a name and "\\" a backslash.
 */

ngx_int_t
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


/*
 * zone=name or zone=name:size of jwt_auth_cache and jwt_auth_revocation,
 * the size at least eight pages; the message names the directive
 */

char *
ngx_http_jwt_auth_zone_param(ngx_conf_t *cf, ngx_str_t *value,
    ngx_str_t *name, ssize_t *size)
{
    u_char     *p;
    ngx_str_t   s, *args;

    args = cf->args->elts;
    name->data = value->data + 5;

    p = (u_char *) ngx_strchr(name->data, ':');

    if (p == NULL) {
        name->len = value->len - 5;
        return NGX_CONF_OK;
    }

    name->len = p - name->data;

    s.data = p + 1;
    s.len = value->data + value->len - s.data;

    *size = ngx_parse_size(&s);

    if (*size == NGX_ERROR || *size < (ssize_t) (8 * ngx_pagesize)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: zone \"%V\" needs a size of at least %uz "
                           "bytes", &args[0], name, 8 * ngx_pagesize);
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}
