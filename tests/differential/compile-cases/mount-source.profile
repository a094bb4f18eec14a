profile mount-source {
  mount /dev/sda1,
  mount /**,
  mount /{foo,bar},
}
