"""`fenliu doctor` against the real host on HTTPS (127.0.0.2, branch CA), with a wrong CA, a skewed clock and a fake printer."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fenliu.cli import main
from operations.doctor import audio_check, fonts_check, run_checks, utc_now
from operations.tls_ca import HOST_YEARS, make_ca
from tests.fake_escpos import FakeEscposPrinter
from tests.installed import FENLIU, free_port, serving
from tests.test_tls import sheet_secrets
from tests.test_tls import branch  # noqa: F401 - the module's running HTTPS host


def marks(checks) -> list[str]:
    return [c.line().split(" ", 1)[0] for c in checks]


def by_words(checks, words: str):
    return next(c for c in checks if words in c.en)


def test_a_well_set_up_kiosk_passes_every_check_and_the_command_exits_0(branch, capsys):  # noqa: F811
    fake = FakeEscposPrinter()
    try:
        code = main(["doctor", "kiosk", "--host", branch["url"], "--ca", str(branch["folder"] / "ca.pem"),
                     "--token", branch["secrets"]["kiosk"]["token"],
                     "--printer", f"serial:{fake.start_pty()}?baud=9600&timeout=1"])
    finally:
        fake.stop()
    out = capsys.readouterr().out
    assert code == 0, out
    for line in ("✓ 主机有应答", "✓ 主机证书有效", "✓ 时钟一致", "✓ 设备令牌有效", "✓ 打印机正常", "✓ 中文字体齐全",
                 "全部通过 / all checks passed"):
        assert line in out
    assert "✗" not in out


def test_a_wrong_branch_ca_fails_the_certificate_check_and_says_to_copy_ca_pem(branch, tmp_path, capsys):  # noqa: F811
    make_ca(tmp_path, "another branch")
    code = main(["doctor", "kiosk", "--host", branch["url"], "--ca", str(tmp_path / "ca.pem"),
                 "--token", branch["secrets"]["kiosk"]["token"]])
    out = capsys.readouterr().out
    assert code == 1
    assert "✗ 主机证书无法用网点根证书验证" in out and "copy this branch's ca.pem" in out
    # The clock is still compared (the health answer is public); the token is not sent to an unverified host.
    assert "✓ 时钟一致" in out and "– 未发送令牌 / the token was not sent" in out and "✓ 中文字体齐全" in out


def test_a_host_reached_by_a_name_not_in_its_certificate_says_which_names_and_checks_clock_and_token(tmp_path, capsys):
    folder = tmp_path / "branch"
    assert main(["init-branch", str(folder), "--host-name", "fenliu-host", "--host-address", "127.0.0.6"]) == 0
    port = free_port("127.0.0.1")
    url, ca = f"https://127.0.0.1:{port}", folder / "ca.pem"  # the device uses an address the certificate lacks
    argv = [FENLIU, "host", "--config", str(folder / "branch.toml"), "--address", "127.0.0.1", "--port", str(port)]
    capsys.readouterr()
    with serving(argv, tmp_path, url, ca, tmp_path / "host.log", tls_name="fenliu-host"):
        code = main(["doctor", "kiosk", "--host", url, "--ca", str(ca), "--token", sheet_secrets(folder)["kiosk"]["token"]])
    out = capsys.readouterr().out
    assert code == 1
    assert "✗ 主机证书不含本机所用的地址 127.0.0.1" in out
    line = next(l for l in out.splitlines() if "does not name 127.0.0.1" in l)
    assert "fenliu-host" in line and "127.0.0.6" in line and "copy this branch's ca.pem" not in out
    assert "https://fenliu-host:" in out and "--renew-host-cert" in out
    assert "✓ 时钟一致" in out and "✓ 设备令牌有效" in out and "✓ 中文字体齐全" in out


def test_a_clock_three_seconds_off_fails_and_one_second_off_passes(branch):  # noqa: F811
    ca = str(branch["folder"] / "ca.pem")
    skewed = run_checks("panel", branch["url"], ca, None, clock=lambda: utc_now() + timedelta(seconds=3))
    check = by_words(skewed, "clock")
    assert not check.ok and "s off the host's" in check.en and "timedatectl" in check.fix
    assert 2.0 < float(check.en.split("clock is ")[1].split(" s")[0]) < 4.0
    close = run_checks("panel", branch["url"], ca, None, clock=lambda: utc_now() - timedelta(seconds=1))
    assert by_words(close, "clock").ok


def test_a_certificate_that_expires_within_30_days_fails_and_says_how_to_renew(branch):  # noqa: F811
    later = lambda: utc_now() + timedelta(days=365 * HOST_YEARS - 20)  # noqa: E731 - the device's clock, years on
    checks = run_checks("panel", branch["url"], str(branch["folder"] / "ca.pem"), None, clock=later)
    cert = by_words(checks, "certificate expires")
    assert not cert.ok and "--renew-host-cert" in cert.fix


def test_a_refused_token_and_a_printer_out_of_paper_fail_with_what_to_do(branch):  # noqa: F811
    fake = FakeEscposPrinter()
    fake.tell("paper_out")
    try:
        checks = run_checks("kiosk", branch["url"], str(branch["folder"] / "ca.pem"), "not-a-token",
                            printer=f"serial:{fake.start_pty()}?baud=9600&timeout=1")
    finally:
        fake.stop()
    token = by_words(checks, "token")
    assert not token.ok and "SETUP.txt" in token.fix
    printer = by_words(checks, "printer")
    assert not printer.ok and "paper out" in printer.en


def test_a_printer_port_that_is_not_there_fails(branch):  # noqa: F811
    checks = run_checks("kiosk", branch["url"], str(branch["folder"] / "ca.pem"), None,
                        printer="serial:/dev/fenliu-no-such-port?baud=9600&timeout=1")
    assert not by_words(checks, "printer").ok


def test_a_host_that_does_not_answer_fails_the_first_check(capsys):
    code = main(["doctor", "display", "--host", "https://127.0.0.2:9"])
    out = capsys.readouterr().out
    assert code == 1 and "✗ 无法连接主机" in out and "systemctl status fenliu-host" in out


def test_missing_fonts_and_audio_tools_are_named(tmp_path: Path):
    assert fonts_check().ok
    missing = fonts_check(tmp_path)
    assert not missing.ok and "NotoSansSC-Regular-GB2312.otf" in missing.en
    audio = audio_check(which=lambda tool: None if tool == "sox" else "/usr/bin/" + tool)
    assert not audio.ok and "sox" in audio.en and "espeak-ng" not in audio.en
    assert audio_check(which=lambda tool: "/usr/bin/" + tool).ok


def test_a_display_is_checked_for_audio(branch):  # noqa: F811
    checks = run_checks("display", branch["url"], str(branch["folder"] / "ca.pem"), branch["secrets"]["display"]["token"],
                        which=lambda tool: None)
    assert not by_words(checks, "audio").ok
    assert all(c.ok for c in checks if "audio" not in c.en)
