# jwt_auth_revocation_request: the pull feed of a revocation store.  Each
# worker fetches the entries at a local URI by a background subrequest, at
# most every interval=, started by a request that jwt_auth checks, which
# does not wait for it: the request that starts the first fetch is let
# through (the store is still empty), the next ones are refused.  The
# entries come in any form the API's POST takes and are merged into the
# store; a feed that fails (not 2xx, not JSON, bad entries, too big,
# empty, the subrequest failing) keeps the store as it is and logs the
# reason once at error level.
#
# The feed location mostly serves a file of html/ (user_files), as nginx
# itself or through a proxied request; a block that needs entries in the
# store before the first fetch answers starts from a state file.  A
# request's connection is closed only once the fetch it started has ended,
# so the request after it sees what the fetch stored.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use JSON::PP ();
use Test::Nginx::Socket 'no_plan';

our $now = now();
our $exp = $now + 3600;

our $j1 = token(jti => 'j-1');
our $j2 = token(jti => 'j-2');
our $s1 = token(sub => 'user-s', sid => 's-1');
our $old9 = token(sub => 'user-9', iat => $now - 200);
our $new9 = token(sub => 'user-9', iat => $now - 50);

our $list = qq{[{"jti":"j-1","exp":$exp}]\n};
our $entries = '[{"jti":"j-1"},{"session":"s-1"},{"sub":"user-9","before":'
             . ($now - 100) . '}]';
our $state = qq{{"entries":[{"jti":"j-1","exp":$exp}],"count":1}\n};

# answers just at and just above the largest the feed takes (16 MiB):
# valid JSON either way, so that only the size can refuse the second
our $max = 16777216;
our $at_max = '[{"jti":"j-2"}' . (' ' x ($max - 15)) . ']';
our $over_max = '[{"jti":"j-2"}' . (' ' x ($max - 14)) . ']';

# more than one output buffer of the static module: 2000 entries
our $long_list = JSON::PP->new->canonical(1)->encode(
    [ (map { { jti => "other-$_", exp => $exp } } 1 .. 2000),
      { jti => 'j-1', exp => $exp } ]);

# more than a zone of eight pages holds
our $too_many = JSON::PP->new->canonical(1)->encode(
    [ { jti => 'j-1', exp => $exp },
      map { { jti => sprintf('%s-%04d', 'x' x 500, $_), exp => $exp } }
          1 .. 200 ]);

# the X-Error header of each response ($jwt_auth_error): "" for none
sub xerror {
    return [ map { length ? "X-Error: $_" : 'X-Error:' } @_ ];
}

add_block_preprocessor(\&jwt_auth_defaults);
check_accum_error_log();
run_tests();

__DATA__

=== TEST 1: the feed's entries refuse their tokens from the request after the one that started the fetch, which did not wait
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['feed.json', $::list]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1",
 "Authorization: Bearer $::j2"]
--- error_code eval
[200, 401, 200]
--- response_headers eval
["X-Error:", qq{X-Error: revoked\nWWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="token has been revoked"}, "X-Error:"]
--- response_body_like eval
["user=user-1", "401", "user=user-1"]
--- no_error_log
[error]



=== TEST 2: one entry, not in a list, with its exp from lifetime=
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_revoked {
        jwt_auth_revocation_api revoked;
    }
--- user_files eval
[['feed.json', qq{{"jti":"j-1"}\n}]]
--- request eval
["GET /api/a", "GET /api/b", "GET /_revoked"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1", ""]
--- error_code eval
[200, 401, 200]
--- response_headers eval
main::xerror('', 'revoked', '')
--- response_body_like eval
["user=", "401",
 qr/^\{"entries":\[\{"jti":"j-1","exp":(\d+)\}\],"count":1\}$/]
--- no_error_log
[error]



=== TEST 3: one nginx's API as another's feed: what GET answers, with a token id, a session and a subject
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h session=sid;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_backend {
        jwt_auth_revocation zone=backend:1m lifetime=1h;
        jwt_auth_revocation_api backend;
    }
    location = /_feed {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/_backend;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["POST /_backend\n$::entries",
 "GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d", "GET /api/e",
 "GET /api/f"]
--- more_headers eval
["", "Authorization: Bearer $::j1", "Authorization: Bearer $::j1",
 "Authorization: Bearer $::s1", "Authorization: Bearer $::old9",
 "Authorization: Bearer $::new9", "Authorization: Bearer $::j2"]
--- error_code eval
[200, 200, 401, 401, 401, 200, 200]
--- response_headers eval
main::xerror('', '', 'revoked', 'revoked', 'revoked', '', '')
--- response_body_like eval
[qr/^\{"stored":3,"expired":0\}$/, "user=user-1", "401", "401", "401",
 "user=user-9", "user=user-1"]
--- no_error_log
[error]



=== TEST 4: the feed request carries nothing of the client's request, is not checked by the server's jwt_auth, and comes once per interval
--- http_config
    log_format feed '$request_method $request_uri auth=$http_authorization cookie=$http_cookie range=$http_range length=$content_length';
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed;
--- config
    jwt_auth "api";
    location = /_feed {
        internal;
        rewrite ^ /backend/feed.json break;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }
    location /backend/ {
        jwt_auth off;
        alias html/;
        access_log logs/backend.log feed;
    }
    location = /backend-log {
        jwt_auth off;
        alias logs/backend.log;
    }
    location /api/ {
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['feed.json', $::list]]
--- request eval
["POST /api/a?debug=1\nsome body", "GET /api/b", "GET /api/c",
 "GET /backend-log"]
--- more_headers eval
["Authorization: Bearer $::j2\nCookie: session=s3cret\nRange: bytes=0-9",
 "Authorization: Bearer $::j1", "Authorization: Bearer $::j2", ""]
--- error_code eval
[200, 401, 200, 200]
--- response_headers eval
main::xerror('', 'revoked', '', '')
--- response_body eval
["user=user-1\n", qr/401/, "user=user-1\n",
 "GET /backend/feed.json auth=- cookie=- range=- length=-\n"]
--- no_error_log
[error]



=== TEST 5: with interval=1s, a request a second later fetches again: the new entries refuse, and one the list no longer has still does
--- http_config
    log_format feed '$request_method $request_uri';
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed interval=1s;
--- config
    location = /_backend {
        jwt_auth_revocation zone=backend:1m lifetime=1h;
        jwt_auth_revocation_api backend;
        access_log logs/backend.log feed;
    }
    location = /_feed {
        internal;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/_backend;
    }
    location = /backend-log {
        alias logs/backend.log;
    }
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["POST /_backend\n{\"jti\":\"j-1\"}", "GET /api/a",
 "DELETE /_backend?jti=j-1", "POST /_backend\n{\"jti\":\"j-2\"}",
 "GET /api/b", "GET /api/c", "GET /api/d", "GET /backend-log"]
--- more_headers eval
["", "Authorization: Bearer $::j1", "", "", "Authorization: Bearer $::j2",
 "Authorization: Bearer $::j2", "Authorization: Bearer $::j1", ""]
--- error_code eval
[200, 200, 200, 200, 200, 401, 401, 200]
--- response_headers eval
main::xerror('', '', '', '', '', 'revoked', 'revoked', '')
--- response_body eval
[qq{{"stored":1,"expired":0}\n}, "user=user-1\n", qq{{"deleted":1}\n},
 qq{{"stored":1,"expired":0}\n}, "user=user-1\n", qr/401/, qr/401/,
 "POST /_backend\nGET /_backend\nDELETE /_backend?jti=j-1\n"
 . "POST /_backend\n" . "GET /_backend\n" x 3]
--- wait: 1.1
--- no_error_log
[error]



=== TEST 6: a feed of many entries, read from a file with sendfile and one small output buffer
--- http_config
    sendfile on;
    output_buffers 1 4k;
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['feed.json', $::long_list]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1",
 "Authorization: Bearer $::j2"]
--- error_code eval
[200, 401, 200]
--- response_headers eval
main::xerror('', 'revoked', '')
--- no_error_log
[error]



=== TEST 7: an answer of 16 MiB exactly is taken
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['feed.json', $::at_max]]
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::j2", "Authorization: Bearer $::j2"]
--- error_code eval
[200, 401]
--- response_headers eval
main::xerror('', 'revoked')
--- timeout: 10
--- no_error_log
[error]



=== TEST 8: the feed's entries are written to the state file
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /state {
        alias html/state.json;
    }
--- user_files eval
[['feed.json', $::list]]
--- request eval
["GET /api/a", "GET /state"]
--- more_headers eval
["Authorization: Bearer $::j1", ""]
--- response_body eval
["user=\n", qq{{"entries":[{"jti":"j-1","exp":$::exp}],"count":1}\n}]
--- no_error_log
[error]



=== TEST 9: a feed location in a server whose store is another's: the feed fills each store that applies, on schedules of their own
--- http_config
    jwt_auth_revocation zone=a:1m lifetime=1h;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /other/ {
        jwt_auth "other";
        jwt_auth_revocation zone=b:1m lifetime=1h;
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /_a {
        jwt_auth_revocation_api a;
    }
--- user_files eval
[['feed.json', $::list]]
--- request eval
["GET /other/a", "GET /other/b", "GET /_a", "GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1", "",
 "Authorization: Bearer $::j1", "Authorization: Bearer $::j1"]
--- error_code eval
[200, 401, 200, 200, 401]
--- response_headers eval
main::xerror('', 'revoked', '', '', 'revoked')
--- response_body_like eval
["user=", "401", qr/^\{"entries":\[\],"count":0\}$/, "user=", "401"]
--- no_error_log
[error]



=== TEST 10: a new nginx with state= refuses from its file before the feed answers; a feed that answers 500 keeps the entries and logs it once
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        return 500;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1",
 "Authorization: Bearer $::j2"]
--- error_code eval
[401, 401, 200]
--- response_headers eval
main::xerror('revoked', 'revoked', '')
--- grep_error_log: the revocation feed "/_feed" failed
--- grep_error_log_out
the revocation feed "/_feed" failed
--- error_log
jwt_auth: the revocation feed "/_feed" failed: status 500; zone "revoked" is kept as it is



=== TEST 11: a feed that is not JSON keeps the entries and says why
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state], ['feed.json', "<html>Service Unavailable</html>\n"]]
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1"]
--- error_code eval
[401, 401]
--- response_headers eval
main::xerror('revoked', 'revoked')
--- error_log
jwt_auth: the revocation feed "/_feed" failed: not JSON: invalid token near '<' at line 1, column 1; zone "revoked" is kept as it is



=== TEST 12: a feed with a bad entry is refused whole: its good entries are not stored either
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state],
 ['feed.json', qq{[{"jti":"j-2"},{"jti":"j-3","exp":"soon"}]}]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::j2", "Authorization: Bearer $::j2",
 "Authorization: Bearer $::j1"]
--- error_code eval
[200, 200, 401]
--- response_headers eval
main::xerror('', '', 'revoked')
--- error_log
jwt_auth: the revocation feed "/_feed" failed: entry 1: "exp" is not a positive number; zone "revoked" is kept as it is



=== TEST 13: a feed's subject entry without before is refused (its before would be the time of each fetch, locking the user's new tokens out): the list is not stored
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state],
 ['feed.json', qq{[{"jti":"j-2"},{"sub":"user-9"}]}]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::new9", "Authorization: Bearer $::j2",
 "Authorization: Bearer $::old9"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
main::xerror('', '', '')
--- error_log
jwt_auth: the revocation feed "/_feed" failed: entry 1: a "sub" without "before" (which would be the time of each reading); zone "revoked" is kept as it is



=== TEST 14: a feed of entries without exp, where the zone has no lifetime=, is refused
--- http_config
    jwt_auth_revocation zone=revoked:1m
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state], ['feed.json', qq{[{"jti":"j-2"}]}]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::j2", "Authorization: Bearer $::j2",
 "Authorization: Bearer $::j1"]
--- error_code eval
[200, 200, 401]
--- response_headers eval
main::xerror('', '', 'revoked')
--- error_log
jwt_auth: the revocation feed "/_feed" failed: entry 0: no "exp" (and the zone has no lifetime=); zone "revoked" is kept as it is



=== TEST 15: an answer larger than 16 MiB is refused, from its Content-Length
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state], ['feed.json', $::over_max]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::j2", "Authorization: Bearer $::j2",
 "Authorization: Bearer $::j1"]
--- error_code eval
[200, 200, 401]
--- response_headers eval
main::xerror('', '', 'revoked')
--- timeout: 10
--- error_log
jwt_auth: the revocation feed "/_feed" failed: the answer is larger than 16777216 bytes; zone "revoked" is kept as it is



=== TEST 16: an answer larger than 16 MiB without a Content-Length (chunked by the SSI filter) is refused as it comes
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        rewrite ^ /backend/feed.json break;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }
    location /backend/ {
        alias html/;
        ssi on;
        ssi_types *;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state], ['feed.json', $::over_max]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::j2", "Authorization: Bearer $::j2",
 "Authorization: Bearer $::j1"]
--- error_code eval
[200, 200, 401]
--- response_headers eval
main::xerror('', '', 'revoked')
--- timeout: 10
--- error_log
jwt_auth: the revocation feed "/_feed" failed: the answer is larger than 16777216 bytes; zone "revoked" is kept as it is



=== TEST 17: an empty answer keeps the entries
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state], ['feed.json', '']]
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1"]
--- error_code eval
[401, 401]
--- response_headers eval
main::xerror('revoked', 'revoked')
--- error_log
jwt_auth: the revocation feed "/_feed" failed: an empty answer; zone "revoked" is kept as it is



=== TEST 18: a backend that cannot be reached (502) keeps the entries
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        proxy_pass http://unix:$TEST_NGINX_SERVER_ROOT/logs/no-backend.sock:/revocations;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state]]
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1",
 "Authorization: Bearer $::j2"]
--- error_code eval
[401, 401, 200]
--- response_headers eval
main::xerror('revoked', 'revoked', '')
--- error_log eval
[qr/\[crit\] .*connect\(\) to unix:\S+no-backend\.sock failed/,
 'jwt_auth: the revocation feed "/_feed" failed: status 502; zone "revoked" is kept as it is']



=== TEST 19: a feed location that does not exist (404) keeps the entries
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h
                        state=$TEST_NGINX_SERVER_ROOT/html/state.json;
    jwt_auth_revocation_request /_feed;
--- config
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['state.json', $::state]]
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1"]
--- error_code eval
[401, 401]
--- response_headers eval
main::xerror('revoked', 'revoked')
--- error_log
jwt_auth: the revocation feed "/_feed" failed: status 404; zone "revoked" is kept as it is



=== TEST 20: a full zone stores what fits and is logged as the API's is
--- http_config
    jwt_auth_revocation zone=revoked:32k lifetime=1h;
    jwt_auth_revocation_request /_feed;
--- config
    location = /_feed {
        internal;
        alias html/feed.json;
    }
    location /api/ {
        jwt_auth "api";
        add_header X-Error $jwt_auth_error always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- user_files eval
[['feed.json', $::too_many]]
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::j1", "Authorization: Bearer $::j1"]
--- error_code eval
[200, 401]
--- response_headers eval
main::xerror('', 'revoked')
--- error_log eval
qr/\[error\] .*jwt_auth_revocation: zone "revoked" is full: \d+ entries stored, the rest not/



=== TEST 21: config error: the feed is a local URI
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request http://127.0.0.1:8000/revocations;
--- config
    location /api/ {
        jwt_auth "api";
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_revocation_request: "http://127.0.0.1:8000/revocations" is not a local URI; name a location (e.g. /_revoked) that proxy_passes to the backend's list



=== TEST 22: config error: the feed's URI has no arguments
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed?since=0;
--- config
    location /api/ {
        jwt_auth "api";
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_revocation_request: "/_feed?since=0" has arguments; put them in the proxy_pass of its location



=== TEST 23: config error: an interval of 0
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed interval=0;
--- config
    location /api/ {
        jwt_auth "api";
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_revocation_request: invalid interval in "interval=0" (a time of 1s or more, in seconds, minutes...)



=== TEST 24: config error: an interval below a second
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed interval=500ms;
--- config
    location /api/ {
        jwt_auth "api";
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_revocation_request: invalid interval in "interval=500ms"



=== TEST 25: config error: an interval that is not a time
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed interval=often;
--- config
    location /api/ {
        jwt_auth "api";
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_revocation_request: invalid interval in "interval=often"



=== TEST 26: config error: an unknown parameter
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed timeout=5s;
--- config
    location /api/ {
        jwt_auth "api";
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_revocation_request: invalid parameter "timeout=5s" (expected interval=time)



=== TEST 27: config error: the directive twice at one level
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_revocation_request /_feed;
        jwt_auth_revocation_request /_feed2;
    }
--- must_die
--- suppress_stderr
--- error_log
"jwt_auth_revocation_request" directive is duplicate



=== TEST 28: config error: a location with the feed and no store
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_revocation_request /_feed;
    }
--- must_die
--- suppress_stderr
--- error_log eval
qr/\[emerg\] .*jwt_auth_revocation_request: no jwt_auth_revocation store applies where it is given \(give one there or above, as jwt_auth_revocation zone=name:size\) in \S+nginx\.conf:\d+/



=== TEST 29: config error: the feed at the http level, the store only in a location
--- http_config
    jwt_auth_revocation_request /_feed;
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_revocation zone=revoked:1m lifetime=1h;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_revocation_request: no jwt_auth_revocation store applies where it is given



=== TEST 30: config error: the feed where the store is turned off
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_revocation off;
        jwt_auth_revocation_request /_feed;
    }
--- must_die
--- suppress_stderr
--- error_log
jwt_auth_revocation_request: no jwt_auth_revocation store applies where it is given



=== TEST 31: config error: too many parameters
--- http_config
    jwt_auth_revocation zone=revoked:1m lifetime=1h;
    jwt_auth_revocation_request /_feed interval=5s interval=10s;
--- config
    location /api/ {
        jwt_auth "api";
    }
--- must_die
--- suppress_stderr
--- error_log
invalid number of arguments in "jwt_auth_revocation_request" directive
