
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The token of a cookie named in jwt_auth's cookie=, as Better Auth sets
 * it: under its name or with a __Host- or __Secure- prefix (the prefixed
 * name first, as browsers only set those over https), whole, or split
 * into numbered chunks (NAME.0, NAME.1, ...) joined in order.  nginx's
 * $cookie_NAME cannot name "better-auth.session_data", for its dot.
 */


#include "ngx_http_jwt_auth_module.h"


/* the most chunks of one cookie (Better Auth writes at most 100) */
#define NGX_HTTP_JWT_AUTH_MAX_CHUNKS  100


typedef struct {
    ngx_str_t                   name;       /* with its prefix */
    ngx_str_t                   whole;
    ngx_uint_t                  wholes;     /* how many times */
    ngx_str_t                   chunk[NGX_HTTP_JWT_AUTH_MAX_CHUNKS];
    ngx_uint_t                  nchunks;    /* the highest index + 1 */
    ngx_uint_t                  twice;      /* a chunk given twice */
} ngx_http_jwt_auth_cookie_t;


static void ngx_http_jwt_auth_cookie_scan(ngx_http_request_t *r,
    ngx_http_jwt_auth_cookie_t *c);
static void ngx_http_jwt_auth_cookie_pair(ngx_http_jwt_auth_cookie_t *c,
    u_char *name, size_t nlen, u_char *value, size_t vlen);
static const char *ngx_http_jwt_auth_cookie_refused(ngx_http_request_t *r,
    ngx_str_t *name, const char *fmt, ngx_uint_t n);


static ngx_str_t  ngx_http_jwt_auth_prefixes[] = {
    ngx_string("__Host-"),
    ngx_string("__Secure-"),
    ngx_null_string
};


/*
 * NGX_OK: the token; NGX_DECLINED: no such cookie; NGX_ABORT: cookies
 * that cannot be taken (a name given twice, chunks with a gap or given
 * twice, too large together), with why in "reason"; NGX_ERROR.
 */

ngx_int_t
ngx_http_jwt_auth_cookie_token(ngx_http_request_t *r, ngx_str_t *name,
    ngx_str_t *token, const char **reason)
{
    u_char                      *p;
    size_t                       len;
    ngx_uint_t                   i, k;
    ngx_http_jwt_auth_cookie_t  *c;

    c = ngx_palloc(r->pool, sizeof(ngx_http_jwt_auth_cookie_t));
    if (c == NULL) {
        return NGX_ERROR;
    }

    for (k = 0; k < sizeof(ngx_http_jwt_auth_prefixes) / sizeof(ngx_str_t);
         k++)
    {
        c->name.len = ngx_http_jwt_auth_prefixes[k].len + name->len;
        c->name.data = ngx_pnalloc(r->pool, c->name.len);
        if (c->name.data == NULL) {
            return NGX_ERROR;
        }

        p = c->name.data;

        if (ngx_http_jwt_auth_prefixes[k].len > 0) {
            p = ngx_cpymem(p, ngx_http_jwt_auth_prefixes[k].data,
                           ngx_http_jwt_auth_prefixes[k].len);
        }

        ngx_memcpy(p, name->data, name->len);

        c->wholes = 0;
        c->nchunks = 0;
        c->twice = 0;
        ngx_memzero(c->chunk, sizeof(c->chunk));

        ngx_http_jwt_auth_cookie_scan(r, c);

        if (c->wholes > 1) {
            *reason = ngx_http_jwt_auth_cookie_refused(r, &c->name,
                          "cookie %V is given twice", 0);
            return NGX_ABORT;
        }

        if (c->wholes == 1) {
            /* whole, as Better Auth reads it: chunks left over are stale */
            *token = c->whole;
            return NGX_OK;
        }

        if (c->nchunks == 0) {
            continue;
        }

        if (c->twice) {
            *reason = ngx_http_jwt_auth_cookie_refused(r, &c->name,
                          "a chunk of cookie %V is given twice", 0);
            return NGX_ABORT;
        }

        len = 0;

        for (i = 0; i < c->nchunks; i++) {
            if (c->chunk[i].len == 0) {
                *reason = ngx_http_jwt_auth_cookie_refused(r, &c->name,
                              "cookie %V lacks its chunk .%ui", i);
                return NGX_ABORT;
            }

            len += c->chunk[i].len;
        }

        if (len > JAC_MAX_TOKEN_LEN) {
            *reason = ngx_http_jwt_auth_cookie_refused(r, &c->name,
                          "the chunks of cookie %V are larger than "
                          "%ui bytes together", JAC_MAX_TOKEN_LEN);
            return NGX_ABORT;
        }

        token->data = ngx_pnalloc(r->pool, len);
        if (token->data == NULL) {
            return NGX_ERROR;
        }

        p = token->data;

        for (i = 0; i < c->nchunks; i++) {
            p = ngx_cpymem(p, c->chunk[i].data, c->chunk[i].len);
        }

        token->len = len;

        return NGX_OK;
    }

    return NGX_DECLINED;
}


/*
 * Every Cookie header of the request (HTTP/2 and HTTP/3 ones too), as
 * name=value pairs separated by ";" (RFC 6265, 5.4).
 */

static void
ngx_http_jwt_auth_cookie_scan(ngx_http_request_t *r,
    ngx_http_jwt_auth_cookie_t *c)
{
    u_char           *p, *last, *name, *eq, *end, *v;
    ngx_uint_t        i;
    ngx_list_part_t  *part;
    ngx_table_elt_t  *h;

    part = &r->headers_in.headers.part;
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

        if (h[i].key.len != sizeof("Cookie") - 1
            || ngx_strncasecmp(h[i].key.data, (u_char *) "Cookie",
                               sizeof("Cookie") - 1)
               != 0)
        {
            continue;
        }

        p = h[i].value.data;
        last = p + h[i].value.len;

        while (p < last) {
            end = ngx_strlchr(p, last, ';');
            if (end == NULL) {
                end = last;
            }

            while (p < end && (*p == ' ' || *p == '\t')) {
                p++;
            }

            name = p;
            eq = ngx_strlchr(p, end, '=');

            if (eq != NULL) {
                v = eq + 1;
                p = end;

                while (p > v && (p[-1] == ' ' || p[-1] == '\t')) {
                    p--;
                }

                /* a quoted value: the quotes are not the value's */

                if (p - v >= 2 && *v == '"' && p[-1] == '"') {
                    v++;
                    p--;
                }

                ngx_http_jwt_auth_cookie_pair(c, name, eq - name, v, p - v);
            }

            p = end + 1;
        }
    }
}


/* a pair of the name, or a chunk of it: NAME.0 to NAME.99, no leading 0 */

static void
ngx_http_jwt_auth_cookie_pair(ngx_http_jwt_auth_cookie_t *c, u_char *name,
    size_t nlen, u_char *value, size_t vlen)
{
    size_t      n;
    ngx_uint_t  index;

    if (nlen < c->name.len
        || ngx_memcmp(name, c->name.data, c->name.len) != 0
        || vlen == 0)
    {
        /* an empty value is a cookie being removed: as none */
        return;
    }

    if (nlen == c->name.len) {
        c->whole.data = value;
        c->whole.len = vlen;
        c->wholes++;
        return;
    }

    n = nlen - c->name.len - 1;

    if (name[c->name.len] != '.' || n == 0 || n > 2
        || (n == 2 && name[c->name.len + 1] == '0'))
    {
        return;
    }

    index = 0;

    for (name += c->name.len + 1; n > 0; n--, name++) {
        if (*name < '0' || *name > '9') {
            return;
        }

        index = index * 10 + (*name - '0');
    }

    if (c->chunk[index].len > 0) {
        c->twice = 1;
        return;
    }

    c->chunk[index].data = value;
    c->chunk[index].len = vlen;

    if (index >= c->nchunks) {
        c->nchunks = index + 1;
    }
}


/* the error_description: the name is the configuration's, safe in a header */

static const char *
ngx_http_jwt_auth_cookie_refused(ngx_http_request_t *r, ngx_str_t *name,
    const char *fmt, ngx_uint_t n)
{
    u_char  *p, *last;
    size_t   size;

    size = ngx_strlen(fmt) + name->len + NGX_INT_T_LEN + 1;

    p = ngx_pnalloc(r->pool, size);
    if (p == NULL) {
        return "cookies that cannot be taken";
    }

    last = ngx_snprintf(p, size - 1, fmt, name, n);
    *last = '\0';

    return (const char *) p;
}
