@{FS}=ext4 xfs
@{D}=/dev/sda /dev/sdb
@{M}=/mnt//x
profile mount-vars {
  mount fstype=@{FS} @{D} -> @{M}/,
  pivot_root /a/@{M} -> foo,
  umount /b/@{M},
  remount @{M}/,
  /usr/bin/** r,
}
