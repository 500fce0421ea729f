# A worker with no keys yet makes one key request at a time: requests
# that come while it is under way wait for it (at most the key request's
# timeout=, 10 s by default) instead of each making its own.  Before, 20
# concurrent requests to a fresh worker made 20 fetches.
#
# Concurrency inside one block: a page of SSI includes, each proxied to
# the protected location of the same server, so the worker gets several
# main requests at once; the issuer sends the JWKS slowly (limit_rate),
# so that the fetch is still under way when the others arrive.  The
# issuer logs each hit, read back by the block's last request.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use JSON::PP ();
use Test::Nginx::Socket 'no_plan';

# about 1.4 KB: sent at 1000 bytes a second, it takes more than a second
our $jwks = JSON::PP->new->canonical(1)->pretty(1)->encode({ keys => [
    { %{ JSON::PP::decode_json(key_text('ed1.jwk')) }, kid => 'ed-a' },
    map { { %{ JSON::PP::decode_json(key_text('ec256a.jwk')) },
            kid => "ec-$_" } } 1 .. 6,
] });
our $ed_a = jwt_pk('EdDSA', 'ed1.key', { kid => 'ed-a' },
                   claims(sub => 'user-a'));

our $page = join '', map { qq{[<!--# include virtual="/via/$_" -->]} } 1 .. 8;

add_block_preprocessor(\&jwt_auth_defaults);
no_shuffle();
run_tests();

__DATA__

=== TEST 1: eight requests at once to a worker without keys: one fetch, all eight verified
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location /pages/ {
        ssi on;
        alias html/;
    }
    location /via/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/api/;
    }
    location = /_jwks {
        internal;
        rewrite ^ /issuer/keys.jwks break;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }
    location /issuer/ {
        alias html/;
        limit_rate 1000;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias logs/issuer.log;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_request /_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['keys.jwks', $::jwks], ['page.html', $::page]]
--- request eval
["GET /pages/page.html", "GET /issuer-log"]
--- more_headers eval
["Authorization: Bearer $::ed_a", ""]
--- response_body eval
[CORE::join('', ("[user=user-a\n]") x 8), "200 /issuer/keys.jwks\n"]
--- timeout: 10



=== TEST 2: a request that waits longer than timeout= goes on without the keys: 500, logged, while the one fetch still completes for the request that made it
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location /pages/ {
        ssi on;
        alias html/;
    }
    location /via/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/api/;
    }
    location = /_jwks {
        internal;
        rewrite ^ /issuer/keys.jwks break;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }
    location /issuer/ {
        alias html/;
        limit_rate 500;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias logs/issuer.log;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_request /_jwks timeout=500ms;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['keys.jwks', $::jwks], ['page.html', $::page]]
--- request eval
["GET /pages/page.html", "GET /issuer-log"]
--- more_headers eval
["Authorization: Bearer $::ed_a", ""]
--- response_body_like eval
[qr/\A(?=(?:.*?user=user-a){1})(?!(?:.*?user=user-a){2})(?=(?:.*?500 Internal Server Error){7})/s,
 qr/\A200 \/issuer\/keys\.jwks\n\z/]
--- timeout: 10



=== TEST 3: the wait's end is logged at info, the 500 at error
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location /pages/ {
        ssi on;
        alias html/;
    }
    location /via/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/api/;
    }
    location = /_jwks {
        internal;
        rewrite ^ /issuer/keys.jwks break;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }
    location /issuer/ {
        alias html/;
        limit_rate 500;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_request /_jwks timeout=500ms;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['keys.jwks', $::jwks], ['page.html', $::page]]
--- request
GET /pages/page.html
--- more_headers eval
"Authorization: Bearer $::ed_a"
--- error_log
jwt_auth: the key request under way did not end in time
jwt_auth: no usable keys from "/_jwks": the key request did not answer in time
--- timeout: 10



=== TEST 4: config error: timeout= needs a time
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_request /_jwks timeout=soon;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_key_request: invalid time in "timeout=soon"



=== TEST 5: config error: an unknown parameter
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_request /_jwks wait=1s;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_key_request: invalid parameter "wait=1s" (expected timeout=time)
