package Test::Nginx::Socket;

# A small stand-in for CPAN's Test::Nginx::Socket, used by `make test` when
# the real module is not installed (prove -I t/runner -r t).  It implements
# the subset of the data-driven block format described in
# shared/TEST-NGINX.md; the same .t files of t/ run unchanged under the real
# module.  Written from scratch on top of Test::Base.
#
# Main differences from the real module (all deliberate):
#   * nginx runs in the foreground ("daemon off;") as our own child process
#     (in its own process group) and is stopped and reaped after every
#     block, on die/exit (END) and on SIGINT/SIGTERM.  Nothing is left
#     running.
#   * Readiness is detected by waiting for nginx to write its pid file
#     (it does so after the listening sockets are open) rather than by
#     probing the port, so no stray connection shows up in error.log.
#   * nginx's stderr is captured in logs/nginx.stderr and copied to our
#     stderr after nginx stopped (unless --- suppress_stderr).
#   * A section that is not an array while --- request eval yields several
#     requests is used for every request (the real module bails out; we
#     warn).
#   * no_error_log makes one test per pattern even when it matches several
#     lines (only matters for failing runs).
#   * A block without --- config reuses the configuration sections of the
#     previous block that had one (the real module keeps the previous nginx
#     running instead).
#   * Beyond shared/TEST-NGINX.md's subset, grep_error_log and
#     grep_error_log_out are there, as in the real module.

use Test::Base -base;    # block parsing, filters; exports plan, blocks, ...

use Test::More ();
use Test::LongString ();
use IO::Socket::INET ();
use IO::Select ();
use POSIX qw(WNOHANG EAGAIN EINTR);
use File::Path qw(make_path remove_tree);
use File::Spec ();
use Time::HiRes qw(sleep time);
use List::Util qw(shuffle);
use Scalar::Util qw(looks_like_number);

our @EXPORT = qw(
    run_tests repeat_each no_shuffle no_long_string log_level workers
    worker_connections master_on master_off master_process_enabled
    env_to_nginx server_port server_addr server_name html_dir server_root
    no_root_location add_block_preprocessor timeout config_preamble
    check_accum_error_log is_str bail_out add_cleanup_handler
    add_test_cleanup_handler
);

# ---------------------------------------------------------------------------
# Settings (environment first, then the exported setters below)

our $ServerAddr  = '127.0.0.1';
our $ServerName  = 'localhost';
our $ServerPort  = $ENV{TEST_NGINX_SERVER_PORT} || $ENV{TEST_NGINX_PORT} || 1984;
our $ServRoot    = File::Spec->rel2abs($ENV{TEST_NGINX_SERVROOT} || 't/servroot');
our $NginxBinary = $ENV{TEST_NGINX_BINARY} || 'nginx';
our $LoadModules = $ENV{TEST_NGINX_LOAD_MODULES} // '';
our $UseValgrind = $ENV{TEST_NGINX_USE_VALGRIND};
our $LogLevel    = $ENV{TEST_NGINX_LOG_LEVEL} || 'debug';
our $Timeout     = $ENV{TEST_NGINX_TIMEOUT} || 3;
our $Master      = $ENV{TEST_NGINX_MASTER_PROCESS} || 'on';
our $NoShuffle   = $ENV{TEST_NGINX_NO_SHUFFLE} || 0;
our $RepeatEach  = 1;
our $Workers     = 1;
our $WorkerConnections = 64;
our $NoLongString      = 0;
our $NoRootLocation    = 0;
our $CheckAccumErrLog  = 0;
our $ConfigPreamble    = '';
our (@EnvToNginx, @BlockPreprocessors, @CleanupHandlers, @TestCleanupHandlers);

$ENV{TEST_NGINX_SERVER_ROOT} = $ServRoot;
export_port_env();

sub repeat_each { $RepeatEach = shift if @_; $RepeatEach }
sub no_shuffle () { $NoShuffle = 1 }
sub no_long_string () { $NoLongString = 1 }
sub no_root_location () { $NoRootLocation = 1 }
sub check_accum_error_log () { $CheckAccumErrLog = 1 }
sub log_level { $LogLevel = shift if @_; $LogLevel }
sub workers { $Workers = shift if @_; $Workers }
sub worker_connections { $WorkerConnections = shift if @_; $WorkerConnections }
sub master_on () { $Master = 'on' }
sub master_off () { $Master = 'off' }
sub master_process_enabled { $Master = $_[0] ? 'on' : 'off' if @_; $Master }
sub timeout { $Timeout = shift if @_; $Timeout }
sub server_addr { $ServerAddr = shift if @_; $ServerAddr }
sub server_name { $ServerName = shift if @_; $ServerName }
sub server_port { if (@_) { $ServerPort = shift; export_port_env() } $ServerPort }
sub server_root () { $ServRoot }
sub html_dir () { "$ServRoot/html" }
sub config_preamble ($) { $ConfigPreamble = shift }
sub env_to_nginx { push @EnvToNginx, @_ }
sub add_block_preprocessor (&) { unshift @BlockPreprocessors, shift }
sub add_cleanup_handler ($) { unshift @CleanupHandlers, shift }
sub add_test_cleanup_handler ($) { unshift @TestCleanupHandlers, shift }

sub export_port_env {
    $ENV{TEST_NGINX_SERVER_PORT} = $ENV{TEST_NGINX_PORT} = $ServerPort;
}

sub is_str {
    my ($got, $expected, $desc) = @_;
    return Test::More::like($got, $expected, $desc) if ref $expected eq 'Regexp';
    return Test::More::is($got, $expected, $desc) if $NoLongString;
    return Test::LongString::is_string($got, $expected, $desc);
}

sub bail_out {
    cleanup();
    Test::More::BAIL_OUT(join '', @_);
}

# ---------------------------------------------------------------------------
# Process bookkeeping: the nginx child, its log offsets, cleanup on exit

my $MainPid = $$;
our $NginxPid;              # pid of the running nginx (or valgrind) child
my $ErrLogPos = 0;          # byte offset in logs/error.log already examined
my $StderrPos = 0;          # same for logs/nginx.stderr
my $StderrShown = 0;        # part of nginx.stderr already copied to stderr
my $ShuffleSeed;
my $PrevConfigBlock;        # last block with a --- config section
my %NginxInfo;              # version / -V output, probed once

sub err_log_file    { "$ServRoot/logs/error.log" }
sub stderr_log_file { "$ServRoot/logs/nginx.stderr" }
sub pid_file        { "$ServRoot/logs/nginx.pid" }

sub cleanup {
    return if $$ != $MainPid;
    $_->() for @CleanupHandlers;
    stop_nginx('cleanup', 1) if $NginxPid;
}

END {
    if ($$ == $MainPid) {
        local $?;    # keep Test::Builder's exit status
        cleanup();
        if (defined $ShuffleSeed && !Test::More->builder->is_passing) {
            Test::More::diag("blocks ran shuffled; rerun in the same order "
                             . "with TEST_NGINX_SHUFFLE_SEED=$ShuffleSeed");
        }
    }
}

# ---------------------------------------------------------------------------
# Driver

sub run_tests () {
    export_port_env();

    for my $sig (qw(INT TERM)) {
        $SIG{$sig} = sub {
            cleanup();
            $SIG{$sig} = 'DEFAULT';
            kill $sig, $$;    # die of the same signal
        };
    }

    my @blocks = Test::Base::blocks();
    if (@blocks > 1 && !$NoShuffle) {
        # Shuffle reproducibly: the seed is shown by `prove -v` and, on
        # failure, at the end of the run.
        $ShuffleSeed = $ENV{TEST_NGINX_SHUFFLE_SEED} // int(rand(1e9));
        srand($ShuffleSeed);
        @blocks = shuffle(@blocks);
        Test::More::note("blocks shuffled with TEST_NGINX_SHUFFLE_SEED=$ShuffleSeed");
    }

    for my $block (@blocks) {
        $_->($block) for @BlockPreprocessors;
        $block->set_value(name => "$0 " . $block->name);
        run_block($block);
        $_->($block) for @TestCleanupHandlers;
    }

    cleanup();
}

sub run_block {
    my ($block) = @_;
    my $name = $block->name;

    # Without --- config, reuse the server setup of the previous block.
    $PrevConfigBlock = $block if defined $block->config;
    my $src = $PrevConfigBlock // $block;

    local $LogLevel = $block->log_level // $LogLevel;
    local $UseValgrind = defined $block->must_die ? undef : $UseValgrind;

    if (my ($n, $why) = should_skip($block)) {
        for (1 .. $RepeatEach) {
            SKIP: { Test::More::skip("$name - $why", $n) }
        }
        return;
    }

    my %rand_ports;    # $TEST_NGINX_RAND_PORT_<n> values of this block
    my $expand = sub { expand_env($_[0], $name, \%rand_ports) };

    setup_server_root();
    write_user_files($src, $expand);
    write_config($block, $src, $expand);
    ($ErrLogPos, $StderrPos, $StderrShown) = (0, 0, 0);

    if (defined $block->must_die) {
        run_must_die($block);
        return;
    }

    my $requests = build_requests($block);
    start_nginx($block);

    for my $round (0 .. $RepeatEach - 1) {
        write_user_files($src, $expand) if $round > 0;
        run_requests($block, $requests, $round, $expand);
    }

    my ($status, $died_early) = stop_nginx($name);
    if ($died_early) {
        Test::More::fail("$name - nginx exited unexpectedly ("
                         . describe_status($status) . ")");
    }
    if (my @crashes = grep { /exited on signal/ } @{ read_lines(err_log_file(), 0) }) {
        Test::More::fail("$name - an nginx process crashed: $crashes[0]" =~ s/\s+\z//r);
    }
    relay_stderr($block);
}

# --- skip_nginx: N: <op> x.y.z [: reason]   /  --- skip_eval: N: perl code
sub should_skip {
    my ($block) = @_;
    if (defined(my $spec = $block->skip_nginx)) {
        $spec =~ /^\s*(\d+)\s*:\s*([<>]=?)\s*(\d+)\.(\d+)\.(\d+)\s*(?::\s*(.*?))?\s*$/
            or bail_out($block->name . " - bad --- skip_nginx: $spec");
        my ($n, $op, $want, $why) = ($1, $2, version_number($3, $4, $5), $6);
        my $have = nginx_info()->{version};
        return ($n, $why || "nginx version $op $3.$4.$5")
            if eval "$have $op $want";
    }
    if (defined(my $spec = $block->skip_eval)) {
        $spec =~ /^\s*(\d+)\s*:\s*(.*)$/s
            or bail_out($block->name . " - bad --- skip_eval: $spec");
        my ($n, $code) = ($1, $2);
        my $skip = eval "package main; $code";
        bail_out($block->name . " - skip_eval failed: $@") if $@;
        return ($n, 'skip_eval') if $skip;
    }
    return;
}

sub version_number { $_[0] * 1e6 + $_[1] * 1e3 + $_[2] }

# nginx -V is read once: version (for skip_nginx / -e) and built modules.
sub nginx_info {
    return \%NginxInfo if %NginxInfo;
    my $bin = find_binary();
    my $out = `\Q$bin\E -V 2>&1`;
    my ($x, $y, $z) = $out =~ m{version: \w+/(\d+)\.(\d+)\.(\d+)};
    %NginxInfo = (binary => $bin, V => $out,
                  version => defined $x ? version_number($x, $y, $z) : 0);
    return \%NginxInfo;
}

sub find_binary {
    if ($NginxBinary =~ m{/}) {
        return $NginxBinary if -f $NginxBinary && -x _;
    } else {
        for my $dir (split /:/, $ENV{PATH} // '') {
            return "$dir/$NginxBinary" if $dir ne '' && -f "$dir/$NginxBinary" && -x _;
        }
    }
    bail_out("cannot find the nginx executable '$NginxBinary' "
             . "(set TEST_NGINX_BINARY)");
}

# ---------------------------------------------------------------------------
# Server root, user files and nginx.conf

sub setup_server_root {
    # Only remove what we create, in case TEST_NGINX_SERVROOT points
    # somewhere unexpected.
    if (-d $ServRoot) {
        remove_tree(map { "$ServRoot/$_" } qw(conf logs html cache));
        remove_tree(glob("$ServRoot/*_temp"));
    }
    for my $dir ('', qw(/conf /logs /html)) {
        make_path("$ServRoot$dir");
        -d "$ServRoot$dir" or bail_out("cannot create $ServRoot$dir: $!");
    }
    write_file("$ServRoot/html/index.html",
               "<html><body>It works!</body></html>\n");
}

sub write_file {
    my ($path, $data) = @_;
    if ($path =~ m{^(.+)/[^/]+$} && !-d $1) {
        make_path($1);
    }
    open my $fh, '>', $path or bail_out("cannot write $path: $!");
    binmode $fh;
    print $fh $data;
    close $fh or bail_out("cannot write $path: $!");
}

# --- user_files: ">>> name" lines, each followed by the file's content
# (or, via eval, an array of [name, content] pairs).  Relative names are
# under html/.
sub write_user_files {
    my ($block, $expand) = @_;
    my $spec = $block->user_files // return;
    my @files;
    if (ref $spec eq 'ARRAY') {
        @files = @$spec;
    } else {
        for my $line (split /^/, $spec) {
            if ($line =~ /^>>> (\S+)/) {
                push @files, [$1, ''];
            } elsif (@files) {
                $files[-1][1] .= $line;
            }
        }
    }
    for my $f (@files) {
        my ($fname, $body) = @$f;
        my $path = $fname =~ m{^/} ? $fname : "$ServRoot/html/$fname";
        write_file($path, $expand->($body // ''));
    }
}

sub write_config {
    my ($block, $src, $expand) = @_;

    my $main_config = $expand->($src->main_config // '');
    my $http_config = $expand->($src->http_config // '');
    my $config      = $expand->($src->config // '');
    my $info        = nginx_info();

    my $conf = "# generated for: " . $block->name . "\n";
    $conf .= "load_module $_;\n" for grep { length } split ' ', $LoadModules;
    $conf .= "worker_processes $Workers;\n"
           . "daemon off;\n"
           . "master_process " . ($UseValgrind ? 'off' : $Master) . ";\n"
           . "error_log " . err_log_file() . " $LogLevel;\n"
           . "pid " . pid_file() . ";\n";
    $conf .= "user root;\n" if $> == 0;
    $conf .= "env $_;\n" for @EnvToNginx;
    $conf .= "\n$main_config\n"
           . "events {\n    worker_connections $WorkerConnections;\n}\n\n"
           . "http {\n"
           . "    access_log $ServRoot/logs/access.log;\n"
           . "    default_type text/plain;\n"
           . "    keepalive_timeout 0;\n";

    # Keep every temporary file under the server root, unless the test
    # sets the path itself or nginx was built without the module.
    for my $t (qw(client_body proxy fastcgi uwsgi scgi)) {
        next if $http_config =~ /\b${t}_temp_path\b/;
        next if $t =~ /^(fastcgi|uwsgi|scgi)$/
                && $info->{V} =~ /--without-http_${t}_module/;
        $conf .= "    ${t}_temp_path $ServRoot/${t}_temp;\n";
    }

    $conf .= "\n$http_config\n"
           . "    server {\n"
           # Plain "listen PORT" (all addresses) like the real module: a
           # test may add other servers on the same port.
           . "        listen $ServerPort;\n"
           . "        server_name $ServerName;\n"
           . "        client_max_body_size 30M;\n"
           . "$ConfigPreamble\n"
           . "$config\n";

    # Default root location, unless the test defines "location /" itself.
    if (!$NoRootLocation && $config !~ /\blocation\s+(?:\^~\s+)?\/\s*\{/) {
        $conf .= "        location / {\n"
               . "            root $ServRoot/html;\n"
               . "            index index.html index.htm;\n"
               . "        }\n";
    }
    $conf .= "    }\n}\n";

    write_file("$ServRoot/conf/nginx.conf", $conf);
}

# Replace $TEST_NGINX_* with environment values; $TEST_NGINX_RAND_PORT_<n>
# gets a free port, the same one for the whole block.
sub expand_env {
    my ($text, $name, $ports) = @_;
    return $text if !defined $text || ref $text;
    $text =~ s{\$(TEST_NGINX_[A-Z0-9_]+)}{
        my $var = $1;
        if ($var =~ /^TEST_NGINX_RAND_PORT_\d+$/) {
            $ports->{$var} //= free_port();
        } elsif (defined $ENV{$var}) {
            $ENV{$var};
        } else {
            die "$name - environment variable $var is not defined "
                . "(it is used as \$$var)\n";
        }
    }ge;
    return $text;
}

sub free_port {
    for (1 .. 20) {
        my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                      Proto => 'tcp', Listen => 1)
            or next;
        my $port = $s->sockport;
        return $port if $port != $ServerPort;
    }
    bail_out("cannot find a free port");
}

# ---------------------------------------------------------------------------
# Starting and stopping nginx

sub spawn_nginx {
    my ($block) = @_;
    my $info = nginx_info();
    my @cmd = ($info->{binary}, '-p', "$ServRoot/", '-c', 'conf/nginx.conf');
    # -e (1.19.5+) sends the messages nginx logs before reading its
    # config to our error.log instead of the built-in default log file.
    push @cmd, '-e', err_log_file() if $info->{version} >= version_number(1, 19, 5);

    if ($UseValgrind) {
        my @opts = $UseValgrind =~ /^\d+$/
            ? ('-q', '--num-callers=100', '--leak-check=full',
               '--show-possibly-lost=no',
               (-f 'valgrind.suppress' ? '--suppressions=valgrind.suppress' : ()))
            : split ' ', $UseValgrind;    # custom valgrind options
        @cmd = ('valgrind', @opts, @cmd);
        print STDERR "# valgrind: ", $block->name, "\n";
    }

    my $pid = fork;
    bail_out("fork failed: $!") unless defined $pid;
    if ($pid == 0) {
        setpgrp(0, 0);    # own process group: lets us kill any straggler
        open STDIN, '<', '/dev/null';
        open STDOUT, '>', '/dev/null';    # never into our TAP stream
        open STDERR, '>>', stderr_log_file();
        { no warnings 'exec'; exec { $cmd[0] } @cmd; }
        print STDERR "cannot exec $cmd[0]: $!\n";
        POSIX::_exit(127);
    }
    $NginxPid = $pid;
    return $pid;
}

# Wait until nginx has written its pid file (its listening sockets are
# open by then) or has exited.  Returns 'up', 'exited' (status in $?) or
# 'timeout'.
sub wait_for_nginx {
    my ($pid, $limit) = @_;
    my $deadline = time + $limit;
    while (time < $deadline) {
        if (waitpid($pid, WNOHANG) == $pid) {
            undef $NginxPid;
            return 'exited';
        }
        if (open my $fh, '<', pid_file()) {
            my $content = <$fh> // '';
            return 'up' if $content =~ /^\s*$pid\s*$/;
        }
        sleep 0.005;
    }
    return 'timeout';
}

sub start_nginx {
    my ($block) = @_;
    my $name = $block->name;
    my $pid = spawn_nginx($block);
    my $state = wait_for_nginx($pid, $UseValgrind ? 60 : 10);
    return if $state eq 'up';

    my $why = $state eq 'exited'
        ? "nginx exited at startup (" . describe_status($?) . ")"
        : "nginx did not become ready in time";
    stop_nginx($name, 1);
    my $out = join '', @{ read_lines(stderr_log_file(), 0) };
    my @log = @{ read_lines(err_log_file(), 0) };
    splice @log, 0, @log - 20 if @log > 20;
    Test::More::diag("nginx stderr:\n$out", "end of error.log:\n", @log);
    bail_out("$name - $why (a config nginx cannot start with needs "
             . "--- must_die)");
}

# Stop the running nginx: SIGQUIT (graceful; skipped when $fast), then
# SIGTERM, then SIGKILL to the whole process group; always reaped.  Returns
# its wait status and whether it had already exited before we asked it to.
sub stop_nginx {
    my ($name, $fast) = @_;
    my $pid = $NginxPid // return;
    undef $NginxPid;

    if (waitpid($pid, WNOHANG) == $pid) {
        my $status = $?;
        kill 'KILL', -$pid;    # workers orphaned by a crashed master
        return ($status, 1);
    }

    my $status;
    my @steps = (['QUIT', $UseValgrind ? 60 : 5], ['TERM', $UseValgrind ? 30 : 3],
                 ['KILL', 5]);
    shift @steps if $fast;
    for my $step (@steps) {
        my ($sig, $wait) = @$step;
        kill $sig, ($sig eq 'KILL' ? -$pid : $pid);
        my $deadline = time + $wait;
        while (time < $deadline) {
            my $r = waitpid($pid, WNOHANG);
            if ($r == $pid || $r == -1) {
                $status = $?;
                last;
            }
            sleep 0.01;
        }
        last if defined $status;
        warn "WARNING: $name - nginx (pid $pid) ignored SIG$sig\n";
    }
    kill 'KILL', -$pid if kill 0, -$pid;    # nothing of it may survive
    return ($status // -1, 0);
}

sub describe_status {
    my ($status) = @_;
    return 'exec failed' if $status == -1;
    return 'killed by signal ' . ($status & 127) if $status & 127;
    return 'exit code ' . ($status >> 8);
}

# Copy what nginx printed to stderr (e.g. valgrind reports) to our stderr.
sub relay_stderr {
    my ($block) = @_;
    (my $out, $StderrShown) = read_lines(stderr_log_file(), $StderrShown);
    return if !@$out || defined $block->suppress_stderr;
    print STDERR "# nginx stderr for ", $block->name, ":\n", @$out;
}

# --- must_die: nginx has to refuse to start, once per repeat_each round.
sub run_must_die {
    my ($block) = @_;
    my $name = $block->name;
    my $want = $block->must_die;

    for my $round (0 .. $RepeatEach - 1) {
        my $pid = spawn_nginx($block);
        my $state = wait_for_nginx($pid, 10);
        if ($state eq 'exited') {
            my $status = $?;
            if (looks_like_number($want)) {
                Test::More::is($status >> 8, $want,
                               "$name - nginx died with the expected exit code");
            } else {
                Test::More::isnt($status, 0, "$name - nginx died as expected");
            }
        } else {
            stop_nginx($name);
            Test::More::fail("$name - nginx should have refused to start "
                             . "but it is running");
        }

        # error_log lines are searched in the log and in what nginx printed.
        my $lines = read_new_log_lines(0);
        (my $out, $StderrPos) = read_lines(stderr_log_file(), $StderrPos);
        push @$lines, @$out;
        check_error_log($block, $round, $lines, 1);
        relay_stderr($block);
        unlink pid_file();
    }
}

# ---------------------------------------------------------------------------
# Requests

# Returns the raw HTTP requests of the block (one per connection).
sub build_requests {
    my ($block) = @_;
    my $name = $block->name;

    if (defined(my $raw = $block->raw_request)) {
        return [ref $raw eq 'ARRAY' ? join('', @$raw) : $raw];
    }

    my $req = $block->request;
    bail_out("$name - no --- request section") unless defined $req;
    my @reqs = ref $req eq 'ARRAY' ? @$req : ($req);
    my $more = $block->more_headers;

    my @out;
    for my $i (0 .. $#reqs) {
        my $r = $reqs[$i];
        # a request given as packets: we send them in one go
        $r = join '', map { ref $_ ? $_->{value} : $_ } @$r if ref $r eq 'ARRAY';
        my $hdrs = ref $more eq 'ARRAY' ? $more->[$i] : $more;
        push @out, build_request($name, $r, $hdrs // '');
    }
    return \@out;
}

# "METHOD [URI [HTTP/1.x]]" on the first line, the body on further lines.
sub build_request {
    my ($name, $text, $more) = @_;
    $text //= '';
    1 while $text =~ s/^\s*#[^\n]*\n// || $text =~ s/^\s+//;   # comments
    my ($line, $body) = split /\n/, $text, 2;
    $body //= '';
    my ($method, $uri, $version) = split ' ', $line // '';
    bail_out("$name - empty request line") unless defined $method;
    $uri //= '/';
    $version //= 'HTTP/1.1';

    my ($headers, $chunked) = ('', 0);
    for my $h (split /\n+/, $more) {
        next if $h =~ /^\s*#/;
        my ($key, $val) = split /:\s*/, $h, 2;
        next unless defined $key && length $key;
        $val //= '';
        $chunked = 1 if lc $key eq 'transfer-encoding' && $val eq 'chunked';
        $headers .= "$key: $val\r\n";
    }

    my $added = '';
    $added .= "Host: $ServerName\r\n" unless $headers =~ /^Host:/mi;
    $added .= "Connection: close\r\n" unless $headers =~ /^Connection/mi;
    if ($body ne '' && !$chunked && $headers !~ /^Content-Length:/mi) {
        $body =~ s/^\s+|\s+$//g;    # the body is sent trimmed
        $headers .= "Content-Length: " . length($body) . "\r\n";
    }
    return "$method $uri $version\r\n$added$headers\r\n$body";
}

sub run_requests {
    my ($block, $requests, $round, $expand) = @_;
    my $name = $block->name;
    my $timeout = parse_time($block->timeout) // $Timeout;

    for my $i (0 .. $#$requests) {
        my $raw = send_request($block, $requests->[$i], $timeout);
        my $is_head = $requests->[$i] =~ /^\s*HEAD\s/;
        my $res = parse_response($name, $raw, $is_head);
        my $ctx = { block => $block, round => $round, idx => $i,
                    n => scalar @$requests };

        check_status($ctx, $res);
        check_headers($ctx, $res);
        check_body($ctx, $res, $expand);

        if ($i < $#$requests) {
            sleep parse_time($block->wait) if $block->wait;
            check_error_log($block, $round);
        }
    }
    sleep parse_time($block->wait) if $block->wait;
    check_error_log($block, $round);
}

sub parse_time {
    my ($t) = @_;
    return undef unless defined $t;
    return $1 / 1000 if $t =~ /^\s*([\d.]+)\s*ms\s*$/;
    return $1 if $t =~ /^\s*([\d.]+)\s*s?\s*$/;
    return $t;
}

# Send one request on a new connection and read until the server closes
# it (or the timeout expires).  Returns the raw response bytes.
sub send_request {
    my ($block, $req, $timeout) = @_;
    my $name = $block->name;

    my $sock = IO::Socket::INET->new(PeerAddr => $ServerAddr,
                                     PeerPort => $ServerPort,
                                     Proto => 'tcp', Timeout => $timeout);
    unless ($sock) {
        Test::More::fail("$name - cannot connect to $ServerAddr:$ServerPort: $!");
        return '';
    }
    $sock->blocking(0);
    local $SIG{PIPE} = 'IGNORE';

    my $sel = IO::Select->new($sock);
    my $deadline = time + $timeout;
    my ($sent, $resp, $timed_out) = (0, '', 0);

    while ($sent < length $req) {
        my $left = $deadline - time;
        if ($left <= 0 || !$sel->can_write($left)) { $timed_out = 1; last }
        my $n = syswrite($sock, $req, length($req) - $sent, $sent);
        if (defined $n) { $sent += $n; next }
        next if $! == EAGAIN || $! == EINTR;
        last;    # e.g. the server closed early; read what it answered
    }

    until ($timed_out) {
        my $left = $deadline - time;
        if ($left <= 0 || !$sel->can_read($left)) { $timed_out = 1; last }
        my $n = sysread($sock, my $buf, 65536);
        if (!defined $n) {
            next if $! == EAGAIN || $! == EINTR;
            last;    # connection reset: keep what we have
        }
        last if $n == 0;
        $resp .= $buf;
    }
    close $sock;

    if ($timed_out && !defined $block->abort) {
        Test::More::fail("$name - ERROR: client socket timed out "
                         . "after ${timeout}s");
    }
    return $resp;
}

# Split a raw response into status code, headers and (de-chunked) body.
sub parse_response {
    my ($name, $raw, $is_head) = @_;
    my %res = (code => undef, headers => [], body => '');
    return \%res if !defined $raw || $raw eq '';

    my ($head, $body) = $raw =~ /\A(.*?)\r?\n\r?\n(.*)\z/s;
    ($head, $body) = ($raw, '') unless defined $head;

    my ($status, @lines) = split /\r?\n/, $head;
    ($res{code}) = ($status // '') =~ m{^HTTP/\d+(?:\.\d+)?\s+(\d{3})\b};
    for my $line (@lines) {
        if ($line =~ /^[ \t]+(.*)$/ && @{ $res{headers} }) {   # continuation
            $res{headers}[-1][1] .= " $1";
        } elsif ($line =~ /^([^:]+?)\s*:\s*(.*?)\s*$/) {
            push @{ $res{headers} }, [$1, $2];
        }
    }
    $res{body} = $body;

    my $code = $res{code} // 0;
    return \%res if $code == 304 || $code == 101 || $code =~ /^1/;

    my $te  = header_value(\%res, 'Transfer-Encoding');
    my $len = header_value(\%res, 'Content-Length');
    if (defined $te && lc $te eq 'chunked') {
        my $decoded = '';
        while (1) {
            unless ($body =~ s/\A([0-9a-fA-F]+)[^\r\n]*\r\n//) {
                Test::More::fail("$name - malformed chunked response body");
                last;
            }
            my $size = hex $1;
            if ($size == 0) {
                $body =~ s/\A(?:[^\r\n]+\r\n)*\r\n//;   # trailers
                warn "WARNING: $name - extra bytes after the last chunk\n"
                    if length $body;
                last;
            }
            if (length($body) < $size + 2 || substr($body, $size, 2) ne "\r\n") {
                Test::More::fail("$name - truncated chunk in response body");
                last;
            }
            $decoded .= substr($body, 0, $size);
            substr($body, 0, $size + 2) = '';
        }
        $res{body} = $decoded;
    } elsif (defined $len && $len =~ /^\d+$/) {
        if (length $body > $len) {
            warn "WARNING: $name - extra bytes after the response body\n";
            $res{body} = substr $body, 0, $len;
        } elsif (length $body < $len && !$is_head) {
            warn "WARNING: $name - response body truncated: $len bytes "
                . "expected, got " . length($body) . "\n";
        }
    }
    return \%res;
}

# All values of a header (case-insensitive name) joined with ", ", or undef.
sub header_value {
    my ($res, $key) = @_;
    my @v = map { $_->[1] } grep { lc $_->[0] eq lc $key } @{ $res->{headers} };
    return @v ? join(', ', @v) : undef;
}

# ---------------------------------------------------------------------------
# Checks: each is exactly one test

# The expected value of a section for request idx: element idx of an array,
# else the value itself (for every request).
sub expected {
    my ($ctx, $section) = @_;
    my $v = $ctx->{block}->$section;
    return $v->[ $ctx->{idx} ] if ref $v eq 'ARRAY';
    if (defined $v && $ctx->{n} > 1 && !$ctx->{block}{__warned}{$section}++) {
        warn "WARNING: ", $ctx->{block}->name, " - --- $section is not an "
            . "array but there are $ctx->{n} requests (the real Test::Nginx "
            . "requires an array here)\n";
    }
    return $v;
}

sub subst_port {
    my ($s) = @_;
    $s =~ s/\$ServerPort(?:ForClient)?\b/$ServerPort/g if defined $s && !ref $s;
    return $s;
}

sub check_status {
    my ($ctx, $res) = @_;
    my $desc = $ctx->{block}->name . " - status code ok";
    my $got = $res->{code} // '';
    if (defined $ctx->{block}->error_code_like) {
        my $re = expected($ctx, 'error_code_like');
        Test::More::like($got, qr/$re/sm, $desc);
    } else {
        Test::More::is($got, expected($ctx, 'error_code') // 200, $desc);
    }
}

# response_headers: "Name: value" exact, "Name:" empty-or-absent, "!Name"
# absent.  response_headers_like: "Name: regex" (anchored).  One test per
# distinct header name.
sub check_headers {
    my ($ctx, $res) = @_;
    my $name = $ctx->{block}->name;
    my $like = !defined $ctx->{block}->response_headers;
    my $spec = expected($ctx, $like ? 'response_headers_like' : 'response_headers');
    return unless defined $spec;

    my (@order, %want);
    for my $line (split /\n/, $spec) {
        $line =~ s/^\s+|\s+$//g;
        next if $line eq '';
        my ($key, $val);
        if ($line =~ s/^!\s*//) {
            ($key, $val) = ($line, undef);
        } else {
            ($key, $val) = split /\s*:\s*/, $line, 2;
        }
        push @order, $key unless exists $want{$key};
        $want{$key} = $val;    # a repeated name: the last line wins
    }

    for my $key (@order) {
        my $val = $want{$key};
        my $got = header_value($res, $key);
        if (!defined $val) {
            Test::More::ok(!defined $got, "$name - header $key not present")
                or Test::More::diag("got: $key: $got");
        } elsif ($like) {
            Test::More::like($got // '', qr/^$val$/, "$name - header $key like ok");
        } else {
            Test::More::is($got // '', subst_port($val), "$name - header $key ok");
        }
    }
}

sub check_body {
    my ($ctx, $res, $expand) = @_;
    my $block = $ctx->{block};
    my $desc = $block->name . " - response_body";
    my $where = "(round $ctx->{round}, req $ctx->{idx})";
    my $got = $res->{body};

    if (defined $block->response_body) {
        my $want = expected($ctx, 'response_body');
        $want = $expand->(subst_port($want)) unless ref $want;
        is_str($got, $want, "$desc - response is expected $where");
    } elsif (defined $block->response_body_like) {
        my $re = subst_port(expected($ctx, 'response_body_like'));
        Test::More::like($got, qr/$re/s, "${desc}_like - response is expected $where");
    } elsif (defined $block->response_body_unlike) {
        my $re = subst_port(expected($ctx, 'response_body_unlike'));
        Test::More::unlike($got, qr/$re/s, "${desc}_unlike - response is expected $where");
    }
}

# Lines of $file from byte $offset on; in list context also the offset
# where reading stopped.
sub read_lines {
    my ($file, $offset) = @_;
    open my $fh, '<', $file or return wantarray ? ([], $offset) : [];
    seek $fh, $offset, 0;
    my @lines = <$fh>;
    return wantarray ? (\@lines, tell $fh) : \@lines;
}

# error.log lines not examined yet (all of them with check_accum_error_log).
sub read_new_log_lines {
    my ($settle) = @_;
    sleep 0.03 if $settle;    # nginx may log after closing the connection
    return read_lines(err_log_file(), 0) if $CheckAccumErrLog;
    (my $lines, $ErrLogPos) = read_lines(err_log_file(), $ErrLogPos);
    return $lines;
}

# One test per error_log / no_error_log pattern: a line is a substring,
# an eval'd qr// a regex.
sub check_error_log {
    my ($block, $round, $lines, $must_die) = @_;
    my $name = $block->name;
    $lines //= read_new_log_lines(1);

    my $matches = sub {
        my ($pat) = @_;
        grep { ref $pat ? $_ =~ $pat : index($_, $pat) >= 0 } @$lines;
    };

    my $all_pats = '';
    for my $section (qw(error_log no_error_log)) {
        my $pats = $block->$section;
        next unless defined $pats;
        $pats = ref $pats eq 'ARRAY' ? [@$pats]
              : ref $pats            ? [$pats]
              :                        [split /\n+/, $pats];
        for my $pat (grep { defined && length } @$pats) {
            $all_pats .= "$pat\n";
            my @hit = $matches->($pat);
            if ($section eq 'error_log') {
                Test::More::ok(scalar @hit, "$name - pattern \"$pat\" "
                               . "matches a line in error.log (round $round)");
            } else {
                Test::More::ok(!@hit, "$name - pattern \"$pat\" does not "
                               . "match any line in error.log (round $round)")
                    or Test::More::diag("matching line: $hit[0]");
            }
        }
    }

    check_grep_error_log($block, $round, $lines) unless $must_die;

    # Serious messages are reported, not failed, unless a test expects them
    # (and they are expected when nginx must refuse to start).
    return if $must_die;
    for my $level (qw(alert crit emerg)) {
        next if index($all_pats, "[$level") >= 0;
        warn "WARNING: $name - $_" for grep { /\[$level\]/ } @$lines;
    }
}

# grep_error_log (a substring, or an eval'd qr//) and grep_error_log_out:
# what the pattern matched in each error.log line, one match a line, each
# followed by "\n", compared with the expected text (or matched by an
# eval'd qr//); an array gives one value per round of repeat_each.  One
# test.
sub check_grep_error_log {
    my ($block, $round, $lines) = @_;
    my $name = $block->name;
    my ($pat, $expected) = ($block->grep_error_log,
                            $block->grep_error_log_out);

    return unless defined $pat || defined $expected;
    bail_out("$name - grep_error_log and grep_error_log_out go together")
        unless defined $pat && defined $expected;

    $pat = $pat->[$round] if ref $pat eq 'ARRAY';
    $expected = $expected->[$round] if ref $expected eq 'ARRAY';

    my $out = '';
    for my $line (@$lines) {
        if (ref $pat ? $line =~ $pat : $line =~ /\Q$pat\E/) {
            $out .= "$&\n" if $& !~ /\n/;
        }
    }

    is_str($out, $expected, "$name - grep_error_log_out (round $round)");
}

1;
