profile mount-hat {
  mount -> /a/,
  ^hat {
    mount options=(bind) /x -> /y,
    pivot_root -> foo,
  }
  profile child {
    umount /z,
  }
}
