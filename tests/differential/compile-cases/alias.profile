alias /{,usr/}bin/dd -> /usr/bin/gnudd,
alias /a/ -> /b/,
@{bin}=/{,usr/}bin
profile x /{,usr/}bin/dd {
  @{bin}/dd rix,
  /a/** r,
  /a/x l -> /a/y,
  link /a/l -> /a/t,
  /c px -> /a/x,
  change_profile /a/e -> foo,
  deny /a/d w,
}
