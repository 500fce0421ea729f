/*
 * t/bench/verify.c: OpenSSL's own cost of checking one signature, for
 * t/bench/run to count under callgrind next to the module's.
 *
 *     verify COUNT PRIVATE-KEY PUBLIC-KEY DIGEST|none LENGTH
 *
 * Signs LENGTH bytes (the length of a token's "header.payload") once with
 * the private key, then verifies that signature COUNT times with the
 * public key, the way a JWS is checked with a key loaded beforehand: a
 * fresh EVP_MD_CTX, EVP_DigestVerifyInit and EVP_DigestVerify each time
 * (DIGEST "none" for Ed25519). Prints "COUNT verified" when every check
 * succeeded; exits 1 otherwise.
 *
 * Build: cc -O2 -o verify t/bench/verify.c -lcrypto
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>


static EVP_PKEY *
read_key(const char *path, int private)
{
    FILE      *f;
    EVP_PKEY  *key;

    f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        exit(1);
    }

    key = private ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
                  : PEM_read_PUBKEY(f, NULL, NULL, NULL);
    fclose(f);

    if (key == NULL) {
        fprintf(stderr, "%s: not a PEM %s key\n", path,
                private ? "private" : "public");
        exit(1);
    }

    return key;
}


int
main(int argc, char **argv)
{
    long            count, i, verified;
    size_t          len, siglen;
    EVP_PKEY       *priv, *pub;
    EVP_MD_CTX     *ctx;
    const EVP_MD   *md;
    unsigned char  *msg, sig[1024];

    if (argc != 6) {
        fprintf(stderr, "usage: verify COUNT PRIVATE-KEY PUBLIC-KEY "
                        "DIGEST|none LENGTH\n");
        return 2;
    }

    count = atol(argv[1]);
    priv = read_key(argv[2], 1);
    pub = read_key(argv[3], 0);
    len = (size_t) atol(argv[5]);

    md = NULL;
    if (strcmp(argv[4], "none") != 0) {
        md = EVP_get_digestbyname(argv[4]);
        if (md == NULL) {
            fprintf(stderr, "unknown digest %s\n", argv[4]);
            return 1;
        }
    }

    msg = malloc(len ? len : 1);
    if (msg == NULL) {
        return 1;
    }
    memset(msg, 'e', len);

    ctx = EVP_MD_CTX_new();
    siglen = sizeof(sig);
    if (ctx == NULL
        || EVP_DigestSignInit(ctx, NULL, md, NULL, priv) != 1
        || EVP_DigestSign(ctx, sig, &siglen, msg, len) != 1)
    {
        fprintf(stderr, "signing failed\n");
        return 1;
    }
    EVP_MD_CTX_free(ctx);

    verified = 0;

    for (i = 0; i < count; i++) {
        ctx = EVP_MD_CTX_new();
        if (ctx != NULL
            && EVP_DigestVerifyInit(ctx, NULL, md, NULL, pub) == 1
            && EVP_DigestVerify(ctx, sig, siglen, msg, len) == 1)
        {
            verified++;
        }
        EVP_MD_CTX_free(ctx);
    }

    EVP_PKEY_free(priv);
    EVP_PKEY_free(pub);
    free(msg);

    printf("%ld verified\n", verified);

    return verified == count ? 0 : 1;
}
