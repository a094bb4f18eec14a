profile unix-addr {
  unix (bind) addr=none,
  unix (bind, listen) type=stream addr=auto,
  unix (bind, listen, accept) addr=@/tmp/sock*,
  unix (bind) addr=@//double//slash,
  unix (getattr) addr=@name{a,b}?,
  unix (create, bind, getopt) addr=@foo,
}
