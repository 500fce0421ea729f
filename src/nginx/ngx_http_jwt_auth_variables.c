
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The variables of the nginx glue: $jwt_auth_user, $jwt_auth_error,
 * $jwt_claim_*, $jwt_header_*, $jwt_payload, $jwt_auth_cache_status,
 * $jwt_auth_escaped_request_uri and those of jwt_auth_claim_set.
 */


#include "ngx_http_jwt_auth_module.h"


static ngx_int_t ngx_http_jwt_auth_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_jwt_auth_claim_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_jwt_auth_header_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_jwt_auth_member_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, ngx_str_t *var, size_t prefix,
    ngx_uint_t header);
static ngx_int_t ngx_http_jwt_auth_path_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_jwt_auth_payload_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_jwt_auth_json_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, jac_json_t *value);
static ngx_int_t ngx_http_jwt_auth_cache_status_variable(
    ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t data);
static ngx_int_t ngx_http_jwt_auth_escaped_uri_variable(
    ngx_http_request_t *r, ngx_http_variable_value_t *v, uintptr_t data);


static ngx_http_variable_t  ngx_http_jwt_auth_vars[] = {

    { ngx_string("jwt_auth_user"), NULL, ngx_http_jwt_auth_variable,
      offsetof(ngx_http_jwt_auth_ctx_t, user), NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("jwt_auth_error"), NULL, ngx_http_jwt_auth_variable,
      offsetof(ngx_http_jwt_auth_ctx_t, error), NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("jwt_claim_"), NULL, ngx_http_jwt_auth_claim_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE|NGX_HTTP_VAR_PREFIX, 0 },

    { ngx_string("jwt_header_"), NULL, ngx_http_jwt_auth_header_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE|NGX_HTTP_VAR_PREFIX, 0 },

    { ngx_string("jwt_payload"), NULL, ngx_http_jwt_auth_payload_variable,
      0, NGX_HTTP_VAR_NOCACHEABLE, 0 },

    { ngx_string("jwt_auth_cache_status"), NULL,
      ngx_http_jwt_auth_cache_status_variable, 0, NGX_HTTP_VAR_NOCACHEABLE,
      0 },

    { ngx_string("jwt_auth_escaped_request_uri"), NULL,
      ngx_http_jwt_auth_escaped_uri_variable, 0, 0, 0 },

      ngx_http_null_variable
};


static ngx_int_t
ngx_http_jwt_auth_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_str_t                *value;
    ngx_http_jwt_auth_ctx_t  *ctx;

    ctx = ngx_http_jwt_auth_get_ctx(r);

    /*
     * empty, not "not found", where no check ran, as where one failed;
     * the user id of a token refused after its identity was taken (a
     * revoked one) too
     */

    value = (ctx == NULL
             || (data == offsetof(ngx_http_jwt_auth_ctx_t, user)
                 && !ctx->valid))
            ? NULL : (ngx_str_t *) ((u_char *) ctx + data);

    if (value == NULL || value->len == 0) {
        v->len = 0;
        v->data = (u_char *) "";

    } else {
        v->len = value->len;
        v->data = value->data;
    }

    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}


/*
 * $jwt_claim_<name> and $jwt_header_<name>: nginx passes the whole name
 * of a prefix variable (lowercased, as it lowercases all variable names).
 */

static ngx_int_t
ngx_http_jwt_auth_claim_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    return ngx_http_jwt_auth_member_variable(r, v, (ngx_str_t *) data,
                                             sizeof("jwt_claim_") - 1, 0);
}


static ngx_int_t
ngx_http_jwt_auth_header_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    return ngx_http_jwt_auth_member_variable(r, v, (ngx_str_t *) data,
                                             sizeof("jwt_header_") - 1, 1);
}


static ngx_int_t
ngx_http_jwt_auth_member_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, ngx_str_t *var, size_t prefix,
    ngx_uint_t header)
{
    jac_json_t               *object;
    ngx_http_jwt_auth_ctx_t  *ctx;

    ctx = ngx_http_jwt_auth_get_ctx(r);

    object = (ctx == NULL) ? NULL : ngx_http_jwt_auth_json(ctx, header);

    return ngx_http_jwt_auth_json_variable(r, v,
               jac_member(object, var->data + prefix, var->len - prefix));
}


/* a variable of jwt_auth_claim_set: "data" is its claim path */

static ngx_int_t
ngx_http_jwt_auth_path_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_jwt_auth_path_t *path = (ngx_http_jwt_auth_path_t *) data;

    ngx_http_jwt_auth_ctx_t  *ctx;

    ctx = ngx_http_jwt_auth_get_ctx(r);

    return ngx_http_jwt_auth_json_variable(r, v,
               (ctx == NULL) ? NULL
                             : ngx_http_jwt_auth_claim(
                                   ngx_http_jwt_auth_json(ctx, 0), path));
}


static ngx_int_t
ngx_http_jwt_auth_payload_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_jwt_auth_ctx_t  *ctx;

    ctx = ngx_http_jwt_auth_get_ctx(r);

    return ngx_http_jwt_auth_json_variable(r, v,
                                   ctx ? ngx_http_jwt_auth_json(ctx, 0) : NULL);
}


/*
 * The text of a JSON value as a variable (jac_value_text), empty when
 * there is none; control characters, which an nginx variable otherwise
 * never holds, become spaces, so that proxy_set_header cannot be split.
 */

static ngx_int_t
ngx_http_jwt_auth_json_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, jac_json_t *value)
{
    size_t   i, len;
    u_char  *p;

    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    len = (value == NULL) ? 0 : jac_value_text(value, NULL, 0);

    if (len == 0) {
        v->len = 0;
        v->data = (u_char *) "";
        return NGX_OK;
    }

    p = ngx_pnalloc(r->pool, len);
    if (p == NULL) {
        return NGX_ERROR;
    }

    (void) jac_value_text(value, p, len);

    for (i = 0; i < len; i++) {
        if (p[i] < 0x20 || p[i] == 0x7f) {
            p[i] = ' ';
        }
    }

    v->len = len;
    v->data = p;

    return NGX_OK;
}


ngx_int_t
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


char *
ngx_http_jwt_auth_claim_set(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_str_t                 *value, name;
    ngx_uint_t                 i;
    ngx_http_variable_t       *var;
    ngx_http_jwt_auth_path_t  *path;

    value = cf->args->elts;

    if (value[1].len < 2 || value[1].data[0] != '$') {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_claim_set: \"%V\" is not a variable",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    name.data = value[1].data + 1;
    name.len = value[1].len - 1;

    var = ngx_http_add_variable(cf, &name, NGX_HTTP_VAR_NOCACHEABLE);
    if (var == NULL) {
        return NGX_CONF_ERROR;
    }

    path = ngx_palloc(cf->pool, sizeof(ngx_http_jwt_auth_path_t));
    if (path == NULL) {
        return NGX_CONF_ERROR;
    }

    /* each parameter is one name: no dots to split */

    path->text = value[2];
    path->n = cf->args->nelts - 2;
    path->names = ngx_palloc(cf->pool, path->n * sizeof(char *));
    if (path->names == NULL) {
        return NGX_CONF_ERROR;
    }

    for (i = 0; i < path->n; i++) {
        path->names[i] = (char *) value[i + 2].data;
    }

    var->get_handler = ngx_http_jwt_auth_path_variable;
    var->data = (uintptr_t) path;

    return NGX_CONF_OK;
}


static ngx_int_t
ngx_http_jwt_auth_cache_status_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    ngx_http_jwt_auth_ctx_t  *ctx;

    static ngx_str_t  status[] = {
        ngx_string("BYPASS"), ngx_string("MISS"), ngx_string("HIT")
    };

    ctx = ngx_http_jwt_auth_get_ctx(r);

    if (ctx == NULL || ctx->conf == NULL || ctx->conf->cache_zone == NULL) {
        /* empty, as documented, where the cache is off */
        v->len = 0;
        v->data = (u_char *) "";

    } else {
        v->len = status[ctx->cache_status].len;
        v->data = status[ctx->cache_status].data;
    }

    v->valid = 1;
    v->no_cacheable = 1;
    v->not_found = 0;

    return NGX_OK;
}


/*
 * $request_uri as the value of a query argument (a sign-in page's
 * ?next=): "&", "?", "#", "+", "%", spaces and bytes over 0x7f escaped,
 * so that /tasks?a=1&b=2 comes back whole
 */

static ngx_int_t
ngx_http_jwt_auth_escaped_uri_variable(ngx_http_request_t *r,
    ngx_http_variable_value_t *v, uintptr_t data)
{
    size_t      len;
    uintptr_t   n;
    ngx_str_t  *uri;

    uri = &r->main->unparsed_uri;

    n = ngx_escape_uri(NULL, uri->data, uri->len, NGX_ESCAPE_ARGS);
    len = uri->len + 2 * n;

    v->data = ngx_pnalloc(r->pool, len);
    if (v->data == NULL) {
        return NGX_ERROR;
    }

    if (n == 0) {
        ngx_memcpy(v->data, uri->data, uri->len);

    } else {
        ngx_escape_uri(v->data, uri->data, uri->len, NGX_ESCAPE_ARGS);
    }

    v->len = len;
    v->valid = 1;
    v->no_cacheable = 0;
    v->not_found = 0;

    return NGX_OK;
}
