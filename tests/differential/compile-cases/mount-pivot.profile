profile mount-pivot {
  pivot_root,
  pivot_root /new,
  pivot_root oldroot=/old /new,
  pivot_root oldroot=/o/**,
}
