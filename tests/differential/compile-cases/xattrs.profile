# xattr attachment conditions: out-of-band transitions in the attachment DFA
# (kernels with policy/outofband and domain/attach_conditions/xattr), dropped
# without them; the chain runs in the reverse of the written order
profile xa1 /usr/bin/xa1 xattrs=(trusted.foo=bar security.t="a*") {
  /tmp/xa1 r,
}
profile xa2 /usr/bin/* xattrs=(user.foo="b*r" user.q=/a/** z.a=1) {
}
profile xa3 xattrs=(user.any) {
}
profile xa4 /opt/{a,b}/x xattrs=(user.dup=1 user.dup=2) flags=(complain) {
  profile kid /opt/kid xattrs=(k.k="[0-9]?") {
  }
  /opt/kid cx,
}
