# The revocation store over the life of one nginx, what a Test::Nginx
# block cannot do (it starts a fresh nginx for every block): two workers
# that see an entry from the request after it was posted, a reload and a
# restart that keep the entries (the restart through state=), a restart
# without state= that empties the store, a corrupt state file that stops
# nginx (and nginx -t) without being emptied, and a state file that the
# workers cannot write: 500 state_not_saved, a crit line, the entry still
# refusing.
#
# nginx is TEST_NGINX_BINARY (default: nginx on PATH), with a load_module
# line for each file of TEST_NGINX_LOAD_MODULES (none when it is empty: the
# module is built into the binary).  It runs in the foreground (daemon
# off) with master_process on and two workers, as a child of this script
# in a process group of its own, listening on 127.0.0.1 only, on
# TEST_NGINX_LIFECYCLE_PORT (default: TEST_NGINX_PORT + 100, 2084 without
# it), with "reuseport" so that the kernel spreads new connections over
# both workers.  Its prefix is t/servroot-lifecycle-<port>, removed at the
# end; nginx is stopped at the end whatever happened (END).
use strict;
use warnings;

use FindBin;
use Cwd qw(abs_path);
use lib "$FindBin::Bin/../lib";
use JWTAuthTest;
use Test::More;
use IO::Socket::INET ();
use File::Path qw(make_path remove_tree);
use JSON::PP ();
use POSIX qw(WNOHANG);
use Time::HiRes qw(time sleep);

my $binary = $ENV{TEST_NGINX_BINARY} || 'nginx';
my @modules = grep { length } split ' ', $ENV{TEST_NGINX_LOAD_MODULES} // '';
my $port = $ENV{TEST_NGINX_LIFECYCLE_PORT}
           // ($ENV{TEST_NGINX_PORT} // 1984) + 100;
my $prefix = abs_path("$FindBin::Bin/..") . "/servroot-lifecycle-$port";
# the state files, as state= names them relative to the prefix
my $state = "$prefix/state/revoked.json";
my $readonly_state = "$prefix/readonly/revoked.json";
my $is_root = $> == 0;

my $master;       # the pid of the running nginx, in a process group of its own

my $revoked = token(sub => 'user-1', jti => 'life-1');
my $other = token(sub => 'user-1', jti => 'life-2');
my $far = now() + 3600;
my $entry = qq{{"jti":"life-1","exp":$far}};

# ---------------------------------------------------------------------------
# nginx: its configuration, start, stop, reload

# conf/nginx.conf: state => the state file (or none), user => the user
# of the workers (root or nobody; none when not running as root)
sub configure {
    my (%o) = @_;

    my $user = '';
    if ($is_root) {
        my $name = $o{user} // 'root';
        my $group = getgrgid((getpwnam($name))[3]) // $name;
        $user = "user $name $group;\n";
    }

    my $store = 'jwt_auth_revocation zone=revoked:1m'
              . (defined $o{state} ? " state=$o{state}" : '') . ';';

    my $temp = '';
    my $v = `'$binary' -V 2>&1`;
    for my $t (qw(client_body proxy fastcgi uwsgi scgi)) {
        next if $t =~ /^(fastcgi|uwsgi|scgi)$/
                && $v =~ /--without-http_${t}_module/;
        $temp .= "    ${t}_temp_path $prefix/${t}_temp;\n";
    }

    my $conf = join '', map { "load_module $_;\n" } @modules;
    $conf .= <<"END";
worker_processes 2;
master_process on;
daemon off;
error_log $prefix/logs/error.log info;
pid $prefix/logs/nginx.pid;
$user
events {
    worker_connections 64;
}

http {
    access_log off;
    default_type text/plain;
    keepalive_timeout 0;
$temp
    jwt_auth_secret "@{[ SECRET ]}";
    $store

    server {
        listen 127.0.0.1:$port reuseport;
        server_name localhost;

        add_header X-Pid \$pid always;

        location /api/ {
            jwt_auth "tasks";
            alias $prefix/html/;
        }

        location = /_revocations {
            jwt_auth_revocation_api revoked;
        }
    }
}
END

    write_file("$prefix/conf/nginx.conf", $conf);
}

sub write_file {
    my ($path, $text) = @_;
    open my $fh, '>', $path or die "cannot write $path: $!\n";
    print $fh $text;
    close $fh or die "cannot write $path: $!\n";
}

sub read_file {
    my ($path) = @_;
    open my $fh, '<', $path or return undef;
    local $/;
    return scalar <$fh>;
}

# the lines nginx wrote to its error log since $from (a byte offset)
sub log_since {
    my ($from) = @_;
    my $log = read_file("$prefix/logs/error.log") // '';
    return substr($log, $from // 0);
}

sub log_size {
    return -s "$prefix/logs/error.log" // 0;
}

sub nginx_command {
    return ($binary, '-p', "$prefix/", '-c', 'conf/nginx.conf', @_);
}

# what nginx -t prints (its exit status in $?)
sub nginx_t {
    my $command = join ' ', map { quotemeta } nginx_command('-t');
    return scalar `$command 2>&1`;
}

# Starts nginx; returns 1 once its pid file names it (it listens by then),
# or 0 when it exited (its exit status in $?), with what it printed in
# logs/stderr.
sub start {
    unlink "$prefix/logs/nginx.pid";

    my $pid = fork // die "fork: $!\n";
    if ($pid == 0) {
        setpgrp(0, 0);
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';
        open STDERR, '>', "$prefix/logs/stderr";
        { no warnings 'exec'; exec { $binary } nginx_command(); }
        POSIX::_exit(127);
    }

    $master = $pid;

    for (1 .. 1000) {
        if (waitpid($pid, WNOHANG) == $pid) {
            undef $master;
            return 0;
        }
        my $written = read_file("$prefix/logs/nginx.pid") // '';
        return 1 if $written =~ /^\s*$pid\s*$/;
        sleep 0.01;
    }

    die "nginx did not start in 10 s\n";
}

# Stops nginx (QUIT, then KILL of its process group) and reaps it.
sub stop {
    my $pid = $master // return;
    undef $master;

    kill 'QUIT', $pid;
    for (1 .. 1000) {
        last if waitpid($pid, WNOHANG) == $pid;
        sleep 0.01;
    }
    kill 'KILL', -$pid;
    waitpid($pid, 0);
}

# on SIGINT or SIGTERM too: exit, so that END runs
$SIG{$_} = sub { exit 1 } for qw(INT TERM);

END {
    local $?;
    if (defined $master) {
        kill 'KILL', -$master;
        waitpid($master, 0);
    }
    remove_tree($prefix) if -d $prefix;
}

# ---------------------------------------------------------------------------
# HTTP

sub connect_nginx {
    return IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                 Proto => 'tcp', Timeout => 5)
        // die "cannot connect to 127.0.0.1:$port: $!\n";
}

sub request_text {
    my ($method, $uri, %o) = @_;
    my $body = $o{body} // '';
    my $text = "$method $uri HTTP/1.1\r\nHost: localhost\r\n"
             . "Connection: close\r\n";
    $text .= "Authorization: Bearer $o{token}\r\n" if defined $o{token};
    $text .= 'Content-Length: ' . length($body) . "\r\n"
        if $method eq 'POST';
    return "$text\r\n$body";
}

sub read_response {
    my ($sock) = @_;
    local $/;
    my $raw = <$sock> // '';
    close $sock;

    my ($head, $body) = split /\r\n\r\n/, $raw, 2;
    my ($status_line, @lines) = split /\r\n/, $head // '';
    my %headers = map { /^([^:]+):\s*(.*)$/ ? (lc $1 => $2) : () } @lines;
    my ($status) = ($status_line // '') =~ m{^HTTP/\S+ (\d+)};
    return { status => $status // 0, headers => \%headers,
             body => $body // '' };
}

sub request {
    my $sock = connect_nginx();
    print $sock request_text(@_);
    return read_response($sock);
}

# $n requests with $token at once, each on its own new connection: all
# connected, then all sent, then all read
sub at_once {
    my ($n, $token) = @_;
    my @socks = map { connect_nginx() } 1 .. $n;
    print $_ request_text('GET', '/api/ok', token => $token) for @socks;
    return map { read_response($_) } @socks;
}

# Requests with $token at once until answers came from two workers (at
# most 50 rounds of 16); returns the answers
sub from_both_workers {
    my ($token, %o) = @_;
    my (@answers, %pids);
    for (1 .. 50) {
        for my $r (at_once(16, $token)) {
            push @answers, $r;
            my $pid = $r->{headers}{'x-pid'} // '';
            $pids{$pid} = 1 if !$o{not} || !$o{not}{$pid};
        }
        last if keys %pids >= 2;
    }
    return (\@answers, [sort keys %pids]);
}

sub statuses {
    my ($answers) = @_;
    my %n;
    $n{ $_->{status} }++ for @$answers;
    return join ', ', map { "$n{$_} x $_" } sort keys %n;
}

sub listed {
    my $r = request('GET', '/_revocations');
    return $r->{status} == 200 ? JSON::PP::decode_json($r->{body}) : undef;
}

# ---------------------------------------------------------------------------

remove_tree($prefix) if -d $prefix;
make_path(map { "$prefix/$_" } qw(conf logs html state));
write_file("$prefix/html/ok", "ok\n");

configure(state => 'state/revoked.json');
my $t_out = nginx_t();
if ($t_out =~ /unknown directive "jwt_auth/) {
    plan skip_all => "no module: $binary has no jwt_auth built in and "
                   . "TEST_NGINX_LOAD_MODULES names none";
}
is($?, 0, 'nginx -t accepts the configuration') or diag($t_out);

# --- two workers: an entry refuses from the next request on, in both

ok(start(), 'nginx starts with two workers')
    or BAIL_OUT('nginx did not start: '
                . (read_file("$prefix/logs/stderr") // '')
                . log_since(0));

my ($before, $pids) = from_both_workers($revoked);
is(scalar @$pids, 2, 'two workers answer');
is(statuses($before), scalar(@$before) . ' x 200',
   'the token passes in both workers before it is revoked');

my $t0 = time;
my $r = request('POST', '/_revocations', body => $entry);
is($r->{status}, 200, 'POST of the entry: 200');
is($r->{body}, qq{{"stored":1,"expired":0}\n}, 'one entry stored');

my ($after, $after_pids) = from_both_workers($revoked);
my $elapsed = time - $t0;
is(scalar @$after_pids, 2, 'both workers answer after the POST');
is(statuses($after), scalar(@$after) . ' x 401',
   'every answer, from both workers, is 401');
is(scalar(grep { ($_->{headers}{'www-authenticate'} // '')
                 =~ /error_description="token has been revoked"/ } @$after),
   scalar @$after, 'every refusal says the token has been revoked');
cmp_ok($elapsed, '<', 1, 'all within the second of the POST');
is(statuses([at_once(4, $other)]), '4 x 200', 'a token of another jti passes');

# --- a reload keeps the entries

my %old = map { $_ => 1 } @$pids, @$after_pids;
my $log_at = log_size();
kill 'HUP', $master;

my ($reloaded, $new_pids);
for (1 .. 100) {
    ($reloaded, $new_pids) = from_both_workers($revoked, not => \%old);
    last if @$new_pids >= 2;
    sleep 0.1;
}
is(scalar @$new_pids, 2, 'after a reload (SIGHUP) two new workers answer');
is(statuses($reloaded), scalar(@$reloaded) . ' x 401',
   'the revoked token is refused by the new workers');
like(log_since($log_at), qr/reconfiguring/, 'nginx reloaded');
is_deeply(listed(), { entries => [{ jti => 'life-1', exp => $far }],
                      count => 1 }, 'GET lists the entry after the reload');

# --- a restart with state= keeps them; the file is JSON listing them

stop();
my $saved = read_file($state);
ok(defined $saved, 'the state file is there');
my $decoded = eval { JSON::PP::decode_json($saved // '') };
is_deeply($decoded, { entries => [{ jti => 'life-1', exp => $far }],
                      count => 1 }, 'it is JSON listing the entry')
    or diag("state file: " . ($saved // '(none)'));

ok(start(), 'nginx starts again, reading the state file');
my ($restarted) = from_both_workers($revoked);
is(statuses($restarted), scalar(@$restarted) . ' x 401',
   'the revoked token is refused after the restart');
is_deeply(listed(), { entries => [{ jti => 'life-1', exp => $far }],
                      count => 1 }, 'GET lists the entry after the restart');

$r = request('DELETE', '/_revocations?jti=life-1');
is($r->{status}, 200, 'DELETE of the entry: 200');
is_deeply(JSON::PP::decode_json(read_file($state) // '{}'),
          { entries => [], count => 0 }, 'the state file lists no entry');
stop();

# --- without state= a restart empties the store

configure();
ok(start(), 'nginx starts without state=');
request('POST', '/_revocations', body => $entry);
is(statuses([at_once(4, $revoked)]), '4 x 401', 'the posted entry refuses');
stop();
ok(start(), 'and starts again');
is(statuses([at_once(4, $revoked)]), '4 x 200',
   'after the restart the token passes: the store is empty');
is_deeply(listed(), { entries => [], count => 0 }, 'GET lists nothing');
stop();

# --- a corrupt state file stops nginx -t and nginx, and stays as it was

my @corrupt = (
    ['not JSON', "{\"entries\": [\n"],
    ['an entry of the wrong type',
     qq<{"entries":[{"jti":"life-1","exp":$far},{"jti":5,"exp":$far}],>
     . qq<"count":2}\n>],
);

configure(state => 'state/revoked.json');

for my $c (@corrupt) {
    my ($what, $text) = @$c;
    write_file($state, $text);

    my $out = nginx_t();
    isnt($?, 0, "$what: nginx -t fails");
    like($out, qr/\Qthe state file "$state" is corrupt\E/,
         "$what: nginx -t names the file and says it is corrupt")
        or diag($out);

    my $from = log_size();
    ok(!start(), "$what: nginx does not start");
    isnt($?, 0, "$what: it exits with an error");
    my $said = (read_file("$prefix/logs/stderr") // '') . log_since($from);
    like($said, qr/\[emerg\].*\Qthe state file "$state" is corrupt\E/,
         "$what: its message names the file and says it is corrupt")
        or diag($said);
    stop();

    is(read_file($state), $text, "$what: the file is left as it was");
}

like(nginx_t(),
     qr/corrupt: entry 1: "jti", "session" and "sub" are strings/,
     'the message says what is wrong in the file');
unlink $state;

# --- a state file the workers cannot write

SKIP: {
    skip 'the workers run as nobody only when this runs as root', 6
        unless $is_root && defined getpwnam('nobody');

    make_path("$prefix/readonly");
    chown 0, 0, "$prefix/readonly";
    chmod 0755, "$prefix/readonly";

    configure(state => 'readonly/revoked.json', user => 'nobody');
    ok(start(), 'nginx starts with workers as nobody and a root-owned '
              . 'state directory');

    my $from = log_size();
    $r = request('POST', '/_revocations', body => $entry);
    is($r->{status}, 500, 'POST: 500');
    like($r->{body}, qr/\A\{"error":"state_not_saved","error_description":
                        "[^"]+"\}\n\z/x, 'state_not_saved');
    like(log_since($from), qr/\[crit\].*jwt_auth_revocation:[ ]cannot[ ]write
                              [ ]"\Q$readonly_state\E\.\d+\.tmp"/x,
         'the error log has a crit line saying which file');
    is(statuses([at_once(4, $revoked)]), '4 x 401',
       'the entry still refuses');
    ok(!-e $readonly_state, 'no state file was written');
    stop();
}

done_testing();
