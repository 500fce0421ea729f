# Requirements on a verified token.  jwt_auth_require: every value (text
# with variables, a map's result...) must be neither empty nor "0", else
# 401 (error="invalid_token") or, with error=403, 403
# (error="insufficient_scope"); $jwt_auth_error is "require:" and the
# failing value as written.  jwt_auth_require_claim: the claim (a dotted
# path) must have one of the values as its text, or hold one in an array,
# or, for "scope", have one among its space-separated words; default 403,
# $jwt_auth_error "require_claim:" and the name.  Several values and
# several directives must all hold; an inner level's list replaces the
# outer one.  A missing or refused token still gets the 401 of before.
# A refused requirement keeps $jwt_auth_user and the claims for logs and
# error pages but sets no identity header, and satisfy any can still let
# the request through.  Last, the configuration mistakes nginx refuses.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $admin = token(role => 'admin', email => 'ann@example.com',
                   email_verified => JSON::PP::true(), team => 'core');
our $user = token(sub => 'user-2', role => 'user', email => 'bob@example.com',
                  email_verified => JSON::PP::true());
our $unverified_admin = token(sub => 'user-3', role => 'admin',
                              email_verified => JSON::PP::false());
our $verified_no_team = token(sub => 'user-4', role => 'user',
                              email_verified => JSON::PP::true());
our $unverified_no_team = token(sub => 'user-5',
                                email_verified => JSON::PP::false());
our $editor = token(sub => 'user-6', role => 'editor');
our $no_role = token(sub => 'user-7');
our $expired_admin = token(role => 'admin', exp => now() - 600);
our $foreign_admin = jwt_hs({ alg => 'HS256', typ => 'JWT' },
                            claims(role => 'admin'), OTHER_SECRET);

# values for jwt_auth_require $jwt_claim_level
our @level = map { token(sub => "level-$_->[0]", level => $_->[1]) }
    [zero => 0], [zero_text => '0'], [empty => ''], [one => 1],
    [two_text => 'yes'], [false => JSON::PP::false()];
our $no_level = token(sub => 'level-absent');

# arrays, scopes, text comparisons
our $roles_viewer_editor = token(roles => ['viewer', 'editor']);
our $roles_viewer = token(roles => ['viewer']);
our $roles_none = token(roles => []);
our $roles_string = token(roles => 'viewer editor');
our $scope_rw = token(scope => 'tasks:read tasks:write');
our $scope_r = token(scope => 'tasks:read');
our $scope_writer = token(scope => 'tasks:read tasks:writer');
our $scope_spaces = token(scope => '  tasks:read   tasks:write ');
our $scope_array = token(scope => ['tasks:read', 'tasks:write']);
our $scope_prefix = token(scope => 'tasks:write:all');
our $verified = token(email_verified => JSON::PP::true());
our $not_verified = token(email_verified => JSON::PP::false());
our $verified_text = token(email_verified => 'true');
our $level3 = token(level => 3);
our $level3_text = token(level => '3');
our $level5 = token(level => 5);
our $keycloak_admin = token(realm_access => { roles => ['offline_access', 'admin'] });
our $keycloak_user = token(realm_access => { roles => ['offline_access'] });
our $keycloak_flat = token(realm_access => 'admin');

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: jwt_auth_require with a map: a user who is not an admin gets 401 invalid_token, logged at info
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require $is_admin;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::user"
--- error_code: 401
--- response_headers
X-JWT-Error: [require:$is_admin]
WWW-Authenticate: Bearer realm="tasks", error="invalid_token", error_description="requirement $is_admin is not met"
--- response_body_like: <html>.*\b401\b
--- error_log eval
qr/\[info\] .*jwt_auth: rejected, require:\$is_admin: requirement \$is_admin is not met/
--- no_error_log
[error]
[alert]
[crit]



=== TEST 2: jwt_auth_require error=403: 403 with error="insufficient_scope", logged at info
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require $is_admin error=403;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::user"
--- error_code: 403
--- response_headers
X-JWT-Error: [require:$is_admin]
WWW-Authenticate: Bearer realm="tasks", error="insufficient_scope", error_description="requirement $is_admin is not met"
--- response_body_like: <html>.*\b403\b
--- error_log eval
qr/\[info\] .*jwt_auth: rejected, require:\$is_admin: requirement \$is_admin is not met/
--- no_error_log
[error]
[alert]
[crit]



=== TEST 3: error_page 403 with a JSON body: the reason and the refused user survive the redirect
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require $is_admin error=403;
        error_page 403 /403.json;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location = /403.json {
        internal;
        default_type application/json;
        return 403 '{"error":"$jwt_auth_error","user":"$jwt_auth_user","role":"$jwt_claim_role"}\n';
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::user"
--- error_code: 403
--- response_headers
Content-Type: application/json
WWW-Authenticate: Bearer realm="tasks", error="insufficient_scope", error_description="requirement $is_admin is not met"
--- response_body
{"error":"require:$is_admin","user":"user-2","role":"user"}
--- no_error_log
[error]
[alert]
[crit]



=== TEST 4: several values in one jwt_auth_require: all must hold, the first failing one is named
--- http_config
    map $jwt_claim_email_verified $verified {
        true    1;
        default 0;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require $verified $jwt_claim_team;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::admin",
 "Authorization: Bearer $::verified_no_team",
 "Authorization: Bearer $::unverified_admin",
 "Authorization: Bearer $::unverified_no_team"]
--- error_code eval
[200, 401, 401, 401]
--- response_headers eval
["X-JWT-Error: []",
 "X-JWT-Error: [require:\$jwt_claim_team]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"requirement \$jwt_claim_team is not met\"",
 "X-JWT-Error: [require:\$verified]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"requirement \$verified is not met\"",
 "X-JWT-Error: [require:\$verified]"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: several jwt_auth_require directives: all must hold, each with its own code
--- http_config
    map $jwt_claim_email_verified $verified {
        true    1;
        default 0;
    }
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require $verified;
        jwt_auth_require $is_admin error=403;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::admin",
 "Authorization: Bearer $::user",
 "Authorization: Bearer $::unverified_admin"]
--- error_code eval
[200, 403, 401]
--- response_headers eval
["X-JWT-Error: []",
 "X-JWT-Error: [require:\$is_admin]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"insufficient_scope\", error_description=\"requirement \$is_admin is not met\"",
 "X-JWT-Error: [require:\$verified]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"requirement \$verified is not met\""]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 6: a value fails when it is empty or "0"; any other text passes, "false" included
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require $jwt_claim_level;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d", "GET /api/e", "GET /api/f", "GET /api/g"]
--- more_headers eval
[(map { "Authorization: Bearer $_" } @::level), "Authorization: Bearer $::no_level"]
--- error_code eval
[401, 401, 401, 200, 200, 200, 401]
--- response_headers eval
["X-JWT-Error: [require:\$jwt_claim_level]\nX-JWT-User: [level-zero]",
 "X-JWT-Error: [require:\$jwt_claim_level]\nX-JWT-User: [level-zero_text]",
 "X-JWT-Error: [require:\$jwt_claim_level]\nX-JWT-User: [level-empty]",
 "X-JWT-Error: []\nX-JWT-User: [level-one]",
 "X-JWT-Error: []\nX-JWT-User: [level-two_text]",
 "X-JWT-Error: []\nX-JWT-User: [level-false]",
 "X-JWT-Error: [require:\$jwt_claim_level]\nX-JWT-User: [level-absent]"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 7: a literal value with text: "1" always holds, "0" never does
--- config
    location /yes/ {
        jwt_auth "tasks";
        jwt_auth_require 1;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /no/ {
        jwt_auth "tasks";
        jwt_auth_require 0 error=403;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /yes/a", "GET /no/a"]
--- more_headers eval
["Authorization: Bearer $::user", "Authorization: Bearer $::user"]
--- error_code eval
[200, 403]
--- response_headers eval
["!WWW-Authenticate",
 "X-JWT-Error: [require:0]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"insufficient_scope\", error_description=\"requirement 0 is not met\""]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 8: a server-level requirement applies in a location; a location's own list replaces it
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    jwt_auth "tasks";
    jwt_auth_require $is_admin error=403;
    location /admin/ {
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /mine/ {
        jwt_auth_require $jwt_claim_email;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        jwt_auth off;
        return 200 "upstream reached\n";
    }
--- request eval
["GET /admin/a", "GET /admin/b", "GET /mine/a", "GET /mine/b", "GET /mine/c"]
--- more_headers eval
["Authorization: Bearer $::admin",
 "Authorization: Bearer $::user",
 "Authorization: Bearer $::user",
 "Authorization: Bearer $::admin",
 "Authorization: Bearer $::editor"]
--- error_code eval
[200, 403, 200, 200, 401]
--- response_headers eval
["X-JWT-Error: []",
 "X-JWT-Error: [require:\$is_admin]",
 "X-JWT-Error: []",
 "X-JWT-Error: []",
 "X-JWT-Error: [require:\$jwt_claim_email]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"requirement \$jwt_claim_email is not met\""]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 9: an http-level requirement reaches every server's locations
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
    jwt_auth_require $is_admin error=403;
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::user"]
--- error_code eval
[200, 403]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 10: a requirement does not change what a missing or refused token gets: the 401 of before
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require $is_admin error=403;
        jwt_auth_require_claim role admin;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["", "Authorization: Bearer $::expired_admin", "Authorization: Bearer $::foreign_admin"]
--- error_code eval
[401, 401, 401]
--- response_headers eval
["X-JWT-Error: [missing_token]\nX-JWT-User: []\nWWW-Authenticate: Bearer realm=\"tasks\"",
 "X-JWT-Error: [expired]\nX-JWT-User: []\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"token has expired\"",
 "X-JWT-Error: [bad_signature]\nX-JWT-User: []"]
--- no_error_log
jwt_auth: rejected, require
[error]
[alert]
[crit]



=== TEST 11: a refused requirement keeps the user and the claims, but no identity header reaches an upstream
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_set_header X-Role role;
        jwt_auth_require $is_admin error=403;
        error_page 403 = @refused;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location @refused {
        rewrite ^ /refused break;
        proxy_set_header X-Refused "$jwt_auth_user/$jwt_claim_role/$jwt_auth_error";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT;
    }
    location /echo/ {
        return 200 "granted user=$http_x_user_id role=$http_x_role\n";
    }
    location = /refused {
        return 200 "refused user=$http_x_user_id role=$http_x_role who=$http_x_refused\n";
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["X-User-Id: forged\nX-Role: forged\nAuthorization: Bearer $::admin",
 "X-User-Id: forged\nX-Role: forged\nAuthorization: Bearer $::user"]
--- error_code eval
[200, 200]
--- response_body eval
["granted user=user-1 role=admin\n",
 "refused user= role= who=user-2/user/require:\$is_admin\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 12: satisfy any: an allowed address passes despite a failing requirement, with no identity header
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        jwt_auth_set_header X-User-Id sub;
        jwt_auth_require $is_admin error=403;
        jwt_auth_require_claim email_verified true;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["X-User-Id: forged\nAuthorization: Bearer $::user",
 "X-User-Id: forged\nAuthorization: Bearer $::unverified_admin"]
--- error_code eval
[200, 200]
--- response_body eval
["user=\n", "user=\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 13: satisfy all (the default) with an allowed address: the failing requirement still refuses
--- http_config
    map $jwt_claim_role $is_admin {
        admin   1;
        default 0;
    }
--- config
    location /api/ {
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        jwt_auth_require $is_admin error=403;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::user"]
--- error_code eval
[200, 403]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 14: jwt_auth_require_claim role admin: equal passes, another value or none gets 403 insufficient_scope
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim role admin;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::user", "Authorization: Bearer $::no_role"]
--- error_code eval
[200, 403, 403]
--- response_headers eval
["X-JWT-Error: []\nX-JWT-User: [user-1]\n!WWW-Authenticate",
 "X-JWT-Error: [require_claim:role]\nX-JWT-User: [user-2]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"insufficient_scope\", error_description=\"claim role has no accepted value\"",
 "X-JWT-Error: [require_claim:role]\nX-JWT-User: [user-7]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"insufficient_scope\", error_description=\"claim role has no accepted value\""]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 15: jwt_auth_require_claim with several values: one of them is enough
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim role admin editor;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::editor", "Authorization: Bearer $::user"]
--- error_code eval
[200, 200, 403]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 16: jwt_auth_require_claim on an array claim: one element must be accepted; a string of words is not split
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim roles editor admin;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::roles_viewer_editor",
 "Authorization: Bearer $::roles_viewer",
 "Authorization: Bearer $::roles_none",
 "Authorization: Bearer $::roles_string"]
--- error_code eval
[200, 403, 403, 403]
--- response_headers eval
["X-JWT-Error: []",
 "X-JWT-Error: [require_claim:roles]",
 "X-JWT-Error: [require_claim:roles]",
 "X-JWT-Error: [require_claim:roles]"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 17: jwt_auth_require_claim scope: a space-separated scope string holds whole words only
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim scope tasks:write;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d", "GET /api/e", "GET /api/f"]
--- more_headers eval
["Authorization: Bearer $::scope_rw",
 "Authorization: Bearer $::scope_spaces",
 "Authorization: Bearer $::scope_array",
 "Authorization: Bearer $::scope_r",
 "Authorization: Bearer $::scope_writer",
 "Authorization: Bearer $::scope_prefix"]
--- error_code eval
[200, 200, 200, 403, 403, 403]
--- response_headers eval
["X-JWT-Error: []",
 "X-JWT-Error: []",
 "X-JWT-Error: []",
 "X-JWT-Error: [require_claim:scope]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"insufficient_scope\", error_description=\"claim scope has no accepted value\"",
 "X-JWT-Error: [require_claim:scope]",
 "X-JWT-Error: [require_claim:scope]"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 18: jwt_auth_require_claim scope tasks: a part of a word is not a match
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim scope tasks;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::scope_rw", "Authorization: Bearer $::scope_array"]
--- error_code eval
[403, 403]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 19: jwt_auth_require_claim compares booleans and numbers by their text
--- config
    location /verified/ {
        jwt_auth "tasks";
        jwt_auth_require_claim email_verified true;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /level/ {
        jwt_auth "tasks";
        jwt_auth_require_claim level 3 4;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /verified/a", "GET /verified/b", "GET /verified/c",
 "GET /level/a", "GET /level/b", "GET /level/c"]
--- more_headers eval
["Authorization: Bearer $::verified",
 "Authorization: Bearer $::not_verified",
 "Authorization: Bearer $::verified_text",
 "Authorization: Bearer $::level3",
 "Authorization: Bearer $::level3_text",
 "Authorization: Bearer $::level5"]
--- error_code eval
[200, 403, 200, 200, 200, 403]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 20: jwt_auth_require_claim with a nested path: Keycloak's realm_access.roles; a flat or missing realm_access fails
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim realm_access.roles admin;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::keycloak_admin",
 "Authorization: Bearer $::keycloak_user",
 "Authorization: Bearer $::keycloak_flat",
 "Authorization: Bearer $::admin"]
--- error_code eval
[200, 403, 403, 403]
--- response_headers eval
["X-JWT-Error: []",
 "X-JWT-Error: [require_claim:realm_access.roles]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"insufficient_scope\", error_description=\"claim realm_access.roles has no accepted value\"",
 "X-JWT-Error: [require_claim:realm_access.roles]",
 "X-JWT-Error: [require_claim:realm_access.roles]"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 21: jwt_auth_require_claim error=401: 401 with error="invalid_token"
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim role admin error=401;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::admin", "Authorization: Bearer $::user"]
--- error_code eval
[200, 401]
--- response_headers eval
["X-JWT-Error: []",
 "X-JWT-Error: [require_claim:role]\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"claim role has no accepted value\""]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 22: several jwt_auth_require_claim directives: all must hold, the first failing one is named
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim email_verified true;
        jwt_auth_require_claim role admin;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["Authorization: Bearer $::admin",
 "Authorization: Bearer $::user",
 "Authorization: Bearer $::unverified_admin",
 "Authorization: Bearer $::unverified_no_team"]
--- error_code eval
[200, 403, 403, 403]
--- response_headers eval
["X-JWT-Error: []",
 "X-JWT-Error: [require_claim:role]",
 "X-JWT-Error: [require_claim:email_verified]",
 "X-JWT-Error: [require_claim:email_verified]"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 23: jwt_auth_require_claim at the server level, replaced by a location's own
--- config
    jwt_auth "tasks";
    jwt_auth_require_claim role admin;
    location /admin/ {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /edit/ {
        jwt_auth_require_claim role editor;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        jwt_auth off;
        return 200 "upstream reached\n";
    }
--- request eval
["GET /admin/a", "GET /admin/b", "GET /edit/a", "GET /edit/b"]
--- more_headers eval
["Authorization: Bearer $::admin",
 "Authorization: Bearer $::editor",
 "Authorization: Bearer $::editor",
 "Authorization: Bearer $::admin"]
--- error_code eval
[200, 403, 200, 403]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 24: jwt_auth_require_claim with no token: the 401 of a missing token, not a 403
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim scope tasks:write;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- error_code: 401
--- response_headers
WWW-Authenticate: Bearer realm="tasks"
--- error_log
jwt_auth: rejected, missing_token: no token
--- no_error_log
require_claim
[error]
[alert]
[crit]



=== TEST 25: a refused jwt_auth_require_claim is logged at info with the name as written
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim realm_access.roles admin;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::keycloak_user"
--- error_code: 403
--- error_log eval
qr/\[info\] .*jwt_auth: rejected, require_claim:realm_access\.roles: claim realm_access\.roles has no accepted value/
--- no_error_log
[error]
[alert]
[crit]



=== TEST 26: a missing claim is logged like a wrong one
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim role admin;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::no_role"
--- error_code: 403
--- error_log
jwt_auth: rejected, require_claim:role: claim role has no accepted value
--- no_error_log
[error]
[alert]
[crit]



=== TEST 27: config error: jwt_auth_require with only error=
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require error=403;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_require" directive needs a value



=== TEST 28: config error: jwt_auth_require without arguments
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
invalid number of arguments in "jwt_auth_require" directive



=== TEST 29: config error: jwt_auth_require with error= other than 401 or 403
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require $jwt_claim_role error=500;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_require: error= must be 401 or 403



=== TEST 30: config error: jwt_auth_require_claim with error= other than 401 or 403
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim role admin error=404;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_require_claim: error= must be 401 or 403



=== TEST 31: config error: jwt_auth_require_claim with a name and no value
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim role;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
invalid number of arguments in "jwt_auth_require_claim" directive



=== TEST 32: config error: jwt_auth_require_claim with a name and only error=
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_require_claim role error=403;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_require_claim" directive needs a value



=== TEST 33: config error: jwt_auth_claim_set in a server block
--- config
    jwt_auth_claim_set $jwt_roles realm_access roles;
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_claim_set" directive is not allowed here



=== TEST 34: config error: jwt_auth_claim_set in a location block
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_claim_set $jwt_roles realm_access roles;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
"jwt_auth_claim_set" directive is not allowed here



=== TEST 35: config error: jwt_auth_claim_set whose first argument is not a variable
--- http_config
    jwt_auth_claim_set foo realm_access roles;
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
jwt_auth_claim_set: "foo" is not a variable



=== TEST 36: config error: jwt_auth_claim_set with a variable and no name
--- http_config
    jwt_auth_claim_set $jwt_roles;
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- must_die
--- suppress_stderr
--- error_log
[emerg]
invalid number of arguments in "jwt_auth_claim_set" directive
