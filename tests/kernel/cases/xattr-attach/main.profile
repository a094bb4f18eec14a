# attachment by xattr conditions (out-of-band transitions in the attachment
# DFA): every listed xattr must be present with a matching value
profile kt_xattr /t/xattr/a* xattrs=(trusted.kt=yes) {
  /proc/*/attr/current r,
}
profile kt_xattr_glob /t/xattr/b* xattrs=(trusted.kt="v[0-9]*" trusted.k2=z) {
  /proc/*/attr/current r,
}
