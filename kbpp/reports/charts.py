"""Charts drawn with ReportLab graphics (vector, embedded font): band distributions.

Readable in black-and-white print too: segments are always in band order (as in the legend),
separated by white lines, and each carries its count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors

from kbpp.evaluation.settings import Band
from kbpp.reports.fonts import BOLD, REGULAR

ROW_HEIGHT = 14
LABEL_WIDTH = 190
LEGEND_HEIGHT = 28


def band_chart(
    rows: Sequence[tuple[str, Mapping[str, int]]], bands: Sequence[Band], width: float
) -> Drawing:
    """A stacked horizontal bar per row (e.g. directorate): its indicator count per band."""
    height = len(rows) * ROW_HEIGHT + LEGEND_HEIGHT + 30
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = LABEL_WIDTH, 22
    chart.width, chart.height = width - LABEL_WIDTH - 10, len(rows) * ROW_HEIGHT
    chart.data = [[counts.get(b.key, 0) for _name, counts in rows] for b in bands]
    chart.categoryAxis.categoryNames = [name for name, _counts in rows]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    largest = max((sum(counts.get(b.key, 0) for b in bands) for _n, counts in rows), default=0)
    step = max(1, math.ceil(largest / 8))  # whole indicators on the axis, about eight ticks
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(step, math.ceil(largest / step) * step)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d0d0d0")
    chart.barWidth = ROW_HEIGHT * 0.7
    chart.groupSpacing = ROW_HEIGHT * 0.3
    chart.bars.strokeColor = colors.white
    chart.bars.strokeWidth = 0.8
    for i, band in enumerate(bands):
        chart.bars[i].fillColor = colors.HexColor(band.color)
    chart.barLabelFormat = lambda v: str(int(v)) if v else ""
    chart.barLabels.fontName = BOLD
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxTarget = "mid"
    chart.barLabels.fillColor = colors.black
    chart.barLabels.boxFillColor = colors.white
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = LABEL_WIDTH, height - 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.dx = legend.dy = 8
    legend.deltax = 95
    legend.colorNamePairs = [(colors.HexColor(b.color), b.key) for b in bands]
    drawing.add(legend)
    return drawing
