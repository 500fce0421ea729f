
/*
 * Copyright (C) ngx_http_jwt_auth_module authors
 *
 * t/fuzz/revocation.c: jac_revocation_read() of the input, as the
 * revocation API, its pull feed and its state file read it:
 *
 *   - an input refused hands no entry over (bad input changes nothing),
 *     and says why in a NUL-terminated reason;
 *   - an accepted one hands over entries of a known type, with an id of
 *     1 to JAC_MAX_VALUE_LEN bytes without NUL, times of 0 or more, and a
 *     "before" only for a subject;
 *   - those entries written by jac_revocation_write() (measured, then
 *     into exactly that many bytes; into fewer, nothing past them) read
 *     back as the same entries, in the same order: what GET answers and
 *     what the state file holds is what was stored.
 */


#include <stdlib.h>
#include <string.h>

#include "jac.h"


#define FUZZ_ENTRIES  256


typedef struct {
    jac_revocation_t  e[FUZZ_ENTRIES];
    u_char           *values[FUZZ_ENTRIES];
    size_t            n;
    size_t            limit;    /* stop after this many: "add" fails */
} fuzz_list_t;


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_add(void *data, const jac_revocation_t *entry);
static void fuzz_free(fuzz_list_t *list);
static void fuzz_check(const fuzz_list_t *list, double now);
static int fuzz_same(const fuzz_list_t *a, const fuzz_list_t *b);


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char          reason[256];
    u_char       *text;
    size_t        len, n;
    jac_err_t     err;
    fuzz_list_t  *a, *b;

    a = calloc(1, sizeof(fuzz_list_t));
    b = calloc(1, sizeof(fuzz_list_t));

    if (a == NULL || b == NULL) {
        abort();
    }

    a->limit = FUZZ_ENTRIES;
    b->limit = FUZZ_ENTRIES;
    memset(reason, 'x', sizeof(reason));

    err = jac_revocation_read(data, size, 1000, size % 2, fuzz_add, a,
                              reason, sizeof(reason));

    if (err == JAC_ERR_MALFORMED) {
        if (a->n != 0 || memchr(reason, '\0', sizeof(reason)) == NULL) {
            abort();
        }

        goto done;
    }

    if (err == JAC_ERR_INTERNAL) {
        /* more entries than this target keeps: what came is checked */
        if (a->n != FUZZ_ENTRIES) {
            abort();
        }

    } else if (err != JAC_OK) {
        abort();
    }

    fuzz_check(a, 1000);

    len = jac_revocation_write(NULL, 0, a->e, a->n);

    if (len == 0) {
        abort();
    }

    text = malloc(len);
    if (text == NULL) {
        abort();
    }

    if (jac_revocation_write(text, len, a->e, a->n) != len) {
        abort();
    }

    /* into fewer bytes: the length again, and ASan sees a byte beyond */

    n = len / 2;

    if (jac_revocation_write(text, n, a->e, a->n) != len) {
        abort();
    }

    (void) jac_revocation_write(text, len, a->e, a->n);

    if (jac_revocation_read(text, len, 1000, 0, fuzz_add, b, reason,
                            sizeof(reason))
        != JAC_OK
        || !fuzz_same(a, b))
    {
        abort();
    }

    free(text);

done:

    fuzz_free(a);
    fuzz_free(b);
    free(a);
    free(b);

    return 0;
}


static int
fuzz_add(void *data, const jac_revocation_t *entry)
{
    fuzz_list_t *list = data;

    u_char  *v;

    if (list->n == list->limit) {
        return -1;
    }

    v = malloc(entry->value.len);
    if (v == NULL) {
        abort();
    }

    memcpy(v, entry->value.data, entry->value.len);

    list->e[list->n] = *entry;
    list->e[list->n].value.data = v;
    list->values[list->n] = v;
    list->n++;

    return 0;
}


static void
fuzz_free(fuzz_list_t *list)
{
    size_t  i;

    for (i = 0; i < list->n; i++) {
        free(list->values[i]);
    }
}


static void
fuzz_check(const fuzz_list_t *list, double now)
{
    size_t                   i;
    const jac_revocation_t  *e;

    for (i = 0; i < list->n; i++) {
        e = &list->e[i];

        if (e->type < JAC_REVOKE_JTI || e->type > JAC_REVOKE_SUBJECT
            || e->value.len == 0 || e->value.len > JAC_MAX_VALUE_LEN
            || memchr(e->value.data, '\0', e->value.len) != NULL
            || !(e->exp >= 0) || !(e->before >= 0)
            || (e->type != JAC_REVOKE_SUBJECT && e->before != now))
        {
            abort();
        }
    }
}


/* the same entries; a time may come back as the integer it equals */

static int
fuzz_same(const fuzz_list_t *a, const fuzz_list_t *b)
{
    size_t  i;

    if (a->n != b->n) {
        return 0;
    }

    for (i = 0; i < a->n; i++) {
        if (a->e[i].type != b->e[i].type
            || a->e[i].value.len != b->e[i].value.len
            || memcmp(a->e[i].value.data, b->e[i].value.data,
                      a->e[i].value.len) != 0
            || a->e[i].exp != b->e[i].exp
            || (a->e[i].type == JAC_REVOKE_SUBJECT
                && a->e[i].before != b->e[i].before))
        {
            return 0;
        }
    }

    return 1;
}
