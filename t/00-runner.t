# Self-test of the test runner (t/runner/Test/Nginx/Socket.pm), using only
# stock nginx features.  It must also pass unchanged under CPAN's
# Test::Nginx, with the same number of tests.
use Test::Nginx::Socket;

repeat_each(2);

# blocks() counts the blocks that run (not the SKIP one, none after LAST).
# Most make 3 checks (status, body, the no_error_log added below); the
# others make 14 more in total.
plan tests => repeat_each() * (3 * blocks() + 14);

# Blocks that say nothing about the error log must not log an [error].
add_block_preprocessor(sub {
    my $block = shift;
    if (!defined $block->error_log && !defined $block->no_error_log) {
        $block->set_value("no_error_log", "[error]");
    }
});

run_tests();

__DATA__

=== TEST 1: return a body
--- config
    location /t {
        return 200 "hello\n";
    }
--- request
GET /t
--- response_body
hello



=== TEST 2: default root location, 404 logged in error.log
--- config
--- request
GET /no-such-file.txt
--- error_code: 404
--- response_body_like: 404 Not Found
--- error_log
open()
No such file or directory
--- no_error_log
[alert]



=== TEST 3: response_headers: exact, repeated, empty, absent
--- config
    location /h {
        add_header X-Foo bar;
        add_header X-Multi one;
        add_header X-Multi two;
        return 200 "h\n";
    }
--- request
GET /h
--- response_headers
X-Foo: bar
x-multi: one, two
Content-Type: text/plain
X-Empty:
!X-Absent
--- response_body
h



=== TEST 4: response_headers_like and error_code_like
--- config
    location /l {
        add_header X-Num 12345;
        return 201 "x";
    }
--- request
GET /l
--- error_code_like: ^20[01]$
--- response_headers_like
X-Num: \d+
Content-Length: [0-9]
--- response_body chomp
x



=== TEST 5: user_files in a subdirectory, with $TEST_NGINX_* expansion
--- user_files
>>> sub/dir/hello.txt
port $TEST_NGINX_SERVER_PORT
>>> other.txt
other
--- config
--- request
GET /sub/dir/hello.txt
--- response_body
port $TEST_NGINX_SERVER_PORT



=== TEST 6: request body, proxied back to this server
--- config
    location /echo {
        proxy_pass http://127.0.0.1:$TEST_NGINX_SERVER_PORT/sink;
        proxy_set_header X-Body $request_body;
    }
    location /sink {
        return 200 "body=[$http_x_body] len=$http_content_length\n";
    }
--- request
POST /echo
hello world
--- response_body
body=[hello world] len=11



=== TEST 7: several requests with per-request headers and expectations
--- config
    location /a { return 200 "a:$http_x_v\n"; }
    location /b { return 201 "b:$http_x_v\n"; }
--- request eval
["GET /a", "GET /b"]
--- more_headers eval
["X-V: 1", "X-V: 2"]
--- error_code eval
[200, 201]
--- response_body eval
["a:1\n", "b:2\n"]



=== TEST 8: more_headers overriding Host, HTTP/1.0 request line
--- config
    location /m {
        return 200 "host=$host x=$http_x_test proto=$server_protocol conn=$http_connection\n";
    }
--- more_headers
Host: example.com
X-Test: hi
--- request
GET /m HTTP/1.0
--- response_body
host=example.com x=hi proto=HTTP/1.0 conn=close



=== TEST 9: error_log with qr//, log_level
--- log_level: warn
--- config
    location /e {
        root /nonexistent-dir;
    }
--- request
GET /e
--- error_code: 404
--- error_log eval
[qr/\[error\] .*"\/nonexistent-dir\/e" failed/]
--- no_error_log
[debug]
[notice]



=== TEST 10: must_die with an unknown directive
--- config
    no_such_directive_here on;
--- must_die
--- suppress_stderr
--- error_log
unknown directive "no_such_directive_here"



=== TEST 11: main_config and http_config
--- main_config
    worker_rlimit_nofile 1024;
--- http_config
    map $uri $kind {
        default "other";
        /map    "mapped";
    }
--- config
    location /map {
        return 200 "$kind\n";
    }
--- request
GET /map
--- response_body
mapped



=== TEST 12: a chunked response body is decoded
--- user_files
>>> s.html
a<!--# echo var="ssi_v" -->b
--- config
    ssi on;
    ssi_types *;
    set $ssi_v X;
--- request
GET /s.html
--- response_headers
Transfer-Encoding: chunked
!Content-Length
--- response_body
aXb



=== TEST 13: response_body eval qr//, timeout
--- config
    location /r {
        return 200 "random $msec\n";
    }
--- request
GET /r
--- timeout: 5
--- response_body eval
qr/^random \d+\.\d{3}\n\z/



=== TEST 14: SKIP drops a block
--- SKIP
--- config
--- request
GET /
--- error_code: 599



=== TEST 15: error_page keeps the status; response_body_unlike
--- config
    error_page 404 /custom404;
    location = /custom404 {
        return 200 "custom\n";
    }
--- request
GET /missing
--- error_code: 404
--- response_body_unlike: Not Found
--- no_error_log
[crit]



=== TEST 16: chomp filter, comment line before the request line
--- config
    location /c {
        return 200 "no newline";
    }
--- request
# a comment line is skipped
GET /c
--- response_body chomp
no newline



=== TEST 17: LAST stops after this block
--- config
    location /last {
        return 200 "last\n";
    }
--- request
GET /last
--- response_body
last
--- LAST



=== TEST 18: never runs (after LAST)
--- config
--- request
GET /
--- error_code: 599
