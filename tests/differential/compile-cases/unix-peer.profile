profile unix-peer {
  unix (send, receive) peer=(addr=@peer),
  unix (connect) type=stream peer=(label=/usr/bin/p*),
  unix (accept) addr=@server peer=(addr=none label=unconfined),
  unix (send) peer=(addr=auto),
  unix peer=(label=foo//bar),
  unix (connect) addr=auto peer=(addr=@x*),
}
