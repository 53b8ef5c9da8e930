"""Vault.ini: how a component (PVWA, CPM, PSM, PADR, PAReplicate, Credential Provider) reaches
the vault. Keys upper-case in templates; `VAULT` is quoted; active lines in the shipped
templates may carry a description after the value; a PSM Vault.ini may end with an `[API]`
section (`Addresses`, the PVWA API URL; `ApiKeyPath`), per cyberark-formats.md section 4.
"""

from __future__ import annotations

from cyberark_cfg.document import Document
from cyberark_cfg.kinds.schema import KeySpec, Kind
from cyberark_cfg.values import ValueType, parse_address_list

S, B, INT, P = ValueType.STRING, ValueType.BOOL, ValueType.INT, ValueType.PORT


class VaultFile(Document):
    """Vault.ini with typed accessors."""

    @property
    def vault_name(self) -> str | None:
        return self.get("VAULT")

    @property
    def addresses(self) -> list[str]:
        """The ADDRESS list in the order clients try it (empty when absent)."""
        value = self.get("ADDRESS")
        return parse_address_list(value) if value is not None else []

    @property
    def port(self) -> int | None:
        return self.typed("PORT", expect=int)


KIND = Kind(
    name="vault",
    title="Vault.ini (component connection to the vault)",
    filenames=("vault.ini",),
    markers=("vault", "address", "port", "timeout", "behindfirewall", "proxytype",
             "reconnectperiod"),
    descriptions=True,
    # No official parameter table is public: an unknown key is reported only as a near miss.
    complete=False,
    document_class=VaultFile,
    keys=(
        KeySpec("VAULT", ValueType.QUOTED, required=True, quoted=True,
                summary="the vault's logical name"),
        KeySpec("ADDRESS", ValueType.ADDRESS_LIST, required=True,
                summary="vault addresses, tried in order"),
        KeySpec("PORT", P, required=True, summary="vault port (1858 by default)"),
        KeySpec("TIMEOUT", INT, summary="seconds to wait for the vault"),
        KeySpec("AUTHTYPE", S), KeySpec("NTAUTHAGENTNAME", S),
        KeySpec("NTAUTHAGENTKEYFILE", ValueType.PATH), KeySpec("VAULTDN", S),
        KeySpec("PROXYTYPE", S, summary="HTTP, HTTPS, SOCKS4 or SOCKS5"),
        KeySpec("PROXYADDRESS", S), KeySpec("PROXYPORT", P), KeySpec("PROXYUSER", S),
        KeySpec("PROXYAUTHDOMAIN", S),
        KeySpec("PROXYPASSWORD", S, secret=True, summary="clear-text proxy password"),
        KeySpec("PROXYCREDENTIALS", ValueType.PATH,
                summary="credential file replacing PROXYUSER/PROXYPASSWORD"),
        KeySpec("BEHINDFIREWALL", B), KeySpec("USEONLYHTTP1", B), KeySpec("ENHANCEDSSL", B),
        KeySpec("RECONNECTPERIOD", INT), KeySpec("NUMOFRECORDSPERSEND", INT),
        KeySpec("NUMOFRECORDSPERCHUNK", INT),
        KeySpec("PREAUTHSECUREDSESSION", B), KeySpec("TRUSTSSC", B),
        KeySpec("ALLOWSSCFOR3PARTYAUTH", B),
        KeySpec("CIFSGATEWAY", S), KeySpec("HTTPGATEWAYADDRESS", S),
        # A PSM Vault.ini may end with an [API] section (cyberark-formats.md section 4).
        KeySpec("Addresses", S, summary="[API]: the PVWA API URL (https), not the vaults"),
        KeySpec("ApiKeyPath", ValueType.PATH, summary="[API]: credential file (apigw.cred)"),
    ),
)
