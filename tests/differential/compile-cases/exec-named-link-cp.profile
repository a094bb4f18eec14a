#include <tunables/global>
profile t1 /usr/bin/t1* flags=(complain) {
  capability chown,
  audit capability kill,
  deny capability sys_admin,
  /etc/foo r,
  owner /home/*/x rw,
  audit /var/log/** w,
  deny /etc/shadow r,
  /bin/ls ix,
  /bin/px Px,
  /bin/cx cx -> child,
  /bin/named px -> other,
  /tmp/a l -> /tmp/b,
  change_profile -> foo,
  network inet stream,
  signal send set=(hup) peer=foo,
  ptrace read peer=bar,
  ^hat { /x r, }
  profile child { }
}
