
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * base64url (RFC 4648 section 5) as JOSE uses it: no padding, strict.
 */


#include "jac.h"


/* the value of each base64url character, 0xff for any other byte */
static const u_char  jac_base64url_values[256] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff,   62, 0xff, 0xff,   /* '-' */
      52,   53,   54,   55,   56,   57,   58,   59,   /* '0'..'7' */
      60,   61, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,   /* '8', '9' */
    0xff,    0,    1,    2,    3,    4,    5,    6,   /* 'A'..'G' */
       7,    8,    9,   10,   11,   12,   13,   14,
      15,   16,   17,   18,   19,   20,   21,   22,
      23,   24,   25, 0xff, 0xff, 0xff, 0xff,   63,   /* 'Z', '_' */
    0xff,   26,   27,   28,   29,   30,   31,   32,   /* 'a'..'g' */
      33,   34,   35,   36,   37,   38,   39,   40,
      41,   42,   43,   44,   45,   46,   47,   48,
      49,   50,   51, 0xff, 0xff, 0xff, 0xff, 0xff,   /* 'z' */
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};


/*
 * RFC 7515 section 2 and appendix C: no padding, no whitespace, and the
 * unused low bits of the last character must be zero, so that every
 * byte string has exactly one encoding.
 */

ssize_t
jac_base64url_decode(u_char *dst, const u_char *src, size_t len)
{
    u_char        *d;
    u_char         a, b, c, e;
    size_t         i, rest;
    const u_char  *v;

    v = jac_base64url_values;
    rest = len % 4;

    if (rest == 1) {
        return -1;
    }

    d = dst;

    /* one pass: a byte that is not base64url has a high bit in its value */

    for (i = 0; i + 4 <= len; i += 4) {
        a = v[src[i]];
        b = v[src[i + 1]];
        c = v[src[i + 2]];
        e = v[src[i + 3]];

        if ((a | b | c | e) & 0xc0) {
            return -1;
        }

        *d++ = (u_char) (a << 2 | b >> 4);
        *d++ = (u_char) (b << 4 | c >> 2);
        *d++ = (u_char) (c << 6 | e);
    }

    if (rest == 0) {
        return d - dst;
    }

    a = v[src[i]];
    b = v[src[i + 1]];
    c = (rest == 3) ? v[src[i + 2]] : 0;

    /* the unused low bits of the last character are zero */

    if ((a | b | c) & 0xc0
        || (rest == 2 && (b & 0x0f))
        || (rest == 3 && (c & 0x03)))
    {
        return -1;
    }

    *d++ = (u_char) (a << 2 | b >> 4);

    if (rest == 3) {
        *d++ = (u_char) (b << 4 | c >> 2);
    }

    return d - dst;
}


/* unpadded base64url (RFC 4648, 5): 4 characters per 3 bytes */

size_t
jac_base64url_encode(u_char *dst, const u_char *src, size_t len)
{
    size_t     i;
    u_char    *d;
    uint32_t   v;

    static const char  alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                    "abcdefghijklmnopqrstuvwxyz"
                                    "0123456789-_";

    d = dst;

    for (i = 0; i + 3 <= len; i += 3) {
        v = (uint32_t) src[i] << 16 | (uint32_t) src[i + 1] << 8 | src[i + 2];

        *d++ = alphabet[v >> 18];
        *d++ = alphabet[(v >> 12) & 0x3f];
        *d++ = alphabet[(v >> 6) & 0x3f];
        *d++ = alphabet[v & 0x3f];
    }

    if (len - i == 1) {
        v = (uint32_t) src[i] << 16;

        *d++ = alphabet[v >> 18];
        *d++ = alphabet[(v >> 12) & 0x3f];

    } else if (len - i == 2) {
        v = (uint32_t) src[i] << 16 | (uint32_t) src[i + 1] << 8;

        *d++ = alphabet[v >> 18];
        *d++ = alphabet[(v >> 12) & 0x3f];
        *d++ = alphabet[(v >> 6) & 0x3f];
    }

    return d - dst;
}
