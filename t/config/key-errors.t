# Configuration errors of jwt_auth_key_file: nginx refuses to start (as
# "nginx -t" would) with one [emerg] line that starts with
# "jwt_auth_key_file:" and names the file: private keys (PEM of every
# kind, JWKs with private members, also inside a JWKS), PEM that does not
# decode, bad JWKs (no n, a point off its curve, broken JSON), a JWKS with
# no usable key (unsupported keys only, an encryption key only, none),
# a single JWK for encryption, RSA keys under 2048 bits, a short oct
# secret, unsupported key types, files that are no key or not there.  A
# private key is never printed.  jwt_auth_algorithms naming an algorithm
# no configured key can verify is refused too.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use Test::Nginx::Socket 'no_plan';

# pieces of private keys that must never reach the log
our $rsa1_key_line = (split /\n/, key_text('rsa1.key'))[1];
our $rsa1_jwk_d = key_text('rsa1.private.jwk') =~ /"d"\s*:\s*"([^"]{20})/
    ? $1 : die "no d in rsa1.private.jwk\n";

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: a private key (PKCS#8 PEM, "BEGIN PRIVATE KEY")
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.key;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
rsa1.key": it holds a private key: give nginx the public key only



=== TEST 2: an RSA private key in the PKCS#1 form ("BEGIN RSA PRIVATE KEY")
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.traditional.key;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
rsa1.traditional.key": it holds a private key: give nginx the public key only



=== TEST 3: an EC private key in the SEC 1 form ("BEGIN EC PRIVATE KEY")
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.sec1.key;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
ec256a.sec1.key": it holds a private key: give nginx the public key only



=== TEST 4: an Ed25519 private key
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ed1.key;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
ed1.key": it holds a private key: give nginx the public key only



=== TEST 5: an RSA JWK with its private members (d, p, q, dp, dq, qi)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.private.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
rsa1.private.jwk": a JWK holds a private key: give nginx the public key only



=== TEST 6: an EC JWK with d
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.private.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
ec256a.private.jwk": a JWK holds a private key: give nginx the public key only



=== TEST 7: a JWKS with a public key and a private one
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/private-member.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
private-member.jwks": a JWK holds a private key: give nginx the public key only



=== TEST 8: a PEM public key that does not decode
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/bad.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
bad.pub.pem": a PEM block does not decode



=== TEST 9: a PEM public key cut short
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/truncated.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
truncated.pub.pem": a PEM block does not decode



=== TEST 10: an RSA JWK without n
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa-missing-n.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
rsa-missing-n.jwk": an RSA JWK has no valid "n"



=== TEST 11: an EC JWK whose point is not on its curve
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a-off-curve.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
ec256a-off-curve.jwk": an EC JWK's point is not on its curve



=== TEST 12: JSON cut short
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/truncated.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
truncated.jwk": it is not a JSON object



=== TEST 13: a JWKS with unsupported keys only (X25519, secp256k1)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/unsupported-only.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
unsupported-only.jwks": the JWKS has no usable key



=== TEST 14: a JWKS with an encryption key only
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/enc-only.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
enc-only.jwks": the JWKS has no usable key



=== TEST 15: an empty JWKS
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/empty.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
empty.jwks": the JWKS has no usable key



=== TEST 16: a single JWK with "use": "enc"
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa2-enc.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
rsa2-enc.jwk": a JWK is not for signatures ("use" is not "sig")



=== TEST 17: an RSA key of 1024 bits (PEM)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1024.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
rsa1024.pub.pem": the RSA key is shorter than 2048 bits



=== TEST 18: an RSA key of 1024 bits (JWK)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1024.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
rsa1024.jwk": the RSA key is shorter than 2048 bits



=== TEST 19: a JWKS with an RSA key of 1024 bits next to a good key
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/weak-member.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
weak-member.jwks": the RSA key is shorter than 2048 bits



=== TEST 20: an oct JWK of 16 bytes
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/oct-short.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
oct-short.jwk": the secret is shorter than 32 bytes



=== TEST 21: a PEM key on secp256k1
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/k256.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
k256.pub.pem": the EC key is on a curve other than P-256, P-384 and P-521



=== TEST 22: a PEM X25519 key
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/x25519.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
x25519.pub.pem": the key is not RSA, EC or Ed25519



=== TEST 23: a single EC JWK on secp256k1
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/k256.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
k256.jwk": an EC JWK is on an unsupported curve



=== TEST 24: a single OKP JWK on X25519
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/x25519.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
x25519.jwk": an OKP JWK is not Ed25519



=== TEST 25: a file that is neither PEM nor JSON
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/README;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
README": neither PEM nor a JWK or JWKS



=== TEST 26: a file that does not exist
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/no-such-key.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: cannot open "
no-such-key.pem"



=== TEST 27: a private key's text is never printed (PEM)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.key;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
--- no_error_log eval
[$::rsa1_key_line, "BEGIN PRIVATE KEY"]



=== TEST 28: a private key's text is never printed (JWK)
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.private.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "
--- no_error_log eval
[$::rsa1_jwk_d]



=== TEST 29: an empty file
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file /dev/null;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_key_file: "/dev/null": neither PEM nor a JWK or JWKS



=== TEST 30: a directory
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
keys" is a directory



=== TEST 31: a bad key file at the http level
--- http_config
    jwt_auth_key_file $TEST_NGINX_KEYS/rsa1024.pub.pem;
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
rsa1024.pub.pem": the RSA key is shorter than 2048 bits



=== TEST 32: a bad key file at the server level, where no location uses it
--- config
    jwt_auth_key_file $TEST_NGINX_KEYS/private-member.jwks;
    location /api/ {
        return 200 "open\n";
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
private-member.jwks": a JWK holds a private key



=== TEST 33: jwt_auth_key_file takes one file
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem $TEST_NGINX_KEYS/ec256a.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
invalid number of arguments in "jwt_auth_key_file" directive



=== TEST 34: jwt_auth_algorithms RS256 with only a secret
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_algorithms RS256;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: no configured key can verify RS256



=== TEST 35: jwt_auth_algorithms HS256 with only an RSA key
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1.pub.pem;
        jwt_auth_algorithms HS256;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: no configured key can verify HS256



=== TEST 36: jwt_auth_algorithms ES256 ES384 with only a P-256 key
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        jwt_auth_algorithms ES256 ES384;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: no configured key can verify ES384



=== TEST 37: jwt_auth_algorithms PS256 with a JWK whose alg is RS256
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/rsa1-rs256.jwk;
        jwt_auth_algorithms RS256 PS256;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_algorithms: no configured key can verify PS256
