#!/usr/bin/env bash
# automata-corpus.sh: every DFA of a whole policy tree, rebuilt by src/automata
# from the rules Debian's parser fed its own DFA builder, with the minimal
# state counts compared.
#
# Usage: bench/automata-corpus.sh [PROFILE...]
#   PROFILE     names of files in POLICY_DIR (default: every file)
#   POLICY_DIR  default ../shared/corpus/apparmor.d-abi3 (1,619 files)
#   FEATURES    default /usr/share/apparmor-features/features
#   JOBS        Debian parsers run at once (default: the CPU count)
#   REPLAY      our driver (default build/bench/aut_replay)
#   KEEP        a directory to keep the dumps in (default: a temporary one)
#
# This checks the automata alone, independently of our lowering: where the
# two compilers lower a file differently (run-compile-diff lists why), the
# DFAs compared here are still built from the very same rule expressions.
# Debian's parser is run once per file with -D rule-exprs -D dfa-stats
# (output discarded; about 40 CPU-minutes for the corpus), then aut_replay
# rebuilds each DFA and compares its state count with the one upstream
# reported. Files Debian's parser rejects have no DFAs and are counted
# apart. Prints one line per file with a mismatch or a failed rebuild, and a
# summary line; exits 1 if there was any.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POLICY_DIR=${POLICY_DIR:-$ROOT/../shared/corpus/apparmor.d-abi3}
FEATURES=${FEATURES:-/usr/share/apparmor-features/features}
JOBS=${JOBS:-$(nproc)}
REPLAY=${REPLAY:-$ROOT/build/bench/aut_replay}
REFERENCE=${REFERENCE:-/usr/sbin/apparmor_parser}

die() { echo "automata-corpus.sh: $*" >&2; exit 2; }
[[ -x $REPLAY ]] || die "$REPLAY not found (ninja -C build)"
[[ -x $REFERENCE ]] || die "$REFERENCE not found (package 'apparmor')"
[[ -d $POLICY_DIR ]] || die "$POLICY_DIR not found"

if [[ -n ${KEEP:-} ]]; then
	dumps=$KEEP
	mkdir -p "$dumps"
else
	dumps=$(mktemp -d)
	trap 'rm -rf "$dumps"' EXIT
fi

# one dump per file; a dump already kept from an earlier run is reused
export REFERENCE FEATURES POLICY_DIR dumps
if (($#)); then
	printf '%s\n' "$@"
else
	find "$POLICY_DIR" -maxdepth 1 -type f ! -name '.*' ! -name README -printf '%f\n' | sort
fi | xargs -P "$JOBS" -I{} bash -c '
		[[ -s "$dumps/{}.dump" ]] && exit 0
		cd "$POLICY_DIR"
		if "$REFERENCE" --config-file=/dev/null -Q -K -S -M "$FEATURES" -b . \
			-D rule-exprs -D dfa-stats "{}" >/dev/null 2>"$dumps/{}.tmp"; then
			mv "$dumps/{}.tmp" "$dumps/{}.dump"
		else
			mv "$dumps/{}.tmp" "$dumps/{}.rejected"
		fi'

files=0 rejected=0 dfas=0 agree=0 mismatch=0 failed=0 bad=0
for d in "$dumps"/*; do
	case $d in
	*.rejected) rejected=$((rejected + 1)); continue ;;
	*.dump) ;;
	*) continue ;;
	esac
	files=$((files + 1))
	name=$(basename "$d" .dump)
	summary=$("$REPLAY" "$d" 2>&1 | grep '^dfas ' || echo "dfas 0 rules 0 agree 0 mismatch 0 failed 1")
	read -r _ n _ _ _ a _ m _ f <<<"$summary"
	dfas=$((dfas + n)) agree=$((agree + a)) mismatch=$((mismatch + m)) failed=$((failed + f))
	if ((m + f > 0)); then
		bad=$((bad + 1))
		echo "$name: $summary"
	fi
done
echo "files $files (rejected by Debian's parser: $rejected); dfas $dfas: agree $agree, state-count mismatches $mismatch, failed $failed; files with either: $bad"
((bad == 0))
