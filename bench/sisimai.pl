#!/usr/bin/perl
# bench/sisimai.pl: time Sisimai over a directory of .eml files.
#
# Usage: perl bench/sisimai.pl DIR
#
# Reads every file of DIR with Sisimai (Debian's libsisimai-perl, version 4
# or 5) and prints one line "result: files N records R seconds S", where R
# is the number of recipient records Sisimai returned.  Used by
# bench/run.sh to compare its speed with bounce.parse on the same messages.
use strict;
use warnings;
use Sisimai;
use Time::HiRes qw(time);

my $dir = shift or die "usage: sisimai.pl DIR\n";
opendir(my $dh, $dir) or die "$dir: $!\n";
my $files = grep { -f "$dir/$_" && !/^\./ } readdir($dh);
closedir($dh);

# Sisimai 5 renamed make() to rise().
my $run = Sisimai->can('rise') || Sisimai->can('make');
my $t0 = time;
my $records = $run->('Sisimai', $dir) || [];
my $elapsed = time - $t0;
printf "result: files %d records %d seconds %.3f\n",
    $files, scalar(@$records), $elapsed;
