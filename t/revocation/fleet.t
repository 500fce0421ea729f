# A fleet of two nginx instances behind a load balancer, converging on the
# backend's one revocation list through jwt_auth_revocation_request: the
# recipe of README's "Many nginx instances", with interval=1s, a read
# timeout of 2s and the state file in each instance's directory.  Each
# instance (two workers) pulls the list from a third server, a plain nginx
# that serves it from a file this script rewrites (atomically), and that
# answers 500, or hangs (proxied to a socket that never answers), while a
# flag file says so.
#
# Checked: both instances refuse the listed tokens and only those; after
# the list changes, both refuse the new entry within the interval and the
# time of a fetch; while the backend answers 500, garbage, or nothing at
# all, both keep refusing what they had and log why, and an instance
# restarted meanwhile refuses from its state file at once; a request that
# starts a fetch of a backend that hangs is answered at once, and a fetch
# whose request goes away (its client gone, mid-answer) is given up and
# logged; the instances converge again once the backend is back.
#
# Run by prove like the Test::Nginx files: nginx from TEST_NGINX_BINARY,
# the module from TEST_NGINX_LOAD_MODULES (none: built into nginx), the
# ports from TEST_NGINX_FLEET_PORT (default TEST_NGINX_PORT + 200, or
# 2184): that port and the three after it, on 127.0.0.1.  Everything runs
# under a temporary directory and is stopped at the end, on failure too.
use strict;
use warnings;
use FindBin;
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::More;
use File::Temp qw(tempdir);
use File::Path qw(make_path);
use IO::Socket::INET;
use IO::Select;
use POSIX qw(WNOHANG EAGAIN EINTR);
use Time::HiRes qw(time sleep);

my $nginx = $ENV{TEST_NGINX_BINARY} || 'nginx';
my @modules = grep { length } split ' ', $ENV{TEST_NGINX_LOAD_MODULES} // '';
my $base = $ENV{TEST_NGINX_FLEET_PORT} // (($ENV{TEST_NGINX_PORT} // 1984) + 200);
my %port = (a => $base, b => $base + 1, backend => $base + 2,
            hang => $base + 3);

my $interval = 1;
my $exp = now() + 3600;

my %token = map { $_ => token(sub => "user-$_", jti => $_) }
                qw(j-1 j-2 j-3 j-4);

my $dir = tempdir('jwt-auth-fleet-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my %pid;          # name => master pid, of the nginx started here
my $hang;         # the socket that never answers

# ---------------------------------------------------------------------------
# the three servers

sub temp_paths {
    my ($prefix) = @_;
    return join '', map { "    ${_}_temp_path $prefix/${_}_temp;\n" }
                    qw(client_body proxy fastcgi uwsgi scgi);
}

sub main_conf {
    my ($name, $load) = @_;
    my $conf = '';
    $conf .= "load_module $_;\n" for $load ? @modules : ();
    $conf .= "user root;\n" if $> == 0;
    return $conf
         . "worker_processes 2;\n"
         . "daemon off;\n"
         . "master_process on;\n"
         . "error_log $dir/$name/error.log info;\n"
         . "pid $dir/$name/nginx.pid;\n"
         . "events {\n    worker_connections 256;\n}\n";
}

# the backend: its list from a file; 500 or no answer while a flag says so
sub backend_conf {
    my $html = "$dir/backend/html";
    return main_conf('backend', 0) . <<"END";
http {
    access_log $dir/backend/access.log;
@{[ temp_paths("$dir/backend") ]}
    server {
        listen 127.0.0.1:$port{backend};
        root $html;

        location = /revocations {
            if (-f $html/slow) {
                proxy_pass http://127.0.0.1:$port{hang};
            }
            if (-f $html/fail) {
                return 500;
            }
            default_type application/json;
            alias $html/list.json;
            proxy_read_timeout 3s;
        }
    }
}
END
}

# an instance, as README's recipe has it (with interval=1s)
sub instance_conf {
    my ($name) = @_;
    my $secret = SECRET;
    return main_conf($name, 1) . <<"END";
http {
    access_log $dir/$name/access.log;
@{[ temp_paths("$dir/$name") ]}
    jwt_auth_secret "$secret";

    jwt_auth_revocation zone=revoked:10m state=$dir/$name/revoked.json
                        lifetime=7d session=session.id;
    jwt_auth_revocation_request /_revoked interval=${interval}s;

    server {
        listen 127.0.0.1:$port{$name};

        location = /_revoked {
            internal;
            proxy_pass http://127.0.0.1:$port{backend}/revocations;
            proxy_connect_timeout 2s;
            proxy_read_timeout 2s;
        }

        location /api/ {
            jwt_auth "tasks";
            jwt_auth_set_header X-User-Id sub;
            add_header X-Error \$jwt_auth_error always;
            alias $dir/$name/html/;
        }
    }
}
END
}

sub write_file {
    my ($file, $text) = @_;
    open my $fh, '>', "$file.tmp" or die "cannot write $file.tmp: $!\n";
    print $fh $text;
    close $fh or die "cannot write $file.tmp: $!\n";
    rename "$file.tmp", $file or die "cannot rename $file.tmp: $!\n";
}

sub read_file {
    my ($file) = @_;
    open my $fh, '<', $file or return '';
    local $/;
    return scalar <$fh>;
}

# the backend's list: the entries of these token ids
sub set_list {
    my @jtis = @_;
    write_file("$dir/backend/html/list.json",
               '[' . join(',', map { qq{{"jti":"$_","exp":$exp}} } @jtis)
               . "]\n");
}

sub flag {
    my ($name, $on) = @_;
    my $file = "$dir/backend/html/$name";
    if ($on) {
        write_file($file, "on\n");
    } else {
        unlink $file;
    }
}

sub port_free {
    my ($port) = @_;
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                                  LocalPort => $port, Proto => 'tcp',
                                  Listen => 1, ReuseAddr => 1)
        or return 0;
    close $s;
    return 1;
}

sub start_nginx {
    my ($name, $conf) = @_;
    my $prefix = "$dir/$name";
    make_path("$prefix/html", "$prefix/conf");
    write_file("$prefix/conf/nginx.conf", $conf);

    my @cmd = ($nginx, '-p', "$prefix/", '-c', "$prefix/conf/nginx.conf",
               '-e', "$prefix/error.log");

    my $out = `@cmd -t 2>&1`;
    if ($?) {
        if (!@modules && $out =~ /unknown directive "jwt_auth/) {
            plan skip_all => "no module: TEST_NGINX_LOAD_MODULES is not set "
                           . "and $nginx has no jwt_auth built in";
        }
        die "nginx -t of $name failed:\n$out";
    }

    my $pid = fork;
    die "fork: $!\n" unless defined $pid;
    if ($pid == 0) {
        setpgrp(0, 0);    # its workers too: a process group to stop
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';
        open STDERR, '>>', "$prefix/stderr.log";
        { no warnings 'exec'; exec { $cmd[0] } @cmd; }
        print STDERR "cannot exec $cmd[0]: $!\n";
        POSIX::_exit(127);
    }
    $pid{$name} = $pid;

    # up once it has written its pid file (its sockets are open by then)
    my $deadline = time + 10;
    until (-s "$prefix/nginx.pid") {
        if (waitpid($pid, WNOHANG) == $pid) {
            delete $pid{$name};
            die "nginx $name exited at start:\n"
                . read_file("$prefix/stderr.log")
                . read_file("$prefix/error.log");
        }
        die "nginx $name did not start in 10s\n" if time > $deadline;
        sleep 0.01;
    }
}

sub stop_nginx {
    my ($name) = @_;
    my $pid = delete $pid{$name} or return;
    my $reaped = 0;

    # the master, then whatever of its process group is left
    for my $step (['QUIT', 5], ['TERM', 2], ['KILL', 2]) {
        my ($sig, $wait) = @$step;
        kill $sig, -$pid;
        my $deadline = time + $wait;
        while (time < $deadline) {
            $reaped ||= waitpid($pid, WNOHANG) == $pid;
            return if $reaped && !kill(0, -$pid);
            sleep 0.01;
        }
    }
    waitpid($pid, 0) unless $reaped;
}

sub stop_all {
    stop_nginx($_) for keys %pid;
    close $hang if $hang;
    undef $hang;
}

END { stop_all() }
$SIG{$_} = sub { stop_all(); exit 1 } for qw(INT TERM HUP);

# ---------------------------------------------------------------------------
# requests

# GET /api/ok.txt with a token; the status and the seconds it took to have
# the whole answer (by its Content-Length: not waiting for the close)
sub get {
    my ($name, $jti) = @_;
    my $t0 = time;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $port{$name}, Proto => 'tcp',
                                  Timeout => 5)
        or return (0, time - $t0);

    print $s "GET /api/ok.txt HTTP/1.1\r\nHost: fleet\r\n"
           . "Authorization: Bearer $token{$jti}\r\n"
           . "Connection: close\r\n\r\n";

    $s->blocking(0);
    my $sel = IO::Select->new($s);
    my $resp = '';
    my $deadline = $t0 + 5;

    while (time < $deadline && $sel->can_read($deadline - time)) {
        my $n = sysread($s, my $buf, 65536);
        next if !defined $n && ($! == EAGAIN || $! == EINTR);
        last if !$n;
        $resp .= $buf;
        if ($resp =~ /\A(.*?\r\n\r\n)/s) {
            my $head = $1;
            my ($len) = $head =~ /^Content-Length:\s*(\d+)/mi;
            last if defined $len && length($resp) >= length($head) + $len;
        }
    }
    my $took = time - $t0;
    close $s;

    my ($status) = $resp =~ m{\AHTTP/1\.\d (\d{3})};
    return ($status // 0, $took);
}

sub status { return (get(@_))[0] }

# polls until $cond holds (true) or $limit seconds have passed; the seconds
# it took, or undef
sub within {
    my ($limit, $cond) = @_;
    my $t0 = time;
    while (time - $t0 <= $limit) {
        return time - $t0 if $cond->();
        sleep 0.05;
    }
    return undef;
}

# requests to both instances for $seconds (each may start a fetch); true
# when every answer for every token of @jtis was a 401
sub keeps_refusing {
    my ($seconds, @jtis) = @_;
    my $all = 1;
    my $t0 = time;
    while (time - $t0 < $seconds) {
        for my $name (qw(a b)) {
            for my $jti (@jtis) {
                my $st = status($name, $jti);
                if ($st != 401) {
                    diag("$name answered $st for $jti");
                    $all = 0;
                }
            }
        }
        sleep 0.1;
    }
    return $all;
}

sub error_lines {
    my ($name, $text) = @_;
    return scalar grep { index($_, $text) >= 0 }
                  split /\n/, read_file("$dir/$name/error.log");
}

# ---------------------------------------------------------------------------

for my $p (sort { $a <=> $b } values %port) {
    port_free($p)
        or BAIL_OUT("port $p on 127.0.0.1 is in use: set "
                    . "TEST_NGINX_FLEET_PORT to the first of four free ports");
}

$hang = IO::Socket::INET->new(LocalAddr => '127.0.0.1',
                              LocalPort => $port{hang}, Proto => 'tcp',
                              Listen => 16, ReuseAddr => 1)
    or BAIL_OUT("cannot listen on 127.0.0.1:$port{hang}: $!");

make_path("$dir/backend/html");
set_list('j-1');

eval {
    start_nginx('backend', backend_conf());
    for my $name (qw(a b)) {
        start_nginx($name, instance_conf($name));
        write_file("$dir/$name/html/ok.txt", "ok\n");
        write_file("$dir/$name/html/big.bin", 'x' x (16 << 20));
    }
    1;
} or do {
    my $err = $@;
    stop_all();
    BAIL_OUT($err);
};

# the first fetch: each instance refuses j-1 once it has answered

for my $name (qw(a b)) {
    ok(defined within(5, sub { status($name, 'j-1') == 401 }),
       "instance $name refuses the listed token once its first fetch "
       . "answered");
    is(status($name, 'j-2'), 200, "instance $name lets an unlisted token "
                                  . "through");
}

# the list changes: both converge within the interval and a fetch

set_list('j-1', 'j-2');

for my $name (qw(a b)) {
    my $took = within(5, sub { status($name, 'j-2') == 401 });
    ok(defined $took && $took <= $interval + 1.5,
       sprintf("instance %s refuses the new entry %s after the list "
               . "changed (interval=%ds; at most %.1fs)", $name,
               defined $took ? sprintf('%.2fs', $took) : 'not even 5s',
               $interval, $interval + 1.5));
}

is(status('a', 'j-3'), 200, 'a token the list does not have still passes');

# the backend answers 500: the entries stay, the failure is logged

flag('fail', 1);

ok(keeps_refusing(2.5, 'j-1', 'j-2'),
   'while the backend answers 500, both instances keep refusing the '
   . 'listed tokens');

for my $name (qw(a b)) {
    ok(error_lines($name, 'jwt_auth: the revocation feed "/_revoked" '
                          . 'failed: status 500; zone "revoked" is kept as '
                          . 'it is'),
       "instance $name logs the 500");
}

# an instance restarted while the backend fails starts from its state file

stop_nginx('b');
start_nginx('b', instance_conf('b'));

is(status('b', 'j-2'), 401, 'instance b, restarted while the backend '
                            . 'answers 500, refuses from its state file at '
                            . 'once');
ok(keeps_refusing(1.5, 'j-1', 'j-2'), 'and both keep refusing');

# the backend answers garbage

flag('fail', 0);
write_file("$dir/backend/html/list.json",
           "<html><body>502 Bad Gateway</body></html>\n");

ok(keeps_refusing(2.5, 'j-1', 'j-2'),
   'while the backend answers garbage, both instances keep refusing the '
   . 'listed tokens');

for my $name (qw(a b)) {
    ok(error_lines($name, 'jwt_auth: the revocation feed "/_revoked" '
                          . "failed: not JSON: invalid token near "
                          . "'<'"),
       "instance $name logs that the answer is not JSON");
}

# the backend does not answer: the requests that start the fetches are
# answered at once all the same

flag('slow', 1);
set_list('j-1', 'j-2', 'j-3');
sleep $interval + 0.1;

# a client that asks for 16 MiB and goes away without reading: its request
# ends in an error while the fetch it started hangs

{
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1',
                                  PeerPort => $port{a}, Proto => 'tcp')
        or die "cannot connect to instance a: $!\n";
    print $s "GET /api/big.bin HTTP/1.1\r\nHost: fleet\r\n"
           . "Authorization: Bearer $token{'j-4'}\r\n\r\n";
    sleep 0.2;
    close $s;
}

ok(defined within(3, sub {
       error_lines('a', 'jwt_auth: the revocation feed "/_revoked" failed: '
                        . 'the request that started it went away first; '
                        . 'zone "revoked" is kept as it is') }),
   'a fetch whose request went away is given up, and logged');

my ($slowest, $answered, $sent) = (0, 0, 0);
my $t0 = time;
while (time - $t0 < 3) {
    for my $name (qw(a b)) {
        my ($st, $took) = get($name, 'j-4');
        $slowest = $took if $took > $slowest;
        $answered++ if $st == 200;
        $sent++;
    }
    sleep 0.2;
}

ok($answered == $sent && $slowest < 0.5,
   sprintf("while the backend hangs, the requests that start fetches and "
           . "those during them are answered: %d of %d, the slowest in "
           . "%.3fs", $answered, $sent, $slowest));

for my $name (qw(a b)) {
    ok(defined within(3, sub {
           error_lines($name, 'jwt_auth: the revocation feed "/_revoked" '
                              . 'failed: status 504; zone "revoked" is kept '
                              . 'as it is') }),
       "instance $name logs the fetch that timed out");
    is(status($name, 'j-1'), 401, "instance $name still refuses the listed "
                                  . 'token');
}

# the backend is back: both converge on the entry added meanwhile

flag('slow', 0);

for my $name (qw(a b)) {
    my $took = within(6, sub { status($name, 'j-3') == 401 });
    ok(defined $took,
       sprintf("instance %s refuses the entry added while the backend "
               . "hung, %s after it came back", $name,
               defined $took ? sprintf('%.2fs', $took) : 'not in 6s'));
}

# no instance logged anything worse than the feed's failures

for my $name (qw(a b)) {
    my @bad = grep { /\[(?:alert|crit|emerg)\]/ }
              split /\n/, read_file("$dir/$name/error.log");
    is(scalar @bad, 0, "instance $name logged no alert, crit or emerg")
        or diag(join "\n", @bad);
}

my @masters = values %pid;
stop_all();

is(scalar(grep { kill 0, -$_ } @masters), 0,
   'every nginx started here is stopped');

done_testing();
