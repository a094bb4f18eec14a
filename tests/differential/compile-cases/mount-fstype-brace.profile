profile mount-fstype-brace {
  mount fstype={procfs,sysfs} -> /foo,
  mount fstype=(procfs, sysfs) -> /foo,
}
