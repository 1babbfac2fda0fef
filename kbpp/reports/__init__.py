"""The official reports (Performance Program, quarterly monitoring, annual results) as PDF and
Excel; `kbpp.reports.build.make_report` is the entry point. See docs/reports.md."""
