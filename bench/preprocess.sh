#!/usr/bin/env bash
# preprocess.sh: confine vs Debian's apparmor_parser on the whole installed
# /etc/apparmor.d, front end only (parse, includes, variables: -N prints the
# profile names and stops before compiling).
#
# Usage: bench/preprocess.sh [CONFINE] [-- EXTRA_PARSER_ARGS...]
#   CONFINE       our binary (default: build/cli/confine, or $CONFINE); it is run as
#                 'CONFINE apparmor_parser ARGS' unless it is itself named
#                 apparmor_parser
#   REFERENCE     Debian's parser (default /usr/sbin/apparmor_parser)
#   POLICY_DIR    the tree to preprocess (default /etc/apparmor.d)
#   REPEAT        runs per parser; the median run is reported (default 5)
#   FEATURES      -M features file (default /usr/share/apparmor-features/features)
#
# Both parsers get the same command line:
#   apparmor_parser --config-file=/dev/null -Q -K -N -M FEATURES -b POLICY_DIR POLICY_DIR
# (a directory argument means every profile file directly in it). Runs
# alternate between the two so that a change in machine load hits both. GNU
# time (package 'time') measures each run: wall time, CPU time (user+sys,
# children included: Debian's parser forks a worker per profile) and peak RSS
# (the largest single process). The script also checks that both printed the
# same profile names (as a sorted set) and reports the exit statuses.
# Needs: bash, GNU time (/usr/bin/time), awk, the apparmor package.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONFINE=${1:-${CONFINE:-$ROOT/build/cli/confine}}
(($#)) && shift
[[ ${1:-} == -- ]] && shift
EXTRA=("$@")
REFERENCE=${REFERENCE:-/usr/sbin/apparmor_parser}
POLICY_DIR=${POLICY_DIR:-/etc/apparmor.d}
REPEAT=${REPEAT:-5}
FEATURES=${FEATURES:-/usr/share/apparmor-features/features}
TIME=/usr/bin/time

die() { echo "preprocess.sh: $*" >&2; exit 2; }
[[ -x $TIME ]] && $TIME -f %e true 2>/dev/null || die "GNU time not found (install the package 'time')"
[[ -x $CONFINE ]] || die "$CONFINE not found (build it: ninja -C build)"
[[ -x $REFERENCE ]] || die "$REFERENCE not found (install the package 'apparmor')"
[[ -d $POLICY_DIR ]] || die "$POLICY_DIR is not a directory"
[[ -r $FEATURES ]] || die "features file $FEATURES not found"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [[ $(basename "$CONFINE") == apparmor_parser ]]; then
	ours=("$CONFINE")
else
	ours=("$CONFINE" apparmor_parser)
fi
args=(--config-file=/dev/null -Q -K -N -M "$FEATURES" -b "$POLICY_DIR" "${EXTRA[@]}" "$POLICY_DIR")

# run NAME CMD...: one timed run, appends "wall cpu rss_kb status" to $tmp/NAME.runs
run() {
	local name=$1
	shift
	local status=0 t0 t1
	# GNU time writes "Command exited with non-zero status N" before the
	# format line when the command fails: use the last line. Its %e has a
	# 10 ms resolution, too coarse for small trees: wall time comes from
	# bash's microsecond clock around it instead.
	t0=$EPOCHREALTIME
	(cd "$POLICY_DIR" && $TIME -f '%e %U %S %M' -o "$tmp/$name.time" "$@" \
		>"$tmp/$name.out" 2>"$tmp/$name.err") || status=$?
	t1=$EPOCHREALTIME
	tail -n 1 "$tmp/$name.time" |
		awk -v s="$status" -v w="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" \
			'{ printf "%s %.2f %s %s\n", w, $2 + $3, $4, s }' >>"$tmp/$name.runs"
}

for ((i = 0; i < REPEAT; i++)); do
	run confine "${ours[@]}" "${args[@]}"
	run debian "$REFERENCE" "${args[@]}"
done

# median of column $2 of file $1
median() { sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'; }

nprof=$(find "$POLICY_DIR" -maxdepth 1 -type f ! -name '.*' | wc -l)
echo "preprocess $POLICY_DIR ($nprof files), median of $REPEAT runs each"
echo "  command: apparmor_parser ${args[*]}"
printf '  %-9s %10s %10s %12s %8s\n' parser wall_s cpu_s peak_rss_MB exit
for p in confine debian; do
	w=$(median "$tmp/$p.runs" 1)
	c=$(median "$tmp/$p.runs" 2)
	r=$(median "$tmp/$p.runs" 3)
	s=$(sort -u -k4,4 "$tmp/$p.runs" | awk '{ printf "%s%s", sep, $4; sep = "," }')
	printf '  %-9s %10s %10s %12.1f %8s\n' "$p" "$w" "$c" "$(awk -v r="$r" 'BEGIN { print r / 1024 }')" "$s"
	eval "${p}_w=$w ${p}_c=$c ${p}_r=$r"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "  ratio confine/debian: wall $(ratio "$confine_w" "$debian_w"), cpu $(ratio "$confine_c" "$debian_c"), peak RSS $(ratio "$confine_r" "$debian_r")"
# Debian's parser handles the files of a directory in parallel worker
# processes, so its output order varies: compare the sorted name lists.
LC_ALL=C sort "$tmp/confine.out" >"$tmp/confine.sorted"
LC_ALL=C sort "$tmp/debian.out" >"$tmp/debian.sorted"
if cmp -s "$tmp/confine.sorted" "$tmp/debian.sorted"; then
	echo "  profile names: same set ($(wc -l <"$tmp/debian.out") lines)"
else
	echo "  profile names: DIFFER (confine $(wc -l <"$tmp/confine.out") lines, debian $(wc -l <"$tmp/debian.out") lines; < debian, > confine):"
	diff "$tmp/debian.sorted" "$tmp/confine.sorted" | grep '^[<>]' | head -20 | sed 's/^/    /'
fi
