profile mount-bind {
  mount options=bind /a -> /b,
  mount options=(rbind) /c -> /d,
  mount options=(B) /e -> /f,
  mount options=(R) /g -> /h,
}
