profile mount-bind-nosrc {
  mount options=bind -> /m,
  mount options=(remount,bind) /b,
}
