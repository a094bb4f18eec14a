# read, write, append and create rules on plain files
profile kt_file_rw /t/file-rw/helper {
  /t/file-rw/readable r,
  /t/file-rw/writable w,
  /t/file-rw/appendonly a,
  /t/file-rw/newdir/ r,
}
profile kt_file_rw_cat /t/file-rw/cat {
  /t/file-rw/readable r,
}
