#!/usr/bin/perl
# test/sisimai_expected.pl: what Sisimai says of each message of a folder,
# in the form test/conformance.sh reads.
#
# Usage: perl test/sisimai_expected.pl DIR > DIR/expected.json
#
# Reads every .eml file of DIR, one message per file, with Sisimai
# (Debian's libsisimai-perl, version 4 or 5) and prints a JSON object: for
# each file name, the recipients Sisimai reports in the order it reports
# them, each with "status", "replycode", "reason" and "hard", and
# "feedbacktype" on feedback reports.  A file Sisimai does not read as a
# bounce gets an empty list.  With it, test/conformance.sh scores
# bounce.parse against the reference analyzer on any collection of
# messages, such as a bounce mailbox the project has never seen:
#
#   perl test/sisimai_expected.pl DIR > DIR/expected.json
#   bash test/conformance.sh --list DIR
#
# "hard" is true where Sisimai says the bounce is not soft (its
# softbounce value 0; version 5 calls it hardbounce).  Sisimai 4, the
# version Debian 12 ships, predates some reasons of the taxonomy
# (requireptr, notcompliantrfc, badreputation, failedstarttls, speeding,
# authfailure):
# where one of those is right, it names an older one.
use strict;
use warnings;
use JSON::PP;
use Sisimai;

my $dir = shift or die "usage: sisimai_expected.pl DIR\n";
opendir(my $dh, $dir) or die "$dir: $!\n";
my @files = sort grep { /\.eml$/ && -f "$dir/$_" } readdir($dh);
closedir($dh);

# Sisimai 5 renamed make() to rise().
my $run = Sisimai->can('rise') || Sisimai->can('make');

sub field {
    my ($r, $name) = @_;
    my $m = $r->can($name) or return undef;
    return $m->($r);
}

my %expected;
for my $f (@files) {
    my $records = $run->('Sisimai', "$dir/$f", delivered => 0, vacation => 1)
        || [];
    my @rows;
    for my $r (@$records) {
        my $hard = field($r, 'hardbounce');
        $hard = (field($r, 'softbounce') // 1) == 0 ? 1 : 0
            unless defined $hard;
        my %row = (
            status    => field($r, 'deliverystatus') // '',
            replycode => field($r, 'replycode') // '',
            reason    => field($r, 'reason') // '',
            hard      => $hard ? JSON::PP::true : JSON::PP::false,
        );
        my $ft = field($r, 'feedbacktype') // '';
        $row{feedbacktype} = $ft if $row{reason} eq 'feedback' && $ft ne '';
        push @rows, \%row;
    }
    $expected{$f} = \@rows;
}
print JSON::PP->new->canonical->pretty->encode(\%expected);
