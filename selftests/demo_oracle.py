# SPDX-License-Identifier: GPL-2.0
"""The kernel's own view of a process's region, for demo_test.sh: /proc/PID/maps and smaps,
/proc/PID/pagemap and /proc/kpagecount, compared with what mmscope printed (--json files).

  demo_oracle.py newvma BEFORE.json BEFORE.maps AFTER.json PID START END
  demo_oracle.py rss VMAS.json PID START PAGES
  demo_oracle.py ptdump PTDUMP.json PID START END PRESENT
  demo_oracle.py shared PARENT CHILD START NPAGES WANT   (WANT: same or differ)
  demo_oracle.py walk WALK.json PID ADDR MAPCOUNT COW    (COW: 0 or 1)

Each prints what it compared and exits 1 when something disagrees.
"""
import json
import os
import struct
import sys

PAGE = os.sysconf("SC_PAGE_SIZE")


def fail(msg):
    print(msg)
    sys.exit(1)


def maps(pid_or_file):
    path = pid_or_file if not pid_or_file.isdigit() else f"/proc/{pid_or_file}/maps"
    out = []
    for line in open(path):
        lo, hi = line.split()[0].split("-")
        out.append((int(lo, 16), int(hi, 16)))
    return out


def smaps_rss_kib(pid, start):
    cur = None
    for line in open(f"/proc/{pid}/smaps"):
        f = line.split()
        if "-" in f[0] and len(f) >= 5 and not f[0].endswith(":"):
            cur = int(f[0].split("-")[0], 16)
        elif cur == start and f[0] == "Rss:":
            return int(f[1])
    fail(f"/proc/{pid}/smaps has no VMA at {start:#x}")


def pagemap(pid, start, npages):
    """The PFN of each page (None when not present), as root reads /proc/PID/pagemap."""
    with open(f"/proc/{pid}/pagemap", "rb") as f:
        f.seek(start // PAGE * 8)
        data = f.read(npages * 8)
    out = []
    for (e,) in struct.iter_unpack("<Q", data):
        out.append(e & ((1 << 55) - 1) if e >> 63 & 1 else None)
    return out


def kpagecount(pfn):
    with open("/proc/kpagecount", "rb") as f:
        f.seek(pfn * 8)
        return struct.unpack("<Q", f.read(8))[0]


def newvma(before_json, before_maps, after_json, pid, start, end):
    """The VMA [start, end) is in mmscope vmas and /proc/PID/maps now, and was in neither."""
    ours = [(v["start"], v["end"]) for v in json.load(open(before_json))["vmas"]]
    after = [(v["start"], v["end"]) for v in json.load(open(after_json))["vmas"]]
    if (start, end) not in after:
        fail(f"mmscope vmas has no VMA {start:#x}-{end:#x}")
    for lo, hi in ours + maps(before_maps):
        if lo <= start < hi:
            fail(f"before the mmap a VMA {lo:#x}-{hi:#x} already covered {start:#x}")
    now = maps(pid)
    if (start, end) not in now:
        fail(f"/proc/{pid}/maps has no VMA {start:#x}-{end:#x}")
    print(f"before: {len(ours)} VMAs (maps: {len(maps(before_maps))}), none at {start:#x}; "
          f"after: {start:#x}-{end:#x} in mmscope vmas ({len(after)} VMAs) and /proc/{pid}/maps "
          f"({len(now)})")


def rss(vmas_json, pid, start, pages):
    doc = json.load(open(vmas_json))
    vma = [v for v in doc["vmas"] if v["start"] == start]
    if not vma:
        fail(f"mmscope vmas has no VMA at {start:#x}")
    ours = vma[0]["rss_pages"]
    kern = smaps_rss_kib(pid, start) * 1024 // PAGE
    print(f"VMA {start:#x}: mmscope rss_pages {ours}, smaps Rss {kern} pages, touched {pages}")
    if not ours == kern == pages:
        sys.exit(1)


def ptdump(pt_json, pid, start, end, present):
    """Every page of [start, end): ptdump's frame is pagemap's, and PRESENT pages are."""
    npages = (end - start) // PAGE
    pm = pagemap(pid, start, npages)
    ours = [None] * npages
    for e in json.load(open(pt_json))["extents"]:
        lo, hi = max(e["start"], start), min(e["end"], end)
        if lo >= hi:
            continue
        if e["state"] != "present":
            continue
        if e["pfn"] is None:
            fail(f"present extent {e['start']:#x}-{e['end']:#x} without a pfn")
        for addr in range(lo, hi, PAGE):
            ours[(addr - start) // PAGE] = e["pfn"] + (addr - e["start"]) // PAGE
    bad = [i for i in range(npages) if ours[i] != pm[i]]
    n = sum(p is not None for p in ours)
    print(f"{start:#x}-{end:#x}: ptdump {n} present pages, pagemap "
          f"{sum(p is not None for p in pm)}, want {present}; {len(bad)} pages differ")
    for i in bad[:5]:
        print(f"  page {i}: ptdump pfn {ours[i]}, pagemap pfn {pm[i]}")
    if bad or n != present:
        sys.exit(1)


def shared(parent, child, start, npages, want):
    """Pagemap: the pages map the same frame (mapcount 2) in both, or differ (mapcount 1)."""
    a, b = pagemap(parent, start, npages), pagemap(child, start, npages)
    bad = []
    for i, (p, c) in enumerate(zip(a, b)):
        if p is None or c is None:
            bad.append(f"page {i}: not present (parent {p}, child {c})")
        elif want == "same" and (p != c or kpagecount(p) != 2):
            bad.append(f"page {i}: parent pfn {p:#x}, child {c:#x}, kpagecount {kpagecount(p)}")
        elif want == "differ" and (p == c or kpagecount(p) != 1 or kpagecount(c) != 1):
            bad.append(f"page {i}: parent pfn {p:#x} (kpagecount {kpagecount(p)}), "
                       f"child {c:#x} (kpagecount {kpagecount(c)})")
    print(f"{npages} pages from {start:#x}: want {want}; {len(bad)} do not")
    for m in bad[:5]:
        print("  " + m)
    if bad:
        sys.exit(1)


def walk(walk_json, pid, addr, mapcount, cow):
    """mmscope walk's pfn is pagemap's; its mapcount is kpagecount's and MAPCOUNT; cow."""
    doc = json.load(open(walk_json))
    pm = pagemap(pid, addr, 1)[0]
    page = doc.get("page") or {}
    got = (doc.get("pfn"), page.get("mapcount"), bool(doc.get("cow")))
    kc = kpagecount(pm) if pm is not None else None
    print(f"pid {pid} {addr:#x}: walk pfn {got[0]}, mapcount {got[1]}, cow {got[2]}; "
          f"pagemap pfn {pm}, kpagecount {kc}; want mapcount {mapcount}, cow {bool(cow)}")
    if got != (pm, mapcount, bool(cow)) or kc != mapcount:
        sys.exit(1)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    num = lambda s: int(s, 0)
    if cmd == "newvma":
        newvma(args[0], args[1], args[2], args[3], num(args[4]), num(args[5]))
    elif cmd == "rss":
        rss(args[0], args[1], num(args[2]), num(args[3]))
    elif cmd == "ptdump":
        ptdump(args[0], args[1], num(args[2]), num(args[3]), num(args[4]))
    elif cmd == "shared":
        shared(args[0], args[1], num(args[2]), num(args[3]), args[4])
    elif cmd == "walk":
        walk(args[0], args[1], num(args[2]), num(args[3]), num(args[4]))
    else:
        fail(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
