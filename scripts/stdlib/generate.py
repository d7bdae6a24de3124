#!/usr/bin/env python3
"""Generates the Flux standard-library data the offline script checks use.

Usage:
    scripts/stdlib/generate.py FLUX_REPO [--rev TAG]

FLUX_REPO is a checkout of github.com/influxdata/flux or a bare git directory of it
(read with `git show` / `git ls-tree`, so no work tree is needed). --rev (default v0.196.1,
the Flux that InfluxDB v2.7.12 runs: influxdata/influxdb go.mod) selects the tag or commit.

Writes two files of the repository this script lives in:
  Sources/InfluxSync/Check/FluxStandardLibraryData.swift
      the packages, their exported names and each function's parameters (name, required or
      optional, piped) as one string in a compact line format (`FluxStandardLibrary` reads it);
  Tests/Corpus/flux-stdlib-examples.txt
      the code examples of the stdlib's doc comments (```/```no_run blocks), one per entry,
      for the no-false-findings test.

Only facts are kept (names, parameter names, required flags); no Flux source is copied
besides the short documentation examples of the test corpus.
"""
import os
import re
import subprocess
import sys

PRELUDE = ["internal/boolean", "internal/location", "universe", "influxdata/influxdb"]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True).stdout


def open_repo(path):
    """The git dir of a checkout or bare repository."""
    if os.path.isdir(os.path.join(path, ".git")):
        return os.path.join(path, ".git")
    return path


def split_top(text, sep=","):
    """Splits `text` at `sep` outside brackets and string literals."""
    parts, depth, cur, i, in_str = [], 0, "", 0, False
    while i < len(text):
        c = text[i]
        if in_str:
            cur += c
            if c == "\\" and i + 1 < len(text):
                cur += text[i + 1]
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            cur += c
        elif c in "([{":
            depth += 1
            cur += c
        elif c in ")]}":
            depth -= 1
            cur += c
        elif c == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    if cur.strip():
        parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def bracketed(text, start):
    """(inside, end) of the bracket opening at text[start], skipping strings; None if unbalanced."""
    depth, i, in_str = 0, start, False
    while i < len(text):
        c = text[i]
        if in_str:
            if c == "\\":
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], i
        i += 1
    return None


def strip_comments(text):
    return "\n".join(re.sub(r'//.*$', "", line) if '"' not in line else line for line in text.split("\n"))


START = re.compile(r'^(builtin\s+([A-Za-z_]\w*)\s*:|option\s+([A-Za-z_]\w*)\s*=|([A-Za-z_]\w*)\s*=(?!=))')


def declarations(source):
    """Top-level statements: (kind, name, text after the `:` or `=`)."""
    lines = source.split("\n")
    out, current = [], None
    for line in lines:
        m = START.match(line)
        if m:
            if current:
                out.append(current)
            if m.group(2):
                current = ["builtin", m.group(2), line[m.end():]]
            elif m.group(3):
                current = ["option", m.group(3), line[m.end():]]
            else:
                current = ["variable", m.group(4), line[m.end():]]
        elif current and (line.startswith((" ", "\t", ")", "}", "]")) or line == ""):
            current[2] += "\n" + line
        elif current:
            out.append(current)
            current = None
    if current:
        out.append(current)
    return out


def builtin_params(type_text):
    """Parameters of a builtin's function type, or None for a non-function value."""
    t = type_text.strip()
    if not t.startswith("("):
        return None
    inner = bracketed(t, 0)
    if inner is None or not t[inner[1] + 1:].lstrip().startswith("=>"):
        return None
    params = []
    for p in split_top(inner[0]):
        name = p.split(":", 1)[0].strip()
        optional = name.startswith("?")
        name = name.lstrip("?")
        pipe = name.startswith("<-")
        name = name[2:] if pipe else name
        params.append(("?" if optional else "") + ("<-" if pipe else "") + name)
    return params


def flux_params(value_text):
    """Parameters of a Flux function literal `(a, b=1, tables=<-) =>`, or None."""
    t = strip_comments(value_text).strip()
    if not t.startswith("("):
        return None
    inner = bracketed(t, 0)
    if inner is None or not t[inner[1] + 1:].lstrip().startswith("=>"):
        return None
    params = []
    for p in split_top(inner[0]):
        if "=" in p:
            name, default = [s.strip() for s in p.split("=", 1)]
            params.append(("?<-" if default == "<-" else "?") + name)
        else:
            params.append(p.strip())
    return params


def doc_examples(source, path):
    """Code blocks of the doc comments: (kind, first line, text); kind is `run` or `no_run`."""
    out, block, kind, first = [], None, None, 0
    for number, line in enumerate(source.split("\n"), 1):
        s = line.strip()
        if not s.startswith("//"):
            block = None
            continue
        body = s[2:]
        body = body[1:] if body.startswith(" ") else body
        if block is None and body.startswith("```"):
            tag = body[3:].strip()
            if tag in ("", "no_run", "js", "flux"):
                block, kind, first = [], "no_run" if tag == "no_run" else "run", number + 1
            else:
                block, kind = [], "skip"
            continue
        if block is not None:
            if body.startswith("```"):
                text = "\n".join(block).strip("\n")
                if text.strip() and kind != "skip":
                    out.append((kind, first, text))
                block = None
                continue
            # Doc-test markers: `# ` hides a line that is run, `< ` marks the input, `> ` the
            # output; all are part of the script.
            if body.startswith("# ") or body == "#":
                body = body[2:]
            if body.startswith("< ") or body.startswith("> "):
                body = body[2:]
            elif body in ("<", ">"):
                body = ""
            block.append(body)
    return out


def main():
    args = sys.argv[1:]
    rev = "v0.196.1"
    if "--rev" in args:
        i = args.index("--rev")
        rev = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    repo = open_repo(args[0])
    commit = git(repo, "rev-parse", rev + "^{commit}").strip()
    files = [f for f in git(repo, "ls-tree", "-r", "--name-only", commit, "stdlib").split("\n")
             if f.endswith(".flux") and not f.endswith("_test.flux") and "/testdata/" not in f]
    packages = {}
    examples = []
    for f in sorted(files):
        source = git(repo, "show", f"{commit}:{f}")
        path = os.path.dirname(f)[len("stdlib/"):]
        clause = re.search(r'^package\s+(\w+)', source, re.M)
        if not clause:
            continue
        members = packages.setdefault(path, {})
        for kind, name, text in declarations(source):
            if kind == "builtin":
                params = builtin_params(text)
            else:
                params = flux_params(text.split("\n", 1)[0] if False else text)
            if params is not None:
                members[name] = "F " + " ".join([name] + params)
            elif kind == "variable" and re.match(r'\s*[A-Za-z_][\w.]*\s*$', strip_comments(text)):
                # An alias of another name (`from = influxdb.from`): a value whose signature we do not track.
                members.setdefault(name, "A " + name)
            else:
                members.setdefault(name, "V " + name)
        for kind, line, text in doc_examples(source, f):
            examples.append((f"{f}:{line}", kind, text))

    data = []
    for path in sorted(packages):
        data.append("P " + path)
        data.extend(packages[path][n] for n in sorted(packages[path]))
    data.append("prelude " + " ".join(PRELUDE))
    out = os.path.join(ROOT, "Sources", "InfluxSync", "Check", "FluxStandardLibraryData.swift")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as w:
        w.write(f"""// Generated by scripts/stdlib/generate.py from influxdata/flux {rev} (commit {commit}),
// the Flux that InfluxDB 2.7 runs. Do not edit: run `scripts/stdlib/generate.py FLUX_REPO`.
// Facts only: package paths, exported names, parameter names and which are required.

extension FluxStandardLibrary {{
    /// The Flux version the data was generated from.
    public static let fluxVersion = "{rev}"
    /// The influxdata/flux commit of `fluxVersion`.
    public static let fluxCommit = "{commit}"

    /// One line per fact: `P path` opens a package; `F name params…` is a function (`?` optional,
    /// `<-` piped), `V name` a value, `A name` a name bound to another value (signature not
    /// tracked); `prelude paths…` lists the packages every script sees without an import.
    static let data = \"\"\"
""")
        # The data is indented as swift-format lays out a multiline string (.swift-format).
        for line in data:
            w.write("        " + line + "\n")
        w.write('        """\n}\n')
    corpus = os.path.join(ROOT, "Tests", "Corpus", "flux-stdlib-examples.txt")
    os.makedirs(os.path.dirname(corpus), exist_ok=True)
    with open(corpus, "w") as w:
        w.write(f"# Code examples of the doc comments of influxdata/flux {rev} ({commit}) stdlib/**/*.flux,\n")
        w.write("# extracted by scripts/stdlib/generate.py. Each entry: `#### <file>:<line> <run|no_run>`, then the script.\n")
        w.write("# The examples are InfluxData's documentation: The MIT License (MIT), Copyright (c) 2013-2018 InfluxData Inc.\n")
        for where, kind, text in examples:
            w.write(f"#### {where} {kind}\n{text}\n")
    print(f"{len(packages)} packages, {sum(len(m) for m in packages.values())} names, {len(examples)} examples ({rev} {commit[:12]})")


if __name__ == "__main__":
    main()
