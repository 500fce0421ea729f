
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * t/fuzz/base64url.c: jac_base64url_decode() against a canonical encoder
 * written here.  The input is taken two ways:
 *
 *   - as text: it must decode exactly when it is the unpadded base64url
 *     of some bytes, that is when encoding what a lenient decoder makes
 *     of it gives the input back; what it decodes to is then those bytes,
 *     of the length the input's length says;
 *   - as bytes: their encoding must decode back to them.
 *
 * The decoder writes into a buffer of exactly the size its input may
 * need, so that AddressSanitizer sees a byte written beyond it.
 */


#include <stdlib.h>
#include <string.h>

#include "jac.h"
#include "fuzz_base64url.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t fuzz_encoded_len(size_t len);
static size_t fuzz_decoded_len(size_t len);
static void fuzz_as_text(const u_char *text, size_t len);
static void fuzz_as_bytes(const u_char *bytes, size_t len);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_as_text(data, size);
    fuzz_as_bytes(data, size);

    return 0;
}


/* RFC 4648, 5, unpadded: 4 characters per 3 bytes, 2 or 3 for a last 1 or 2 */

static size_t
fuzz_encoded_len(size_t len)
{
    return len / 3 * 4 + ((len % 3 == 0) ? 0 : len % 3 + 1);
}


/* the bytes a text of "len" characters stands for; 1 left over is none */

static size_t
fuzz_decoded_len(size_t len)
{
    return len / 4 * 3 + ((len % 4 < 2) ? 0 : len % 4 - 1);
}


static void
fuzz_as_text(const u_char *text, size_t len)
{
    int       canonical;
    size_t    max, n;
    u_char   *out, *ref, *enc;
    ssize_t   rc;

    max = fuzz_decoded_len(len);

    ref = malloc(max + 1);
    enc = malloc(len + 1);

    if (ref == NULL || enc == NULL) {
        abort();
    }

    /* canonical: the encoding of what it says is the text itself */

    canonical = fuzz_decode(ref, text, len, &n)
                && n == max
                && fuzz_encode(enc, ref, n) == len
                && memcmp(enc, text, len) == 0;

    /* the decoder gets exactly what the text may need, no more */

    out = malloc(max);
    if (out == NULL && max != 0) {
        abort();
    }

    rc = jac_base64url_decode(out, text, len);

    if (canonical) {
        if (rc != (ssize_t) n || memcmp(out, ref, n) != 0) {
            abort();
        }

    } else if (rc != -1) {
        abort();
    }

    free(out);
    free(ref);
    free(enc);
}


static void
fuzz_as_bytes(const u_char *bytes, size_t len)
{
    size_t    elen;
    u_char   *enc, *out;
    ssize_t   rc;

    elen = fuzz_encoded_len(len);

    enc = malloc(elen + 1);
    out = malloc(len + 1);

    if (enc == NULL || out == NULL) {
        abort();
    }

    if (fuzz_encode(enc, bytes, len) != elen) {
        abort();
    }

    rc = jac_base64url_decode(out, enc, elen);

    if (rc != (ssize_t) len || memcmp(out, bytes, len) != 0) {
        abort();
    }

    free(enc);
    free(out);
}
