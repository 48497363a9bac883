#!/usr/bin/env python3
"""Draws an A/B chart of whole bench/run.sh runs: slot lookup and booking throughput, each run a bar, with the targets.

  bench/ab-chart.py --title "Issue 16 before and after" --before-label "before (a08207b)" --after-label "after (ce44115)" \
      --before bench/baselines/full-A.jsonl bench/baselines/full-B.jsonl --after bench/baselines/full-C.jsonl ... > docs/chart.svg
"""
import argparse
import json
from xml.sax.saxutils import escape

PANELS = [("slots", "rps", "Slot lookup, 14 days (req/s)", 2000, "target 2,000 req/s", "req/s"),
          ("booking", "successful", "Booking (successful bookings/s)", 300, "target 300 bookings/s", "bookings/s")]


def value(path, name, field):
    for line in open(path):
        row = json.loads(line)
        if row.get("name") == name:
            # Successful bookings per second: a 409 (the slot went to another patient) is an answer, not a booking.
            return row["statuses"].get("201", 0) / row["seconds"] if field == "successful" else float(row[field])
    raise SystemExit(f"{path} has no '{name}' row with '{field}'")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--title", required=True)
    parser.add_argument("--before-label", required=True)
    parser.add_argument("--after-label", required=True)
    parser.add_argument("--before", nargs="+", required=True)
    parser.add_argument("--after", nargs="+", required=True)
    args = parser.parse_args()

    out, described = [], []
    for index, (name, field, heading, target, target_label, unit) in enumerate(PANELS):
        left = 20 + index * 360
        before = [value(p, name, field) for p in args.before]
        after = [value(p, name, field) for p in args.after]
        top = max(before + after + [target]) * 1.15
        scale = lambda v: 250 * v / top
        out.append(f'<text x="{left}" y="24" font-weight="600">{escape(heading)}</text>')
        out.append(f'<line x1="{left}" y1="270" x2="{left + 320}" y2="270" stroke="#333"/>')
        out.append(f'<line x1="{left}" y1="{270 - scale(target):.1f}" x2="{left + 320}" y2="{270 - scale(target):.1f}" stroke="#b00" stroke-dasharray="4 3"/>')
        out.append(f'<text x="{left + 320}" y="{266 - scale(target):.1f}" text-anchor="end" fill="#b00">{target_label}</text>')
        for group, (values, colour, label) in enumerate([(before, "#9aa5b1", args.before_label), (after, "#1f6feb", args.after_label)]):
            start = left + 10 + group * 160
            for i, v in enumerate(values):
                x = start + i * 44
                out.append(f'<rect x="{x}" y="{270 - scale(v):.1f}" width="36" height="{scale(v):.1f}" fill="{colour}"/>')
                out.append(f'<text x="{x + 18:.1f}" y="{266 - scale(v):.1f}" text-anchor="middle">{v:,.0f}</text>')
            out.append(f'<text x="{start + (len(values) * 44 - 8) / 2:.1f}" y="288" text-anchor="middle">{escape(label)}</text>')
        out.append(f'<text x="{left}" y="310" fill="#555">{unit}, runs in order</text>')
        described.append(f"{heading}: before {', '.join(f'{v:,.0f}' for v in before)}; after {', '.join(f'{v:,.0f}' for v in after)}.")

    print('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 330" width="720" height="330" role="img" '
          'aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="12">')
    print(f'<title id="t">{escape(args.title)}</title>')
    print(f'<desc id="d">{escape(" ".join(described))} Dashed lines are the targets.</desc>')
    print('<rect width="100%" height="100%" fill="#fff"/>')
    print("\n".join(out))
    print("</svg>")


if __name__ == "__main__":
    main()
