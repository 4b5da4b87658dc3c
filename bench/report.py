#!/usr/bin/env python3
"""Turns one bench/run into bench/results.json, bench/results.md and bench/results.svg.

Standard library only. Inputs: the case tables bench/run wrote (name, label, ratio against,
prepare, command), hyperfine's JSON exports of every round, the STS request counts and the peak
memory samples.
"""
import argparse
import json
import math
import statistics
from collections import defaultdict


def quantile(values, q):
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def read_tsv(path):
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", action="append")
    parser.add_argument("--requests")
    parser.add_argument("--connections", help="name, connections the latency proxy accepted during one run")
    parser.add_argument("--network", action="append", default=[], help="latency_ms=N (one way), service_ms=N (moto's time per request behind the proxy)")
    parser.add_argument("--memory")
    parser.add_argument("--moto", help="one line per curl run: the seconds each of its 3 requests took")
    parser.add_argument("--rounds", nargs="+")
    parser.add_argument("--meta", action="append", default=[])
    parser.add_argument("--out", required=True)
    parser.add_argument("--render", help="only write the .md and .svg again from this results.json (no measuring)")
    args = parser.parse_args()
    if args.render:
        with open(args.render, encoding="utf-8") as handle:
            write_reports(json.load(handle), args.out)
        return

    cases = [row for path in args.cases for row in read_tsv(path)]
    requests = {name: int(count) for name, count in read_tsv(args.requests)}
    connections = {name: int(count) for name, count in read_tsv(args.connections)} if args.connections else {}
    network = {key: float(value) for key, value in (item.split("=", 1) for item in args.network)}
    memory = defaultdict(list)
    for name, kilobytes in read_tsv(args.memory):
        if kilobytes.isdigit():
            memory[name].append(int(kilobytes))

    times, cpu = defaultdict(list), defaultdict(list)
    for path in args.rounds:
        with open(path, encoding="utf-8") as handle:
            for result in json.load(handle)["results"]:
                times[result["command"]].extend(result["times"])
                cpu[result["command"]].append(result["user"] + result["system"])

    results = []
    for name, label, against, _prepare, command in cases:
        wall = [t * 1000 for t in times[name]]
        results.append({
            "name": name,
            "label": label,
            "command": command,
            "runs": len(wall),
            "wall_ms": {
                "median": statistics.median(wall),
                "p25": quantile(wall, 0.25),
                "p75": quantile(wall, 0.75),
                "min": min(wall),
                "max": max(wall),
            },
            "cpu_ms_mean": 1000 * statistics.fmean(cpu[name]),
            "peak_memory_mb_median": statistics.median(memory[name]) / 1024 if memory[name] else None,
            "sts_requests": requests.get(name),
            "connections": connections.get(name),
            "ratio_against": None if against == "-" else against,
        })

    with open(args.moto, encoding="utf-8") as handle:
        samples = [[float(v) * 1000 for v in line.split()] for line in handle if line.strip()]
    moto = {
        "samples": len(samples),
        "three_requests_ms_median": statistics.median(sum(s) for s in samples),
        "one_request_ms_median": statistics.median(v for s in samples for v in s),
    }

    by_name = {r["name"]: r for r in results}
    for r in results:
        if r["ratio_against"]:
            r["ratio"] = r["wall_ms"]["median"] / by_name[r["ratio_against"]]["wall_ms"]["median"]

    meta = dict(item.split("=", 1) for item in args.meta)
    targets = check_targets(by_name, moto, network)
    document = {"meta": meta, "moto_service_time": moto, "network": network, "cases": results, "targets": targets}
    with open(args.out + ".json", "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
    write_reports(document, args.out)


def write_reports(document, out):
    with open(out + ".md", "w", encoding="utf-8") as handle:
        handle.write(markdown(document))
    with open(out + ".svg", "w", encoding="utf-8") as handle:
        handle.write(svg(document["cases"]))


def check_targets(by_name, moto, network):
    median = lambda name: by_name[name]["wall_ms"]["median"]
    ours = [n for n in by_name if n.startswith(("ours", "net-ours"))]
    largest = max(ours, key=lambda n: by_name[n]["peak_memory_mb_median"] or 0)
    ours_memory = by_name[largest]["peak_memory_mb_median"]
    warm_memory = by_name["ours-warm"]["peak_memory_mb_median"]
    per_hop = (median("ours-5-hops") - median("ours-cold")) / 3
    three = moto["three_requests_ms_median"]
    warm_ratio = median("ours-warm") / median("start-ours")
    targets = [
        {"target": "warm run ≤ 1.3× the binary's own --version (medians, alternating runs)",
         "value": f"{warm_ratio:.2f}× ({median('ours-warm'):.1f} ms vs {median('start-ours'):.1f} ms)", "met": warm_ratio <= 1.3},
        {"target": "a warm run's peak memory ≤ 20 MB", "value": f"{warm_memory:.1f} MB (the largest of our cases: {ours_memory:.1f} MB, `{largest}`)", "met": warm_memory <= 20},
    ]
    if network and "net-ours-cold" in by_name:
        rtt = 2 * network["latency_ms"]
        cold = by_name["net-ours-cold"]
        floor = cold["connections"] * 2 * rtt + cold["sts_requests"] * (rtt + network["service_ms"])
        targets.append({
            "target": "over the network, a cold two-hop chain ≤ one TCP+TLS set-up per connection + one round trip per request (+ the server's time) + 10 ms",
            "value": f"{cold['wall_ms']['median']:.1f} ms vs a floor of {floor:.1f} ms ({cold['connections']} connection × 2 round trips of {rtt:.0f} ms, "
                     f"{cold['sts_requests']} requests × ({rtt:.0f} ms + {network['service_ms']:.1f} ms at the server)): +{cold['wall_ms']['median'] - floor:.1f} ms",
            "met": cold["wall_ms"]["median"] - floor <= 10})
        if "net-curl" in by_name:
            curl = by_name["net-curl"]
            targets.append({"target": "(reference) the same three requests made by curl on one connection",
                            "value": f"{curl['wall_ms']['median']:.1f} ms ({curl['connections']} connection): +{curl['wall_ms']['median'] - floor:.1f} ms over the floor; ours +{cold['wall_ms']['median'] - curl['wall_ms']['median']:.1f} ms over curl",
                            "met": None})
        targets.append({"target": "over the network, one connection for the whole chain",
                        "value": ", ".join(f"{n}: {by_name[n]['connections']}" for n in ("net-ours-cold", "net-ours-5-hops", "net-ours-warm")),
                        "met": by_name["net-ours-cold"]["connections"] == 1 and by_name["net-ours-5-hops"]["connections"] == 1 and by_name["net-ours-warm"]["connections"] == 0})
    targets += [
        {"target": "at least 20× faster than the 2017 way", "value": f"{median('bash-2017') / median('ours-cold'):.0f}× on loopback"
         + (f", {median('net-bash-2017') / median('net-ours-cold'):.0f}× over the network" if "net-bash-2017" in by_name else ""),
         "met": median("bash-2017") / median("ours-cold") >= 20},
        {"target": "50 concurrent cold invocations → 3 STS requests", "value": str(by_name["ours-50-cp"]["sts_requests"]),
         "met": by_name["ours-50-cp"]["sts_requests"] == 3},
        {"target": "cost grows by one round trip per hop and nothing more",
         "value": f"{per_hop:.1f} ms per extra hop on loopback (five hops vs two, over three); moto answers one request in {moto['one_request_ms_median']:.1f} ms",
         "met": per_hop <= 2 * moto["one_request_ms_median"] + 1},
        {"target": "a warm run does no work the result does not need (no inotify, no thread beyond --version's, no TLS library, no unused profile, no network)",
         "value": "asserted structurally by tests/AwsAssumeRole.Tests/Cli/WarmRunSpecs.cs (strace), not timed here", "met": None},
    ]
    return targets


def markdown(document):
    lines = ["# Benchmark results", "", "Written by `bench/run` from one run; see bench/README.md for what each case is.", ""]
    for key, value in document["meta"].items():
        lines.append(f"- {key}: {value}")
    m = document["moto_service_time"]
    lines.append(f"- moto's own service time (curl's %{{time_total}}, {m['samples']} samples): "
                 f"{m['one_request_ms_median']:.1f} ms a request, {m['three_requests_ms_median']:.1f} ms for the chain's three")
    n = document.get("network")
    if n:
        lines.append(f"- network: {n['latency_ms']:.0f} ms each way ({2 * n['latency_ms']:.0f} ms a round trip); moto behind the proxy took {n['service_ms']:.1f} ms a request")
    lines += ["", "| case | wall median (p25–p75) | min–max | CPU mean | peak memory | STS requests | connections | ratio |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in document["cases"]:
        w = r["wall_ms"]
        ratio = f"{r['ratio']:.1f}× `{r['ratio_against']}`" if r.get("ratio") else ""
        peak = f"{r['peak_memory_mb_median']:.1f} MB" if r["peak_memory_mb_median"] else ""
        lines.append(f"| {r['label']} | {ms(w['median'])} ({ms(w['p25'])}–{ms(w['p75'])}) | {ms(w['min'])}–{ms(w['max'])} | "
                     f"{ms(r['cpu_ms_mean'])} | {peak} | {r['sts_requests']} | {'' if r.get('connections') is None else r['connections']} | {ratio} |")
    lines += ["", "Wall and CPU time per invocation (for the concurrent cases: the whole batch); peak memory is the",
              "median of GNU time's maximum resident set size (for the concurrent cases: the largest of our 50",
              "processes); STS requests are the `POST /` lines moto logged for one run; connections are those the",
              "latency proxy accepted during one run (N cases only). Ratios are medians over the median of the case named.", "",
              "## Targets", "", "| target | measured | met |", "| --- | --- | --- |"]
    for t in document["targets"]:
        lines.append(f"| {t['target']} | {t['value']} | {'—' if t['met'] is None else 'yes' if t['met'] else 'no'} |")
    lines += ["", "![medians](results.svg)", ""]
    return "\n".join(lines)


def ms(value):
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms"


def svg(results):
    """A horizontal bar chart of the medians on a log scale, written by hand."""
    left = 24 + 7 * max(len(r["label"]) for r in results)
    width, right, top, row = left + 560, 90, 50, 30
    height = top + row * len(results) + 40
    low, high = 1.0, 10 ** math.ceil(math.log10(max(r["wall_ms"]["median"] for r in results)))
    scale = lambda v: left + (math.log10(max(v, low)) - math.log10(low)) / (math.log10(high) - math.log10(low)) * (width - left - right)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15" font-weight="bold">Median wall time per invocation (log scale)</text>']
    tick = low
    while tick <= high:
        x = scale(tick)
        out.append(f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{height - 30}" stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" fill="#555">{ms(tick).replace(".0 ms", " ms").replace(".00 s", " s")}</text>')
        tick *= 10
    for index, r in enumerate(results):
        y = top + index * row
        ours = r["name"].startswith(("ours", "net-ours"))
        colour = "#1f77b4" if ours else ("#bbbbbb" if r["name"].startswith("start") else "#ff7f0e")
        value = r["wall_ms"]["median"]
        out.append(f'<text x="{left - 8}" y="{y + 17}" text-anchor="end">{escape(r["label"])}</text>')
        out.append(f'<rect x="{left}" y="{y + 4}" width="{max(scale(value) - left, 1):.1f}" height="{row - 10}" fill="{colour}"/>')
        out.append(f'<text x="{scale(value) + 6:.1f}" y="{y + 17}">{ms(value)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


if __name__ == "__main__":
    main()
