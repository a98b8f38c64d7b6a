"""The same item labels as `scorta labels item ... --template avery-l7160`, drawn with ReportLab.

scorta-bench runs this when SCORTA_REPORTLAB_PYTHON names a Python with reportlab installed, to
compare time and file size side by side. Same stock (Avery L7160: 3 x 7 labels 63.5 x 38.1 mm),
same content per label (SKU in bold, the name on up to two lines, EAN-13 of the GTIN or else
Code 128 of the SKU with its text), ReportLab's own barcode widgets and default (compressed) output.

    python reportlab-labels.py ITEMS.csv OUT.pdf COPIES SKU...   ->  prints "<seconds> <bytes>"
"""
import csv
import os
import sys
import time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode import code128, createBarcodeDrawing
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

# Avery L7160 from Labels/avery-l7160.json (mm).
PAGE = (210 * mm, 297 * mm)
COLUMNS, ROWS = 3, 7
LABEL_W, LABEL_H = 63.5 * mm, 38.1 * mm
LEFT, TOP = 7.25 * mm, 15.15 * mm
PITCH_X, PITCH_Y = 66.0 * mm, 38.1 * mm
PADDING = 2.5 * mm


def main():
    items_path, out, copies, skus = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    with open(items_path, newline="", encoding="utf-8") as handle:
        rows = {row[0]: row for row in csv.reader(handle) if row and not row[0].startswith("#")}
    items = [(sku, rows[sku][1], rows[sku][5] if len(rows[sku]) > 5 else "") for sku in skus]
    start = time.perf_counter()
    pdf = canvas.Canvas(out, pagesize=PAGE)
    slot = 0
    for sku, name, gtin in items:
        for _ in range(copies):
            if slot == COLUMNS * ROWS:
                pdf.showPage()
                slot = 0
            column, row = slot % COLUMNS, slot // COLUMNS
            x = LEFT + column * PITCH_X
            top = PAGE[1] - TOP - row * PITCH_Y
            draw_label(pdf, x, top, sku, name, gtin)
            slot += 1
    pdf.save()
    seconds = time.perf_counter() - start
    print(f"{seconds:.4f} {os.path.getsize(out)}")


def draw_label(pdf, x, top, sku, name, gtin):
    inner = LABEL_W - 2 * PADDING
    y = top - PADDING - 11
    pdf.setFont("Helvetica-Bold", 13)
    pdf.drawString(x + PADDING, y, sku)
    pdf.setFont("Helvetica", 9)
    for line in simpleSplit(name, "Helvetica", 9, inner)[:2]:
        y -= 10.5
        pdf.drawString(x + PADDING, y, line)
    bar_height = 13 * mm
    if gtin:
        drawing = createBarcodeDrawing("EAN13", value=gtin[:12], barWidth=0.33 * mm, barHeight=bar_height, humanReadable=True)
        renderPDF.draw(drawing, pdf, x + (LABEL_W - drawing.width) / 2, top - LABEL_H + PADDING)
    else:
        symbol = code128.Code128(sku, barWidth=0.33 * mm, barHeight=bar_height, humanReadable=True, quiet=True)
        symbol.drawOn(pdf, x + (LABEL_W - symbol.width) / 2, top - LABEL_H + PADDING + 8)


if __name__ == "__main__":
    main()
