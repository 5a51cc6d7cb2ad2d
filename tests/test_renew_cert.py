"""`fenliu init-branch --renew-host-cert`: a new host certificate from the same CA, tokens untouched, and a host that serves it."""
from __future__ import annotations

from datetime import timedelta

from cryptography import x509

from fenliu.cli import main
from operations.doctor import utc_now
from operations.renew_cert import current_names, not_after
from operations.tls_ca import HOST_YEARS
from tests.test_tls import ADDRESS, init_branch


def load(path):
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_renewing_issues_a_fresh_certificate_from_the_branch_ca_and_changes_no_token(tmp_path, capsys):
    folder = tmp_path / "branch"
    init_branch(folder, capsys)
    before = {name: (folder / name).read_bytes() for name in ("branch.toml", "ca.pem", "ca-key.pem", "SETUP.txt")}
    old = load(folder / "host.pem")
    assert main(["init-branch", "--renew-host-cert", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "tokens, PINs and ca.pem unchanged" in out and "systemctl restart fenliu-host" in out
    new = load(folder / "host.pem")
    assert new.serial_number != old.serial_number
    new.verify_directly_issued_by(load(folder / "ca.pem"))
    assert current_names(folder / "host.pem") == ("localhost", ADDRESS)
    assert not_after(new) > utc_now() + timedelta(days=365 * HOST_YEARS - 2)
    assert {name: (folder / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in folder.glob("*.old")) == sorted(
        [f"host.pem.{utc_now():%Y%m%d}.old", f"host-key.pem.{utc_now():%Y%m%d}.old"])
    assert (folder / "host-key.pem").stat().st_mode & 0o077 == 0


def test_renewing_a_folder_without_its_ca_key_is_refused_and_changes_nothing(tmp_path, capsys):
    folder = tmp_path / "branch"
    init_branch(folder, capsys)
    (folder / "ca-key.pem").unlink()
    host_pem = (folder / "host.pem").read_bytes()
    assert main(["init-branch", "--renew-host-cert", str(folder)]) == 2
    assert "ca-key.pem" in capsys.readouterr().err and (folder / "host.pem").read_bytes() == host_pem
