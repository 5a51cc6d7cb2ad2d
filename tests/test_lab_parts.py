"""The reliability lab's parts that need no root: the branch made as a technician makes it, the slow link."""
from __future__ import annotations

import asyncio
import socket
import threading

from lab.branch import exec_start, make, sheet_tokens, template_with_two_kiosks
from lab.proxy import Relay


def test_the_lab_branch_has_two_kiosk_tokens_and_the_host_command_of_its_unit(tmp_path):
    branch = make(tmp_path, "10.77.24.2")
    assert {"kiosk", "kiosk-2", "display", "counter-3", "counter-4", "counter-5"} <= set(branch.tokens)
    assert branch.tokens["kiosk"] != branch.tokens["kiosk-2"]
    assert branch.host_argv[1] == "host" and "--config" in branch.host_argv
    assert branch.url == "https://fenliu-host:8600"
    assert (tmp_path / "units" / "fenliu-host.service").exists()


def test_the_two_kiosk_template_adds_one_kiosk_token(tmp_path):
    text = template_with_two_kiosks(tmp_path / "t.toml").read_text(encoding="utf-8")
    assert text.count('role = "kiosk"') == 2 and 'id = "kiosk-2"' in text


def test_a_unit_line_and_a_setup_sheet_are_read_as_written():
    unit = "[Service]\nExecStart=/opt/fenliu host --config /etc/b.toml\n"
    assert exec_start(unit) == "/opt/fenliu host --config /etc/b.toml"
    sheet = ("取号机 / KIOSK: kiosk (entrance kiosk)\n  fenliu kiosk --host https://h:8600 --token abc\n\n"
             "窗口面板 / COUNTER 3 PANEL: counter-3 (teller)\n  token (for --token, no PIN pad) / 令牌: xyz\n")
    assert sheet_tokens(sheet) == {"kiosk": "abc", "counter-3": "xyz"}


def test_the_slow_link_delays_what_it_relays_while_its_flag_is_there_and_changes_no_byte(tmp_path):
    echo = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=lambda: _echo(echo), daemon=True).start()
    flag = tmp_path / "slow"
    flag.touch()
    relay = Relay(("127.0.0.1", echo.getsockname()[1]), str(flag), delay_ms=20, drop=0.0)

    async def one_round() -> bytes:
        server = await asyncio.start_server(relay.serve, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"A012 to window 3")
        await writer.drain()
        data = await reader.readexactly(16)
        writer.close()
        server.close()
        return data

    assert asyncio.run(one_round()) == b"A012 to window 3"
    assert relay.counts["slow_connections"] == 1 and relay.counts["delayed_chunks"] >= 2
    echo.close()


def _echo(server: socket.socket) -> None:
    conn, _ = server.accept()
    with conn:
        while data := conn.recv(1024):
            conn.sendall(data)
