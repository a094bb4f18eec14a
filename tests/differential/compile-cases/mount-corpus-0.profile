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
profile mount-corpus-0 {
  mount -> /,
  mount -> /newroot/{,**},
  mount -> /snap/**,
  mount -> /tmp/.snap/**,
  mount -> /tmp/ctd-volume@{int}/,
  mount -> /tmp/dissect-@{rand6}/,
  mount -> /usr/**,
  mount -> /var/cache/fontconfig/,
  mount -> /var/lib/containerd/tmpmounts/containerd-mount@{int}/,
  mount -> /var/lib/dhcp/,
  mount -> @{HOMEDIRS}/,
  mount -> @{HOME}/{,**},
  mount -> @{MOUNTDIRS}/,
  mount -> @{MOUNTS}/{,**},
  mount -> @{efi}/,
  mount -> @{run}/containerd/io.containerd.runtime.v2.task/k8s.io/@{hex}/rootfs/,
  mount -> @{run}/systemd/mount-rootfs/{,**},
  mount -> @{run}/systemd/namespace-@{rand6}/{,**},
  mount -> @{run}/systemd/user-home-mount/,
  mount -> @{run}/udisks2/temp-mount-*/,
  mount / -> @{MOUNTS}/*/,
  mount /dev/{s,v}d[a-z]*@{int} -> /tmp/gparted-*/,
  mount /dev/{s,v}d[a-z]*@{int} -> @{MOUNTS}/*/,
  mount /dev/{s,v}d[a-z]*@{int} -> @{MOUNTS}/,
  mount /dev/{s,v}d[a-z]*@{int} -> @{efi}/,
  mount /tmp/containerd-mount@{int}/,
  mount /var/lib/docker/**/,
  mount fstype=autofs systemd-1 -> @{PROC}/sys/fs/binfmt_misc/,
  mount fstype=autofs systemd-1 -> @{efi}/,
  mount fstype=binfmt_misc options=(rw nodev noexec nosuid) binfmt_misc -> @{PROC}/sys/fs/binfmt_misc/,
  mount fstype=cgroup -> @{sys}/fs/cgroup/net_cls/,
  mount fstype=cifs -> @{HOME}/*/*/,
  mount fstype=cifs -> @{HOME}/*/,
  mount fstype=cifs -> @{MOUNTDIRS}/,
  mount fstype=cifs -> @{MOUNTS}/*/*/,
  mount fstype=cifs -> @{MOUNTS}/*/,
  mount fstype=cifs -> @{MOUNTS}/,
  mount fstype=configfs options=(rw nodev noexec nosuid) configfs -> @{sys}/kernel/config/,
  mount fstype=debugfs options=(rw nodev noexec nosuid) debugfs -> @{sys}/kernel/debug/,
  mount fstype=devpts options=(rw nosuid noexec) devpts -> /newroot/dev/pts/,
  mount fstype=fuse options=(ro nodev nosuid) borgfs -> /tmp/borg/,
  mount fstype=fuse options=(ro nosuid nodev) borgfs -> @{MOUNTS}/*/,
  mount fstype=fuse options=(ro nosuid nodev) borgfs -> @{MOUNTS}/,
  mount fstype=fuse.fuse-overlayfs options=(rw noatime nodev nosuid) fuse-overlayfs -> @{HOME}/**/,
  mount fstype=fuse.fuseiso -> @{HOME}/*/*/,
  mount fstype=fuse.fuseiso -> @{HOME}/*/,
  mount fstype=fuse.fuseiso -> @{user_cache_dirs}/**/,
  mount fstype=fuse.grub-mount -> /var/lib/os-prober/mount/,
  mount fstype=fuse.obexautofs -> @{HOME}/*/*/,
  mount fstype=fuse.obexautofs -> @{HOME}/*/,
  mount fstype=fuse.obexfs -> @{HOME}/*/*/,
  mount fstype=fuse.obexfs -> @{HOME}/*/,
  mount fstype=fuse.overlayfs options=(rw,nodev,noatime) fuse-overlayfs -> @{user_share_dirs}/containers/storage/overlay/**/merged/,
  mount fstype=fuse.portal -> @{run}/user/@{uid}/doc/,
  mount fstype=fuse.revokefs-fuse options=(rw, nosuid, nodev) -> /var/tmp/flatpak-cache-*/*/,
  mount fstype=fuse.revokefs-fuse options=(rw, nosuid, nodev) revokefs-fuse -> /var/tmp/flatpak-cache-*/*/,
  mount fstype=fuse.s3fs -> @{MOUNTS}/*/,
  mount fstype=fuse.s3fs -> @{MOUNTS}/,
  mount fstype=fuse.sshfs -> @{HOME}/*/*/,
  mount fstype=fuse.sshfs -> @{HOME}/*/,
  mount fstype=fuse.sshfs -> @{MOUNTDIRS}/,
  mount fstype=fuse.sshfs -> @{MOUNTS}/*/*/,
  mount fstype=fuse.sshfs -> @{MOUNTS}/*/,
  mount fstype=fuse.sshfs -> @{MOUNTS}/,
  mount fstype=fuse.veracrypt options=(rw nodev nosuid) veracrypt -> /tmp/.veracrypt_*/,
  mount fstype=fuse.wechat-appimage.AppImage options=(ro nodev nosuid) -> @{tmp}/.mount_wechat@{word6}/,
  mount fstype=fuseblk /dev/dm-[0-9]* -> @{MOUNTDIRS}/,
  mount fstype=fuseblk /dev/dm-[0-9]* -> @{MOUNTS}/*/,
  mount fstype=fuseblk /dev/dm-[0-9]* -> @{MOUNTS}/,
  mount fstype=fuseblk /dev/mmcblk[0-9]*p[0-9]* -> @{MOUNTS}/*/,
  mount fstype=fuseblk /dev/mmcblk[0-9]*p[0-9]* -> @{MOUNTS}/,
  mount fstype=fuseblk /dev/{s,v}d[a-z]*[0-9]* -> /tmp/fsa/*/,
  mount fstype=fuseblk /dev/{s,v}d[a-z]*[0-9]* -> @{MOUNTDIRS},
  mount fstype=fuseblk /dev/{s,v}d[a-z]*[0-9]* -> @{MOUNTS}/*/,
  mount fstype=fuseblk /dev/{s,v}d[a-z]*[0-9]* -> @{MOUNTS}/,
  mount fstype=fusectl options=(rw nodev noexec nosuid) fusectl -> @{sys}/fs/fuse/connections/,
  mount fstype=hugetlbfs -> /var/lib/hugetlbfs/global/pagesize-*/,
  mount fstype=hugetlbfs -> /var/lib/hugetlbfs/pagesize-*/,
  mount fstype=hugetlbfs -> /var/lib/hugetlbfs/{user,group}/*/pagesize-*/,
  mount fstype=hugetlbfs options=(rw nosuid nodev) hugetlbfs -> /dev/hugepages/,
  mount fstype=mqueue options=(rw nodev noexec nosuid) -> /dev/mqueue/,
  mount fstype=nfs -> /*/,
  mount fstype=nfs -> /,
  mount fstype=nfs -> @{MOUNTDIRS}/,
  mount fstype=nfs -> @{MOUNTS}/*/,
  mount fstype=nfs -> @{MOUNTS}/,
  mount fstype=overlay options=(ro nodev noexec nosuid) confext -> @{run}/systemd/sysext/overlay/etc/,
  mount fstype=overlay options=(rw noatime nodev noexec nosuid) confext -> @{run}/systemd/sysext/overlay/etc/,
  mount fstype=proc options=(rw nosuid nodev noexec) proc -> /newroot/@{PROC}/,
  mount fstype=squashfs /dev/loop@{int} -> /tmp/syscheck-mountpoint-@{int}/,
  mount fstype=squashfs options=(ro nodev) /dev/loop@{int} -> /snap/*/@{int}/,
  mount fstype=sysfs -> @{sys},
  mount fstype=tmpfs confext -> @{run}/systemd/sysext/,
  mount fstype=tmpfs options in (rw, nosuid, nodev, noexec) -> @{run}/containerd/io.containerd.grpc.v1.cri/sandboxes/@{hex}/shm/,
  /usr/bin/** r,
}
