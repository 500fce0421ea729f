# Subrequests into a location with jwt_auth are checked as the main
# request would be.  nginx runs no access phase for subrequests, so the
# module decides them in the preaccess phase: before, auth_request
# pointing at a jwt_auth location let every request through (no token,
# or "a.b.c"), and an SSI include of a protected URI in a public page
# returned the protected answer without a token.  The module's own key
# requests are never checked, even where they inherit jwt_auth.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use JSON::PP ();
use Test::Nginx::Socket 'no_plan';

our $good = token();
our $admin = token(sub => 'admin-1', role => 'admin');
our $member = token(sub => 'member-1', role => 'member');
our $expired = token(exp => now() - 60);

our $jwks = JSON::PP->new->encode({ keys => [
    { %{ JSON::PP::decode_json(key_text('ed1.jwk')) }, kid => 'ed-a' } ] });
our $ed_a = jwt_pk('EdDSA', 'ed1.key', { kid => 'ed-a' },
                   claims(sub => 'user-ed'));

add_block_preprocessor(\&jwt_auth_defaults);
no_root_location();
run_tests();

__DATA__

=== TEST 1: auth_request into a jwt_auth location: no token, junk and an expired token are refused with the challenge; a valid token passes
--- config
    location /app/ {
        auth_request /_auth;
        alias html/;
    }
    location = /_auth {
        internal;
        jwt_auth "api";
        try_files /nonexistent =204;
    }
--- user_files
>>> page.txt
the protected page
--- request eval
["GET /app/page.txt", "GET /app/page.txt", "GET /app/page.txt",
 "GET /app/page.txt"]
--- more_headers eval
["", "Authorization: Bearer a.b.c", "Authorization: Bearer $::expired",
 "Authorization: Bearer $::good"]
--- error_code eval
[401, 401, 401, 200]
--- response_headers eval
['WWW-Authenticate: Bearer realm="api"',
 'WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="header is not base64url"',
 'WWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="token has expired"',
 '!WWW-Authenticate']
--- response_body_like eval
["<html>.*\\b401\\b", "<html>.*\\b401\\b",
 "<html>.*\\b401\\b", "^the protected page\n\\z"]



=== TEST 2: auth_request into a location with a requirement: a valid token without the role gets 403
--- config
    location /admin/ {
        auth_request /_admin;
        alias html/;
    }
    location = /_admin {
        internal;
        jwt_auth "api";
        jwt_auth_require_claim role admin;
        try_files /nonexistent =204;
    }
--- user_files
>>> page.txt
admins only
--- request eval
["GET /admin/page.txt", "GET /admin/page.txt"]
--- more_headers eval
["Authorization: Bearer $::member", "Authorization: Bearer $::admin"]
--- error_code eval
[403, 200]
--- response_body_like eval
["<html>.*\\b403\\b", "^admins only\n\\z"]



=== TEST 3: the refusal of a subrequest is logged with its reason
--- config
    location /app/ {
        auth_request /_auth;
        alias html/;
    }
    location = /_auth {
        internal;
        jwt_auth "api";
        try_files /nonexistent =204;
    }
--- user_files
>>> page.txt
the protected page
--- request
GET /app/page.txt
--- more_headers
Authorization: Bearer a.b.c
--- error_code: 401
--- error_log
jwt_auth: rejected, malformed: header is not base64url



=== TEST 4: an SSI include of a protected URI in a public page: without a token the page gets the refusal, not the protected answer
--- config
    location /pages/ {
        ssi on;
        alias html/;
    }
    location /api/ {
        jwt_auth "api";
        alias html/secret/;
    }
--- user_files
>>> page.html
before <!--# include virtual="/api/secret.txt" --> after
>>> secret/secret.txt
TOP SECRET
--- request eval
["GET /pages/page.html", "GET /pages/page.html", "GET /pages/page.html"]
--- more_headers eval
["", "Authorization: Bearer a.b.c", "Authorization: Bearer $::good"]
--- response_body_like eval
["^before (?!.*TOP SECRET).*<html>.*\\b401\\b.* after\n\\z",
 "^before (?!.*TOP SECRET).*<html>.*\\b401\\b.* after\n\\z",
 "^before TOP SECRET\n after\n\\z"]



=== TEST 5: an SSI include of a protected, proxied URI: the upstream gets the verified identity header, the client's copy never
--- config
    location /pages/ {
        ssi on;
        alias html/;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files
>>> page.html
[<!--# include virtual="/api/a" -->]
--- request
GET /pages/page.html
--- more_headers eval
"X-User-Id: mallory\nAuthorization: Bearer $::good"
--- response_body
[user=user-1
]



=== TEST 6: the module's key request is not checked, though its location inherits jwt_auth from the server
--- config
    jwt_auth "api";
    jwt_auth_key_request /_jwks;
    location = /_jwks {
        internal;
        alias html/keys.jwks;
    }
    location /api/ {
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['keys.jwks', $::jwks]]
--- request
GET /api/a
--- more_headers eval
"Authorization: Bearer $::ed_a"
--- response_body
user=user-ed
--- no_error_log
[error]
