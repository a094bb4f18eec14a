# l: hard links, as a permission and as a link rule
profile kt_file_link /t/file-link/helper {
  /t/file-link/target r,
  /t/file-link/newlink l,
  link /t/file-link/rulelink -> /t/file-link/target,
}
