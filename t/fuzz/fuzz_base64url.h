
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * What the fuzz targets share: a canonical base64url encoder (no
 * padding) and a lenient decoder, written apart from the core's decoder
 * they check (inline: each target uses one or both).
 */


#ifndef _FUZZ_BASE64URL_H_INCLUDED_
#define _FUZZ_BASE64URL_H_INCLUDED_


#include <stdint.h>
#include <string.h>
#include <sys/types.h>


static const char  fuzz_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";


static inline size_t
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


/*
 * Any text of the alphabet to the bytes it most nearly says, the unused
 * low bits of its last character dropped and one character left over
 * ignored: 0 when a character is not of the alphabet.
 */

static inline int
fuzz_decode(u_char *dst, const u_char *src, size_t len, size_t *n)
{
    size_t       i, bits;
    uint32_t     acc;
    const char  *p;

    acc = 0;
    bits = 0;
    *n = 0;

    for (i = 0; i < len; i++) {
        p = (src[i] == '\0') ? NULL : strchr(fuzz_alphabet, src[i]);

        if (p == NULL) {
            return 0;
        }

        acc = (acc << 6 | (uint32_t) (p - fuzz_alphabet)) & 0xffffff;
        bits += 6;

        if (bits >= 8) {
            bits -= 8;
            dst[(*n)++] = (u_char) (acc >> bits);
        }
    }

    return 1;
}



#endif /* _FUZZ_BASE64URL_H_INCLUDED_ */
