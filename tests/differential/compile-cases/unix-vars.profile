@{SOCK}=@/run/a*
@{PEER}=/usr/bin/peer
profile unix-vars {
  unix (bind) addr=@{SOCK},
  unix (connect) peer=(addr=@{SOCK} label=@{PEER}),
  unix (send) peer=(label=@{profile_name}),
}
