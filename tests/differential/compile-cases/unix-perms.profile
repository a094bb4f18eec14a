profile unix-perms {
  unix (create),
  unix (bind) type=stream,
  unix (listen, accept) type=seqpacket,
  unix (connect, send, receive) type=dgram,
  unix (getattr, setattr, getopt, setopt, shutdown),
  unix rw type=stream,
  unix (r),
}
