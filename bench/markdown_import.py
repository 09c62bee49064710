"""Time the Markdown importer's body reading on inputs repeated inside one line, beside ordinary
prose of the same length.

    python -m bench.markdown_import [--runs 3] [--size 100000]

Cases: `<p>`, `<br>` and `<div>` (block tags the importer keeps for Markdown), `&amp;`, an
`<https://...>` address, a code span holding a tag and backtick runs no run closes (read by the
importer, not Markdown, since 2026-11-30), and `*a* ` (emphasis: still superlinear, for
comparison), each repeated
to --size characters after "Start. ". The peer is prose cut to the same length. Prints medians
over runs, in seconds. Uses only markdown_to_blocks, so an older tree can be measured by
running this file from an export of it (`git archive <commit> | tar -x -C /tmp/old`, copy this
file to /tmp/old/bench/). The unit test counts the work instead
(tests/unit/test_importers_markdown_block_tags_linear.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import masthead

PROSE = (
    "The council met on Tuesday to discuss the bridge. Mr. Hughes, who chairs the roads "
    "committee, said the repairs would cost 1,500 pounds more than planned. "
)
UNITS = ["<p>", "<br>", "<div>", "&amp;", "<https://a.example/x>", "`<b>` ", "` `` ", "*a* "]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    from masthead.articles.importers.markdown import markdown_to_blocks

    def timed(text: str) -> float:
        started = time.perf_counter()
        markdown_to_blocks(text)
        return time.perf_counter() - started

    peer_text = (PROSE * (args.size // len(PROSE) + 1))[: args.size]
    print(f"masthead from {os.path.dirname(masthead.__file__)}; runs {args.runs}")
    print(f"{'case':26} {'chars':>7} {'worst s':>9} {'peer s':>9}")
    for unit in UNITS:
        worst_text = "Start. " + unit * ((args.size - 7) // len(unit))
        worst, peer = [], []
        for _ in range(args.runs):  # interleaved, so both see the same load
            worst.append(timed(worst_text))
            peer.append(timed(peer_text))
        w, p = statistics.median(worst), statistics.median(peer)
        print(f"{unit!r:26} {len(worst_text):>7} {w:>9.3f} {p:>9.3f}")


if __name__ == "__main__":
    main()
