# No client copy of an identity header survives, whatever its spelling,
# and nothing reads one before the module removes it: the header names a
# server configures (in any of its locations, jwt_auth on or off) are
# removed in the post-read phase, before the rewrite phase's "set" and
# "if", and before any "map" or proxy_set_header can evaluate
# $http_x_user_id.  Each request here sent a client copy that got through
# before: as X_User_Id (underscores_in_headers on) beside the module's
# X-User-Id, or read by "set", "if", "map" and proxy_set_header.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $good = token();

add_block_preprocessor(\&jwt_auth_defaults);
run_tests();

__DATA__

=== TEST 1: underscores_in_headers on: X_User_Id, x_user-id and X-USER-ID never reach the upstream; the verified X-User-Id does
--- http_config
    underscores_in_headers on;
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3"]
--- more_headers eval
["X_User_Id: mallory\nAuthorization: Bearer $::good",
 "x_user-id: mallory\nAuthorization: Bearer $::good",
 "X-USER-ID: mallory\nX_User_Id: eve\nAuthorization: Bearer $::good"]
--- response_body eval
[("user=user-1\n") x 3]



=== TEST 2: underscores_in_headers on: an upstream that reads every spelling sees none of the client's
--- http_config
    underscores_in_headers on;
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "ids=$http_x_user_id/$http_x_user_id_/$http_x_email\n";
    }
--- request
GET /api/1
--- more_headers eval
"X_User_Id: mallory\nX-Email: m\@example.com\nAuthorization: Bearer $::good"
--- response_body
ids=user-1//m@example.com



=== TEST 3: "set" and "if" in the rewrite phase see no client copy
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        set $seen "set=$http_x_user_id";
        if ($http_x_user_id) {
            return 200 "if saw $http_x_user_id\n";
        }
        return 200 "$seen\n";
    }
--- request
GET /api/1
--- more_headers eval
"X-User-Id: mallory\nAuthorization: Bearer $::good"
--- response_body
set=



=== TEST 4: at the server level, "set" sees no client copy of a header only one location configures
--- config
    set $early "$http_x_user_id";
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /public/ {
        return 200 "early=$early\n";
    }
--- request
GET /public/
--- more_headers
X-User-Id: mallory
--- response_body
early=



=== TEST 5: a map over $http_x_user_id, and proxy_set_header with it, see the verified value, never the client's
--- http_config
    map $http_x_user_id $mapped {
        default "m:$http_x_user_id";
    }
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_set_header X-Mapped $mapped;
        proxy_set_header X-Copied $http_x_user_id;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id mapped=$http_x_mapped copied=$http_x_copied\n";
    }
--- request
GET /api/1
--- more_headers eval
"X-User-Id: mallory\nAuthorization: Bearer $::good"
--- response_body
user=user-1 mapped=m:user-1 copied=user-1



=== TEST 6: a location with jwt_auth off, and one without jwt_auth, in a server that configures the header: the client's copy is gone there too
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /open/ {
        jwt_auth off;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /plain/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /open/", "GET /plain/"]
--- more_headers eval
["X-User-Id: mallory", "X_User_Id: mallory"]
--- response_body eval
["user=\n", "user=\n"]



=== TEST 7: a server that configures no identity header keeps its clients' headers
--- http_config
    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name other;
        location / {
            return 200 "other user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "api";
        jwt_auth_set_header X-User-Id sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /
--- more_headers
Host: other
X-User-Id: alice
--- response_body
other user=alice



=== TEST 8: a header configured at the http level is removed in every server
--- http_config
    jwt_auth_set_header X-User-Id sub;
    server {
        listen $TEST_NGINX_SERVER_PORT;
        server_name other;
        location / {
            return 200 "other user=$http_x_user_id\n";
        }
    }
--- config
    location /api/ {
        jwt_auth "api";
        return 200 "user=$http_x_user_id\n";
    }
--- request eval
["GET /", "GET /api/"]
--- more_headers eval
["Host: other\nX-User-Id: mallory", "X-User-Id: mallory"]
--- response_body eval
["other user=\n", "user=\n"]
