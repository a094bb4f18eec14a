# m: mmap with PROT_EXEC
profile kt_file_mmap /t/file-mmap/helper {
  /t/file-mmap/lib rm,
  /t/file-mmap/data r,
}
