
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * What the core's files share with each other and not with the glue.
 */


#ifndef _JWT_INTERNAL_H_INCLUDED_
#define _JWT_INTERNAL_H_INCLUDED_


#include "jac.h"


/* how an algorithm verifies */
#define JWT_KIND_HMAC          1
#define JWT_KIND_RSA           2       /* RSASSA-PKCS1-v1_5 */
#define JWT_KIND_PSS           3       /* RSASSA-PSS */
#define JWT_KIND_EC            4       /* ECDSA, raw R || S */
#define JWT_KIND_EDDSA         5


typedef struct {
    unsigned              alg;
    const char           *name;
    int                   kind;
    const char           *digest;      /* NULL for EdDSA */
    size_t                size;        /* HMAC: the hash output and least
                                          key size; ECDSA: bytes of r, s */
} jwt_alg_t;


/* every algorithm, HS256, HS384, HS512 first; a zero alg ends it */
extern const jwt_alg_t  jwt_algs[];

#define JWT_HMAC_N             3
#define JWT_ALG_N              13


const jwt_alg_t *jwt_alg_get(unsigned alg);
jwt_err_t jwt_key_verify(jwt_key_t *key, const jwt_alg_t *alg,
    const u_char *input, size_t len, const u_char *sig, size_t siglen);
int jwt_key_kid_matches(const jwt_key_t *key, const char *kid, size_t len);


#endif /* _JWT_INTERNAL_H_INCLUDED_ */
