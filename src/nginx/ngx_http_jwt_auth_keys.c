
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The keys a configuration holds itself: jwt_auth_secret (the value, an
 * environment variable or a file) and jwt_auth_key_file (PEM, JWK or
 * JWKS), read and prepared once when the configuration is loaded, and
 * released with it.
 */


#include "ngx_http_jwt_auth_module.h"


/* the largest file read by jwt_auth_secret file= */
#define NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE  65536


static char *ngx_http_jwt_auth_read_secret(ngx_conf_t *cf, ngx_str_t *value,
    ngx_str_t *secret);
static void ngx_http_jwt_auth_key_cleanup(void *data);
static void ngx_http_jwt_auth_keyset_cleanup(void *data);


char *
ngx_http_jwt_auth_secret(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    char                *rv;
    ngx_str_t           *value, secret;
    jac_key_t           *key, **k;
    const char          *reason;
    ngx_pool_cleanup_t  *cln;

    value = cf->args->elts;

    rv = ngx_http_jwt_auth_read_secret(cf, &value[1], &secret);
    if (rv != NGX_CONF_OK) {
        return rv;
    }

    key = jac_key_hmac(secret.data, secret.len, &reason);

    if (ngx_strncmp(value[1].data, "file=", 5) == 0) {
        /* the copy read from the file; the environment stays as it is */
        ngx_explicit_memzero(secret.data, secret.len);
    }

    if (key == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_secret: %s; this one has %uz",
                           reason, secret.len);
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        jac_key_free(key);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_jwt_auth_key_cleanup;
    cln->data = key;

    if (jlcf->keys == NGX_CONF_UNSET_PTR) {
        jlcf->keys = ngx_array_create(cf->pool, 2, sizeof(jac_key_t *));
        if (jlcf->keys == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    k = ngx_array_push(jlcf->keys);
    if (k == NULL) {
        return NGX_CONF_ERROR;
    }

    *k = key;

    return NGX_CONF_OK;
}


/*
 * The bytes of the secret: the value itself, an environment variable of
 * the process loading the configuration (env=), or a file without one
 * trailing newline (file=).
 */

static char *
ngx_http_jwt_auth_read_secret(ngx_conf_t *cf, ngx_str_t *value,
    ngx_str_t *secret)
{
    char       *env;
    ngx_str_t   name;

    if (ngx_strncmp(value->data, "env=", 4) == 0) {
        env = getenv((char *) value->data + 4);

        if (env == NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_secret: environment variable \"%s\" "
                               "is not set", value->data + 4);
            return NGX_CONF_ERROR;
        }

        secret->data = (u_char *) env;
        secret->len = ngx_strlen(env);

        return NGX_CONF_OK;
    }

    if (ngx_strncmp(value->data, "file=", 5) != 0) {
        *secret = *value;
        return NGX_CONF_OK;
    }

    name.data = value->data + 5;
    name.len = value->len - 5;

    if (ngx_http_jwt_auth_read_file(cf, &name, secret,
                                    NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    if (secret->len > 0 && secret->data[secret->len - 1] == LF) {
        secret->len--;

        if (secret->len > 0 && secret->data[secret->len - 1] == CR) {
            secret->len--;
        }
    }

    return NGX_CONF_OK;
}


/*
 * Reads a whole file of at most "max" bytes into the temporary pool; a
 * relative name is relative to the configuration prefix.  The messages
 * name the directive.
 */

ngx_int_t
ngx_http_jwt_auth_read_file(ngx_conf_t *cf, ngx_str_t *name,
    ngx_str_t *content, size_t max)
{
    ssize_t           n;
    ngx_str_t        *value;
    ngx_file_t        file;
    ngx_file_info_t   fi;

    value = cf->args->elts;

    if (ngx_conf_full_name(cf->cycle, name, 1) != NGX_OK) {
        return NGX_ERROR;
    }

    ngx_memzero(&file, sizeof(ngx_file_t));
    file.name = *name;
    file.log = cf->log;

    file.fd = ngx_open_file(name->data, NGX_FILE_RDONLY, NGX_FILE_OPEN, 0);

    if (file.fd == NGX_INVALID_FILE) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "%V: cannot open \"%V\"", &value[0], name);
        return NGX_ERROR;
    }

    content->data = NULL;

    if (ngx_fd_info(file.fd, &fi) == NGX_FILE_ERROR) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "%V: cannot stat \"%V\"", &value[0], name);
        goto failed;
    }

    if (ngx_is_dir(&fi)) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: \"%V\" is a directory", &value[0], name);
        goto failed;
    }

    if (ngx_file_size(&fi) > (off_t) max) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "%V: \"%V\" is larger than %uz bytes",
                           &value[0], name, max);
        goto failed;
    }

    content->len = (size_t) ngx_file_size(&fi);

    content->data = ngx_pnalloc(cf->temp_pool, content->len + 1);
    if (content->data == NULL) {
        goto failed;
    }

    n = ngx_read_file(&file, content->data, content->len, 0);

    if (n == NGX_ERROR || (size_t) n != content->len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, ngx_errno,
                           "%V: cannot read \"%V\"", &value[0], name);
        goto failed;
    }

    ngx_close_file(file.fd);

    return NGX_OK;

failed:

    if (content->data != NULL) {
        ngx_explicit_memzero(content->data, content->len);
    }

    ngx_close_file(file.fd);

    return NGX_ERROR;
}


char *
ngx_http_jwt_auth_key_file(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    size_t               i;
    jac_key_t          **k;
    ngx_str_t           *value, content;
    const char          *reason;
    jac_keyset_t        *set;
    ngx_pool_cleanup_t  *cln;

    value = cf->args->elts;

    if (ngx_http_jwt_auth_read_file(cf, &value[1], &content,
                                    NGX_HTTP_JWT_AUTH_MAX_KEY_FILE)
        != NGX_OK)
    {
        return NGX_CONF_ERROR;
    }

    cln = ngx_pool_cleanup_add(cf->pool, sizeof(jac_keyset_t));
    if (cln == NULL) {
        return NGX_CONF_ERROR;
    }

    set = cln->data;

    if (jac_keyset_load(set, content.data, content.len, &reason) != 0) {
        ngx_explicit_memzero(content.data, content.len);
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_key_file: \"%V\": %s",
                           &value[1], reason);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_jwt_auth_keyset_cleanup;

    ngx_explicit_memzero(content.data, content.len);

    if (set->skipped > 0) {
        ngx_conf_log_error(NGX_LOG_WARN, cf, 0,
                           "jwt_auth_key_file: \"%V\": %uz key(s) skipped, "
                           "the last because %s",
                           &value[1], set->skipped, set->skipped_reason);
    }

    if (jlcf->keys == NGX_CONF_UNSET_PTR) {
        jlcf->keys = ngx_array_create(cf->pool, 4, sizeof(jac_key_t *));
        if (jlcf->keys == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    for (i = 0; i < set->n; i++) {
        k = ngx_array_push(jlcf->keys);
        if (k == NULL) {
            return NGX_CONF_ERROR;
        }

        *k = set->keys[i];
    }

    return NGX_CONF_OK;
}


static void
ngx_http_jwt_auth_keyset_cleanup(void *data)
{
    jac_keyset_free(data);
}


static void
ngx_http_jwt_auth_key_cleanup(void *data)
{
    jac_key_free(data);
}
