#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# Markdown tables from mmscope-bench JSON files (scripts/vm.sh bench leaves them in its log
# directory as bench-<kernel>.json), for docs/bench.md; and one combined JSON document.
#   scripts/bench-tables.py [--combine OUT.json] bench-6.1.json bench-6.12.json ...
import json
import sys


def f(fig, scale=1.0, fmt="{:.3g}"):
    """median [min..max]"""
    return (fmt.format(fig["median"] * scale) + " [" + fmt.format(fig["min"] * scale) + ".." +
            fmt.format(fig["max"] * scale) + "]")


def main(argv):
    out = None
    if len(argv) > 1 and argv[0] == "--combine":
        out, argv = argv[1], argv[2:]
    docs = [json.load(open(p)) for p in argv]
    if out:
        with open(out, "w") as fh:
            json.dump({"runs": docs}, fh, indent=1)
            fh.write("\n")
    for d in docs:
        print(f"### {d['kernel']} ({d['cpus']} vCPUs, {d['mem_kb'] // 1024} MiB, "
              f"{d['mode']} mode, {d['repeats']} runs, guest load {d['load1_start']:.2f} -> "
              f"{d['load1_end']:.2f})\n")
        print("Range walks, pages per second: median [min..max]\n")
        print("| region | MiB | present | extents | CLI ptdump | library ptdump | pagemap | "
              "CLI/pagemap | library/pagemap |")
        print("|---|---:|---:|---:|---|---|---|---|---|")
        for r in d["regions"]:
            print(f"| {r['name']} | {r['bytes'] >> 20} | {r['present_pagemap']} | {r['extents']} | "
                  f"{f(r['mmscope']['pages_per_s'])} | {f(r['library']['pages_per_s'])} | "
                  f"{f(r['pagemap']['pages_per_s'])} | {f(r['ratio_mmscope_over_pagemap'])} | "
                  f"{f(r['ratio_library_over_pagemap'])} |")
        s = d["smaps"]
        print(f"\nsmaps of the whole process ({s['pages_mapped']} pages mapped, "
              f"{s['rss_kb']} kB resident): {f(s['seconds'], 1e3)} ms, "
              f"{f(s['pages_per_s'])} pages/s, {s['bytes']['median']:.0f} bytes.\n")
        print("Bytes from the kernel per GiB walked, and the mmap_lock holds of one CLI walk\n")
        print("| region | mmscope B/GiB | pagemap B/GiB | mmscope/pagemap | holds | "
              "longest hold (us) | mean hold (us) |")
        print("|---|---:|---:|---:|---:|---|---|")
        for r in d["regions"]:
            m, p = r["mmscope"]["bytes_per_gib"]["median"], r["pagemap"]["bytes_per_gib"]["median"]
            print(f"| {r['name']} | {m:.0f} | {p:.0f} | {100 * m / p:.2f}% | "
                  f"{r['mmscope']['lock_holds']['median']:.0f} | "
                  f"{f(r['mmscope']['lock_hold_max_ns'], 1e-3)} | "
                  f"{f(r['mmscope']['lock_hold_mean_ns'], 1e-3)} |")
        print("\nPage-fault latency of the target's own thread (us)\n")
        print("| reader | reads | p50 | p99 | max | longest walk hold (us) |")
        print("|---|---:|---|---|---|---|")
        for m in ("none", "smaps", "ptdump"):
            x = d["faults"][m]
            hold = f(x["lock_hold_max_ns"], 1e-3) if m == "ptdump" else "-"
            print(f"| {m} | {x['reads']['median']:.0f} | {f(x['p50_ns'], 1e-3)} | "
                  f"{f(x['p99_ns'], 1e-3)} | {f(x['max_ns'], 1e-3)} | {hold} |")
        v = d["views"]
        print(f"\nSystem views (ms); `mmscope --version` alone takes "
              f"{f(v['exec_version_seconds'], 1e3)} ms\n")
        print("| view | mmscope CLI | debugfs | /proc | /proc file |")
        print("|---|---|---|---|---|")
        for k in ("zones", "buddy-types", "slab"):
            x = v[k]
            print(f"| {k} | {f(x['cli_seconds'], 1e3)} | {f(x['debugfs_seconds'], 1e3)} | "
                  f"{f(x['proc_seconds'], 1e3)} | {x['proc']} |")
        c = d["cli_peak_rss_kb"]
        how = c.get("measured", "ru_maxrss of the forked CLI, which counts the benchmark's "
                    "own memory too: an upper bound")
        print(f"\nCLI peak RSS: ptdump of {c['walk_bytes'] >> 30} GiB: {f(c['walk'])} KiB; "
              f"of 2 MiB: {f(c['walk_2mib'])} KiB ({how}).\n")


main(sys.argv[1:])
