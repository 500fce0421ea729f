# What the claim variables are for, through nginx's own modules: rate
# limits per user or per tenant (limit_req runs in the preaccess phase,
# where the token is already verified), an access log that says who was
# refused and why, map-based routing on a role, and claims passed upstream
# with proxy_set_header in place of anything the client sent.
#
# The access log is read back in the same block through a location that
# serves the log file (nginx runs one worker process under both runners,
# so a request is logged before its connection is closed).  No block uses
# repeat_each: a rate limit would see the repeated requests.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $ann = token(sub => 'user-a', role => 'admin', email => 'ann@example.com',
                 org => 'org-1');
our $bob = token(sub => 'user-b', role => 'user', email => 'bob@example.com',
                 org => 'org-1');
our $cid = token(sub => 'user-c', role => 'user', email => 'cid@example.com',
                 org => 'org-2');
our $expired = token(sub => 'user-a', exp => now() - 600);

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: limit_req keyed by $jwt_auth_user: one user's second request gets 429, another user is not affected
--- http_config
    limit_req_zone $jwt_auth_user zone=per_user:1m rate=1r/m;
--- config
    location /api/ {
        jwt_auth "tasks";
        limit_req zone=per_user;
        limit_req_status 429;
        limit_req_log_level warn;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "upstream reached\n";
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5", "GET /api/6", "GET /api/7"]
--- more_headers eval
["Authorization: Bearer $::ann",
 "Authorization: Bearer $::ann",
 "Authorization: Bearer $::bob",
 "",
 "Authorization: Bearer $::expired",
 "Authorization: Bearer $::bob",
 "Authorization: Bearer $::ann"]
--- error_code eval
[200, 429, 200, 401, 401, 429, 429]
--- response_body_like eval
["^upstream reached\n\\z", "429 Too Many Requests", "^upstream reached\n\\z",
 "<html>.*\\b401\\b", "<html>.*\\b401\\b",
 "429 Too Many Requests", "429 Too Many Requests"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: limit_req keyed by a claim: users of the same tenant share the limit, another tenant does not
--- http_config
    limit_req_zone $jwt_claim_org zone=per_org:1m rate=1r/m;
--- config
    location /api/ {
        jwt_auth "tasks";
        limit_req zone=per_org;
        limit_req_status 429;
        limit_req_log_level warn;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3"]
--- more_headers eval
["Authorization: Bearer $::ann", "Authorization: Bearer $::bob", "Authorization: Bearer $::cid"]
--- error_code eval
[200, 429, 200]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: a map on a claim picks the limit key: admins are not limited, other users are
--- http_config
    map $jwt_claim_role $limit_key {
        admin   "";
        default $jwt_auth_user;
    }
    limit_req_zone $limit_key zone=non_admin:1m rate=1r/m;
--- config
    location /api/ {
        jwt_auth "tasks";
        limit_req zone=non_admin;
        limit_req_status 429;
        limit_req_log_level warn;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/1", "GET /api/2", "GET /api/3", "GET /api/4", "GET /api/5"]
--- more_headers eval
["Authorization: Bearer $::ann", "Authorization: Bearer $::ann", "Authorization: Bearer $::ann",
 "Authorization: Bearer $::bob", "Authorization: Bearer $::bob"]
--- error_code eval
[200, 200, 200, 200, 429]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: log_format with $jwt_auth_user, $jwt_auth_error and a claim: who passed, who was refused and why
--- http_config
    log_format jwt '$request_uri status=$status user=[$jwt_auth_user] error=[$jwt_auth_error] email=[$jwt_claim_email]';
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim role admin;
        access_log logs/jwt.log jwt;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        access_log off;
        return 200 "upstream reached\n";
    }
    location = /jwtlog {
        access_log off;
        default_type text/plain;
        alias $TEST_NGINX_SERVER_ROOT/logs/jwt.log;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d", "GET /jwtlog"]
--- more_headers eval
["Authorization: Bearer $::ann",
 "Authorization: Bearer $::expired",
 "",
 "Authorization: Bearer $::bob",
 ""]
--- error_code eval
[200, 401, 401, 403, 200]
--- response_body eval
["upstream reached\n",
 qr/<html>.*\b401\b/s,
 qr/<html>.*\b401\b/s,
 qr/<html>.*\b403\b/s,
 "/api/a status=200 user=[user-a] error=[] email=[ann\@example.com]
/api/b status=401 user=[] error=[expired] email=[]
/api/c status=401 user=[] error=[missing_token] email=[]
/api/d status=403 user=[user-b] error=[require_claim:role] email=[bob\@example.com]
"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: map on $jwt_claim_role routes to an upstream location; claims go upstream with proxy_set_header
--- http_config
    map $jwt_claim_role $pool {
        admin   admin;
        default users;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Email $jwt_claim_email;
        proxy_set_header X-Org $jwt_claim_org;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/pool-$pool$request_uri;
    }
    location /pool-admin/ {
        return 200 "admin pool: $request_uri email=$http_x_email org=$http_x_org\n";
    }
    location /pool-users/ {
        return 200 "users pool: $request_uri email=$http_x_email org=$http_x_org\n";
    }
--- request eval
["GET /api/tasks", "GET /api/tasks?done=1"]
--- more_headers eval
["X-Email: forged\@example.com\nAuthorization: Bearer $::ann",
 "X-Email: forged\@example.com\nAuthorization: Bearer $::cid"]
--- error_code eval
[200, 200]
--- response_body eval
["admin pool: /pool-admin/api/tasks email=ann\@example.com org=org-1\n",
 "users pool: /pool-users/api/tasks?done=1 email=cid\@example.com org=org-2\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: proxy_set_header with a claim the token lacks: the client's copy does not get through either
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Email $jwt_claim_email;
        proxy_set_header X-Plan $jwt_claim_plan;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "email=$http_x_email plan=$http_x_plan\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-Email: forged\@example.com
X-Plan: enterprise
Authorization: Bearer $::ann"
--- response_body
email=ann@example.com plan=
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 7: a map on a claim as a requirement, with the refused user in the access log
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
    log_format who '$request_uri $status $jwt_auth_user $jwt_auth_error';
--- config
    location /admin/ {
        jwt_auth "tasks";
        jwt_auth_require $is_admin error=403;
        access_log logs/who.log who;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        access_log off;
        return 200 "upstream reached\n";
    }
    location = /wholog {
        access_log off;
        default_type text/plain;
        alias $TEST_NGINX_SERVER_ROOT/logs/who.log;
    }
--- request eval
["GET /admin/a", "GET /admin/b", "GET /wholog"]
--- more_headers eval
["Authorization: Bearer $::ann", "Authorization: Bearer $::bob", ""]
--- error_code eval
[200, 403, 200]
--- response_body eval
["upstream reached\n",
 qr/<html>.*\b403\b/s,
 "/admin/a 200 user-a 
/admin/b 403 user-b require:\$is_admin
"]
--- no_error_log
[error]
[alert]
[crit]
