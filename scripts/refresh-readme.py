#!/usr/bin/env python3
"""Re-runs every `$ ./ftpscope ...` example in README.md and pastes its real output below it.

Run from the repository root after changing an output format: python3 scripts/refresh-readme.py
"""
import re
import subprocess
import sys

path = "README.md"
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"```\n\$ (\./ftpscope[^\n]*)\n.*?```", re.S)


def rerun(match):
    cmd = match.group(1)
    out = subprocess.run(["bash", "-c", cmd + " 2>&1"], capture_output=True, text=True).stdout
    return "```\n$ " + cmd + "\n" + out.rstrip("\n") + "\n```"


new, n = pattern.subn(rerun, text)
open(path, "w", encoding="utf-8").write(new)
print(f"refreshed {n} examples in {path}", file=sys.stderr)
