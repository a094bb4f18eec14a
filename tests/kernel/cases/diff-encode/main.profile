# differential encoding (reference states, BASE bit 31): compiled for this
# case's features file, Debian 6.1's plus policy/diff_encode, which the
# kernel implements without advertising; enforced like the plain tables
profile kt_diff /t/diff/helper {
  /t/diff/{a,b,c}/** r,
  /t/diff/lib/*.so* r,
  /t/diff/share/{x,y,z}/** r,
  /t/diff/home/*/.config/app/** rw,
  /t/diff/home/*/.cache/app/** rw,
  /proc/*/attr/current r,
}
