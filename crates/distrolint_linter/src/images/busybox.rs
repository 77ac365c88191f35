//! BusyBox applets shipped by distroless `:debug*` images (F4).
//!
//! Source: GoogleContainerTools/distroless `experimental/busybox/commands.bzl` (`BUSYBOX_COMMANDS`, commit
//! `e0837463`), which links every applet below as `/busybox/<applet>` -> `/busybox/busybox`, and
//! `static/static.bzl` (the debug image adds that layer and `ENV PATH=$PATH:/busybox`).
//! `static/testdata/debug.yaml` checks for BusyBox v1.37.0 (RULES-DISTROLESS.md F4).

/// Every applet linked under `/busybox/`, sorted bytewise so lookups can binary-search.
#[rustfmt::skip]
pub(crate) const APPLETS: &[&str] = &[
    "[", "[[", "acpid", "add-shell", "addgroup", "adduser", "adjtimex", "ar", "arp", "arping", "ash", "awk",
    "base64", "basename", "blkdiscard", "blkid", "blockdev", "bootchartd", "brctl", "bunzip2", "bzcat", "bzip2",
    "cal", "cat", "chat", "chattr", "chgrp", "chmod", "chown", "chpasswd", "chpst", "chroot", "chrt", "chvt",
    "cksum", "clear", "cmp", "comm", "conspy", "cp", "cpio", "crond", "crontab", "cryptpw", "cttyhack", "cut",
    "date", "dc", "dd", "deallocvt", "delgroup", "deluser", "depmod", "devmem", "df", "dhcprelay", "diff",
    "dirname", "dmesg", "dnsd", "dnsdomainname", "dos2unix", "dpkg", "dpkg-deb", "du", "dumpkmap", "dumpleases",
    "echo", "ed", "egrep", "eject", "env", "envdir", "envuidgid", "expand", "expr", "factor", "fakeidentd",
    "false", "fatattr", "fbset", "fbsplash", "fdflush", "fdformat", "fdisk", "fgconsole", "fgrep", "find",
    "findfs", "flash_eraseall", "flash_lock", "flash_unlock", "flashcp", "flock", "fold", "free", "freeramdisk",
    "fsck", "fsck.minix", "fsfreeze", "fstrim", "fsync", "ftpd", "ftpget", "ftpput", "fuser", "getopt", "getty",
    "grep", "groups", "gunzip", "gzip", "halt", "hd", "hdparm", "head", "hexdump", "hostid", "hostname", "httpd",
    "hush", "hwclock", "i2cdetect", "i2cdump", "i2cget", "i2cset", "id", "ifconfig", "ifenslave", "ifplugd",
    "inetd", "init", "inotifyd", "insmod", "install", "ionice", "iostat", "ip", "ipaddr", "ipcalc", "ipcrm",
    "ipcs", "iplink", "ipneigh", "iproute", "iprule", "iptunnel", "kbd_mode", "kill", "killall", "killall5",
    "klogd", "last", "less", "link", "linux32", "linux64", "linuxrc", "ln", "loadfont", "loadkmap", "logger",
    "login", "logname", "losetup", "lpd", "lpq", "lpr", "ls", "lsattr", "lsmod", "lsof", "lspci", "lsscsi",
    "lsusb", "lzcat", "lzma", "lzop", "lzopcat", "makedevs", "makemime", "man", "md5sum", "mdev", "mesg",
    "microcom", "mkdir", "mkdosfs", "mke2fs", "mkfifo", "mkfs.ext2", "mkfs.minix", "mkfs.vfat", "mknod",
    "mkpasswd", "mkswap", "mktemp", "modinfo", "modprobe", "more", "mount", "mountpoint", "mpstat", "mt", "mv",
    "nameif", "nbd-client", "nc", "netstat", "nice", "nl", "nmeter", "nohup", "nproc", "ntpd", "od", "openvt",
    "partprobe", "passwd", "paste", "patch", "pgrep", "pidof", "ping", "ping6", "pipe_progress", "pivot_root",
    "pkill", "pmap", "popmaildir", "poweroff", "powertop", "printenv", "printf", "ps", "pscan", "pstree", "pwd",
    "pwdx", "raidautorun", "rdate", "rdev", "readlink", "readprofile", "realpath", "reboot", "reformime",
    "remove-shell", "renice", "reset", "resize", "rev", "rm", "rmdir", "rmmod", "route", "rpm", "rpm2cpio",
    "rtcwake", "run-parts", "runlevel", "runsv", "runsvdir", "rx", "script", "scriptreplay", "sed", "sendmail",
    "seq", "setarch", "setconsole", "setfont", "setkeycodes", "setlogcons", "setpriv", "setserial", "setsid",
    "setuidgid", "sh", "sha1sum", "sha256sum", "sha3sum", "sha512sum", "showkey", "shred", "shuf", "slattach",
    "sleep", "smemcap", "softlimit", "sort", "split", "ssl_client", "start-stop-daemon", "stat", "strings", "stty",
    "su", "sulogin", "sum", "sv", "svc", "svlogd", "swapoff", "swapon", "switch_root", "sync", "sysctl", "syslogd",
    "tac", "tail", "tar", "taskset", "tcpsvd", "tee", "telnet", "telnetd", "test", "tftp", "tftpd", "time",
    "timeout", "top", "touch", "tr", "traceroute", "traceroute6", "true", "truncate", "tty", "ttysize", "tunctl",
    "tune2fs", "ubiattach", "ubidetach", "ubimkvol", "ubirename", "ubirmvol", "ubirsvol", "ubiupdatevol", "udhcpc",
    "udhcpd", "udpsvd", "uevent", "umount", "uname", "uncompress", "unexpand", "uniq", "unix2dos", "unlink",
    "unlzma", "unlzop", "unxz", "unzip", "uptime", "users", "usleep", "uudecode", "uuencode", "vconfig", "vi",
    "vlock", "volname", "w", "wall", "watch", "watchdog", "wc", "wget", "which", "who", "whoami", "whois", "xargs",
    "xxd", "xz", "xzcat", "yes", "zcat", "zcip",
];

/// Commands people often expect in a debug image that are **not** BusyBox applets there (F4).
/// `bash`, `curl`, `useradd`, `groupadd`, `apt-get` and `pip` are named by F4; the rest are their
/// siblings, checked against [`APPLETS`] by a test.
pub(crate) const NOT_APPLETS: &[&str] = &[
    "apt", "apt-get", "bash", "curl", "gpg", "groupadd", "git", "make", "npm", "pip", "pip3", "python", "python3",
    "sudo", "useradd", "usermod", "zsh",
];

/// True when `name` is a BusyBox applet of the distroless debug images.
pub(crate) fn is_applet(name: &str) -> bool {
    APPLETS.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applets_are_sorted_and_unique() {
        assert!(APPLETS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(APPLETS.len(), 381);
    }

    #[test]
    fn f4_applets_are_present() {
        for name in ["sh", "ls", "cat", "mkdir", "chmod", "chown", "rm", "cp", "id", "whoami", "adduser", "addgroup"] {
            assert!(is_applet(name), "{name}");
        }
        for name in ["wget", "nc", "tar", "env", "ash"] {
            assert!(is_applet(name), "{name}");
        }
    }

    #[test]
    fn absent_tools_are_not_applets() {
        for name in NOT_APPLETS {
            assert!(!is_applet(name), "{name}");
        }
    }
}
