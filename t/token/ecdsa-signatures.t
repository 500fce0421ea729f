# ECDSA signatures (RFC 7518, 3.4): only the raw R||S of exactly 64, 96
# or 132 bytes (ES256, ES384, ES512) with r and s in [1, n - 1] verifies.
# For each curve the valid signature passes, and these are refused with
# 401 bad_signature: the same signature in DER form, r = s = 0 (the
# "psychic signature" of CVE-2022-21449), one byte more or less, r or s
# zero, r or s equal to the group order n, and r all ones (above n).
# The last blocks check the log line of a few of them.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use MIME::Base64 ();
use Test::Nginx::Socket 'no_plan';

my %key = (ES256 => 'ec256a.key', ES384 => 'ec384.key', ES512 => 'ec521.key');

# the malformed forms jwt_pk_ecdsa makes (see t/lib/JWTAuthKeys.pm)
my @malformed = qw(der zero long short r_zero s_zero r_order s_order r_max);

our (%good, %bad);

for my $alg (sort keys %key) {
    my $claims = claims(sub => 'user-' . lc $alg);
    $good{$alg} = jwt_pk($alg, $key{$alg}, undef, $claims);
    $bad{$alg}{$_} = jwt_pk_ecdsa($_, $alg, $key{$alg}, undef, $claims)
        for @malformed;
}

# the signatures are what their names say
for my $alg (sort keys %key) {
    my $size = ec_size($alg);
    my %want = (der => undef, long => 2 * $size + 1, short => 2 * $size - 1);
    for my $how (@malformed) {
        my $sig = (split /\./, $bad{$alg}{$how})[2];
        $sig =~ tr{-_}{+/};
        my $len = length MIME::Base64::decode_base64(
                              $sig . '=' x (-length($sig) % 4));
        my $want = exists $want{$how} ? $want{$how} : 2 * $size;
        die "$alg $how: a signature of $len bytes\n"
            if defined $want && $len != $want;
        die "$alg der: a signature of $len bytes\n"
            if $how eq 'der' && $len == 2 * $size;
    }
}

our $bad_signature = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="signature does not verify"';

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: ES256 (P-256): the valid R||S passes; DER, r = s = 0, 65 and 63 bytes, r or s zero, r or s = n, r all ones: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/valid", "GET /api/der", "GET /api/zero", "GET /api/long", "GET /api/short", "GET /api/r_zero", "GET /api/s_zero", "GET /api/r_order", "GET /api/s_order", "GET /api/r_max"]
--- more_headers eval
["Authorization: Bearer $::good{ES256}",
 "Authorization: Bearer $::bad{ES256}{der}",
 "Authorization: Bearer $::bad{ES256}{zero}",
 "Authorization: Bearer $::bad{ES256}{long}",
 "Authorization: Bearer $::bad{ES256}{short}",
 "Authorization: Bearer $::bad{ES256}{r_zero}",
 "Authorization: Bearer $::bad{ES256}{s_zero}",
 "Authorization: Bearer $::bad{ES256}{r_order}",
 "Authorization: Bearer $::bad{ES256}{s_order}",
 "Authorization: Bearer $::bad{ES256}{r_max}"]
--- error_code eval
[200, (401) x 9]
--- response_body eval
["user=user-es256\n", (qr/401/) x 9]
--- response_headers eval
["!WWW-Authenticate", ($::bad_signature) x 9]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: ES384 (P-384): the valid R||S passes; DER, r = s = 0, 97 and 95 bytes, r or s zero, r or s = n, r all ones: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec384.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/valid", "GET /api/der", "GET /api/zero", "GET /api/long", "GET /api/short", "GET /api/r_zero", "GET /api/s_zero", "GET /api/r_order", "GET /api/s_order", "GET /api/r_max"]
--- more_headers eval
["Authorization: Bearer $::good{ES384}",
 "Authorization: Bearer $::bad{ES384}{der}",
 "Authorization: Bearer $::bad{ES384}{zero}",
 "Authorization: Bearer $::bad{ES384}{long}",
 "Authorization: Bearer $::bad{ES384}{short}",
 "Authorization: Bearer $::bad{ES384}{r_zero}",
 "Authorization: Bearer $::bad{ES384}{s_zero}",
 "Authorization: Bearer $::bad{ES384}{r_order}",
 "Authorization: Bearer $::bad{ES384}{s_order}",
 "Authorization: Bearer $::bad{ES384}{r_max}"]
--- error_code eval
[200, (401) x 9]
--- response_body eval
["user=user-es384\n", (qr/401/) x 9]
--- response_headers eval
["!WWW-Authenticate", ($::bad_signature) x 9]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: ES512 (P-521): the valid R||S passes; DER, r = s = 0, 133 and 131 bytes, r or s zero, r or s = n, r all ones: bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec521.pub.pem;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/valid", "GET /api/der", "GET /api/zero", "GET /api/long", "GET /api/short", "GET /api/r_zero", "GET /api/s_zero", "GET /api/r_order", "GET /api/s_order", "GET /api/r_max"]
--- more_headers eval
["Authorization: Bearer $::good{ES512}",
 "Authorization: Bearer $::bad{ES512}{der}",
 "Authorization: Bearer $::bad{ES512}{zero}",
 "Authorization: Bearer $::bad{ES512}{long}",
 "Authorization: Bearer $::bad{ES512}{short}",
 "Authorization: Bearer $::bad{ES512}{r_zero}",
 "Authorization: Bearer $::bad{ES512}{s_zero}",
 "Authorization: Bearer $::bad{ES512}{r_order}",
 "Authorization: Bearer $::bad{ES512}{s_order}",
 "Authorization: Bearer $::bad{ES512}{r_max}"]
--- error_code eval
[200, (401) x 9]
--- response_body eval
["user=user-es512\n", (qr/401/) x 9]
--- response_headers eval
["!WWW-Authenticate", ($::bad_signature) x 9]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: ES256 with r = s = 0: refused and logged as bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::bad{ES256}{zero}"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: ES256 with r = s = 0 against the key as a JWK, and in a JWKS: refused too
--- config
    location /jwk/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.jwk;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /jwks/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/mixed.jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /jwk/tasks", "GET /jwks/tasks"]
--- more_headers eval
["Authorization: Bearer $::bad{ES256}{zero}",
 "Authorization: Bearer $::bad{ES256}{zero}"]
--- error_code eval
[401, 401]
--- response_headers eval
[$::bad_signature, $::bad_signature]
--- suppress_stderr
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: ES512 in DER form: refused and logged as bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec521.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::bad{ES512}{der}"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: ES384 with r = n: refused and logged as bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec384.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::bad{ES384}{r_order}"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: ES256 one byte too long: refused and logged as bad_signature
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256a.pub.pem;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::bad{ES256}{long}"
--- error_code: 401
--- error_log
jwt_auth: rejected, bad_signature: signature does not verify
--- no_error_log
[error]
[alert]
[crit]
