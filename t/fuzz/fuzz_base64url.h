
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * What the fuzz targets share: a canonical base64url encoder (no
 * padding), written apart from the core's decoder it checks.
 */


#ifndef _FUZZ_BASE64URL_H_INCLUDED_
#define _FUZZ_BASE64URL_H_INCLUDED_


#include <stdint.h>
#include <sys/types.h>


static const char  fuzz_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";


static size_t
fuzz_encode(u_char *dst, const u_char *src, size_t len)
{
    size_t    i;
    u_char   *d;
    uint32_t  v;

    d = dst;

    for (i = 0; i + 3 <= len; i += 3) {
        v = (uint32_t) src[i] << 16 | (uint32_t) src[i + 1] << 8 | src[i + 2];

        *d++ = fuzz_alphabet[v >> 18];
        *d++ = fuzz_alphabet[(v >> 12) & 0x3f];
        *d++ = fuzz_alphabet[(v >> 6) & 0x3f];
        *d++ = fuzz_alphabet[v & 0x3f];
    }

    if (len - i == 1) {
        v = (uint32_t) src[i] << 16;

        *d++ = fuzz_alphabet[v >> 18];
        *d++ = fuzz_alphabet[(v >> 12) & 0x3f];

    } else if (len - i == 2) {
        v = (uint32_t) src[i] << 16 | (uint32_t) src[i + 1] << 8;

        *d++ = fuzz_alphabet[v >> 18];
        *d++ = fuzz_alphabet[(v >> 12) & 0x3f];
        *d++ = fuzz_alphabet[(v >> 6) & 0x3f];
    }

    return d - dst;
}



#endif /* _FUZZ_BASE64URL_H_INCLUDED_ */
