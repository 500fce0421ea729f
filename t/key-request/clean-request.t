# The key request is a plain GET of its URI with none of the client's
# request: no header (the client's Authorization would carry the token to
# the JWKS host, its Cookie the session, its Range or If-None-Match would
# turn the answer into a 206 or a 304), no arguments, no body, whatever
# the key-request location does.  Before, the subrequest took the
# client's headers and body: a client sending Range got a 206 and broke
# the fetch.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use JSON::PP ();
use Test::Nginx::Socket 'no_plan';

our $jwks = JSON::PP->new->encode({ keys => [
    { %{ JSON::PP::decode_json(key_text('ed1.jwk')) }, kid => 'ed-a' } ] });
our $ed_a = jwt_pk('EdDSA', 'ed1.key', { kid => 'ed-a' },
                   claims(sub => 'user-a'));

our $client = "Authorization: Bearer $ed_a\nCookie: session=s3cret\n"
            . "Range: bytes=0-9\nIf-None-Match: *\n"
            . "If-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT\n"
            . "User-Agent: client-agent\nX-Forwarded-For: 192.0.2.1";

add_block_preprocessor(\&jwt_auth_defaults);
no_shuffle();
run_tests();

__DATA__

=== TEST 1: the issuer sees a GET with none of the client's headers, arguments or body
--- http_config
    log_format issuer '$request_method $request_uri auth=$http_authorization cookie=$http_cookie range=$http_range inm=$http_if_none_match ims=$http_if_modified_since ua=$http_user_agent xff=$http_x_forwarded_for length=$content_length';
--- config
    location = /_jwks {
        internal;
        rewrite ^ /issuer/keys.jwks break;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }
    location /issuer/ {
        alias html/;
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
[['keys.jwks', $::jwks]]
--- request eval
["POST /api/x?debug=1\nsome body", "GET /issuer-log"]
--- more_headers eval
[$::client, ""]
--- response_body eval
["user=user-a\n",
 "GET /issuer/keys.jwks auth=- cookie=- range=- inm=- ims=- ua=- xff=- length=-\n"]



=== TEST 2: a JWKS file served by nginx itself: the client's Range and conditional headers do not turn the key request into a 206 or a 304
--- config
    location = /_jwks {
        internal;
        alias html/keys.jwks;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_request /_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['keys.jwks', $::jwks]]
--- request
GET /api/x
--- more_headers eval
$::client
--- response_body
user=user-a
--- no_error_log
[error]



=== TEST 3: the client's request keeps its own headers: the upstream still gets them
--- config
    location = /_jwks {
        internal;
        alias html/keys.jwks;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_key_request /_jwks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "cookie=$http_cookie ua=$http_user_agent\n";
    }
--- user_files eval
[['keys.jwks', $::jwks]]
--- request
GET /api/x
--- more_headers eval
$::client
--- response_body
cookie=session=s3cret ua=client-agent
