#!/usr/bin/env python3
"""How long does a terminal take to take a pasted answer (issue 9's bounded answers)?

    bench/paste.py BINARY [BASELINE] [--sizes 10000,100000] [--rounds 3]

Runs `BINARY start` in a pseudo-terminal with an empty HOME, answers the opening (safe, "I hurt
someone", 3, no breathing), then writes SIZE characters at the first typed question in 4 KiB
writes, reading the echo as a terminal would. The time is from the first write until the echo
has been quiet for half a second (that half second not counted), and the CPU time the coach
used in all (its start and the opening included: a few milliseconds). Each figure is the median
of ROUNDS runs, BINARY and BASELINE interleaved; with a baseline, the ratios BINARY / BASELINE.
"""
import argparse, fcntl, os, pty, select, shutil, statistics, sys, tempfile, time

QUIET = 0.5


def paste_seconds(binary, size):
    """The wall-clock seconds the paste took, and the CPU seconds of the whole run."""
    home = tempfile.mkdtemp(prefix="paste-")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(binary, [binary, "start"],
                  {"HOME": home, "TERM": "xterm-256color", "PATH": "/usr/bin:/bin"})
    seen = b""

    def until(marker, timeout=30):
        nonlocal seen
        end = time.time() + timeout
        while marker not in seen:
            if time.time() > end:
                sys.exit(f"{binary}: no {marker!r} on screen; last: {seen[-200:]!r}")
            if select.select([fd], [], [], 0.1)[0]:
                seen += os.read(fd, 65536)

    try:
        until(b"No, or I"); os.write(fd, b"\r")
        until(b"A bit of both"); os.write(fd, b"\r")
        until(b"stirred up"); os.write(fd, b"3\r")
        until(b"carry on"); os.write(fd, b"\x1b[B\r")
        until(b"You felt")
        text = (b"word " * (size // 5 + 1))[:size]
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags | os.O_NONBLOCK)
        start, written = time.time(), 0
        # Reads and writes as either is ready: a blocking write could wait on an echo unread.
        while written < size:
            readable, writable, _ = select.select([fd], [fd], [], 1)
            try:
                if readable:
                    os.read(fd, 1 << 20)
                if writable:
                    written += os.write(fd, text[written:written + 4096])
            except BlockingIOError:
                pass
        fcntl.fcntl(fd, fcntl.F_SETFL, flags)
        while select.select([fd], [], [], QUIET)[0]:
            os.read(fd, 1 << 20)
        took = time.time() - start - QUIET
    finally:
        os.kill(pid, 9)
        _, _, usage = os.wait4(pid, 0)
        shutil.rmtree(home, ignore_errors=True)
    return took, usage.ru_utime + usage.ru_stime


def main():
    args = argparse.ArgumentParser()
    args.add_argument("binary")
    args.add_argument("baseline", nargs="?")
    args.add_argument("--sizes", default="10000,100000")
    args.add_argument("--rounds", type=int, default=3)
    a = args.parse_args()
    binaries = [a.binary] + ([a.baseline] if a.baseline else [])
    for size in map(int, a.sizes.split(",")):
        runs = {b: [] for b in binaries}
        for _ in range(a.rounds):
            for b in binaries:
                runs[b].append(paste_seconds(b, size))
        wall = {b: statistics.median(r[0] for r in rs) for b, rs in runs.items()}
        cpu = {b: statistics.median(r[1] for r in rs) for b, rs in runs.items()}
        line = f"{size:>7} characters: " + ", ".join(
            f"{b} {wall[b]:.3f} s ({cpu[b]:.3f} s CPU)" for b in binaries)
        if a.baseline:
            line += (f"; ratio {wall[a.binary] / wall[a.baseline]:.2f}x,"
                     f" CPU {cpu[a.binary] / cpu[a.baseline]:.2f}x")
        print(line)


if __name__ == "__main__":
    main()
