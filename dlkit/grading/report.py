"""Render a grading report as a per-topic, per-test points table."""

from __future__ import annotations


def _pts(x: float) -> str:
    return f"{x:g}"


def format_table(report: dict, verbose: bool = True) -> str:
    lines = []
    for name, topic in report["topics"].items():
        lines.append(f"{name:<40} {_pts(topic['score']):>6} / {_pts(topic['max_score'])}")
        if topic.get("error"):
            first = topic["error"].splitlines()[0]
            lines.append(f"    error: {first}")
        for test in topic["tests"]:
            mark = "ok  " if test["passed"] else "FAIL"
            points = f"{_pts(test['points']):>5} / {_pts(test['max_points'])}"
            lines.append(f"  {mark} {test['name']:<48} {points}")
            if verbose and not test["passed"] and test["message"] and not topic.get("error"):
                for ln in test["message"].splitlines()[:8]:
                    lines.append(f"         {ln}")
    lines.append(f"{'total':<40} {_pts(report['score']):>6} / {_pts(report['max_score'])}")
    return "\n".join(lines)
