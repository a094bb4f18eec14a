# Every distinct mount, remount, umount and pivot_root rule of the
# apparmor.d (abi 3) corpus, with its variables given simple values.
@{HOMEDIRS}=/home/
@{HOME}=@{HOMEDIRS}/*/ /root/
@{MOUNTDIRS}=/media/ @{run}/media/ /mnt/
@{MOUNTS}=@{MOUNTDIRS}/*/ @{run}/user/@{uid}/
@{PROC}=/proc
@{att}=/att/*/
@{efi}=/boot/efi /efi
@{hex}=[0-9a-fA-F]*
@{hex64}=[0-9a-f][0-9a-f][0-9a-f][0-9a-f]*
@{int}=[0-9]{[0-9],}{[0-9],}
@{int10}=[0-9]{[0-9],}
@{lib}=/usr/lib{,32,64} /lib
@{rand6}=[a-zA-Z0-9][a-zA-Z0-9][a-zA-Z0-9][a-zA-Z0-9][a-zA-Z0-9][a-zA-Z0-9]
@{run}=/run/ /var/run/
@{sys}=/sys/
@{tmp}=/tmp/ /var/tmp/
@{uid}=[0-9]*
@{user_cache_dirs}=@{HOME}/.cache
@{user_projects_dirs}=@{HOME}/Projects
@{user_publicshare_dirs}=@{HOME}/Public
@{user_share_dirs}=@{HOME}/.local/share
@{user_vm_dirs}=@{HOME}/VM
@{user_vmshare_dirs}=@{HOME}/VMshare
@{user}=[a-zA-Z_]*
@{uuid}=[0-9a-f]*-[0-9a-f]*
@{word6}=[a-zA-Z0-9_][a-zA-Z0-9_][a-zA-Z0-9_][a-zA-Z0-9_][a-zA-Z0-9_][a-zA-Z0-9_]
profile mount-corpus-1 {
  mount fstype=tmpfs options=(rw nodev noexec nosuid) tmpfs -> @{run}/lock/,
  mount fstype=tmpfs options=(rw nodev nosuid strictatime) tmpfs -> /tmp/,
  mount fstype=tmpfs options=(rw nodev strictatime) tmpfs -> @{run}/systemd/unit-private-tmp/,
  mount fstype=tmpfs options=(rw nodev) rootfs -> @{run}/systemd/dissect-root/,
  mount fstype=tmpfs options=(rw nosuid nodev) tmpfs -> /newroot/{,**},
  mount fstype=tmpfs options=(rw nosuid nodev) tmpfs -> /tmp/,
  mount fstype=tmpfs options=(rw,nosuid,nodev) -> @{run}/user/@{uid}/,
  mount fstype=tmpfs tmpfs -> /tmp/,
  mount fstype=tracefs options=(rw nodev noexec nosuid) tracefs -> @{sys}/kernel/tracing/,
  mount fstype=vfat -> @{efi}/,
  mount fstype=zfs -> /**/,
  mount fstype=zfs -> /,
  mount fstype=zfs -> /tmp/zfsmnt.*/*/,
  mount fstype=zfs -> /tmp/zfsmnt.*/,
  mount fstype=zfs -> @{MOUNTDIRS}/,
  mount fstype=zfs -> @{MOUNTS}/*/,
  mount fstype=zfs -> @{MOUNTS}/,
  mount fstype=zfs options=(rw noatime) -> @{MOUNTS}/,
  mount fstype=zfs,
  mount fstype={btrfs,ext*,vfat,exfat,f2fs,iso9660,udf,ntfs3,hfsplus} /dev/dm-[0-9]* -> @{MOUNTS}/*/,
  mount fstype={btrfs,ext*,vfat,exfat,f2fs,iso9660,udf,ntfs3,hfsplus} /dev/{s,v}d[a-z]* -> @{MOUNTS}/*/,
  mount fstype={btrfs,ext*,vfat,exfat,f2fs,iso9660,udf,ntfs3,hfsplus} /dev/{s,v}d[a-z]*[0-9]* -> @{MOUNTS}/*/,
  mount fstype={btrfs,ext*,vfat,exfat,f2fs,iso9660,udf,ntfs3} /dev/mmcblk[0-9] -> @{MOUNTS}/*/,
  mount fstype={btrfs,ext*,vfat,exfat,f2fs,iso9660,udf,ntfs3} /dev/mmcblk[0-9]*p[0-9]* -> @{MOUNTS}/*/,
  mount fstype={btrfs,ext*,vfat,exfat,iso9660,udf,ntfs3,squashfs} /dev/loop[0-9]* -> @{MOUNTS}/*/,
  mount fstype={btrfs,ext*,vfat,exfat,iso9660,udf,ntfs3,squashfs} /dev/loop[0-9]*p[0-9]* -> @{MOUNTS}/*/,
  mount fstype={btrfs,ext*,vfat,exfat,iso9660,udf,ntfs3} /dev/loop[0-9]* -> @{MOUNTS}/*/,
  mount fstype={fuse,fuse.*} -> /tmp/.mount_*/,
  mount fstype={fuse,fuse.*} -> /var/tmp/flatpak-cache-*/*/,
  mount fstype={fuse,fuse.*} -> @{HOME}/**/,
  mount fstype={fuse,fuse.*} -> @{MOUNTS}/**/,
  mount fstype={fuse,fuse.*} -> @{run}/user/@{uid}/*/,
  mount fstype={fuse,fuse.*} -> @{run}/user/@{uid}/gvfs/,
  mount fstype={fuse,fuse.archivemount} options=(rw nodev nosuid) archivemount -> @{HOME}/*/*/,
  mount fstype={fuse,fuse.archivemount} options=(rw nodev nosuid) archivemount -> @{HOME}/*/,
  mount fstype={fuse,fuse.fuseiso} -> @{HOME}/*/*/,
  mount fstype={fuse,fuse.fuseiso} -> @{HOME}/*/,
  mount fstype={fuse,fuse.fuseiso} -> @{user_cache_dirs}/**/,
  mount fstype={fuse,fuse.jmtpfs} -> @{HOME}/*/*/,
  mount fstype={fuse,fuse.jmtpfs} -> @{HOME}/*/,
  mount fstype={fuse,fuse.jmtpfs} -> @{user_cache_dirs}/*/*/,
  mount fstype={fuse,fuse.obexautofs} -> @{HOME}/*/*/,
  mount fstype={fuse,fuse.obexautofs} -> @{HOME}/*/,
  mount fstype={fuse,fuse.obexfs} -> @{HOME}/*/*/,
  mount fstype={fuse,fuse.obexfs} -> @{HOME}/*/,
  mount fstype={fuse,fuse.sshfs} -> @{HOME}/*/*/,
  mount fstype={fuse,fuse.sshfs} -> @{HOME}/*/,
  mount fstype={fuse,fuse.sshfs} -> @{MOUNTDIRS}/,
  mount fstype={fuse,fuse.sshfs} -> @{MOUNTS}/*/*/,
  mount fstype={fuse,fuse.sshfs} -> @{MOUNTS}/*/,
  mount fstype={fuse,fuse.sshfs} -> @{MOUNTS}/,
  mount fstype={iso9660,udf,ntfs3} /dev/sr[0-9]* -> @{MOUNTS}/*/,
  mount options in (rw, bind, nosuid, nodev, noexec) -> @{run}/netns/cni-@{uuid},
  mount options=(ro nodev) @{att}/dev/* -> @{run}/systemd/dissect-root/{,**/},
  mount options=(ro, silent) -> /tmp/snapd-auto-import-mount-@{int}/,
  mount options=(rw bind) -> @{run}/docker/netns/*,
  mount options=(rw bind) / -> @{run}/netns/*,
  mount options=(rw bind) @{lib}/confexts/core-config/ -> @{run}/systemd/sysext/confexts/core-config/,
  mount options=(rw bind) @{run}/systemd/sysext/overlay/etc/.systemd-confext/ -> @{run}/systemd/sysext/overlay/etc/.systemd-confext/,
  mount options=(rw bind) @{run}/systemd/user-home-mount/@{user}/ -> @{HOME}/,
  mount options=(rw make-rprivate) /,
  mount options=(rw make-rprivate) /.pivot_root@{int}/,
  mount options=(rw make-rshared) /,
  mount options=(rw make-rslave) /,
  mount options=(rw make-rslave) /dev/,
  mount options=(rw make-rslave) @{run}/,
  mount options=(rw move) -> /dev/hugepages/,
  mount options=(rw move) -> /dev/mqueue/,
  mount options=(rw move) -> /tmp/,
  mount options=(rw move) -> @{HOMEDIRS}/,
  mount options=(rw move) -> @{HOME}/{,**},
  mount options=(rw move) -> @{MOUNTDIRS}/,
  mount options=(rw move) -> @{MOUNTS}/*/,
  mount options=(rw move) -> @{MOUNTS}/,
  mount options=(rw move) -> @{MOUNTS}/{,**},
  mount options=(rw move) -> @{efi},
  mount options=(rw move) -> @{run}/systemd/user-home-mount/@{user}/,
  mount options=(rw move) -> @{sys}/fs/fuse/connections/,
  mount options=(rw move) -> @{sys}/kernel/config/,
  mount options=(rw move) -> @{sys}/kernel/debug/,
  mount options=(rw move) -> @{sys}/kernel/tracing/,
  mount options=(rw move) /dev/shm/ -> @{run}/credentials/*/,
  mount options=(rw nodev) -> /mnt/*/,
  mount options=(rw private) -> @{run}/systemd/user-home-mount/,
  mount options=(rw rbind) -> /newroot/{,**},
  mount options=(rw rbind) /bindfile@{rand6} -> /newroot/.flatpak-info,
  /usr/bin/** r,
}
