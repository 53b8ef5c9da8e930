"""Generate a CyberArk estate: sites of vault, PVWA, CPM and PSM servers with their padr.ini,
Vault.ini, basic_psm.ini and credential files, as real installations lay them out.

The same seed gives the same files. Every secret is synthetic (random hex from the seeded
generator); a few files carry the mistakes and re-encodings met in the field (a duplicate key,
a UTF-8 BOM from PowerShell 7, UTF-16 from Windows PowerShell ``Out-File``), so a linter run
over the estate does the work it does on a real one. Use it from code
(:func:`generate_estate`) or from a shell: ``python -m benchmarks.estate DIR --count 2000``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Iterator
from pathlib import Path

# Writes one file's text for a site number.
Writer = Callable[[random.Random, int], str]

VAULT_TEMPLATE_TAIL = """
#-----------------------------------
# Additional parameters (optional)
#-----------------------------------

#TIMEOUT=30                        - Seconds to wait for a Vault to respond to a request
#AUTHTYPE=PA_AUTH                  - Authentication method (PA_AUTH,NT_AUTH,PKI_AUTH)
#NTAUTHAGENTNAME=                  - NT Authentication Agent Name

#Proxy server connection settings  - cannot be used together with BEHINDFIREWALL
#--------------------------------
#PROXYTYPE=HTTP                    - Possible values - HTTP, HTTPS, SOCKS4, SOCKS5
#PROXYADDRESS=192.0.2.55           - Proxy server IP address (mandatory when using proxy server)
#PROXYPORT=8081                    - Proxy server IP Port

#BEHINDFIREWALL=NO                 - Accessing the Cyber-Ark vault via a Firewall.
#RECONNECTPERIOD=-1                - Seconds to wait before session with Vault is re-established.
"""


def _address(site: int, dr: bool) -> str:
    return f"10.{20 if dr else 10}.{site // 250}.{site % 250 + 1}"


def _hex(rng: random.Random, length: int) -> str:
    return f"{rng.getrandbits(length * 4):0{length}X}"


def vault_ini(rng: random.Random, site: int, *, dr_first: bool = False) -> str:
    prod, dr = _address(site, False), _address(site, True)
    addresses = f"{dr},{prod}" if dr_first else f"{prod},{dr}"
    lines = [
        rng.choice(['VAULT = "Production Vault"', f'VAULT="Vault-{site:04d}"',
                    'VAULT ="Primary Vault"   ']),
        f"ADDRESS={addresses}",
        rng.choice(["PORT=1858", "PORT=1858              "]),
    ]
    if rng.random() < 0.5:
        lines.append("TIMEOUT=30                        - Seconds to wait for a Vault to respond")
    text = "\n".join(lines) + "\n"
    return text + VAULT_TEMPLATE_TAIL if rng.random() < 0.5 else text


def padr_ini(rng: random.Random, site: int) -> str:
    failed_over = rng.random() < 0.1
    lines = ["[MAIN]"] if rng.random() < 0.7 else []
    lines += [
        "EnableCheck=Yes",
        "EnableReplicate=Yes",
        f"EnableFailover={'No' if failed_over else 'Yes'}",
        rng.choice(["EnableDBSync=Yes", "EnableDbsync=Yes"]),
        f"FailoverMode={'Yes' if failed_over else 'No'}",
        "CheckRetriesCount=5",
        "CheckInterval=60",
        f"NextBinaryLogNumberToStartAt={rng.randint(1, 5000)}",
        f"LastDataReplicationTimestamp={1_700_000_000_000_000 + rng.getrandbits(40)}",
    ]
    return "\n".join(lines) + "\n"


def cred_file(rng: random.Random, site: int, *, username: str = "DR") -> str:
    flag = rng.choice([16, 16, 18, 22, 30])
    lines = [
        rng.choice(["CredFileType=Password", "CredFileType=EnhancedPasswordMachine"]),
        "CredFileVersion=2",
        f"Username={username}",
        f"VerificationsFlag={flag}",
        f"Password={_hex(rng, 80)}",
        "ExternalAuthentication=No",
        f"AdditionalInformation={_hex(rng, 40)}",
    ]
    if flag & 0x04:
        lines.insert(4, f"ClientIP={_address(site, True)}")
    return "\n".join(lines) + "\n"


def basic_psm_ini(rng: random.Random, site: int) -> str:
    lines = [
        f'PSMServerId="PSMServer_{site:04d}"',
        'PSMServerAdminId="PSMAdminConnect"',
        'PSMVaultFile="Vault\\Vault.ini"',
        'PSMAppCredFile="Vault\\psmapp.cred"',
        'PSMGWCredFile="Vault\\psmgw.cred"',
        'LogsFolder="Logs"',
        'TempFolder="Temp"',
        'RecordingsDirectory="C:\\Program Files (x86)\\Cyberark\\PSM\\Recordings"',
        'ConfigurationSafe="PVWAConfig"',
        rng.choice(["ConfigurationFolder=Root", 'ConfigurationFolder="Root"']),
        'PVConfigurationFileName="PVConfiguration.xml"',
        'PoliciesConfigurationFileName="Policies.xml"',
    ]
    return "\n".join(lines) + "\n"


# The files of one site, as on its servers: (folder, file name, writer).
SITE_LAYOUT: tuple[tuple[str, str, Writer], ...] = (
    ("vault", "padr.ini", padr_ini),
    ("vault", "Vault.ini", vault_ini),
    ("vault", "user.ini", cred_file),
    ("pvwa01", "Vault.ini", vault_ini),
    ("pvwa02", "Vault.ini", lambda rng, site: vault_ini(rng, site, dr_first=True)),
    ("cpm", "Vault.ini", vault_ini),
    ("cpm", "user.ini", lambda rng, site: cred_file(rng, site, username="PasswordManager")),
    ("psm", "Vault.ini", vault_ini),
    ("psm", "basic_psm.ini", basic_psm_ini),
    ("psm", "psmapp.cred", lambda rng, site: cred_file(rng, site, username="PSMApp_01")),
    ("psm", "psmgw.cred", lambda rng, site: cred_file(rng, site, username="PSMGw_01")),
)


def _encode(rng: random.Random, text: str) -> bytes:
    """Mostly CRLF ASCII, as on Windows; some LF, UTF-8 BOM and UTF-16 files."""
    roll = rng.random()
    if roll < 0.01:
        return ("\ufeff" + text.replace("\n", "\r\n")).encode("utf-16-le")
    if roll < 0.03:
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    if roll < 0.15:
        return text.encode("ascii")
    return text.replace("\n", "\r\n").encode("ascii")


def _plant_mistake(rng: random.Random, text: str) -> str:
    """Duplicate one line in about one file in fifty (CFG003's case)."""
    if rng.random() >= 0.02:
        return text
    lines = text.splitlines(keepends=True)
    victim = rng.choice([line for line in lines if "=" in line])
    return text + victim


def estate_files(count: int, seed: int = 0) -> Iterator[tuple[Path, bytes]]:
    """``count`` (relative path, content) pairs, site after site."""
    rng = random.Random(seed)
    made = 0
    site = 0
    while made < count:
        for folder, name, writer in SITE_LAYOUT:
            if made == count:
                return
            text = _plant_mistake(rng, writer(rng, site))
            yield Path(f"site-{site:05d}") / folder / name, _encode(rng, text)
            made += 1
        site += 1


def generate_estate(root: Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` files under ``root`` (created if needed); returns their paths."""
    written = []
    for relative, data in estate_files(count, seed):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder to write the estate into")
    parser.add_argument("--count", type=int, default=2000, help="number of files")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    paths = generate_estate(options.root, options.count, options.seed)
    print(f"wrote {len(paths)} files under {options.root}")


if __name__ == "__main__":
    main()
