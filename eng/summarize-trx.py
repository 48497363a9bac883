"""Prints each failed test with the start of its message, what ran, per database provider and in the browser, then 'N passed, N failed, N skipped'.

Exits non-zero when any test failed or when no test ran at all.
"""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
groups = {
    "integration on SQLite": "OnSqlite",
    "integration on PostgreSQL": "OnPostgres",
    "browser in Chromium": "BrowserTests",
    "axe WCAG 2.2 AA pages with 0 violations (each at 375/768/1280 px, and in German at 375)": "HasNoAxeViolations",
}
totals = {"Passed": 0, "Failed": 0, "Skipped": 0}
failures = []
by_group = {name: {"Passed": 0, "Failed": 0} for name in groups}

for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
        outcome = result.get("outcome")
        outcome = "Passed" if outcome == "Passed" else "Skipped" if outcome == "NotExecuted" else "Failed"
        totals[outcome] += 1
        if outcome == "Failed":
            message = result.find("./t:Output/t:ErrorInfo/t:Message", NS)
            failures.append((result.get("testName", "?"), (message.text or "") if message is not None else ""))
        for name, marker in groups.items():
            if marker in result.get("testName", "") and outcome in by_group[name]:
                by_group[name][outcome] += 1

# CI keeps only the tail of the log: name each failure and the start of its message here, at the end.
for test_name, message in failures:
    print(f"FAILED {test_name}")
    for line in message.strip().splitlines()[:12]:
        print(f"    {line[:300]}")
for name, counts in by_group.items():
    print(f"  {name}: {counts['Passed']} passed, {counts['Failed']} failed")
print(f"{totals['Passed']} passed, {totals['Failed']} failed, {totals['Skipped']} skipped")
sys.exit(1 if totals["Failed"] or totals["Passed"] == 0 else 0)
