# Nested claims.  jwt_auth_claim_set binds a variable to a path of member
# names, one name per argument (a dot in an argument is part of the name);
# jwt_auth_user_claim and jwt_auth_set_header take the path written with
# dots, where "\." is a dot inside a name and "\\" a backslash.  A missing
# member, or a step through something that is not an object (a string, an
# array, a number, null), gives nothing.  Then the Better Auth session
# cookie end to end: HS256 with the header {"alg":"HS256"}, no "sub", the
# user id at session.userId, the token taken from the cookie
# "better-auth.session_data" with a map on $http_cookie.
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::Nginx::Socket 'no_plan';

our $exp = now() + 3600;

sub payload_token {
    my ($json, $header) = @_;
    return jwt_hs($header // '{"alg":"HS256","typ":"JWT"}', $json, SECRET);
}

our $nested = payload_token(
    qq({"sub":"user-1","exp":$exp,)
  . qq("realm_access":{"roles":["admin","editor"]},)
  . qq("resource_access":{"tasks-api":{"roles":["read"]}},)
  . qq("org":{"id":"org-7","team":{"name":"core","size":5,"lead":{"id":"u9"}}},)
  . qq("meta":{"tags":["a",1],"flag":true,"nothing":null},)
  . qq("str":"text","arr":[{"id":1}],"num":7,"nul":null,)
  . qq("a.b":"literal","a":{"b":"nested"},)
  . qq("https://example.com/roles":["viewer","auditor"],)
  . qq("https://example":{"com/roles":"wrong"},)
  . qq("back\\\\slash":"one backslash"}));

our $camel = payload_token(
    qq({"exp":$exp,"session":{"userId":"u-42","id":"s-1"},"user":{"id":"u-42","email":"ann\@example.com"}}));
our $camel_int = payload_token(
    qq({"exp":$exp,"session":{"userId":42}}));
our $camel_missing = payload_token(
    qq({"sub":"user-1","exp":$exp,"session":{"id":"s-1"}}));
our $camel_not_object = payload_token(
    qq({"sub":"user-1","exp":$exp,"session":"s-1"}));

# Better Auth's cookie cache with the JWT strategy: {"alg":"HS256"}, no
# sub; the session and the user inside the payload
sub better_auth_token {
    my (%session) = @_;
    my $now = now();
    my $session = join ',', map { qq("$_":"$session{$_}") } sort keys %session;
    return payload_token(
        qq({"session":{$session,"expiresAt":"2030-01-01T00:00:00.000Z",)
      . qq("token":"opaque-session-token"},)
      . qq("user":{"id":"u-ba-1","email":"ann\@example.com","name":"Ann",)
      . qq("emailVerified":true},)
      . qq("updatedAt":${now}000,"iat":$now,"exp":) . ($now + 300) . '}',
        '{"alg":"HS256"}');
}

our $ba_session = better_auth_token(id => 'sess-1', userId => 'u-ba-1');
our $ba_no_user = better_auth_token(id => 'sess-2');
our $ba_other_secret = do {
    my $t = better_auth_token(id => 'sess-3', userId => 'u-ba-1');
    my ($h, $p) = split /\./, $t;
    jwt_parts($h, $p, OTHER_SECRET);
};

add_block_preprocessor(\&jwt_auth_defaults);

run_tests();

__DATA__

=== TEST 1: jwt_auth_claim_set: paths of two, three and four names, arrays of strings joined, other values as JSON
--- http_config
    jwt_auth_claim_set $jwt_roles realm_access roles;
    jwt_auth_claim_set $jwt_api_roles resource_access tasks-api roles;
    jwt_auth_claim_set $jwt_org_id org id;
    jwt_auth_claim_set $jwt_team_name org team name;
    jwt_auth_claim_set $jwt_lead_id org team lead id;
    jwt_auth_claim_set $jwt_team_size org team size;
    jwt_auth_claim_set $jwt_team org team;
    jwt_auth_claim_set $jwt_tags meta tags;
    jwt_auth_claim_set $jwt_flag meta flag;
    jwt_auth_claim_set $jwt_sub sub;
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Roles $jwt_roles;
        proxy_set_header X-Api-Roles $jwt_api_roles;
        proxy_set_header X-Org $jwt_org_id;
        proxy_set_header X-Team-Name $jwt_team_name;
        proxy_set_header X-Lead $jwt_lead_id;
        proxy_set_header X-Size $jwt_team_size;
        proxy_set_header X-Team $jwt_team;
        proxy_set_header X-Tags $jwt_tags;
        proxy_set_header X-Flag $jwt_flag;
        proxy_set_header X-Sub $jwt_sub;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "roles=$http_x_roles
api_roles=$http_x_api_roles
org=$http_x_org
team_name=$http_x_team_name
lead=$http_x_lead
size=$http_x_size
team=$http_x_team
tags=$http_x_tags
flag=$http_x_flag
sub=$http_x_sub
";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::nested"
--- response_body
roles=admin,editor
api_roles=read
org=org-7
team_name=core
lead=u9
size=5
team={"name":"core","size":5,"lead":{"id":"u9"}}
tags=["a",1]
flag=true
sub=user-1
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 2: jwt_auth_claim_set: a missing member or a step through a string, an array, a number or null gives nothing
--- http_config
    jwt_auth_claim_set $jwt_missing_mid org nothing id;
    jwt_auth_claim_set $jwt_missing_top nothing at all;
    jwt_auth_claim_set $jwt_missing_last org team email;
    jwt_auth_claim_set $jwt_null_last meta nothing;
    jwt_auth_claim_set $jwt_via_string str length;
    jwt_auth_claim_set $jwt_via_array arr id;
    jwt_auth_claim_set $jwt_via_index arr 0;
    jwt_auth_claim_set $jwt_via_number num x;
    jwt_auth_claim_set $jwt_via_null nul x;
    jwt_auth_claim_set $jwt_via_leaf org id x;
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Vars "[$jwt_missing_mid][$jwt_missing_top][$jwt_missing_last][$jwt_null_last][$jwt_via_string][$jwt_via_array][$jwt_via_index][$jwt_via_number][$jwt_via_null][$jwt_via_leaf]";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "vars=$http_x_vars\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::nested"
--- response_body
vars=[][][][][][][][][][]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 3: jwt_auth_claim_set takes each argument as one name: a dot is part of it
--- http_config
    jwt_auth_claim_set $jwt_dotted a.b;
    jwt_auth_claim_set $jwt_path a b;
    jwt_auth_claim_set $jwt_url_roles https://example.com/roles;
--- config
    location /api/ {
        jwt_auth "tasks";
        proxy_set_header X-Dotted $jwt_dotted;
        proxy_set_header X-Path $jwt_path;
        proxy_set_header X-Url-Roles $jwt_url_roles;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "dotted=$http_x_dotted path=$http_x_path url_roles=$http_x_url_roles\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::nested"
--- response_body
dotted=literal path=nested url_roles=viewer,auditor
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 4: jwt_auth_claim_set variables are empty without a token, with a refused one, and where jwt_auth is off
--- http_config
    jwt_auth_claim_set $jwt_roles realm_access roles;
--- config
    location /api/ {
        satisfy any;
        allow 127.0.0.1;
        deny all;
        jwt_auth "tasks";
        proxy_set_header X-Roles "[$jwt_roles]";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /public/ {
        proxy_set_header X-Roles "[$jwt_roles]";
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "roles=$http_x_roles\n";
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /public/c", "GET /api/d"]
--- more_headers eval
["", "Authorization: Bearer $::ba_other_secret", "Authorization: Bearer $::nested",
 "Authorization: Bearer $::nested"]
--- error_code eval
[200, 200, 200, 200]
--- response_body eval
["roles=[]\n", "roles=[]\n", "roles=[]\n", "roles=[admin,editor]\n"]
--- no_error_log
[error]
[alert]
[crit]



=== TEST 5: dotted paths in jwt_auth_set_header: two, three and four levels, an array at the end
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-Tenant org.id;
        jwt_auth_set_header X-Team org.team.name;
        jwt_auth_set_header X-Lead org.team.lead.id;
        jwt_auth_set_header X-Roles realm_access.roles;
        jwt_auth_set_header X-Api-Roles resource_access.tasks-api.roles;
        jwt_auth_set_header X-Team-Obj org.team;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "tenant=$http_x_tenant team=$http_x_team lead=$http_x_lead roles=$http_x_roles api=$http_x_api_roles obj=$http_x_team_obj\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-Tenant: forged
X-Roles: admin
Authorization: Bearer $::nested"
--- response_body
tenant=org-7 team=core lead=u9 roles=admin,editor api=read obj={"name":"core","size":5,"lead":{"id":"u9"}}
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 6: dotted paths in jwt_auth_set_header that lead nowhere: the header is not set and client copies are gone
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-Missing org.nothing.id;
        jwt_auth_set_header X-Via-String str.length;
        jwt_auth_set_header X-Via-Array arr.id;
        jwt_auth_set_header X-Via-Number num.x;
        jwt_auth_set_header X-Via-Null nul.x;
        jwt_auth_set_header X-Null-Last meta.nothing;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "[$http_x_missing][$http_x_via_string][$http_x_via_array][$http_x_via_number][$http_x_via_null][$http_x_null_last]\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"X-Missing: forged
X-Via-String: forged
X-Via-Array: forged
X-Via-Number: forged
X-Via-Null: forged
X-Null-Last: forged
Authorization: Bearer $::nested"
--- response_body
[][][][][][]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 7: in a dotted path "\." is a dot inside a name and "\\" a backslash
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-Url-Roles https://example\.com/roles;
        jwt_auth_set_header X-Dotted a\.b;
        jwt_auth_set_header X-Nested a.b;
        jwt_auth_set_header X-Back back\\\\slash;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "url_roles=$http_x_url_roles dotted=$http_x_dotted nested=$http_x_nested back=$http_x_back\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::nested"
--- response_body
url_roles=viewer,auditor dotted=literal nested=nested back=one backslash
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 8: an unescaped dot splits: https://example.com/roles is the member "com/roles" of "https://example"
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_set_header X-Url-Roles https://example.com/roles;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "url_roles=$http_x_url_roles\n";
    }
--- request
GET /api/tasks
--- more_headers eval
"Authorization: Bearer $::nested"
--- response_body
url_roles=wrong
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 9: jwt_auth_user_claim session.userId: a camelCase member of a nested object is the user
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_user_claim session.userId;
        jwt_auth_set_header X-User-Id session.userId;
        jwt_auth_set_header X-Also-Id user.id;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "user=$http_x_user_id also=$http_x_also_id\n";
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["X-User-Id: admin\nAuthorization: Bearer $::camel",
 "X-User-Id: admin\nAuthorization: Bearer $::camel_int"]
--- error_code eval
[200, 200]
--- response_headers eval
["X-JWT-User: [u-42]", "X-JWT-User: [42]"]
--- response_body eval
["user=u-42 also=u-42\n", "user=42 also=\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 10: jwt_auth_user_claim session.userId: absent, or under a session that is not an object: missing_user
--- config
    location /api/ {
        jwt_auth "tasks";
        jwt_auth_user_claim session.userId;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b"]
--- more_headers eval
["Authorization: Bearer $::camel_missing", "Authorization: Bearer $::camel_not_object"]
--- error_code eval
[401, 401]
--- response_headers eval
["X-JWT-Error: [missing_user]\nX-JWT-User: []\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"token has no user claim\"",
 "X-JWT-Error: [missing_user]\nX-JWT-User: []\nWWW-Authenticate: Bearer realm=\"tasks\", error=\"invalid_token\", error_description=\"token has no user claim\""]
--- error_log
jwt_auth: rejected, missing_user: token has no user claim
--- no_error_log
[error]
[alert]
[crit]



=== TEST 11: Better Auth's session cookie: the token from better-auth.session_data, the user id at session.userId
--- http_config
    map $http_cookie $ba_session {
        "~(?:^|;\s*)better-auth\.session_data=(?<t>[^;]+)" $t;
    }
    jwt_auth_claim_set $ba_email user email;
--- config
    location /api/ {
        jwt_auth "app" token=$ba_session;
        jwt_auth_user_claim session.userId;
        jwt_auth_set_header X-User-Id session.userId;
        proxy_set_header X-Email $ba_email;
        add_header X-JWT-User "[$jwt_auth_user]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
    location /echo/ {
        return 200 "$request_uri user=$http_x_user_id email=$http_x_email\n";
    }
--- request eval
["GET /api/tasks", "GET /api/tasks/1", "GET /api/tasks/2"]
--- more_headers eval
["Cookie: theme=dark; better-auth.session_data=$::ba_session; better-auth.session_token=abc.def\nX-User-Id: admin",
 "Cookie: better-auth.session_data=$::ba_session",
 "Cookie: better-auth.session_token=abc.def; better-auth.session_data=$::ba_session"]
--- error_code eval
[200, 200, 200]
--- response_headers eval
["X-JWT-User: [u-ba-1]", "X-JWT-User: [u-ba-1]", "X-JWT-User: [u-ba-1]"]
--- response_body eval
["/echo/tasks user=u-ba-1 email=ann\@example.com\n",
 "/echo/tasks/1 user=u-ba-1 email=ann\@example.com\n",
 "/echo/tasks/2 user=u-ba-1 email=ann\@example.com\n"]
--- no_error_log
jwt_auth: rejected
[error]
[alert]
[crit]



=== TEST 12: Better Auth's session cookie: no cookie, another cookie only, a session without userId, a foreign signature
--- http_config
    map $http_cookie $ba_session {
        "~(?:^|;\s*)better-auth\.session_data=(?<t>[^;]+)" $t;
    }
--- config
    location /api/ {
        jwt_auth "app" token=$ba_session;
        jwt_auth_user_claim session.userId;
        jwt_auth_set_header X-User-Id session.userId;
        add_header X-JWT-Error "[$jwt_auth_error]" always;
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/echo/;
    }
--- request eval
["GET /api/a", "GET /api/b", "GET /api/c", "GET /api/d"]
--- more_headers eval
["",
 "Cookie: better-auth.session_token=abc.def\nAuthorization: Bearer $::ba_session",
 "Cookie: better-auth.session_data=$::ba_no_user",
 "Cookie: better-auth.session_data=$::ba_other_secret"]
--- error_code eval
[401, 401, 401, 401]
--- response_headers eval
["X-JWT-Error: [missing_token]\nWWW-Authenticate: Bearer realm=\"app\"",
 "X-JWT-Error: [missing_token]\nWWW-Authenticate: Bearer realm=\"app\"",
 "X-JWT-Error: [missing_user]\nWWW-Authenticate: Bearer realm=\"app\", error=\"invalid_token\", error_description=\"token has no user claim\"",
 "X-JWT-Error: [bad_signature]"]
--- no_error_log
[error]
[alert]
[crit]
