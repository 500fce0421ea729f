# jwt_auth_key_request and jwt_auth_key_cache: a JWKS fetched from the
# issuer by subrequest, kept per worker, refetched for a new kid at most
# once every 5 seconds, and what happens when the fetch fails.
#
# The issuer is a location of the same server that serves files from the
# server root's html/ (written by --- user_files, built at load time from
# the fixtures in t/keys/) and logs every hit to logs/issuer.log as
# "STATUS URI", so a block counts the fetches by reading that log back
# through another location as its last request.  The key request carries
# none of the client's headers, but a subrequest shares its parent's
# variables: the protected location sets $jwks from the X-Jwks header of
# the main request, and the key-request location picks the file by it,
# which is how each request of a block says what the issuer "currently"
# serves:
#
#     X-Jwks: v1         ed-a (Ed25519 ed1) and ec-a (P-256 ec256a)
#     X-Jwks: v2         v1 plus ed-b (Ed25519 ed2): the keys rotated
#     X-Jwks: gone       no such file: the issuer answers 404
#     X-Jwks: with-enc   ed-a, and an RSA key with "use": "enc"
#     X-Jwks: enc-only   encryption keys only
#     X-Jwks: private    ed-a, and a P-256 private key
#     X-Jwks: html       a sign-in page
#     X-Jwks: empty      nothing (200, no body)
#     X-Jwks: big        24 RSA keys, about 10 KB
#     X-Jwks: huge       over 1 MiB (that one block only)
#
# nginx runs one worker under both runners and is restarted for every
# block, so the keys a worker keeps last exactly as long as a block.
#
# The module fetches at most once every 5 seconds (NGX_HTTP_JWT_AUTH_
# REFETCH).  The two blocks that need a second fetch wait for it with a
# request to /pause, a 5000-byte file sent at 1000 bytes a second
# (limit_rate): nginx cannot send it all before its clock, in whole
# seconds, reads 5 more than when that request started, so the request
# after the pause comes at least 5 seconds (by nginx's clock) after the
# fetch before it; that costs 4 to 5 seconds of wall time.  No block uses
# repeat_each: the fetch counts are per nginx.
use FindBin;
use lib "$FindBin::Bin/../lib";
BEGIN { $ENV{TEST_NGINX_KEYS} //= "$FindBin::Bin/../keys" }
use JWTAuthTest;
use JWTAuthKeys;
use JSON::PP ();
use Test::Nginx::Socket 'no_plan';

my $JSON = JSON::PP->new->canonical(1)->pretty(1);

# a JWK fixture of t/keys with members added (kid, use, alg...)
sub jwk_of {
    my ($file, %extra) = @_;
    return { %{ JSON::PP::decode_json(key_text($file)) }, %extra };
}

sub jwks_text {
    return $JSON->encode({ keys => [@_] });
}

# what the issuer serves
our $v1 = jwks_text(jwk_of('ed1.jwk', kid => 'ed-a', use => 'sig'),
                    jwk_of('ec256a.jwk', kid => 'ec-a'));
our $v2 = jwks_text(jwk_of('ed1.jwk', kid => 'ed-a', use => 'sig'),
                    jwk_of('ec256a.jwk', kid => 'ec-a'),
                    jwk_of('ed2.jwk', kid => 'ed-b', alg => 'EdDSA'));
our $with_enc = jwks_text(jwk_of('ed1.jwk', kid => 'ed-a'),
                          jwk_of('rsa2.jwk', kid => 'enc-1', use => 'enc'));
our $enc_only = jwks_text(jwk_of('ed1.jwk', kid => 'ed-a', use => 'enc'),
                          jwk_of('rsa2.jwk', kid => 'enc-1', use => 'enc'));
# a private key in a JWKS is the issuer's mistake: the whole set is refused
our $private = jwks_text(jwk_of('ed1.jwk', kid => 'ed-a'),
                         jwk_of('ec256a.private.jwk', kid => 'ec-a'));
our $html = "<!DOCTYPE html>\n<html><body><h1>Sign in</h1></body></html>\n";
# about 10 KB: more than the default subrequest_output_buffer_size (4k or
# 8k, one memory page), which the module's key requests do not depend on
our $big = jwks_text(map { jwk_of($_ % 2 ? 'rsa1.jwk' : 'rsa2.jwk',
                                  kid => "rsa-$_", alg => 'RS256') } 1 .. 24);
our $pause = 'x' x 5000;

our @files = (['v1.json', $v1], ['v2.json', $v2],
              ['with-enc.json', $with_enc], ['enc-only.json', $enc_only],
              ['private.json', $private], ['html.json', $html],
              ['empty.json', ''], ['big.json', $big],
              ['pause.txt', $pause]);

# tokens
our $ed_a = jwt_pk('EdDSA', 'ed1.key', { kid => 'ed-a' },
                   claims(sub => 'user-a'));
our $ed_b = jwt_pk('EdDSA', 'ed2.key', { kid => 'ed-b' },
                   claims(sub => 'user-b'));
our $ec_a = jwt_pk('ES256', 'ec256a.key', { kid => 'ec-a' },
                   claims(sub => 'user-ec'));
our $ed_nokid = jwt_pk('EdDSA', 'ed1.key', undef,
                       claims(sub => 'user-nokid'));
# ed2's signature under ed-a's kid: the kid is known, the key is not his
our $forged = jwt_pk('EdDSA', 'ed2.key', { kid => 'ed-a' },
                     claims(sub => 'admin'));
# signed by a key of a static file, no kid
our $ec_file = jwt_pk('ES256', 'ec256b.key', undef,
                      claims(sub => 'user-file'));
our $hs = token(sub => 'user-hs');
our $rs = jwt_pk('RS256', 'rsa2.key', { kid => 'rsa-24' },
                 claims(sub => 'user-rs'));

# kids no JWKS here has, different at every run
my %seen;
our @rnd;
while (@rnd < 5) {
    my $kid = sprintf 'rnd-%08x', int rand 0xffffffff;
    next if $seen{$kid}++;
    push @rnd, jwt_pk('EdDSA', 'ed1.key', { kid => $kid },
                      claims(sub => 'user-rnd'));
}

our $unknown_key = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="no key has the token\'s kid"';
our $bad_signature = 'WWW-Authenticate: Bearer realm="tasks", '
    . 'error="invalid_token", error_description="signature does not verify"';

# "Authorization: Bearer TOKEN" and "X-Jwks: VERSION" lines
sub ask {
    my ($token, $version) = @_;
    return "Authorization: Bearer $token\nX-Jwks: $version";
}

no_shuffle();
add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: caching: five requests with tokens of the JWKS (by kid and without one) pass, the issuer is asked once
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5",
 "GET /issuer-log"]
--- more_headers eval
[::ask($::ed_a, 'v1'), ::ask($::ec_a, 'v1'), ::ask($::ed_nokid, 'v1'),
 ::ask($::ed_a, 'v1'), ::ask($::ec_a, 'v1'), ""]
--- response_body eval
["user=user-a\n", "user=user-ec\n", "user=user-nokid\n", "user=user-a\n",
 "user=user-ec\n", "200 /issuer/v1.json\n"]
--- no_error_log
[error]
[warn]
[alert]
[crit]



=== TEST 2: a request without a token makes no fetch
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request eval
["GET /api/1", "GET /issuer-log"]
--- more_headers eval
["X-Jwks: v1", ""]
--- error_code eval
[401, 200]
--- response_headers eval
['WWW-Authenticate: Bearer realm="tasks"', ""]
--- response_body_like eval
["<html>.*\\b401\\b", "\\A\\z"]
--- no_error_log
[error]
[warn]



=== TEST 3: rotation: a new kid right after a fetch is refused (no refetch within 5 s); 5 s later it makes one refetch and passes; random kids then make none
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location = /pause {
        limit_rate 1000;
        alias $TEST_NGINX_SERVER_ROOT/html/pause.txt;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- timeout: 15
--- request eval
["GET /api/1", "GET /api/2", "GET /pause", "GET /api/3", "GET /api/4",
 "GET /api/5", "GET /api/6", "GET /api/7", "GET /api/8", "GET /api/9",
 "GET /issuer-log"]
--- more_headers eval
[::ask($::ed_a, 'v1'), ::ask($::ed_b, 'v2'), "",
 ::ask($::ed_b, 'v2'), ::ask($::ed_a, 'v2'),
 ::ask($::rnd[0], 'v2'), ::ask($::rnd[1], 'v2'), ::ask($::rnd[2], 'v2'),
 ::ask($::rnd[3], 'v2'), ::ask($::ed_b, 'v2'), ""]
--- error_code eval
[200, 401, 200, 200, 200, 401, 401, 401, 401, 200, 200]
--- response_headers eval
["!WWW-Authenticate", $::unknown_key, "", "!WWW-Authenticate",
 "!WWW-Authenticate", $::unknown_key, $::unknown_key, $::unknown_key,
 $::unknown_key, "!WWW-Authenticate", ""]
--- response_body_like eval
["\\Auser=user-a\n\\z", "<html>.*\\b401\\b", "\\Ax{5000}\\z",
 "\\Auser=user-b\n\\z", "\\Auser=user-a\n\\z",
 "<html>.*\\b401\\b", "<html>.*\\b401\\b",
 "<html>.*\\b401\\b", "<html>.*\\b401\\b",
 "\\Auser=user-b\n\\z",
 "\\A200 /issuer/v1.json\n200 /issuer/v2.json\n\\z"]
--- no_error_log
[error]
[warn]
[alert]
[crit]



=== TEST 4: rate limit: random kids right after the first fetch: all unknown_key, no refetch at all within 5 s
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5",
 "GET /api/6", "GET /api/7", "GET /issuer-log"]
--- more_headers eval
[::ask($::ed_a, 'v1'), (map { ::ask($_, 'v2') } @::rnd),
 ::ask($::ed_a, 'v2'), ""]
--- error_code eval
[200, 401, 401, 401, 401, 401, 200, 200]
--- response_headers eval
["!WWW-Authenticate", ($::unknown_key) x 5, "!WWW-Authenticate", ""]
--- response_body_like eval
["\\Auser=user-a\n\\z", ("<html>.*\\b401\\b") x 5,
 "\\Auser=user-a\n\\z", "\\A200 /issuer/v1.json\n\\z"]
--- no_error_log
[error]
[warn]



=== TEST 5: fetch failure without keys: the issuer answers 404, the request gets 500 and the reason is logged
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        log_not_found off;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request
GET /api/1
--- more_headers eval
::ask($::ed_a, 'gone')
--- error_code: 500
--- response_headers
!WWW-Authenticate
--- response_body_like: 500 Internal Server Error
--- error_log
jwt_auth: the key request "/_jwks" failed (status 404)
jwt_auth: no usable keys from "/_jwks"
--- no_error_log
[alert]
[crit]



=== TEST 6: fetch failure without keys, again and again: every request gets 500, the failing issuer is asked once in 5 s
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
        log_not_found off;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /issuer-log"]
--- more_headers eval
[::ask($::ed_a, 'gone'), ::ask($::ed_a, 'gone'), ::ask($::ec_a, 'gone'),
 ::ask($::ed_a, 'v1'), ""]
--- error_code eval
[500, 500, 500, 500, 200]
--- response_body_like eval
[("500 Internal Server Error") x 4, "\\A404 /issuer/gone.json\n\\z"]
--- no_error_log
[alert]
[crit]



=== TEST 7: random kids 5 s after the first fetch make one refetch, not four; it fails (404) and the last good keys keep serving
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
        log_not_found off;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location = /error-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/error.log;
    }
    location = /pause {
        limit_rate 1000;
        alias $TEST_NGINX_SERVER_ROOT/html/pause.txt;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- timeout: 15
--- request eval
["GET /api/1", "GET /pause", "GET /api/2", "GET /api/3", "GET /api/4",
 "GET /api/5", "GET /api/6", "GET /api/7", "GET /issuer-log",
 "GET /error-log"]
--- more_headers eval
[::ask($::ed_a, 'v1'), "",
 ::ask($::rnd[0], 'gone'), ::ask($::rnd[1], 'gone'),
 ::ask($::rnd[2], 'v1'), ::ask($::rnd[3], 'v1'),
 ::ask($::ed_a, 'gone'), ::ask($::ec_a, 'gone'), "", ""]
--- error_code eval
[200, 200, 401, 401, 401, 401, 200, 200, 200, 200]
--- response_headers eval
["!WWW-Authenticate", "", ($::unknown_key) x 4, "!WWW-Authenticate",
 "!WWW-Authenticate", "", ""]
--- response_body_like eval
["\\Auser=user-a\n\\z", "\\Ax{5000}\\z",
 ("<html>.*\\b401\\b") x 4,
 "\\Auser=user-a\n\\z", "\\Auser=user-ec\n\\z",
 "\\A200 /issuer/v1.json\n404 /issuer/gone.json\n\\z",
 "jwt_auth: the key request \"/_jwks\" failed \\(status 404\\)"]
--- no_error_log
jwt_auth: no usable keys
[alert]
[crit]



=== TEST 8: jwt_auth_key_cache 0s: every request wants fresh keys, yet the issuer is asked once in 5 s and the keys it gave serve meanwhile
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
        log_not_found off;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_key_cache 0s;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /issuer-log"]
--- more_headers eval
[::ask($::ed_a, 'v1'), ::ask($::ec_a, 'gone'), ::ask($::ed_a, 'gone'),
 ::ask($::ed_a, 'v2'), ""]
--- response_body eval
["user=user-a\n", "user=user-ec\n", "user=user-a\n", "user=user-a\n",
 "200 /issuer/v1.json\n"]
--- no_error_log
[error]
[warn]



=== TEST 9: the issuer answers an HTML page with status 200: 500, "gave no keys"
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request
GET /api/1
--- more_headers eval
::ask($::ed_a, 'html')
--- error_code: 500
--- response_body_like: 500 Internal Server Error
--- error_log
jwt_auth: the key request "/_jwks" gave no keys: neither PEM nor a JWK or JWKS
jwt_auth: no usable keys from "/_jwks"
--- no_error_log
[alert]
[crit]



=== TEST 10: the issuer answers an empty body with status 200: 500, "gave no keys"
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request
GET /api/1
--- more_headers eval
::ask($::ed_a, 'empty')
--- error_code: 500
--- response_body_like: 500 Internal Server Error
--- error_log
jwt_auth: the key request "/_jwks" gave no keys:
jwt_auth: no usable keys from "/_jwks"
--- no_error_log
[alert]
[crit]



=== TEST 11: a JWKS whose keys are all "use": "enc": 500, "gave no keys", the JWKS has no usable key
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request
GET /api/1
--- more_headers eval
::ask($::ed_a, 'enc-only')
--- error_code: 500
--- response_body_like: 500 Internal Server Error
--- error_log
jwt_auth: the key request "/_jwks" gave no keys: the JWKS has no usable key
jwt_auth: no usable keys from "/_jwks"
--- no_error_log
[alert]
[crit]



=== TEST 12: a JWKS that holds a private key: the whole set is refused, 500
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request
GET /api/1
--- more_headers eval
::ask($::ed_a, 'private')
--- error_code: 500
--- response_body_like: 500 Internal Server Error
--- error_log
jwt_auth: the key request "/_jwks" gave no keys: a JWK holds a private key
jwt_auth: no usable keys from "/_jwks"
--- no_error_log
[alert]
[crit]



=== TEST 13: a JWKS that also lists an encryption key: the signing key serves, the other is skipped with a warning naming it by its kid, with why; the fetch logged at info with the kids it brought
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request
GET /api/1
--- more_headers eval
::ask($::ed_a, 'with-enc')
--- response_body
user=user-a
--- error_log
jwt_auth: the key request "/_jwks" gave 1 key(s) that were skipped: kid "enc-1" (a JWK is not for signatures ("use" is not "sig"))
jwt_auth: the key request "/_jwks" gave 1 key(s): kid "ed-a"
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: keys combined: jwt_auth_secret, jwt_auth_key_file and jwt_auth_key_request in one location; tokens for each pass, with one fetch
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256b.pub.pem;
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5",
 "GET /issuer-log"]
--- more_headers eval
[::ask($::hs, 'v1'), ::ask($::ed_a, 'v1'), ::ask($::ec_file, 'v1'),
 ::ask($::ec_a, 'v1'), ::ask($::hs, 'v1'), ""]
--- response_body eval
["user=user-hs\n", "user=user-a\n", "user=user-file\n", "user=user-ec\n",
 "user=user-hs\n", "200 /issuer/v1.json\n"]
--- no_error_log
[error]
[warn]



=== TEST 15: keys combined, the issuer down: the location's own secret and key file are usable keys, so their tokens still pass
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        log_not_found off;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_secret "better-auth-secret-for-tests-256";
        jwt_auth_key_file $TEST_NGINX_KEYS/ec256b.pub.pem;
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request eval
["GET /api/1", "GET /api/2"]
--- more_headers eval
[::ask($::hs, 'gone'), ::ask($::ec_file, 'gone')]
--- response_body eval
["user=user-hs\n", "user=user-file\n"]
--- no_error_log
[alert]
[crit]



=== TEST 16: a token signed by another key under a kid of the JWKS: bad_signature, and no refetch
--- http_config
    log_format issuer '$status $request_uri';
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
        access_log logs/issuer.log issuer;
    }
    location = /issuer-log {
        alias $TEST_NGINX_SERVER_ROOT/logs/issuer.log;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /issuer-log"]
--- more_headers eval
[::ask($::forged, 'v2'), ::ask($::ed_a, 'v2'), ::ask($::forged, 'v2'), ""]
--- error_code eval
[401, 200, 401, 200]
--- response_headers eval
[$::bad_signature, "!WWW-Authenticate", $::bad_signature, ""]
--- response_body_like eval
["<html>.*\\b401\\b", "\\Auser=user-a\n\\z",
 "<html>.*\\b401\\b", "\\A200 /issuer/v2.json\n\\z"]
--- no_error_log
[error]
[warn]



=== TEST 17: a JWKS of about 10 KB, more than the default subrequest_output_buffer_size: the module keeps the answer itself, RS256 from the 24th key passes
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
\@::files
--- request
GET /api/1
--- more_headers eval
::ask($::rs, 'big')
--- response_body
user=user-rs
--- no_error_log
[error]
[warn]
[alert]
[crit]



=== TEST 18: an answer larger than 1 MiB is refused without being kept: 500, and the client still gets its answer
--- config
    location = /_jwks {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/issuer/$jwks.json;
    }
    location /issuer/ {
        alias $TEST_NGINX_SERVER_ROOT/html/;
    }
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[@::files, ['huge.json', '{"keys":[' . ('x' x (1024 * 1024)) . ']}']]
--- request
GET /api/1
--- more_headers eval
::ask($::rs, 'huge')
--- error_code: 500
--- error_log
jwt_auth: the answer of the key request "/_jwks" is larger than 1048576 bytes
jwt_auth: no usable keys from "/_jwks"
--- no_error_log
[alert]
[crit]



=== TEST 19: config error: jwt_auth_key_request takes a local URI, not a name
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request jwks;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_key_request: "jwks" is not a local URI



=== TEST 20: config error: jwt_auth_key_request does not take the issuer's URL itself
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request http://127.0.0.1:3000/api/auth/jwks;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_key_request: "http://127.0.0.1:3000/api/auth/jwks" is not a local URI



=== TEST 21: config error: jwt_auth_key_request twice in one block
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_key_request /_jwks2;
    }
--- must_die
--- suppress_stderr
--- error_log
"jwt_auth_key_request" directive is duplicate



=== TEST 22: config error: jwt_auth_key_cache takes a time
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks;
        set $jwks $http_x_jwks;
        jwt_auth_key_cache soon;
    }
--- must_die
--- suppress_stderr
--- error_log
"jwt_auth_key_cache" directive invalid value



=== TEST 23: config error: jwt_auth_key_request takes no arguments
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_key_request /_jwks?v=1;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_key_request: "/_jwks?v=1" has arguments; put them in the proxy_pass of its location
