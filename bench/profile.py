"""Where the time goes: py-spy samples gunicorn's workers while a load runs
(`make bench ARGS=--profile`, or `python bench/run.py --profile`)."""

import contextlib
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

PROJECT = ("advocacy/", "campaigns/", "letters/", "reports/")


@contextlib.contextmanager
def record(name: str, *, pid: int, seconds: int, out: Path):
    path = out / f"profile-{name}.txt"
    command = [str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(pid)]
    command += ["--subprocesses", "--duration", str(seconds), "--rate", "200"]
    command += ["--format", "raw", "--output", str(path), "--nonblocking"]
    spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        spy.wait(timeout=seconds + 60)
    if path.exists():
        print(summary(path), flush=True)


def summary(path: Path, top: int = 12) -> str:
    """The functions most often on top of the stack (self) and anywhere in it (total)."""
    own, total, samples = Counter(), Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_function(f) for f in stack.split(";") if "(" in f]
        if not frames:
            continue
        n = int(count)
        samples += n
        own[frames[-1]] += n
        for frame in set(frames):
            total[frame] += n
    lines = [f"  profile {path.name}: {samples} samples"]
    lines += ["  self:"] + [f"    {n / samples:6.1%}  {f}" for f, n in own.most_common(top)]
    ours = Counter({f: n for f, n in total.items() if any(p in f for p in PROJECT)})
    lines += ["  total, project code:"]
    lines += [f"    {n / samples:6.1%}  {f}" for f, n in ours.most_common(top)]
    return "\n".join(lines)


def _function(frame: str) -> str:
    """'render (django/template/base.py:170)' -> 'render (django/template/base.py)'."""
    frame = re.sub(r":\d+\)$", ")", frame.strip())
    return re.sub(r"\(.*?/(site-packages|lib/python3\.\d+)/", "(", frame)
