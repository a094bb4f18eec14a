profile pr {
  pivot_root /new/ -> foo,
}
