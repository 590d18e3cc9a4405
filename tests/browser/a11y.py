"""axe-core in the browser tests: `assert_no_axe_violations(page, context="…")`.

axe-playwright-python bundles axe-core (no download). The rules are WCAG 2.1 levels A and AA, the
bar the issue sets. Each violation is printed with its rule, the element (a CSS target) and, for
colour contrast, the colours and the ratio found, so a failure says what to fix.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}

_axe = Axe()


def axe_violations(page) -> list[dict]:
    return _axe.run(page, options=WCAG_21_AA).response["violations"]


def describe(violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node.get("target", []))
            line = f"{violation['id']} ({violation['impact']}): {target}"
            for check in node.get("any", []):
                data = check.get("data") or {}
                if isinstance(data, dict) and "contrastRatio" in data:
                    line += (
                        f" — contrast {data['contrastRatio']}:1 (needs {data.get('expectedContrastRatio')}),"
                        f" {data.get('fgColor')} on {data.get('bgColor')}"
                    )
            lines.append(line)
    return lines


def assert_no_axe_violations(page, context: str = "") -> None:
    """Fail with every WCAG 2.1 AA violation axe-core finds on the page as it is now."""
    lines = describe(axe_violations(page))
    assert not lines, f"axe-core on {context or page.url}: {len(lines)} violations\n" + "\n".join(lines)
