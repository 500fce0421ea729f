
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The keys a configuration holds itself: jwt_auth_secret (the value, an
 * environment variable or a file), jwt_auth_key_file (PEM, JWK or JWKS)
 * and jwt_auth_jwe_key (a secret used as it is or derived, for encrypted
 * tokens), read and prepared once when the configuration is loaded, and
 * released with it.
 */


#include "ngx_http_jwt_auth_module.h"


/* the largest file read by jwt_auth_secret file= */
#define NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE  65536


static char *ngx_http_jwt_auth_read_secret(ngx_conf_t *cf, ngx_str_t *value,
    ngx_str_t *secret);
static char *ngx_http_jwt_auth_add_key(ngx_conf_t *cf, ngx_array_t **keys,
    jac_key_t *k);
static void ngx_http_jwt_auth_key_cleanup(void *data);
static void ngx_http_jwt_auth_keyset_cleanup(void *data);


char *
ngx_http_jwt_auth_secret(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    char        *rv;
    ngx_str_t   *value, secret;
    jac_key_t   *key;
    const char  *reason;

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

    return ngx_http_jwt_auth_add_key(cf, &jlcf->keys, key);
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
    ngx_str_t   name, *args;

    args = cf->args->elts;

    if (ngx_strncmp(value->data, "env=", 4) == 0) {
        env = getenv((char *) value->data + 4);

        if (env == NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "%V: environment variable \"%s\" is not set",
                               &args[0], value->data + 4);
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
                           "jwt_auth_key_file: \"%V\": %uz key(s) skipped: "
                           "%s", &value[1], set->skipped, set->skipped_text);
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


/*
 * jwt_auth_jwe_key value | env=NAME | file=path
 *     [better-auth | hkdf_salt=salt hkdf_info=info length=n] [kid=kid]
 *     | jwk=file;
 * the content encryption key of "dir" JWEs: the secret's bytes, or a key
 * derived from it with HKDF-SHA256 (RFC 5869); "better-auth" is the
 * derivation of Better Auth's session cookie cache ("jwe" strategy)
 */

char *
ngx_http_jwt_auth_jwe_key(ngx_conf_t *cf, ngx_command_t *cmd, void *conf)
{
    ngx_http_jwt_auth_loc_conf_t *jlcf = conf;

    char                *rv;
    u_char               derived[64];
    size_t               length;
    ngx_int_t            n;
    ngx_str_t           *value, secret, salt, info, kid, key;
    ngx_uint_t           i, hkdf;
    jac_key_t           *k;
    const char          *reason;

    value = cf->args->elts;

    if (ngx_strncmp(value[1].data, "jwk=", 4) == 0) {
        if (cf->args->nelts > 2) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_jwe_key: jwk= takes no other "
                               "parameter (the JWK has the key and its "
                               "kid)");
            return NGX_CONF_ERROR;
        }

        secret.data = value[1].data + 4;
        secret.len = value[1].len - 4;

        if (ngx_http_jwt_auth_read_file(cf, &secret, &key,
                                        NGX_HTTP_JWT_AUTH_MAX_SECRET_FILE)
            != NGX_OK)
        {
            return NGX_CONF_ERROR;
        }

        k = jac_key_dir_jwk(key.data, key.len, &reason);

        ngx_explicit_memzero(key.data, key.len);

        if (k == NULL) {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_jwe_key: \"%V\": %s", &secret,
                               reason);
            return NGX_CONF_ERROR;
        }

        return ngx_http_jwt_auth_add_key(cf, &jlcf->jwe_keys, k);
    }

    rv = ngx_http_jwt_auth_read_secret(cf, &value[1], &secret);
    if (rv != NGX_CONF_OK) {
        return rv;
    }

    hkdf = 0;
    length = 0;
    ngx_str_null(&salt);
    ngx_str_null(&info);
    ngx_str_null(&kid);

    for (i = 2; i < cf->args->nelts; i++) {

        if (ngx_strcmp(value[i].data, "better-auth") == 0) {
            hkdf = 1;
            ngx_str_set(&salt, JAC_BETTER_AUTH_SALT);
            ngx_str_set(&info, JAC_BETTER_AUTH_INFO);
            length = JAC_BETTER_AUTH_KEY_LEN;

        } else if (ngx_strncmp(value[i].data, "hkdf_salt=", 10) == 0) {
            hkdf = 1;
            salt.data = value[i].data + 10;
            salt.len = value[i].len - 10;

        } else if (ngx_strncmp(value[i].data, "hkdf_info=", 10) == 0) {
            hkdf = 1;
            info.data = value[i].data + 10;
            info.len = value[i].len - 10;

        } else if (ngx_strncmp(value[i].data, "length=", 7) == 0) {
            n = ngx_atoi(value[i].data + 7, value[i].len - 7);

            if (n != 16 && n != 24 && n != 32 && n != 48 && n != 64) {
                ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                                   "jwt_auth_jwe_key: \"%V\": a key is 16, "
                                   "24, 32, 48 or 64 bytes", &value[i]);
                return NGX_CONF_ERROR;
            }

            length = n;

        } else if (ngx_strncmp(value[i].data, "kid=", 4) == 0
                   && value[i].len > 4)
        {
            kid.data = value[i].data + 4;
            kid.len = value[i].len - 4;

        } else {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_jwe_key: invalid parameter \"%V\" "
                               "(expected better-auth, hkdf_salt=, "
                               "hkdf_info=, length= or kid=)", &value[i]);
            return NGX_CONF_ERROR;
        }
    }

    if (hkdf && length == 0) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_jwe_key: a derived key needs length= "
                           "(32 for A128CBC-HS256 or A256GCM, 64 for "
                           "A256CBC-HS512...)");
        return NGX_CONF_ERROR;
    }

    if (!hkdf && length != 0 && length != secret.len) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_jwe_key: the key has %uz bytes, not "
                           "the %uz of length=", secret.len, length);
        return NGX_CONF_ERROR;
    }

    key = secret;

    if (hkdf) {
        if (jac_hkdf_sha256(derived, length, secret.data, secret.len,
                            salt.data, salt.len, info.data, info.len)
            != 0)
        {
            ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                               "jwt_auth_jwe_key: HKDF failed");
            return NGX_CONF_ERROR;
        }

        key.data = derived;
        key.len = length;
    }

    k = jac_key_dir(key.data, key.len, kid.data, kid.len, &reason);

    ngx_explicit_memzero(derived, sizeof(derived));

    if (ngx_strncmp(value[1].data, "file=", 5) == 0) {
        ngx_explicit_memzero(secret.data, secret.len);
    }

    if (k == NULL) {
        ngx_conf_log_error(NGX_LOG_EMERG, cf, 0,
                           "jwt_auth_jwe_key: %s; this one has %uz%s",
                           reason, key.len,
                           hkdf ? "" : " (derive it from a secret with "
                                       "better-auth or hkdf_salt=)");
        return NGX_CONF_ERROR;
    }

    return ngx_http_jwt_auth_add_key(cf, &jlcf->jwe_keys, k);
}


/*
 * A key of the level's secrets (keys) or JWE keys (jwe_keys), freed with
 * the configuration.
 */

static char *
ngx_http_jwt_auth_add_key(ngx_conf_t *cf, ngx_array_t **keys, jac_key_t *k)
{
    jac_key_t           **kp;
    ngx_pool_cleanup_t   *cln;

    cln = ngx_pool_cleanup_add(cf->pool, 0);
    if (cln == NULL) {
        jac_key_free(k);
        return NGX_CONF_ERROR;
    }

    cln->handler = ngx_http_jwt_auth_key_cleanup;
    cln->data = k;

    if (*keys == NGX_CONF_UNSET_PTR) {
        *keys = ngx_array_create(cf->pool, 2, sizeof(jac_key_t *));
        if (*keys == NULL) {
            return NGX_CONF_ERROR;
        }
    }

    kp = ngx_array_push(*keys);
    if (kp == NULL) {
        return NGX_CONF_ERROR;
    }

    *kp = k;

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
