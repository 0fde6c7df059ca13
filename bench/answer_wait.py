#!/usr/bin/env python3
"""How long a session keeps a person waiting after each answer: the time from an answer's line
reaching the tool to the last words it says before it waits again (the whole next question, or
the closing words).

    answer_wait.py PAUSE ANSWERS_FILE COMMAND...

Answers are given one at a time, PAUSE seconds after the tool last said something, as a person
would read, then type. Prints each wait in milliseconds, then their median and total.
"""
import os
import select
import statistics
import subprocess
import sys
import time

pause, answers_file, command = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
answers = open(answers_file).read().splitlines()
tool = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)


def said_within(seconds):
    """Whether the tool says something within `seconds`; what it said is read and dropped."""
    ready, _, _ = select.select([tool.stdout], [], [], seconds)
    if ready:
        return os.read(tool.stdout.fileno(), 65536)
    return None


def quiet_for(seconds):
    """Reads until the tool has said nothing for `seconds`, as it waits for an answer; when it
    last said something."""
    last = None
    while said_within(seconds):
        last = time.monotonic()
    return last


# Longer than any pause between two lines of one reply, far shorter than a person's pause.
QUIET = 0.3
waits = []
quiet_for(QUIET)
for answer in answers:
    time.sleep(pause)
    tool.stdin.write((answer + "\n").encode())
    given = time.monotonic()
    if not said_within(60):
        sys.exit(f"nothing was said within a minute of the answer {answer!r}")
    first = time.monotonic()
    last = quiet_for(QUIET) or first
    waits.append((last - given) * 1000)
tool.stdin.close()
tool.wait()
print(" ".join(f"{w:.0f}" for w in waits), "ms")
print(f"median {statistics.median(waits):.0f} ms, total {sum(waits):.0f} ms over {len(waits)} answers")
