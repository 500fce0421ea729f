# A key request answered by nginx itself from a file
# (location = /_jwks { alias /etc/nginx/jwks.json; }): the static module
# sends the file as a file buffer, which the module's body filter gets in
# memory only because it sits below nginx's copy filter.  Before the
# module was a filter module of its own kind, this answer reached the
# filter empty (in the dynamic build) or never (in a static build, where
# the write filter dropped the module's filter), and every request got
# 500 "an empty answer".  make test runs this file against both builds.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use JSON::PP ();
use Test::Nginx::Socket 'no_plan';

our $jwks = JSON::PP->new->canonical(1)->encode({ keys => [
    { %{ JSON::PP::decode_json(key_text('ed1.jwk')) }, kid => 'ed-a' },
    { %{ JSON::PP::decode_json(key_text('ec256a.jwk')) }, kid => 'ec-a' },
] });

# larger than one output buffer of the static module (32k by default):
# the answer comes in several file buffers
our $big_jwks = JSON::PP->new->canonical(1)->pretty(1)->encode({ keys => [
    { %{ JSON::PP::decode_json(key_text('ed1.jwk')) }, kid => 'ed-a' },
    map { { %{ JSON::PP::decode_json(key_text('rsa1.jwk')) },
            kid => "rsa-$_", alg => 'RS256' } } 1 .. 100,
] });

our $ed_a = jwt_pk('EdDSA', 'ed1.key', { kid => 'ed-a' },
                   claims(sub => 'user-a'));
our $ec_a = jwt_pk('ES256', 'ec256a.key', { kid => 'ec-a' },
                   claims(sub => 'user-ec'));

add_block_preprocessor(\&jwt_auth_defaults);
run_tests();

__DATA__

=== TEST 1: a JWKS served from a local file verifies tokens of both its keys
--- config
    location = /_jwks {
        internal;
        alias html/keys.jwks;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['keys.jwks', $::jwks]]
--- request eval
["GET /api/a", "GET /api/ec"]
--- more_headers eval
["Authorization: Bearer $::ed_a", "Authorization: Bearer $::ec_a"]
--- response_body eval
["user=user-a\n", "user=user-ec\n"]
--- no_error_log
[error]



=== TEST 2: a JWKS file larger than one output buffer is read whole
--- config
    location = /_jwks {
        internal;
        alias html/keys.jwks;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['keys.jwks', $::big_jwks]]
--- more_headers eval
"Authorization: Bearer $::ed_a"
--- request
GET /api/a
--- response_body
user=user-a
--- no_error_log
[error]



=== TEST 3: a JWKS file with sendfile on and output_buffers of one small buffer
--- http_config
    sendfile on;
    output_buffers 1 4k;
--- config
    location = /_jwks {
        internal;
        alias html/keys.jwks;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['keys.jwks', $::big_jwks]]
--- more_headers eval
"Authorization: Bearer $::ed_a"
--- request
GET /api/a
--- response_body
user=user-a
--- no_error_log
[error]
