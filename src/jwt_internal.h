
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * What the core's files share with each other and not with the glue.
 */


#ifndef _JWT_INTERNAL_H_INCLUDED_
#define _JWT_INTERNAL_H_INCLUDED_


#include "jwt.h"


#define JWT_HMAC_N             3


typedef struct {
    unsigned              alg;
    const char           *name;
    const char           *digest;
    size_t                size;        /* hash output and least key size */
} jwt_hmac_t;


/* HS256, HS384, HS512, in that order */
extern const jwt_hmac_t  jwt_hmac[JWT_HMAC_N];


jwt_err_t jwt_key_verify(jwt_key_t *key, unsigned alg, const u_char *input,
    size_t len, const u_char *sig, size_t siglen);


#endif /* _JWT_INTERNAL_H_INCLUDED_ */
