"""`fenliu print-test URL`: print a sample ticket and show the status the printer reported."""
from __future__ import annotations

import argparse
import sys
from urllib.parse import urlencode

from .errors import PrinterFault
from .layout import slip_bytes, ticket_bytes
from .sample import SAMPLE_SLIP, SAMPLE_TICKET
from .urls import FORMS, open_printer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the print-test options."""
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = FORMS
    parser.add_argument("url", metavar="URL", help="printer URL, e.g. serial:/dev/ttyUSB0?baud=9600")
    parser.add_argument("--width", type=int, choices=(58, 80), help="paper width in mm (default 80)")
    parser.add_argument("--qr", choices=("native", "raster"), help="QR code by the printer or as an image")
    parser.add_argument("--text", choices=("native", "raster"), help="Chinese text by the printer's font or as an image")
    parser.add_argument("--slip", action="store_true", help="print the sample diversion slip instead")
    parser.add_argument("--status-only", action="store_true", help="read the status and print nothing")


def _with_options(url: str, args: argparse.Namespace) -> str:
    """Add the command-line choices to the URL's options (they win over the URL's own)."""
    chosen = {k: v for k, v in (("width", args.width), ("qr", args.qr), ("text", args.text)) if v}
    if not chosen:
        return url
    base, _, query = url.partition("?")
    kept = [p for p in query.split("&") if p and p.partition("=")[0] not in chosen]
    return base + "?" + "&".join(kept + [urlencode(chosen)])


def _describe(status) -> str:
    """One line for people: the status in both languages."""
    paper = {"ok": "纸量正常 paper ok", "near_end": "纸将用尽 paper near end", "out": "缺纸 paper out",
             "unknown": "纸量未知 paper unknown (write-only link)"}[status.paper]
    online = "在线 online" if status.online else "离线 offline"
    cover = "上盖打开 cover open" if status.cover_open else "上盖关闭 cover closed"
    error = f", 错误 error: {status.error}" if status.error else ""
    return f"{online}, {paper}, {cover}{error}"


def run(args: argparse.Namespace) -> int:
    """Print the sample and report; 0 when printed, 1 on a printer fault, 2 on a bad URL."""
    try:
        printer = open_printer(_with_options(args.url, args))
    except ValueError as e:
        print(e, file=sys.stderr)
        return 2
    try:
        with printer:
            status = printer.status()
            print(f"状态 status: {_describe(status)}")
            if args.status_only:
                return 0 if status.ok else 1
            sample = SAMPLE_SLIP if args.slip else SAMPLE_TICKET
            if args.slip:
                printer.print_slip(sample)
                size = len(slip_bytes(sample, printer.width_mm, capabilities=printer.capabilities))
            else:
                printer.print_ticket(sample)
                size = len(ticket_bytes(sample, printer.width_mm, capabilities=printer.capabilities))
            where = getattr(printer, "last_path", None)
            done = f"preview {where}" if where else f"{size} bytes, {printer.width_mm} mm"
            print(f"已打印 printed: {'slip' if args.slip else SAMPLE_TICKET.number} ({done})")
            return 0
    except PrinterFault as e:
        print(f"打印失败 print failed [{e.code}]: {e.message_zh}", file=sys.stderr)
        print(f"  {e.message_en}" + (f" ({e.detail})" if e.detail else ""), file=sys.stderr)
        return 1
