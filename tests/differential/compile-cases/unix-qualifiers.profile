profile unix-qualifiers {
  unix (create) type=stream,
  audit unix (bind, listen) type=stream addr=@audited,
  deny unix (connect) peer=(label=denied),
  audit deny unix (send) type=dgram peer=(addr=@logged),
  deny unix (bind) addr=none,
  audit unix (send, receive, connect) peer=(label=x),
  audit unix (create, getattr),
  audit deny unix,
}
