
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The API of a revocation store (jwt_auth_revocation_api): a location that
 * lists the entries (GET), adds one or a list (POST, JSON) and removes one
 * (DELETE ?jti=, ?session= or ?sub=), answering JSON.  The store itself
 * is ngx_http_jwt_auth_revocation.c's.
 */


#include "ngx_http_jwt_auth_module.h"


static ngx_int_t ngx_http_jwt_auth_revocation_api_handler(
    ngx_http_request_t *r);
static void ngx_http_jwt_auth_revocation_api_body(ngx_http_request_t *r);
static ngx_int_t ngx_http_jwt_auth_revocation_api_delete(
    ngx_http_request_t *r, ngx_http_jwt_auth_revocation_t *rv);
static ngx_uint_t ngx_http_jwt_auth_revocation_args(ngx_http_request_t *r,
    char *name);
static ngx_int_t ngx_http_jwt_auth_revocation_error(ngx_http_request_t *r,
    ngx_uint_t status, const char *error, const char *description);
static ngx_int_t ngx_http_jwt_auth_revocation_answer(ngx_http_request_t *r,
    ngx_uint_t status, ngx_str_t *json);


/* jwt_auth_revocation_api name */

char *
ngx_http_jwt_auth_revocation_api(ngx_conf_t *cf, ngx_command_t *cmd,
    void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    ngx_str_t                 *value;
    ngx_http_core_loc_conf_t  *clcf;

    if (jlcf->revocation_api != NULL) {
        return "is duplicate";
    }

    value = cf->args->elts;

    jlcf->revocation_api = ngx_http_jwt_auth_revocation_zone(cf, &value[1], 0,
                                                             &value[0]);
    if (jlcf->revocation_api == NULL) {
        return NGX_CONF_ERROR;
    }

    clcf = ngx_http_conf_get_module_loc_conf(cf, ngx_http_core_module);
    clcf->handler = ngx_http_jwt_auth_revocation_api_handler;

    return NGX_CONF_OK;
}


/*
 * The API of jwt_auth_revocation_api: GET the entries, POST one or a list
 * (JSON), DELETE one by ?jti=, ?session= or ?sub=.  Answers are JSON.
 */

static ngx_int_t
ngx_http_jwt_auth_revocation_api_handler(ngx_http_request_t *r)
{
    ngx_int_t                        rc;
    ngx_str_t                        text;
    ngx_uint_t                       version;
    ngx_table_elt_t                 *allow;
    ngx_http_jwt_auth_loc_conf_t    *jlcf;
    ngx_http_jwt_auth_revocation_t  *rv;

    jlcf = ngx_http_get_module_loc_conf(r, ngx_http_jwt_auth_module);
    rv = jlcf->revocation_api->data;

    switch (r->method) {

    case NGX_HTTP_GET:
    case NGX_HTTP_HEAD:
        if (ngx_http_discard_request_body(r) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        if (ngx_http_jwt_auth_revocation_text(rv, r->pool,
                                              r->connection->log, &text,
                                              &version)
            != NGX_OK)
        {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return ngx_http_jwt_auth_revocation_answer(r, NGX_HTTP_OK, &text);

    case NGX_HTTP_POST:
        r->request_body_in_single_buf = 1;

        rc = ngx_http_read_client_request_body(r,
                                       ngx_http_jwt_auth_revocation_api_body);

        if (rc >= NGX_HTTP_SPECIAL_RESPONSE) {
            return rc;
        }

        return NGX_DONE;

    case NGX_HTTP_DELETE:
        if (ngx_http_discard_request_body(r) != NGX_OK) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        return ngx_http_jwt_auth_revocation_api_delete(r, rv);

    default:
        allow = ngx_list_push(&r->headers_out.headers);
        if (allow == NULL) {
            return NGX_HTTP_INTERNAL_SERVER_ERROR;
        }

        allow->hash = 1;
        ngx_str_set(&allow->key, "Allow");
        ngx_str_set(&allow->value, "GET, HEAD, POST, DELETE");
#if (nginx_version >= 1023000)
        allow->next = NULL;
#endif

        return ngx_http_jwt_auth_revocation_error(r,
                                        NGX_HTTP_NOT_ALLOWED,
                                        "method_not_allowed",
                                        "the API takes GET, POST and DELETE");
    }
}


static void
ngx_http_jwt_auth_revocation_api_body(ngx_http_request_t *r)
{
    u_char                              *text, *p;
    size_t                               len;
    ssize_t                              n;
    ngx_int_t                            rc;
    ngx_str_t                            json;
    ngx_chain_t                         *cl;
    ngx_http_jwt_auth_revocation_add_t   add;
    ngx_http_request_body_t         *rb;
    ngx_http_jwt_auth_loc_conf_t    *jlcf;
    ngx_http_jwt_auth_revocation_t  *rv;

    jlcf = ngx_http_get_module_loc_conf(r, ngx_http_jwt_auth_module);
    rv = jlcf->revocation_api->data;
    rb = r->request_body;

    /* the body, whole: in memory, or in its temporary file */

    len = 0;

    if (rb != NULL && rb->temp_file != NULL) {
        len = rb->temp_file->file.offset;

    } else if (rb != NULL) {
        for (cl = rb->bufs; cl; cl = cl->next) {
            len += cl->buf->last - cl->buf->pos;
        }
    }

    if (len == 0) {
        rc = ngx_http_jwt_auth_revocation_error(r, NGX_HTTP_BAD_REQUEST,
                                                "bad_request",
                                                "the body is empty; POST a "
                                                "JSON entry or a list");
        ngx_http_finalize_request(r, rc);
        return;
    }

    text = ngx_pnalloc(r->pool, len);
    if (text == NULL) {
        ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    if (rb->temp_file != NULL) {
        n = ngx_read_file(&rb->temp_file->file, text, len, 0);

        if (n != (ssize_t) len) {
            ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
            return;
        }

    } else {
        p = text;

        for (cl = rb->bufs; cl; cl = cl->next) {
            p = ngx_cpymem(p, cl->buf->pos, cl->buf->last - cl->buf->pos);
        }
    }

    if (ngx_http_jwt_auth_revocation_add(rv, text, len,
                                         NGX_HTTP_JWT_AUTH_FROM_API, &add)
        != NGX_OK)
    {
        rc = ngx_http_jwt_auth_revocation_error(r, NGX_HTTP_BAD_REQUEST,
                                                "bad_request", add.reason);
        ngx_http_finalize_request(r, rc);
        return;
    }

    if (add.changed > 0
        && ngx_http_jwt_auth_revocation_save(rv, r->connection->log)
           != NGX_OK)
    {
        rc = ngx_http_jwt_auth_revocation_error(r,
                                        NGX_HTTP_INTERNAL_SERVER_ERROR,
                                        "state_not_saved",
                                        "the entries are stored, but the "
                                        "state file could not be written "
                                        "(see the error log)");
        ngx_http_finalize_request(r, rc);
        return;
    }

    json.data = ngx_pnalloc(r->pool, 256);
    if (json.data == NULL) {
        ngx_http_finalize_request(r, NGX_HTTP_INTERNAL_SERVER_ERROR);
        return;
    }

    if (add.full) {
        ngx_log_error(NGX_LOG_ERR, r->connection->log, 0,
                      "jwt_auth_revocation: zone \"%V\" is full: %ui "
                      "entries stored, the rest not",
                      &jlcf->revocation_api->shm.name, add.stored);

        json.len = ngx_sprintf(json.data,
                               "{\"error\":\"zone_full\","
                               "\"error_description\":\"the revocation zone "
                               "is full; %ui entries were stored, the rest "
                               "not\",\"stored\":%ui}\n",
                               add.stored, add.stored)
                   - json.data;

        rc = ngx_http_jwt_auth_revocation_answer(r,
                                                 NGX_HTTP_INSUFFICIENT_STORAGE,
                                                 &json);
        ngx_http_finalize_request(r, rc);
        return;
    }

    json.len = ngx_sprintf(json.data, "{\"stored\":%ui,\"expired\":%ui}\n",
                           add.stored, add.expired)
               - json.data;

    rc = ngx_http_jwt_auth_revocation_answer(r, NGX_HTTP_OK, &json);
    ngx_http_finalize_request(r, rc);
}


/* DELETE ?jti=... | ?session=... | ?sub=... */

static ngx_int_t
ngx_http_jwt_auth_revocation_api_delete(ngx_http_request_t *r,
    ngx_http_jwt_auth_revocation_t *rv)
{
    u_char      *dst, *src;
    ngx_str_t    value, json;
    ngx_uint_t   i, n, type;

    static char  *names[] = { NULL, "jti", "session", "sub" };

    type = 0;

    for (i = JAC_REVOKE_JTI; i <= JAC_REVOKE_SUBJECT; i++) {
        n = ngx_http_jwt_auth_revocation_args(r, names[i]);

        if (n == 0) {
            continue;
        }

        if (type != 0 || n > 1) {
            type = NGX_CONF_UNSET_UINT;
            break;
        }

        (void) ngx_http_arg(r, (u_char *) names[i], ngx_strlen(names[i]),
                            &value);
        type = i;
    }

    if (type == 0 || type == NGX_CONF_UNSET_UINT) {
        return ngx_http_jwt_auth_revocation_error(r, NGX_HTTP_BAD_REQUEST,
                                                  "bad_request",
                                                  "DELETE takes one of "
                                                  "?jti=, ?session= and "
                                                  "?sub=");
    }

    /* the argument, URL-decoded */

    dst = ngx_pnalloc(r->pool, value.len);
    if (dst == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    src = value.data;
    value.data = dst;
    ngx_unescape_uri(&dst, &src, value.len, 0);
    value.len = dst - value.data;

    if (value.len == 0 || value.len > JAC_MAX_VALUE_LEN) {
        return ngx_http_jwt_auth_revocation_error(r, NGX_HTTP_BAD_REQUEST,
                                                  "bad_request",
                                                  "an id is 1 to 1024 "
                                                  "bytes");
    }

    if (!ngx_http_jwt_auth_revocation_delete(rv, type, &value)) {
        return ngx_http_jwt_auth_revocation_error(r, NGX_HTTP_NOT_FOUND,
                                                  "not_found",
                                                  "no such entry");
    }

    if (ngx_http_jwt_auth_revocation_save(rv, r->connection->log) != NGX_OK)
    {
        return ngx_http_jwt_auth_revocation_error(r,
                                        NGX_HTTP_INTERNAL_SERVER_ERROR,
                                        "state_not_saved",
                                        "the entry is deleted, but the state "
                                        "file could not be written (see the "
                                        "error log)");
    }

    ngx_str_set(&json, "{\"deleted\":1}\n");

    return ngx_http_jwt_auth_revocation_answer(r, NGX_HTTP_OK, &json);
}


/* how many times the query names an argument */

static ngx_uint_t
ngx_http_jwt_auth_revocation_args(ngx_http_request_t *r, char *name)
{
    u_char      *p, *last, *end;
    size_t       len;
    ngx_uint_t   n;

    if (r->args.len == 0) {
        return 0;
    }

    len = ngx_strlen(name);
    p = r->args.data;
    last = p + r->args.len;
    n = 0;

    while (p < last) {
        end = ngx_strlchr(p, last, '&');
        if (end == NULL) {
            end = last;
        }

        if ((size_t) (end - p) >= len
            && ngx_strncmp(p, name, len) == 0
            && (p + len == end || p[len] == '='))
        {
            n++;
        }

        p = end + 1;
    }

    return n;
}


static ngx_int_t
ngx_http_jwt_auth_revocation_error(ngx_http_request_t *r, ngx_uint_t status,
    const char *error, const char *description)
{
    size_t     len;
    u_char    *p;
    ngx_str_t  json;

    len = sizeof("{\"error\":\"\",\"error_description\":\"\"}\n")
          + ngx_strlen(error) + ngx_strlen(description)
          + ngx_escape_json(NULL, (u_char *) description,
                            ngx_strlen(description));

    json.data = ngx_pnalloc(r->pool, len);
    if (json.data == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    p = ngx_sprintf(json.data, "{\"error\":\"%s\",\"error_description\":\"",
                    error);
    p = (u_char *) ngx_escape_json(p, (u_char *) description,
                                   ngx_strlen(description));
    p = ngx_cpymem(p, "\"}\n", 3);

    json.len = p - json.data;

    return ngx_http_jwt_auth_revocation_answer(r, status, &json);
}


static ngx_int_t
ngx_http_jwt_auth_revocation_answer(ngx_http_request_t *r, ngx_uint_t status,
    ngx_str_t *json)
{
    ngx_int_t    rc;
    ngx_buf_t   *b;
    ngx_chain_t  out;

    r->headers_out.status = status;
    r->headers_out.content_length_n = json->len;
    ngx_str_set(&r->headers_out.content_type, "application/json");
    r->headers_out.content_type_len = r->headers_out.content_type.len;

    rc = ngx_http_send_header(r);

    if (rc == NGX_ERROR || rc > NGX_OK || r->header_only) {
        return rc;
    }

    b = ngx_calloc_buf(r->pool);
    if (b == NULL) {
        return NGX_HTTP_INTERNAL_SERVER_ERROR;
    }

    b->pos = json->data;
    b->last = json->data + json->len;
    b->memory = 1;
    b->last_buf = (r == r->main);
    b->last_in_chain = 1;

    out.buf = b;
    out.next = NULL;

    return ngx_http_output_filter(r, &out);
}
