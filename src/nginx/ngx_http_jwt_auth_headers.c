
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The identity headers of jwt_auth_set_header: the directive and its
 * additive merge, the names a server configures, the removal of every
 * copy of them from the request (the client's before anything reads
 * them), the values a verified token gives them (with the user id), and
 * their setting once the location lets the request through.
 */


#include "ngx_http_jwt_auth_module.h"


static jac_err_t ngx_http_jwt_auth_claim_text(ngx_http_request_t *r,
    jac_json_t *value, ngx_str_t *text, ngx_uint_t user,
    const char **reason);
static const char *ngx_http_jwt_auth_header_reason(ngx_http_request_t *r,
    ngx_http_jwt_auth_header_t *hdr, const char *why);
static ngx_int_t ngx_http_jwt_auth_revocation_ids(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    jac_json_t *payload);
static ngx_int_t ngx_http_jwt_auth_rebuild(ngx_http_request_t *r,
    ngx_http_jwt_auth_srv_conf_t *jscf);
static ngx_table_elt_t *ngx_http_jwt_auth_find_header(ngx_list_t *list,
    ngx_http_jwt_auth_srv_conf_t *jscf);
static ngx_uint_t ngx_http_jwt_auth_is_name(ngx_str_t *name,
    ngx_http_jwt_auth_srv_conf_t *jscf);
static ngx_uint_t ngx_http_jwt_auth_is_set_header(ngx_str_t *name,
    ngx_http_jwt_auth_loc_conf_t *jlcf);
static ngx_uint_t ngx_http_jwt_auth_same_name(ngx_str_t *a, ngx_str_t *b);


char *
ngx_http_jwt_auth_set_header(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    u_char                       c;
    ngx_str_t                   *value;
    ngx_uint_t                   i;
    ngx_http_header_t           *known;
    ngx_http_jwt_auth_header_t  *hdr;

    value = cf->args->elts;

    for (i = 0; i < value[1].len; i++) {
        c = ngx_tolower(value[1].data[i]);

        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
              || c == '_'))
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_set_header: \"%V\" is not a header "
                               "name (letters, digits, \"-\" and \"_\")",
                               &value[1]);
            return NGX_CONF_ERROR;
        }
    }

    /* headers that nginx itself interprets cannot be replaced safely */

    for (known = ngx_http_headers_in; known->name.len; known++) {
        if (ngx_http_jwt_auth_same_name(&known->name, &value[1])) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_set_header: \"%V\" is a header "
                               "nginx itself interprets; use another name, "
                               "such as X-User-Id", &value[1]);
            return NGX_CONF_ERROR;
        }
    }

    if (jlcf->headers == NGX_CONF_UNSET_PTR) {
        jlcf->headers = ngx_array_create(cf->pool, 2,
                                         sizeof(ngx_http_jwt_auth_header_t));
        if (jlcf->headers == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    if (ngx_http_jwt_auth_is_set_header(&value[1], jlcf)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_set_header: \"%V\" is set twice",
                           &value[1]);
        return NGX_CONF_ERROR;
    }

    hdr = ngx_array_push(jlcf->headers);
    if (hdr == NULL) {
        return NGX_CONF_ERROR;
    }

    hdr->name = value[1];

    if (ngx_http_jwt_auth_parse_path(cf, &value[2], &hdr->claim) != NGX_OK) {
        return NGX_CONF_ERROR;
    }

    hdr->optional = 0;

    if (cf->args->nelts == 4) {
        if (ngx_strcmp(value[3].data, "optional") != 0) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_set_header: invalid parameter "
                               "\"%V\" (expected optional)", &value[3]);
            return NGX_CONF_ERROR;
        }

        hdr->optional = 1;
    }

    hdr->lowcase.len = value[1].len;
    hdr->lowcase.data = ngx_pnalloc(cf->pool, value[1].len);
    if (hdr->lowcase.data == NULL) {
        return NGX_CONF_ERROR;
    }

    hdr->hash = ngx_hash_strlow(hdr->lowcase.data, value[1].data,
                                value[1].len);

    return NGX_CONF_OK;
}


/*
 * Unlike proxy_set_header, inner jwt_auth_set_header directives add to
 * the inherited ones (the same name takes the inner claim): a header
 * that an outer level protects must never become the client's to set.
 */

ngx_int_t
ngx_http_jwt_auth_merge_headers(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf, ngx_http_jwt_auth_loc_conf_t *prev)
{
    ngx_uint_t                   i;
    ngx_http_jwt_auth_header_t  *hdr, *h;

    if (conf->headers == NGX_CONF_UNSET_PTR) {
        conf->headers = (prev->headers == NGX_CONF_UNSET_PTR) ? NULL
                                                              : prev->headers;
        return NGX_OK;
    }

    if (prev->headers == NGX_CONF_UNSET_PTR || prev->headers == NULL) {
        return NGX_OK;
    }

    hdr = prev->headers->elts;

    for (i = 0; i < prev->headers->nelts; i++) {
        if (ngx_http_jwt_auth_is_set_header(&hdr[i].name, conf)) {
            continue;
        }

        h = ngx_array_push(conf->headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        *h = hdr[i];
    }

    return NGX_OK;
}


/*
 * The names of every identity header a server configures, in any of its
 * locations, whether jwt_auth is on there or not: what the post-read
 * phase removes from every request of the server.
 */

ngx_int_t
ngx_http_jwt_auth_server_names(ngx_conf_t *cf,
    ngx_http_jwt_auth_loc_conf_t *conf)
{
    ngx_str_t                     *name;
    ngx_uint_t                     i, j;
    ngx_http_jwt_auth_header_t    *hdr;
    ngx_http_jwt_auth_srv_conf_t  *jscf;

    if (conf->headers == NULL) {
        return NGX_OK;
    }

    jscf = ngx_http_conf_get_module_srv_conf(cf, ngx_http_jwt_auth_module);

    if (jscf->names == NULL) {
        jscf->names = ngx_array_create(cf->pool, 2, sizeof(ngx_str_t));
        if (jscf->names == NULL) {
            return NGX_ERROR;
        }
    }

    hdr = conf->headers->elts;

    for (i = 0; i < conf->headers->nelts; i++) {
        name = jscf->names->elts;

        for (j = 0; j < jscf->names->nelts; j++) {
            if (ngx_http_jwt_auth_same_name(&name[j], &hdr[i].name)) {
                break;
            }
        }

        if (j < jscf->names->nelts) {
            continue;
        }

        name = ngx_array_push(jscf->names);
        if (name == NULL) {
            return NGX_ERROR;
        }

        *name = hdr[i].name;
    }

    return NGX_OK;
}


/*
 * Removes every copy of the server's identity headers: the client's, in
 * the post-read phase, before any variable ($http_x_user_id in a "set",
 * "map" or proxy_set_header) can read them; and after an internal
 * redirect, the values an earlier location set, which the new location
 * sets again if it lets the request through.  Names match whatever their
 * case and "-" or "_" spelling, as FastCGI, SCGI and uwsgi map both to
 * the same HTTP_X_USER_ID.  The list is rebuilt rather than edited in
 * place, since nginx keeps pointers to the headers it knows.
 */

ngx_int_t
ngx_http_jwt_auth_strip_headers(ngx_http_request_t *r)
{
    ngx_http_jwt_auth_srv_conf_t  *jscf;

    jscf = ngx_http_get_module_srv_conf(r, ngx_http_jwt_auth_module);

    if (jscf->names == NULL
        || ngx_http_jwt_auth_find_header(&r->headers_in.headers, jscf)
           == NULL)
    {
        return NGX_OK;
    }

    return ngx_http_jwt_auth_rebuild(r, jscf);
}


/* the request's headers but those of the server's identity headers */

static ngx_int_t
ngx_http_jwt_auth_rebuild(ngx_http_request_t *r,
    ngx_http_jwt_auth_srv_conf_t *jscf)
{
    ngx_uint_t        i;
    ngx_list_t        old;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h, *copy;

    old = r->headers_in.headers;

    if (ngx_list_init(&r->headers_in.headers, r->pool, 20,
                      sizeof(ngx_table_elt_t))
        != NGX_OK)
    {
        return NGX_ERROR;
    }

    part = &old.part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                break;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (jscf->names != NULL && ngx_http_jwt_auth_is_name(&h[i].key, jscf))
        {
            ngx_log_debug1(NGX_LOG_DEBUG_HTTP, r->connection->log, 0,
                           "jwt_auth: removed header \"%V\"", &h[i].key);
            continue;
        }

        copy = ngx_list_push(&r->headers_in.headers);
        if (copy == NULL) {
            return NGX_ERROR;
        }

        *copy = h[i];
    }

    return NGX_OK;
}


static ngx_table_elt_t *
ngx_http_jwt_auth_find_header(ngx_list_t *list,
    ngx_http_jwt_auth_srv_conf_t *jscf)
{
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &list->part;
    h = part->elts;

    for (i = 0; /* void */; i++) {

        if (i >= part->nelts) {
            if (part->next == NULL) {
                return NULL;
            }

            part = part->next;
            h = part->elts;
            i = 0;
        }

        if (ngx_http_jwt_auth_is_name(&h[i].key, jscf)) {
            return &h[i];
        }
    }
}


static ngx_uint_t
ngx_http_jwt_auth_is_name(ngx_str_t *name, ngx_http_jwt_auth_srv_conf_t *jscf)
{
    ngx_str_t   *names;
    ngx_uint_t   i;

    names = jscf->names->elts;

    for (i = 0; i < jscf->names->nelts; i++) {
        if (ngx_http_jwt_auth_same_name(name, &names[i])) {
            return 1;
        }
    }

    return 0;
}


static ngx_uint_t
ngx_http_jwt_auth_is_set_header(ngx_str_t *name,
    ngx_http_jwt_auth_loc_conf_t *jlcf)
{
    ngx_uint_t                   i;
    ngx_http_jwt_auth_header_t  *hdr;

    hdr = jlcf->headers->elts;

    for (i = 0; i < jlcf->headers->nelts; i++) {
        if (ngx_http_jwt_auth_same_name(name, &hdr[i].name)) {
            return 1;
        }
    }

    return 0;
}


/* header names alike but for case, and "-" and "_" taken as one */

static ngx_uint_t
ngx_http_jwt_auth_same_name(ngx_str_t *a, ngx_str_t *b)
{
    u_char      ca, cb;
    ngx_uint_t  i;

    if (a->len != b->len) {
        return 0;
    }

    for (i = 0; i < a->len; i++) {
        ca = ngx_tolower(a->data[i]);
        cb = ngx_tolower(b->data[i]);

        if (ca != cb
            && !((ca == '-' || ca == '_') && (cb == '-' || cb == '_')))
        {
            return 0;
        }
    }

    return 1;
}


/*
 * The user id and the values of the headers for the upstream, for the
 * location's user claim and headers, all checked now; the headers are
 * added only once the requirements are met (a token refused at any point
 * must leave no trace in the request, which "satisfy any" may still let
 * through).  Why a token has no identity is kept in identity_err.
 */

ngx_int_t
ngx_http_jwt_auth_identity(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx)
{
    jac_err_t                    err;
    jac_json_t                  *payload;
    ngx_uint_t                   i, n;
    const char                  *reason;
    ngx_http_jwt_auth_header_t  *hdr;

    ctx->user_claim = jlcf->user_claim;
    ctx->headers = jlcf->headers;
    ctx->values = NULL;

    /* on a hit of the token cache for another location: from the token */

    payload = ngx_http_jwt_auth_part(ctx, JAC_TOKEN_PAYLOAD);
    if (payload == NULL) {
        return NGX_ERROR;
    }

    n = (jlcf->headers != NULL) ? jlcf->headers->nelts : 0;

    if (n > 0) {
        ctx->values = ngx_palloc(r->pool, n * sizeof(ngx_str_t));
        if (ctx->values == NULL) {
            return NGX_ERROR;
        }
    }

    err = ngx_http_jwt_auth_claim_text(r,
              ngx_http_jwt_auth_claim(payload, jlcf->user_claim),
              &ctx->user, 1, &reason);

    hdr = (n > 0) ? jlcf->headers->elts : NULL;

    for (i = 0; err == JAC_OK && i < n; i++) {
        err = ngx_http_jwt_auth_claim_text(r,
                  ngx_http_jwt_auth_claim(payload, &hdr[i].claim),
                  &ctx->values[i], 0, &reason);

        if (err != JAC_ERR_BAD_CLAIM) {
            continue;
        }

        if (hdr[i].optional) {
            /* a display header: left out, the token stands */
            ngx_log_error(NGX_LOG_INFO, r->connection->log, 0,
                          "jwt_auth: header \"%V\" left out: the claim "
                          "\"%V\": %s", &hdr[i].name, &hdr[i].claim.text,
                          reason);
            ngx_str_null(&ctx->values[i]);
            err = JAC_OK;
            continue;
        }

        reason = ngx_http_jwt_auth_header_reason(r, &hdr[i], reason);
    }

    if (err == JAC_ERR_INTERNAL) {
        return NGX_ERROR;
    }

    if (err == JAC_OK && jlcf->revocation_zone != NULL
        && ngx_http_jwt_auth_revocation_ids(r, jlcf, ctx, payload) != NGX_OK)
    {
        return NGX_ERROR;
    }

    ctx->identity_err = err;
    ctx->identity_reason = (err == JAC_OK) ? NULL : reason;

    if (err != JAC_OK) {
        /* a refused token leaves no identity behind */
        ngx_str_null(&ctx->user);
        ctx->values = NULL;
    }

    return NGX_OK;
}


/* why a header's claim refuses the token, naming the header and claim */

static const char *
ngx_http_jwt_auth_header_reason(ngx_http_request_t *r,
    ngx_http_jwt_auth_header_t *hdr, const char *why)
{
    u_char  *p, *last;
    size_t   size;

    size = sizeof("header \"\", claim \"\": ") + hdr->name.len
           + hdr->claim.text.len + ngx_strlen(why);

    p = ngx_pnalloc(r->pool, size);
    if (p == NULL) {
        return why;
    }

    last = ngx_snprintf(p, size - 1, "header %V, claim %V: %s", &hdr->name,
                        &hdr->claim.text, why);
    *last = '\0';

    return (const char *) p;
}


/*
 * What the revocation store is asked about a token besides its user id:
 * its jti, its session id (the claim of session=), and its iat.  An id
 * that no entry can have (longer than an entry's) is left empty.
 */

static ngx_int_t
ngx_http_jwt_auth_revocation_ids(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx,
    jac_json_t *payload)
{
    ngx_uint_t   i;
    ngx_str_t   *id[2];
    jac_json_t  *value[2];

    ctx->session_claim = jlcf->revocation_session;
    ctx->has_ids = 1;
    ctx->has_iat = jac_token_iat(payload, &ctx->iat);

    value[0] = jac_member(payload, (const u_char *) "jti", 3);
    value[1] = (jlcf->revocation_session != NULL)
               ? ngx_http_jwt_auth_claim(payload, jlcf->revocation_session)
               : NULL;

    id[0] = &ctx->jti;
    id[1] = &ctx->session;

    for (i = 0; i < 2; i++) {
        ngx_str_null(id[i]);

        if (value[i] == NULL) {
            continue;
        }

        id[i]->len = jac_value_text(value[i], NULL, 0);

        if (id[i]->len == 0 || id[i]->len > JAC_MAX_VALUE_LEN) {
            id[i]->len = 0;
            continue;
        }

        id[i]->data = ngx_pnalloc(r->pool, id[i]->len);
        if (id[i]->data == NULL) {
            return NGX_ERROR;
        }

        (void) jac_value_text(value[i], id[i]->data, id[i]->len);
    }

    return NGX_OK;
}


ngx_int_t
ngx_http_jwt_auth_set_headers(ngx_http_request_t *r,
    ngx_http_jwt_auth_loc_conf_t *jlcf, ngx_http_jwt_auth_ctx_t *ctx)
{
    ngx_uint_t                   i;
    ngx_table_elt_t             *h;
    ngx_http_jwt_auth_header_t  *hdr;

    if (jlcf->headers == NULL) {
        return NGX_OK;
    }

    /*
     * a subrequest's header list is its parent's: it gets one of its own,
     * without the parent's identity headers
     */

    if (r != r->main
        && ngx_http_jwt_auth_rebuild(r,
               ngx_http_get_module_srv_conf(r, ngx_http_jwt_auth_module))
           != NGX_OK)
    {
        return NGX_ERROR;
    }

    hdr = jlcf->headers->elts;

    for (i = 0; i < jlcf->headers->nelts; i++) {
        if (ctx->values[i].len == 0) {
            continue;
        }

        h = ngx_list_push(&r->headers_in.headers);
        if (h == NULL) {
            return NGX_ERROR;
        }

        h->hash = hdr[i].hash;
        h->key = hdr[i].name;
        h->lowcase_key = hdr[i].lowcase.data;
        h->value = ctx->values[i];
#if (nginx_version >= 1023000)
        h->next = NULL;
#endif
    }

    return NGX_OK;
}


/*
 * The text of a claim value, copied to the request pool and safe to pass
 * on in a header; empty when absent or null.  The user claim ("user")
 * must be there, a string or an integer.
 */

static jac_err_t
ngx_http_jwt_auth_claim_text(ngx_http_request_t *r, jac_json_t *value,
    ngx_str_t *text, ngx_uint_t user, const char **reason)
{
    jac_err_t  err;

    if (user) {
        err = jac_check_user(value, reason);
        if (err != JAC_OK) {
            return err;
        }
    }

    if (value == NULL) {
        ngx_str_null(text);
        return JAC_OK;
    }

    text->len = jac_value_text(value, NULL, 0);

    if (text->len > JAC_MAX_VALUE_LEN) {
        *reason = "a claim passed upstream is too long";
        return JAC_ERR_BAD_CLAIM;
    }

    text->data = ngx_pnalloc(r->pool, text->len);
    if (text->data == NULL) {
        *reason = "out of memory";
        return JAC_ERR_INTERNAL;
    }

    (void) jac_value_text(value, text->data, text->len);

    if (!jac_value_is_safe(text->data, text->len)) {
        *reason = "a claim passed upstream has control characters";
        return JAC_ERR_BAD_CLAIM;
    }

    return JAC_OK;
}
