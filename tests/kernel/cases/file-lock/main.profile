# k: file locking
profile kt_file_lock /t/file-lock/helper {
  /t/file-lock/lockable rk,
  /t/file-lock/plain r,
}
