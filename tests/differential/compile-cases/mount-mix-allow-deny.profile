profile mount-mix-allow-deny {
  mount,
  deny mount /dev/sda -> /mnt/**,
  audit deny mount options=(ro) -> /secret/,
}
