"""`fenliu simulate`: simulated branch days of one scenario, or several compared on the same visitors."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.scenario import ScenarioError, read


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `fenliu simulate`."""
    parser.add_argument("scenarios", nargs="+", metavar="SCENARIO.toml", help="scenario files (see config/scenarios/)")
    parser.add_argument("--compare", action="store_true", help="compare the scenarios side by side (2 or more)")
    parser.add_argument("--replications", type=int, help="days per scenario (default: the first scenario's)")
    parser.add_argument("--seed", type=int, help="first seed (default: the first scenario's); every scenario shares it")
    parser.add_argument("--out", default="simulation", help="folder for the pages (default: simulation/)")


def run(args) -> int:
    """Simulate, then write each scenario's report (and the comparison page)."""
    from simulator.compare import MIN_DAYS, TOO_FEW, replicate, summarise
    from simulator.pages import comparison_page, scenario_report
    try:
        scenarios = [read(p) for p in args.scenarios]
    except ScenarioError as exc:
        print(f"情景文件有误 / scenario: {exc}", file=sys.stderr)
        return 2
    if args.compare and len(scenarios) < 2:
        print("--compare 需要至少两个情景 / --compare needs two or more scenario files", file=sys.stderr)
        return 2
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        print(f"情景名称重复 / two scenarios share a name ({', '.join(names)}): give each its own `name`", file=sys.stderr)
        return 2
    replications = args.replications or scenarios[0].replications
    if not 1 <= replications <= 1000:
        print("--replications must be between 1 and 1000 / 重复次数应为1到1000", file=sys.stderr)
        return 2
    seed = scenarios[0].seed if args.seed is None else args.seed
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    runs = {}
    for s in scenarios:
        runs[s.name] = replicate(s, replications, seed)
        print(f"{s.name}: {replications} days simulated / 已模拟", flush=True)
    summary = summarise(runs, {s.name: s for s in scenarios})
    links = {s.name: scenario_report(s, runs[s.name], summary, out) for s in scenarios}
    for s in scenarios:
        print(summary_lines(s.name, summary, links[s.name]), flush=True)
    if replications < MIN_DAYS:
        print(f"{TOO_FEW[0]}：只模拟了 {replications} 天，至少需要 {MIN_DAYS} 天 / {TOO_FEW[1]}: "
              f"{replications} simulated day(s), {MIN_DAYS} or more needed")
    if args.compare:
        print(f"对比 comparison: {comparison_page(scenarios, summary, links, out, replications)}")
    return 0


def summary_lines(name: str, summary: dict, link) -> str:
    """A scenario's printed summary: waits, diversion, utilisation of the schedule, overtime, and what went wrong."""
    from simulator.pages import flags
    m = summary["scenarios"][name]
    enough = m["avg_counter_wait"].enough

    def show(key: str, digits: int = 1) -> str:
        return m[key].text(digits) if enough else f"{m[key].mean:.{digits}f}"
    lines = [f"{name}: 平均等候 avg wait {show('avg_counter_wait')} min, P90 {show('p90_counter_wait')} min, "
             f"分流率 diversion {show('diversion_rate', 3)} → {link}",
             f"  窗口利用率(按排班) utilisation of scheduled hours {show('utilisation', 2)}, "
             f"排班外办理 overtime {show('overtime_minutes', 0)} min, 闭店后叫号 calls after closing "
             f"{show('late_calls', 3)}"]
    lines += [f"  ! {line}" for line in flags(summary, name)]
    return "\n".join(lines)
