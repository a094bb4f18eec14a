# Helpers for the guest side of the kernel test cases (sourced by /kt/run
# and by every case's test.sh). A case's test.sh runs in its own shell with
# the case directory (its compiled *.bin blobs, its files) as the working
# directory; each failed check prints 'FAIL: ...' and the case fails.
AA=/sys/kernel/security/apparmor
KT_FAILS=0
KT_SYNC=0

kt_fail() { echo "FAIL: $*"; KT_FAILS=$((KT_FAILS + 1)); }
kt_done() { [ "$KT_FAILS" -eq 0 ] && exit 0; echo "$KT_FAILS check(s) failed"; exit 1; }

# kt_sync: wait until every audit record emitted so far is in the kernel log,
# then print the AppArmor records and clear the log. kauditd prints records
# asynchronously but in order, so a marker record (the audited failure of
# removing a profile that does not exist) closes the batch.
kt_sync() {
	KT_SYNC=$((KT_SYNC + 1))
	_m="kt-sync-$$-$KT_SYNC"
	printf '%s' "$_m" >$AA/.remove 2>/dev/null
	_i=0
	while ! dmesg | grep -q "name=\"$_m\"" && [ $_i -lt 500 ]; do
		usleep 10000
		_i=$((_i + 1))
	done
	[ $_i -lt 500 ] || echo "kt_sync: marker $_m never reached the kernel log"
	dmesg -c | grep 'apparmor="' | grep -v 'name="kt-sync-' | sed 's/^.*audit([0-9.:]*): //'
}

# Policy: load (.load) or load-or-replace (.replace) a compiled blob in ONE
# write(2) (dd with a block larger than any blob), remove by profile name.
kt_write_policy() {
	if _o=$(dd if="$2" of="$AA/$1" bs=64M 2>&1); then return 0; fi
	echo "$_o" | grep -v 'records\|bytes' | sed "s|^|$1 $2: |"
	return 1
}
kt_load() { for _b; do kt_write_policy .replace "$_b" || kt_fail "cannot load $_b"; done; }
kt_remove() { printf '%s' "$1" >$AA/.remove; }

# kt_profile NAME MODE: NAME is loaded in MODE (enforce, complain, ...).
kt_profile() {
	grep -q -x -F "$1 ($2)" $AA/profiles || {
		kt_fail "profile '$1 ($2)' not in $AA/profiles:"
		sed 's/^/    /' $AA/profiles
	}
}
kt_no_profile() {
	! grep -q "^$1 (" $AA/profiles || kt_fail "profile '$1' is still loaded"
}

# Test programs at confined paths: hard links (a symlink would be resolved
# and attach by its target). busybox picks its applet from the link's name.
kt_bb() { for _p; do mkdir -p "${_p%/*}" && ln -f /bin/busybox "$_p"; done; }
kt_helper() { for _p; do mkdir -p "${_p%/*}" && ln -f /kt/bin/kthelper "$_p"; done; }
# kt_file PATH [CONTENT [MODE [UID]]]
kt_file() {
	mkdir -p "${1%/*}" && echo "${2:-data}" >"$1" && chmod "${3:-644}" "$1" && chown "${4:-0}:${4:-0}" "$1"
}

# Checks. Each runs the command, shows it and its output, and records a failure.
_kt_run() {
	KT_OUT=$("$@" 2>&1)
	KT_RC=$?
	echo "\$ $* -> $KT_RC"
	[ -z "$KT_OUT" ] || echo "$KT_OUT" | sed 's/^/  /'
}
# expect_ok CMD...: CMD succeeds.
expect_ok() { _kt_run "$@"; [ $KT_RC -eq 0 ] || kt_fail "expected success: $*"; }
# expect_denied CMD...: CMD fails with EACCES or EPERM.
expect_denied() {
	_kt_run "$@"
	if [ $KT_RC -eq 0 ]; then
		kt_fail "expected a denial, it succeeded: $*"
	elif ! echo "$KT_OUT" | grep -q -e EACCES -e EPERM -e 'Permission denied' -e 'Operation not permitted'; then
		kt_fail "failed, but not with EACCES/EPERM: $*"
	fi
}
# expect_output TEXT CMD...: CMD's output contains TEXT (status not checked).
expect_output() {
	_t=$1
	shift
	_kt_run "$@"
	case $KT_OUT in *"$_t"*) ;; *) kt_fail "expected output containing '$_t': $*" ;; esac
}
# expect_fail ERRNAME CMD...: CMD fails and its output names ERRNAME.
expect_fail() {
	_e=$1
	shift
	_kt_run "$@"
	if [ $KT_RC -eq 0 ]; then
		kt_fail "expected $_e, it succeeded: $*"
	else
		case $KT_OUT in *"$_e"*) ;; *) kt_fail "expected $_e: $*" ;; esac
	fi
}
