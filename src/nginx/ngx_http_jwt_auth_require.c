
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The requirements on a verified token: jwt_auth_require (a value that
 * must be neither empty nor "0") and jwt_auth_require_claim (a claim
 * that must hold one of the values), each with the status, the reason
 * code and the description of its refusal; and their evaluation for the
 * access phase.
 */


#include "ngx_http_jwt_auth_module.h"


static ngx_http_jwt_auth_require_t *ngx_http_jwt_auth_add_require(
    ngx_conf_t *cf, ngx_array_t **requires, ngx_str_t *what,
    const char *code, const char *reason);
static ngx_int_t ngx_http_jwt_auth_error_param(ngx_conf_t *cf,
    ngx_uint_t *status);


/*
 * The requirements of jwt_auth_require and jwt_auth_require_claim on a
 * verified token: NGX_OK when all are met, NGX_DECLINED with the first
 * unmet one.
 */

ngx_int_t
ngx_http_jwt_auth_requirements(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    ngx_http_jwt_auth_require_t **unmet)
{
    ngx_str_t                     val;
    ngx_uint_t                    i;
    jac_json_t                   *v;
    ngx_http_jwt_auth_require_t  *req;

    if (jlcf->requires != NULL) {
        req = jlcf->requires->elts;

        for (i = 0; i < jlcf->requires->nelts; i++) {
            if (ngx_http_complex_value(r, req[i].value, &val) != NGX_OK) {
                return NGX_ERROR;
            }

            if (val.len == 0 || (val.len == 1 && val.data[0] == '0')) {
                *unmet = &req[i];
                return NGX_DECLINED;
            }
        }
    }

    if (jlcf->require_claims != NULL) {
        req = jlcf->require_claims->elts;

        for (i = 0; i < jlcf->require_claims->nelts; i++) {
            v = ngx_http_jwt_auth_claim(ngx_http_jwt_auth_json(ctx, 0),
                                        &req[i].claim);

            if (v == NULL
                || !jac_value_in(v, req[i].values, req[i].nvalues,
                                 req[i].words))
            {
                *unmet = &req[i];
                return NGX_DECLINED;
            }
        }
    }

    return NGX_OK;
}


char *
ngx_http_jwt_auth_require(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t                          *value;
    ngx_uint_t                          i, status, first;
    ngx_http_jwt_auth_require_t        *req;
    ngx_http_compile_complex_value_t    ccv;

    value = cf->args->elts;
    status = NGX_HTTP_UNAUTHORIZED;
    first = NGX_CONF_UNSET_UINT;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "error=", 6) == 0) {
            continue;
        }

        req = ngx_http_jwt_auth_add_require(cf, &jlcf->requires, &value[i],
                                            "require:",
                                            "requirement %V is not met");
        if (req == NULL) {
            return NGX_CONF_ERROR;
        }

        if (first == NGX_CONF_UNSET_UINT) {
            first = jlcf->requires->nelts - 1;
        }

        req->value = ngx_palloc(cf->pool, sizeof(ngx_http_complex_value_t));
        if (req->value == NULL) {
            return NGX_CONF_ERROR;
        }

        ngx_memzero(&ccv, sizeof(ngx_http_compile_complex_value_t));

        ccv.cf = cf;
        ccv.value = &value[i];
        ccv.complex_value = req->value;

        if (ngx_http_compile_complex_value(&ccv) != NGX_OK) {
            return NGX_CONF_ERROR;
        }
    }

    if (first == NGX_CONF_UNSET_UINT) {
        return "needs a value to check";
    }

    /* error= applies to every value of the directive */

    if (ngx_http_jwt_auth_error_param(cf, &status) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    req = jlcf->requires->elts;

    for (i = first; i < jlcf->requires->nelts; i++) {
        req[i].status = status;
    }

    return NGX_CONF_OK;
}


char *
ngx_http_jwt_auth_require_claim(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t                    *value;
    jac_str_t                    *s;
    ngx_uint_t                    i;
    ngx_http_jwt_auth_require_t  *req;

    value = cf->args->elts;

    req = ngx_http_jwt_auth_add_require(cf, &jlcf->require_claims, &value[1],
                                        "require_claim:",
                                        "claim %V has no accepted value");
    if (req == NULL) {
        return NGX_CONF_ERROR;
    }

    if (ngx_http_jwt_auth_parse_path(cf, &value[1], &req->claim) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    req->words = (req->claim.n == 1
                  && ngx_strcmp(req->claim.names[0], "scope") == 0);

    req->values = ngx_palloc(cf->pool, cf->args->nelts * sizeof(jac_str_t));
    if (req->values == NULL) {
        return NGX_CONF_ERROR;
    }

    for (i = 2; i < cf->args->nelts; i++) {
        if (ngx_strncmp(value[i].data, "error=", 6) == 0) {
            continue;
        }

        s = &req->values[req->nvalues++];
        s->data = value[i].data;
        s->len = value[i].len;
    }

    if (req->nvalues == 0) {
        return "needs a value to compare the claim with";
    }

    req->status = NGX_HTTP_FORBIDDEN;

    if (ngx_http_jwt_auth_error_param(cf, &req->status) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    return NGX_CONF_OK;
}


/*
 * A new requirement, with the code that $jwt_auth_error gives and the
 * description of the challenge, both naming what is required as written
 * (the description without the characters a quoted-string cannot hold).
 */

static ngx_http_jwt_auth_require_t *
ngx_http_jwt_auth_add_require(ngx_conf_t *cf, ngx_array_t **requires,
    ngx_str_t *what, const char *code, const char *reason)
{
    u_char                       *p, *last;
    size_t                        len;
    ngx_uint_t                    i;
    ngx_http_jwt_auth_require_t  *req;

    if (*requires == NGX_CONF_UNSET_PTR) {
        *requires = ngx_array_create(cf->pool, 2,
                                     sizeof(ngx_http_jwt_auth_require_t));
        if (*requires == NULL) {
            return NULL;
        }
    }

    req = ngx_array_push(*requires);
    if (req == NULL) {
        return NULL;
    }

    ngx_memzero(req, sizeof(ngx_http_jwt_auth_require_t));

    len = ngx_strlen(code) + what->len;

    req->code.data = ngx_pnalloc(cf->pool, len);
    if (req->code.data == NULL) {
        return NULL;
    }

    req->code.len = ngx_sprintf(req->code.data, "%s%V", code, what)
                    - req->code.data;

    len = ngx_strlen(reason) + what->len + 1;

    p = ngx_pnalloc(cf->pool, len);
    if (p == NULL) {
        return NULL;
    }

    last = ngx_snprintf(p, len - 1, reason, what);
    *last = '\0';

    for (i = 0; p + i < last; i++) {
        if (p[i] < 0x20 || p[i] == 0x7f || p[i] == '"' || p[i] == '\\') {
            p[i] = ' ';
        }
    }

    req->reason = (const char *) p;

    return req;
}


/* error=401 or error=403, wherever it stands among the parameters */

static ngx_int_t
ngx_http_jwt_auth_error_param(ngx_conf_t *cf, ngx_uint_t *status)
{
    ngx_str_t   *value;
    ngx_uint_t   i;

    value = cf->args->elts;

    for (i = 1; i < cf->args->nelts; i++) {

        if (ngx_strncmp(value[i].data, "error=", 6) != 0) {
            continue;
        }

        if (ngx_strcmp(value[i].data + 6, "401") == 0) {
            *status = NGX_HTTP_UNAUTHORIZED;

        } else if (ngx_strcmp(value[i].data + 6, "403") == 0) {
            *status = NGX_HTTP_FORBIDDEN;

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "%V: error= must be 401 or 403, not \"%s\"",
                               &value[0], value[i].data + 6);
            return NGX_ERROR;
        }
    }

    return NGX_OK;
}
