"""`fenliu init-branch --renew-host-cert DIR`: a fresh host certificate from the branch's own CA; nothing else changes."""
from __future__ import annotations

import ipaddress
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from operations.tls_ca import make_host_cert


def current_names(cert_path: Path) -> tuple[str, str]:
    """The DNS name and IP address in the host's current certificate ("" when it has none)."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dns = names.get_values_for_type(x509.DNSName)
    ips = names.get_values_for_type(x509.IPAddress)
    return (dns[0] if dns else ""), (str(ips[0]) if ips else "")


def not_after(cert: x509.Certificate) -> datetime:
    """The certificate's end of validity, in UTC, on every supported cryptography release."""
    utc = getattr(cert, "not_valid_after_utc", None)
    return utc if utc is not None else cert.not_valid_after.replace(tzinfo=timezone.utc)


def renew(folder: Path, host_name: str | None, host_address: str | None, now: datetime | None = None) -> int:
    """Sign a new host.pem/host-key.pem with ca-key.pem; the old pair is kept beside them with a date."""
    missing = [n for n in ("ca.pem", "ca-key.pem") if not (folder / n).is_file()]
    if missing:
        print(f"fenliu init-branch: {folder} 中缺少 / is missing {', '.join(missing)}: renew on the machine that "
              "holds the branch folder with its CA key (ca-key.pem)", file=sys.stderr)
        return 2
    old_name, old_address = current_names(folder / "host.pem") if (folder / "host.pem").is_file() else ("", "")
    name, address = host_name or old_name or "fenliu-host", host_address or old_address
    if address:
        try:
            ipaddress.ip_address(address)
        except ValueError:
            print(f"fenliu init-branch: 主机地址无效 / not an IP address: {address}", file=sys.stderr)
            return 2
    ca_cert = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
    ca_key = serialization.load_pem_private_key((folder / "ca-key.pem").read_bytes(), password=None)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%d")
    for file_name in ("host.pem", "host-key.pem"):
        if (folder / file_name).exists():
            os.replace(folder / file_name, folder / f"{file_name}.{stamp}.old")
    make_host_cert(folder, ca_key, ca_cert, name, address)
    expires = not_after(x509.load_pem_x509_certificate((folder / "host.pem").read_bytes()))
    print(f"fenliu init-branch: 已续签主机证书 / renewed the host certificate in {folder}\n"
          f"  for {name}{' ' + address if address else ''}, valid until {expires:%Y-%m-%d}; "
          f"tokens, PINs and ca.pem unchanged (devices need nothing new)\n"
          f"  旧证书保留为 / old pair kept as host.pem.{stamp}.old, host-key.pem.{stamp}.old\n"
          f"  重启主机使其生效 / restart the host to use it: sudo systemctl restart fenliu-host.service")
    return 0
