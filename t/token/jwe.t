# Encrypted tokens through nginx: jwt_auth_type encrypted and nested with
# jwt_auth_jwe_key ("dir" JWEs of the six enc values, as jose makes them;
# Better Auth's session cookie cache with its "jwe" strategy, its key
# derived from BETTER_AUTH_SECRET), the refusal of a token of the other
# kind, and a cache hit that decrypts again for a variable.  The tokens
# are those of t/unit/jwt_core_test.c, made by t/unit/jwe-fixtures.mjs
# with jose 6.2.18 and better-auth 1.7.25; they expire in 2100 (jose's)
# and 2125 (Better Auth's).
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our @jose = (
# jose, A128CBC-HS256, no kid
{ enc => 'A128CBC-HS256', key => '9W7s3VLQp3-vkSBDZUxT7zYzwcclvbYShaRbFLyMINs', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2In0..WdzjuAiJQIsDPpsRdYW_kQ.0eYhcENfhH1ILRYOOlnH99LxiK-HMQ0OsHhaQTEunUc23q4g9dBGkkgZ5I_Ud90rok3oukPsXDtWQGmsHY9NTQ.Qs9WLOVoUs10640qT8a-LQ' },
# jose, A192CBC-HS384, no kid
{ enc => 'A192CBC-HS384', key => 'bx7ZwQCJwd7gnVQdmll9pwryPMjSYbprnClLmD5KI2xAQjCrUye7W0BQ_ZfsGzDn', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTkyQ0JDLUhTMzg0In0..0TqaHvllWOupB0GmBN_KIg.TTof5NIhvIqrZ32N28XZz7rCUG05XICfYRCP7QP8Y7whoQXiXlSf4qb0KVZBJrzGHtOi4ZQ7cycho1S13IB6_w.CU_56oi-ZVrxZcrmd-fYbVKyl2nrWYJB' },
# jose, A256CBC-HS512, no kid
{ enc => 'A256CBC-HS512', key => 'LLdpxusgsmIFhJ4No5KLk1Z1y1_IGqNuDlExouDhHrL_gUVTwIOiUn0776F1NAfHgTqc9lzAHjIU3vLvpmJM9A', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..F1aqOPWjavrj8jA1XyO0QA.qN6hlmNnlnb_SfpgqT5V2_MNUr3mhLmPptRr1uSBP6r6JsTgq0sLkp3bc2SVNnT7Zt6cDHGMaN8ETeVo4ibFVg.UIQlFSXzXjEzNuIxPJggvyHJQqekXqd2gLfSJ0rz8cQ' },
# jose, A128GCM, no kid
{ enc => 'A128GCM', key => 'OqPsg26hKz8QP0nw856Fmw', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..r3NEik1MzsGi0jAu.RKFP6i5GUyTduFYYyE674qWkbPJU9a9zAAVLzFhWvCFrpz3h364YZunI6jeG9Ww5zXXf7Q.nt3jkaTEATNIZvouHNZuyw' },
# jose, A192GCM, no kid
{ enc => 'A192GCM', key => 'PSg18D87ixHpKxdvZvZPUszcfxK1rIl4', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTkyR0NNIn0..zeShfgaypLOXDuyc.ibsdtsusb25-zuULzMJpTJIGcx6uGpPbYVcm9rKrFnMMPVLGI8UkyeR5eSoKDhkNakqu2Q._fWYiQe_r2z_PM2nEWjWDg' },
# jose, A256GCM, no kid
{ enc => 'A256GCM', key => 'yEeyvnCS6q0RM1KI0tOGB60tlyAfQ4UVB52k1dyQWeo', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..-7A5m9f7MyakJR1x._mPBJSd7CgUGLm3spPsryQS97tOneqEVie8mZvC2_ViPbK8C3l6htjCJXHwcDQkQxjwalw.CK16amb3q96QyTuNqrj3gQ' },
# jose, A256GCM, kid the key's RFC 7638 thumbprint
{ enc => 'A256GCM', key => 'yEeyvnCS6q0RM1KI0tOGB60tlyAfQ4UVB52k1dyQWeo', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwia2lkIjoiNms1ejE0cFd4cVUtN2o3QlI2VU41WWtIcDdveG04aFpES01UYU1sODF0USJ9..ABJjqV9y4areAnsd.oJX14F32oiZXZ4B7tT28oSOIkklFMh0fpu8QQnKZLvUARHkVyArP6iK0.aqu96gD91UlLNMFyMQ8J5Q' },
# jose, A128CBC-HS256, kid k-1
{ enc => 'A128CBC-HS256', key => '9W7s3VLQp3-vkSBDZUxT7zYzwcclvbYShaRbFLyMINs', kid => 'k-1', token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4Q0JDLUhTMjU2Iiwia2lkIjoiay0xIn0..tGvB5XiKUDm2rUAj2YiJug.eVnAkaXQrGCcZu_1PgTKkJuIQO2ZT0j2g3Z3hcsECqKhapGaYk5yqd5fX4iI9hsW.MPybYalIpcp_Q0D22Q4xaA' },
# jose, A256CBC-HS512, cty JWT: an HS256 JWS with SECRET
{ enc => 'A256CBC-HS512', key => 'LLdpxusgsmIFhJ4No5KLk1Z1y1_IGqNuDlExouDhHrL_gUVTwIOiUn0776F1NAfHgTqc9lzAHjIU3vLvpmJM9A', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwiY3R5IjoiSldUIn0.._S3floEZaviwMCdeNv8SVw.h2JobIocBUKH2mKiLaeaYz-TP5WnUIv9fqjEW5yhXKqY6a0iIvC4bJK5iHixodHxsqu2jZck8MSUVNf6yEq1hUQk30IUmJQBSasBJqctKbHW0pdhuP0RWuSmeYcxC6si7Ipypebo9QXIGqIG90Uf04mEy9smbgbLMRocUV6P3Fw.6e1nOkToDuAFKGF4ZRmTKJjLrry-upvtxfMYPwZIBn4' },
# jose, A128GCM, zip DEF (refused)
{ enc => 'A128GCM', key => 'OqPsg26hKz8QP0nw856Fmw', kid => undef, token => 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIiwiemlwIjoiREVGIn0..y7v9O1pHoZz8TtLi.v_L8M1Zrn6YK2CIsYV1Fo7czi-PocSgi2jJrerWvf_LRz7J1_g.zN2LauPmkV7oIHMBVjdw3A' },
);

# the indexes of @jose
our ($CBC128, $CBC192, $CBC256, $GCM128, $GCM192, $GCM256, $THUMB, $KID,
     $NESTED, $ZIP) = (0 .. 9);

# Better Auth's cookie: {session: {userId: "user-1", ...}, user: {...}}
our $better_auth = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiV21xdlNZLW43QmFYalpxeEJUVkgtYUREeEM1RW8xYnhVVTVmZmIxMUNIUSJ9..t6Qtl5ZcR0Y25te9ItcE1A.6H9y4O6GDiSPt0REc2KE4KrUhWHyjMJ92jZTXki8qlTW3LiTSfiYG2R6Z19SevdKY-T6MnysHrxO6-3u-kc2JQnMkiXVkSMVVBYO_cFIQzyfi7Sj4aRmf7GXf4_IKQ6HlpOvTaViv1FBH2_9ocjt0zjgmahsbQFbL120tfR7mcPNRY1Wp72dp1prPU4vdRxqdc73f82psRMwj_TSfj0RzKBfDHvZ93S1JKboN4sO34Twky9lOAwpmPsXMUcub16cCYYcGXPkwK4f8Ip1jp-dzyaDxFb3tssdmNfpKIGJ4begrnzd1sQFG0aCzOltkKF6T57OpgacNDbS1nCLQk8pBwPkFX9XXeGAPZvGp7dKv0y7C0sNNhSmF-vqo0KEukKm1fnkMKzoJO6vRDqqXoXFwOqwyJVE_z8bveAvCvWKqk6EpnhvWVpK5orppm6wZ3WMiMfPUgJ_wQENARPl2tlDAIlE-oE_mucTpYKf4NGG772fKnv1_BxHPWN7qfWd1fZlaeOViUmkwgjNdgt5iSvTrNuevz69ZEwBzN_mk3Ga5v4eaU7myc9eezMYbwihwvQN5FwVmSeOcvS_HRaXKLNFDpO0xpc1lbMDkUjkDp6oQZr2bJBL3f223oqghSiuajaIwmaAFxF2Sf0fniJ5Q8QihxglcY8ALtF-u9cR9TreJBk.D2WzognBDZngR2CYDJbnxRik2WuV1dJesqI3lkPYOEw';

sub jwk {
    my ($i, $kid) = @_;
    my $k = '{"kty":"oct","k":"' . $jose[$i]{key} . '"';
    $k .= ',"kid":"' . $kid . '"' if defined $kid;
    return "$k}";
}

sub bearer {
    return "Authorization: Bearer $_[0]";
}

# one JWK file per jose key, for --- user_files
our @jwk_files = map { ["key$_.jwk", jwk($_)] } 0 .. 5;

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: jwt_auth_type encrypted: jose's tokens of the six enc values, each with its key from an oct JWK; the claims checked and X-User-Id set as for a signed token; the JWE's protected header in $jwt_header_*
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key0.jwk;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key1.jwk;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key2.jwk;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key3.jwk;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key4.jwk;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key5.jwk;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Enc $jwt_header_enc always;
        add_header X-Alg $jwt_header_alg always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[@::jwk_files]
--- request eval
[map { "GET /api/$_" } 0 .. 5]
--- more_headers eval
[map { ::bearer($::jose[$_]{token}) } 0 .. 5]
--- response_body eval
[map { "user=jose-$::jose[$_]{enc}\n" } 0 .. 5]
--- response_headers eval
[map { "X-Enc: $::jose[$_]{enc}\nX-Alg: dir" } 0 .. 5]
--- no_error_log
[error]



=== TEST 2: kid: a token that names one is decrypted with the key of that kid (also the RFC 7638 thumbprint a key has without one); a kid no key has is unknown_key
--- config
    location /kid/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/kid.jwk;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key5.jwk;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /other/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/other.jwk;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[@::jwk_files, ['kid.jwk', ::jwk($::KID, 'k-1')],
 ['other.jwk', ::jwk($::KID, 'k-2')]]
--- request eval
["GET /kid/a", "GET /kid/b", "GET /other/c"]
--- more_headers eval
[::bearer($::jose[$::KID]{token}), ::bearer($::jose[$::THUMB]{token}),
 ::bearer($::jose[$::KID]{token})]
--- error_code eval
[200, 200, 401]
--- response_headers eval
["X-Error:", "X-Error:", "X-Error: unknown_key"]



=== TEST 3: Better Auth's session cookie cache, strategy jwe: the cookie better-auth.session_data, its key derived from BETTER_AUTH_SECRET (better-auth), the user at session.userId; a hit of the token cache decrypts again for a claim variable
--- config
    location /app/ {
        jwt_auth "app" cookie=better-auth.session_data;
        jwt_auth_type encrypted;
        jwt_auth_jwe_key better-auth-secret-for-tests-256 better-auth;
        jwt_auth_user_claim session.userId;
        jwt_auth_set_header X-User-Id session.userId;
        jwt_auth_cache zone=jwe:1m;
        add_header X-Cache $jwt_auth_cache_status always;
        add_header X-Kid $jwt_header_kid always;
        proxy_set_header X-Email $jwt_claim_user;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id $http_x_email\n";
    }
--- request eval
["GET /app/a", "GET /app/b"]
--- more_headers eval
[("Cookie: better-auth.session_data=$::better_auth") x 2]
--- response_body_like eval
[(qr/^user=user-1 \{"id":"user-1","email":"a\@example.com"/) x 2]
--- response_headers eval
["X-Cache: MISS\nX-Kid: WmqvSY-n7BaXjZqxBTVH-aDDxC5Eo1bxUU5ffb11CHQ",
 "X-Cache: HIT\nX-Kid: WmqvSY-n7BaXjZqxBTVH-aDDxC5Eo1bxUU5ffb11CHQ"]



=== TEST 4: jwt_auth_type nested: the JWS inside (cty JWT) verified with the location's secret; its header in $jwt_header_*
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type nested;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key2.jwk;
        jwt_auth_secret better-auth-secret-for-tests-256;
        jwt_auth_set_header X-User-Id sub;
        add_header X-Alg $jwt_header_alg always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[@::jwk_files]
--- request
GET /api/a
--- more_headers eval
::bearer($::jose[$::NESTED]{token})
--- response_body
user=jose-nested
--- response_headers
X-Alg: HS256



=== TEST 5: each kind where it is expected only: a JWE where signed tokens are, a JWS where encrypted ones are, a nested token where claims are, claims where a nested token is
--- config
    location /signed/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /encrypted/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key2.jwk;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /nested/ {
        jwt_auth "api";
        jwt_auth_type nested;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key2.jwk;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[@::jwk_files]
--- request eval
["GET /signed/a", "GET /encrypted/b", "GET /encrypted/c", "GET /nested/d"]
--- more_headers eval
[::bearer($::jose[$::CBC256]{token}), ::bearer(JWTAuthTest::token()),
 ::bearer($::jose[$::NESTED]{token}), ::bearer($::jose[$::CBC256]{token})]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
["X-Error: alg_not_allowed\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"an encrypted token (JWE), where jwt_auth_type is signed\"",
 "X-Error: alg_not_allowed\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"a signed token (JWS), where jwt_auth_type is encrypted or nested\"",
 "X-Error: bad_header\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"a nested token (cty JWT), where jwt_auth_type is encrypted\"",
 "X-Error: bad_header\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\", error_description=\"no cty JWT: not a nested token, where jwt_auth_type is nested\""]



=== TEST 6: a tampered JWE, one of another key, a zip one: refused; nothing decrypts with a jwt_auth_secret
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key0.jwk;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/key3.jwk;
        jwt_auth_secret better-auth-secret-for-tests-256;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[@::jwk_files]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
[::bearer(substr($::jose[$::CBC128]{token}, 0, -3) . (substr($::jose[$::CBC128]{token}, -3, 1) eq 'A' ? 'B' : 'A') . substr($::jose[$::CBC128]{token}, -2)),
 ::bearer($::jose[$::CBC256]{token}),
 ::bearer($::jose[$::ZIP]{token})]
--- error_code eval
[401, 401, 401]
--- response_headers eval
["X-Error: bad_signature", "X-Error: unknown_key", "X-Error: bad_header"]



=== TEST 7: config error: jwt_auth_type encrypted without a jwt_auth_jwe_key
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_type encrypted needs a jwt_auth_jwe_key



=== TEST 8: config error: a key of a length no enc has
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key 0123456789abcdef0123;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_jwe_key: a dir key is not 16, 24, 32, 48 or 64 bytes



=== TEST 9: config error: a derived key without its length
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key better-auth-secret-for-tests-256 hkdf_salt=s hkdf_info=i;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_jwe_key: a derived key needs length=



=== TEST 10: config error: an unknown parameter; jwk= with another
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key better-auth-secret-for-tests-256 derive;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_jwe_key: invalid parameter "derive"



=== TEST 11: config error: jwk= with a key that is not oct
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type encrypted;
        jwt_auth_jwe_key jwk=$TEST_NGINX_SERVER_ROOT/html/rsa.jwk;
    }
--- user_files
>>> rsa.jwk
{"kty":"RSA","n":"AQAB","e":"AQAB"}
--- must_die
--- suppress_stderr
--- error_log
the JWK's kty is not "oct"



=== TEST 12: config error: jwt_auth_type of another value
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_type sealed;
    }
--- must_die
--- suppress_stderr
--- error_log
invalid value "sealed"
