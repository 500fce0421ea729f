
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * The one table of algorithms (RFC 7518 section 3, RFC 8037) that the
 * rest of the core depends on: each JWS "alg" with how it verifies, its
 * digest and its sizes.
 */


#include <string.h>

#include "jac_internal.h"


const jac_alg_t  jac_algs[] = {
    { JAC_ALG_HS256, "HS256", JAC_KIND_HMAC, "SHA256", 32 },
    { JAC_ALG_HS384, "HS384", JAC_KIND_HMAC, "SHA384", 48 },
    { JAC_ALG_HS512, "HS512", JAC_KIND_HMAC, "SHA512", 64 },
    { JAC_ALG_RS256, "RS256", JAC_KIND_RSA, "SHA256", 0 },
    { JAC_ALG_RS384, "RS384", JAC_KIND_RSA, "SHA384", 0 },
    { JAC_ALG_RS512, "RS512", JAC_KIND_RSA, "SHA512", 0 },
    { JAC_ALG_PS256, "PS256", JAC_KIND_PSS, "SHA256", 0 },
    { JAC_ALG_PS384, "PS384", JAC_KIND_PSS, "SHA384", 0 },
    { JAC_ALG_PS512, "PS512", JAC_KIND_PSS, "SHA512", 0 },
    { JAC_ALG_ES256, "ES256", JAC_KIND_EC, "SHA256", 32 },
    { JAC_ALG_ES384, "ES384", JAC_KIND_EC, "SHA384", 48 },
    { JAC_ALG_ES512, "ES512", JAC_KIND_EC, "SHA512", 66 },
    { JAC_ALG_EDDSA, "EdDSA", JAC_KIND_EDDSA, NULL, 0 },
    { 0, NULL, 0, NULL, 0 }
};


const char  jac_alg_names[] = "HS256, HS384, HS512, RS256, RS384, RS512, "
                              "PS256, PS384, PS512, ES256, ES384, ES512, "
                              "EdDSA";


unsigned
jac_alg_by_name(const u_char *name, size_t len)
{
    const jac_alg_t  *a;

    for (a = jac_algs; a->alg; a++) {
        if (len == strlen(a->name) && memcmp(name, a->name, len) == 0) {
            return a->alg;
        }
    }

    return 0;
}


const jac_alg_t *
jac_alg_get(unsigned alg)
{
    const jac_alg_t  *a;

    for (a = jac_algs; a->alg; a++) {
        if (a->alg == alg) {
            return a;
        }
    }

    return NULL;
}


const char *
jac_alg_name(unsigned alg)
{
    const jac_alg_t  *a;

    a = jac_alg_get(alg);

    return (a == NULL) ? NULL : a->name;
}
