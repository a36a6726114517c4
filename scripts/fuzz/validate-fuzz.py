#!/usr/bin/env python3
"""Fuzzes `onboard validate` with mutated partner, template and deployment files of the shipped example network.

Each run mutates one file of a fresh copy (byte flips, truncation, lines dropped or repeated, explicit YAML tags,
alias bombs, deep nesting, a near-1 MB scalar, tabs, line and paragraph separators, bidi and zero-width characters,
values of the wrong type) and runs the real binary under /usr/bin/time. A run fails when onboard crashes (exit other
than 0/1, or a signal), takes over 10 s, peaks over 300 MB, prints JSON that does not parse, or reports an error in a
file without a line and column (only a problem of the whole file — missing, empty, unreadable, over 1 MiB —
may have none).

Usage: scripts/fuzz/validate-fuzz.py ONBOARD_BINARY [RUNS] [SEED]   (from the repository root)
"""
import json, os, pathlib, random, shutil, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parents[2]
LIMIT_SECONDS, LIMIT_KB = 10.0, 300 * 1024


def alias_bomb(_: str, rng: random.Random) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    return "\n".join(lines) + "\n"


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    kind = rng.randrange(14)
    if kind == 0 and text:  # flip bytes
        data = bytearray(text.encode("utf-8", errors="surrogateescape"))
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return data.decode("utf-8", errors="surrogateescape")
    if kind == 1:
        return text[: rng.randrange(len(text) + 1)]
    if kind == 2 and len(lines) > 1:
        del lines[rng.randrange(len(lines))]
    elif kind == 3:
        line = rng.randrange(len(lines))
        lines.insert(line, lines[line])
    elif kind == 4:  # an explicit tag before a value
        candidates = [i for i, l in enumerate(lines) if ": " in l]
        if candidates:
            i = rng.choice(candidates)
            key, value = lines[i].split(": ", 1)
            lines[i] = f"{key}: {rng.choice(['!!null', '!!int', '!!str', '!!binary', '!foo', '!!float', '!!map'])} {value}"
    elif kind == 5:
        return alias_bomb(text, rng) + text
    elif kind == 6:
        return text + "\nnested: " + "[" * rng.randint(60, 400) + "]" * rng.randint(0, 400) + "\n"
    elif kind == 7:
        return text + "\nhuge: " + "x" * rng.randint(100_000, 950_000) + "\n"
    elif kind == 8:
        i = rng.randrange(len(lines))
        lines[i] = lines[i].replace("  ", "\t", 1)
    elif kind == 9:  # invisible or layout characters inside a value
        candidates = [i for i, l in enumerate(lines) if ": " in l]
        if candidates:
            i = rng.choice(candidates)
            char = rng.choice(["\u2029", "\u2028", "\u200b", "\u202e", "\u0000", "\u001b[2J", "\r", "\ufeff"])
            position = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:position] + char + lines[i][position:]
    elif kind == 10:  # a value of the wrong type
        candidates = [i for i, l in enumerate(lines) if ": " in l]
        if candidates:
            i = rng.choice(candidates)
            key = lines[i].split(": ", 1)[0]
            value = rng.choice(["[1, 2]", "{a: b}", ".nan", "-.inf", "0x1F", "~", "yes", "2026-01-01", '""'])
            lines[i] = f"{key}: {value}"
    elif kind == 11:  # a key repeated
        candidates = [l for l in lines if ": " in l]
        if candidates:
            lines.insert(rng.randrange(len(lines)), rng.choice(candidates))
    elif kind == 12:
        return text.replace("\n", "\r\n")
    else:
        return "".join(rng.choice(text) for _ in range(rng.randint(0, 400))) if text else "{"
    return "\n".join(lines)


def main() -> None:
    binary = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261203
    rng = random.Random(seed)
    work = pathlib.Path(tempfile.mkdtemp(prefix="onboard-fuzz-"))
    base = work / "base"
    base.mkdir()
    for item in ["onboard.yaml", "Partners", "Templates"]:
        (shutil.copytree if (ROOT / item).is_dir() else shutil.copy)(ROOT / item, base / item)
    targets = ["onboard.yaml"] + sorted(str(p.relative_to(base)) for p in base.glob("Partners/*.yaml")) \
        + sorted(str(p.relative_to(base)) for p in base.glob("Templates/*.yaml"))
    failures, slowest, largest, errors = [], 0.0, 0, 0
    try:
        for run in range(runs):
            tree = work / "tree"
            shutil.rmtree(tree, ignore_errors=True)
            shutil.copytree(base, tree)
            target = rng.choice(targets)
            path = tree / target
            text = path.read_text()
            for _ in range(rng.randint(1, 3)):
                text = mutate(text, rng)
            path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
            started = time.monotonic()
            try:
                result = subprocess.run(
                    ["/usr/bin/time", "-f", "%M", binary, "validate", "--format", "json", "--root", str(tree)],
                    capture_output=True, timeout=60,
                )
            except subprocess.TimeoutExpired:
                failures.append(f"run {run} ({target}): no answer within 60 s")
                continue
            elapsed = time.monotonic() - started
            peak = int(result.stderr.decode(errors="replace").strip().split("\n")[-1] or 0)
            slowest, largest = max(slowest, elapsed), max(largest, peak)
            problem = None
            if result.returncode not in (0, 1):
                problem = f"exit {result.returncode}"
            elif elapsed > LIMIT_SECONDS:
                problem = f"{elapsed:.1f} s"
            elif peak > LIMIT_KB:
                problem = f"peak {peak // 1024} MB"
            else:
                try:
                    diagnostics = json.loads(result.stdout)
                except ValueError:
                    problem = "output is not JSON"
                else:
                    errors += sum(1 for d in diagnostics if d.get("severity") == "error")
                    for d in diagnostics:
                        if "line" not in d and not any(w in d.get("message", "") for w in ("empty", "missing", "cannot be read", "not UTF-8", "files larger than")):
                            problem = f"an error without a location: {d.get('file')}: {d.get('message', '')[:120]}"
                            break
            if problem:
                failures.append(f"run {run} ({target}): {problem}")
                keep = work / f"failure-{run}"
                shutil.copytree(tree, keep)
    finally:
        shutil.rmtree(work / "tree", ignore_errors=True)
        shutil.rmtree(base, ignore_errors=True)
    load = os.getloadavg()
    print(f"{runs} mutated runs (seed {seed}): {len(failures)} failures, {errors} located errors reported, "
          f"slowest {slowest:.2f} s, peak RSS {largest // 1024} MB, load average {load[0]:.2f}")
    for failure in failures[:20]:
        print("  " + failure)
    if failures:
        print(f"failing trees kept under {work}")
        sys.exit(1)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
