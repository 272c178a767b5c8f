"""Signed place files (SPEC §11): OpenSSH signatures, checked against the network's signers.

The cryptography is OpenSSH's own: `ssh-keygen -Y sign | verify | check-novalidate`,
the tool and format git uses for signed commits. What is read here is only the
outside of things, to name the state of a file for a person: the armour and
the fields of an SSHSIG blob (public key, namespace) and the lines of the
allowed-signers file (principals, options, key).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Literal

import attrs

from .errors import Problem
from .fields import SLUG
from .i18n import N_, _

NAMESPACE = "tlcriteria"

State = Literal["signed", "unsigned", "wrong-key", "changed", "expired", "wrong-namespace", "malformed"]
STATES: tuple[State, ...] = (
    "signed",
    "unsigned",
    "wrong-key",
    "changed",
    "expired",
    "wrong-namespace",
    "malformed",
)

#: The state in a few words (`state_text`), in every output that names it.
_STATE_TEXTS: Mapping[str, str] = {
    "signed": N_("signed"),
    "unsigned": N_("not signed"),
    "wrong-key": N_("someone else's key"),
    "changed": N_("changed since it was signed"),
    "expired": N_("expired key"),
    "wrong-namespace": N_("signature for another use"),
    "malformed": N_("unreadable signature"),
}


def state_text(state: str) -> str:
    """The state in a few words in the language of messages (« clé d’un autre », "someone else's
    key"): the one wording of every output that names it, never its code."""
    text = _STATE_TEXTS.get(state)
    return _(text) if text is not None else state


KEY_TYPES = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)

_TIME = re.compile(r"^(\d{8})(\d{4}(\d{2})?)?Z?$")
_ARMOUR = re.compile(
    r"^-----BEGIN SSH SIGNATURE-----\s*\n(?P<body>[A-Za-z0-9+/=\s]+?)\n-----END SSH SIGNATURE-----\s*$"
)


class SshKeygenMissing(RuntimeError):
    """OpenSSH's ssh-keygen is not installed."""


def ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise SshKeygenMissing(
            _("ssh-keygen was not found (install OpenSSH's client: apt install openssh-client)")
        )
    return found


def signature_path(path: str | Path) -> Path:
    return Path(f"{path}.sig")


# --------------------------------------------------------------------------- the signers file


@attrs.frozen
class AllowedKey:
    """One line of the allowed-signers file."""

    principals: tuple[str, ...]
    key: str  # "TYPE BASE64", as ssh-keygen prints a public key
    namespaces: tuple[str, ...] | None = None  # None: every namespace
    valid_after: str | None = None
    valid_before: str | None = None
    line: int = 0

    def allows_namespace(self) -> bool:
        return self.namespaces is None or NAMESPACE in self.namespaces

    def valid_at(self, when: dt.datetime) -> bool:
        stamp = when.strftime("%Y%m%d%H%M%S")
        after = _full_time(self.valid_after)
        before = _full_time(self.valid_before)
        return (after is None or stamp >= after) and (before is None or stamp < before)


def _full_time(value: str | None) -> str | None:
    if value is None:
        return None
    digits = value.rstrip("Z")
    return digits + "0" * (14 - len(digits))


@attrs.frozen
class Signers:
    """The network's allowed-signers file: which keys may sign for which place."""

    path: str
    keys: tuple[AllowedKey, ...]

    def for_principal(self, principal: str) -> tuple[AllowedKey, ...]:
        return tuple(k for k in self.keys if principal in k.principals)

    @property
    def principals(self) -> frozenset[str]:
        return frozenset(p for k in self.keys for p in k.principals)


def load_signers(path: str | Path) -> tuple[Signers | None, list[Problem]]:
    """Read and check an allowed-signers file; every problem of it at once."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark (Notepad) is not text
    except FileNotFoundError:
        return None, [
            Problem(
                shown,
                "",
                _("the signers file does not exist"),
                _("give the network's allowed-signers file, e.g. --signers signataires"),
            )
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Problem(shown, "", _("cannot read the signers file: {error}").format(error=exc))]
    keys: list[AllowedKey] = []
    problems: list[Problem] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, message, hint = _signer_line(line, number)
        if key is None:
            problems.append(Problem(shown, _("line {number}").format(number=number), message, hint))
        else:
            keys.append(key)
    if not keys and not problems:
        problems.append(
            Problem(shown, "", _("the signers file lists no key"), _("add one line per place key"))
        )
    if problems:
        return None, problems
    return Signers(shown, tuple(keys)), []


def _split_fields(line: str) -> list[str]:
    """Blank-separated fields; blanks inside double quotes do not separate."""
    fields, current, quoted = [], "", False
    for char in line:
        if char == '"':
            quoted = not quoted
        if char in " \t" and not quoted:
            if current:
                fields.append(current)
            current = ""
            continue
        current += char
    if current:
        fields.append(current)
    return fields


def _signer_line(line: str, number: int) -> tuple[AllowedKey | None, str, str]:
    """The line's key, or None with what is wrong and the one hint that applies."""
    form = _('write: PLACE-ID namespaces="tlcriteria" ssh-ed25519 AAAA…')
    fields = _split_fields(line)
    if len(fields) < 3:
        return None, _("expected principals, options, a key type and a key"), form
    principals = tuple(fields[0].split(","))
    bad = [p for p in principals if not SLUG.match(p)]
    if bad:
        return None, _("{name!r} is not a place id").format(name=bad[0]), form
    rest = fields[1:]
    options: dict[str, str] = {}
    if rest[0] not in KEY_TYPES:
        for option in _split_options(rest[0]):
            name, _sep, value = option.partition("=")
            options[name.lower()] = value.strip('"')
        rest = rest[1:]
    if len(rest) < 2:
        return None, _("expected a key type and a key after the options"), form
    key_type, blob = rest[0], rest[1]
    if key_type not in KEY_TYPES:
        return None, _("unknown key type {name!r}").format(name=key_type), form
    embedded = _key_type_of(blob)
    if embedded != key_type:
        return None, _("the key is not a {name} public key").format(name=key_type), form
    unknown = sorted(set(options) - {"namespaces", "valid-after", "valid-before", "cert-authority"})
    if unknown:
        return None, _("unknown option {name!r}").format(name=unknown[0]), form
    if "cert-authority" in options:
        return None, _("certificate authorities are not used for place keys"), form
    for name in ("valid-after", "valid-before"):
        if name in options and not _valid_time(options[name]):
            wrong = _("{name}={value!r} is not a time").format(name=name, value=options[name])
            return None, wrong, _("write YYYYMMDD or YYYYMMDDHHMM[SS]")
    namespaces = tuple(options["namespaces"].split(",")) if "namespaces" in options else None
    return (
        AllowedKey(
            principals,
            f"{key_type} {blob}",
            namespaces,
            options.get("valid-after"),
            options.get("valid-before"),
            number,
        ),
        "",
        "",
    )


def _split_options(text: str) -> list[str]:
    parts, current, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if char == "," and not quoted:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return parts


def _valid_time(value: str) -> bool:
    found = _TIME.match(value)
    if not found:
        return False
    digits = _full_time(value) or ""
    try:
        dt.datetime.strptime(digits, "%Y%m%d%H%M%S")
    except ValueError:
        return False
    return True


def _key_type_of(blob: str) -> str | None:
    try:
        raw = base64.b64decode(blob, validate=True)
        name, _rest = _ssh_string(raw, 0)
        return name.decode("ascii")
    except (ValueError, UnicodeDecodeError):
        return None


def _ssh_string(raw: bytes, at: int) -> tuple[bytes, int]:
    if at + 4 > len(raw):
        raise ValueError("truncated")
    size = int.from_bytes(raw[at : at + 4], "big")
    end = at + 4 + size
    if end > len(raw):
        raise ValueError("truncated")
    return raw[at + 4 : end], end


# --------------------------------------------------------------------------- reading a .sig


@attrs.frozen
class Envelope:
    """The readable outside of an SSHSIG signature: who signed, for what use."""

    key: str  # "TYPE BASE64"
    namespace: str


def read_envelope(text: str) -> Envelope | None:
    """The public key and namespace of an armoured SSH signature; None when it is not one."""
    found = _ARMOUR.match(text.strip())
    if not found:
        return None
    try:
        raw = base64.b64decode("".join(found["body"].split()), validate=True)
        if raw[:6] != b"SSHSIG":
            return None
        at = 10  # magic and a 4-byte version
        public, at = _ssh_string(raw, at)
        namespace, at = _ssh_string(raw, at)
        _reserved, at = _ssh_string(raw, at)
        _hash, at = _ssh_string(raw, at)
        _signature, at = _ssh_string(raw, at)
        key_type, _end = _ssh_string(public, 0)
        return Envelope(
            f"{key_type.decode('ascii')} {base64.b64encode(public).decode('ascii')}",
            namespace.decode("utf-8"),
        )
    except (ValueError, UnicodeDecodeError):
        return None


# --------------------------------------------------------------------------- verifying


@attrs.frozen
class Verdict:
    """The signature state of one file, and who signed it when that is known."""

    path: str
    principal: str
    state: State
    detail: str = ""
    review: bool = False  # a peer review, signed by its reviewer (else a place file, by its place)

    @property
    def ok(self) -> bool:
        return self.state == "signed"

    def problem(self) -> Problem:
        """The verdict as a person's one-line problem (for states other than signed)."""
        return Problem(self.path, _("signature"), self.message(), self.hint())

    def message(self) -> str:
        return {
            "signed": _("signed by {place}").format(place=self.principal),
            "unsigned": _("not signed (no {name})").format(name=signature_path(self.path).name),
            "wrong-key": _("signed by a key that is not allowed for {place}").format(place=self.principal),
            "changed": _("the file was changed since it was signed"),
            "expired": _("signed by a key of {place} outside its validity dates").format(
                place=self.principal
            ),
            "wrong-namespace": _("the signature is for {namespace!r}, not for 'tlcriteria'").format(
                namespace=self.detail
            ),
            "malformed": _("{name} is not a readable SSH signature").format(
                name=signature_path(self.path).name
            ),
        }[self.state]

    def hint(self) -> str:
        """What to do, naming who signs (the place, or a review's reviewer) and the file."""
        if self.review:
            return {
                "signed": "",
                "unsigned": _("the reviewer {place} signs it: tlcriteria sign {path} --key KEY"),
                "wrong-key": _(
                    "the reviewer {place} signs it with its own key (tlcriteria sign {path} --key KEY), "
                    "or the network adds the key to the signers"
                ),
                "changed": _(
                    "the reviewer {place} checks the change and signs it again: tlcriteria sign {path} --key KEY"
                ),
                "expired": _(
                    "the reviewer {place} signs it again with a current key: tlcriteria sign {path} --key KEY"
                ),
                "wrong-namespace": _("the reviewer {place} signs it with tlcriteria sign {path} --key KEY"),
                "malformed": _("the reviewer {place} signs it again: tlcriteria sign {path} --key KEY"),
            }[self.state].format(place=self.principal, path=shlex.quote(self.path))
        return {
            "signed": "",
            "unsigned": _("the place signs it: tlcriteria sign {path} --key KEY"),
            "wrong-key": _(
                "the place signs it with its own key (tlcriteria sign {path} --key KEY), "
                "or the network adds the key to the signers"
            ),
            "changed": _("the place checks the change and signs it again: tlcriteria sign {path} --key KEY"),
            "expired": _("the place signs it again with a current key: tlcriteria sign {path} --key KEY"),
            "wrong-namespace": _("the place signs it with tlcriteria sign {path} --key KEY"),
            "malformed": _("the place signs it again: tlcriteria sign {path} --key KEY"),
        }[self.state].format(path=shlex.quote(self.path))


def verify(
    path: str | Path,
    principal: str,
    signers: Signers,
    data: bytes | None = None,
    now: dt.datetime | None = None,
    allowed: Path | None = None,
) -> Verdict:
    """The signature state of `path` (its bytes: `data` when already read) for `principal`.

    `allowed`: the signers written for ssh-keygen (`allowed_signers_file`), to share
    it between many files; made here when not given.
    """
    shown = str(path)
    sig = signature_path(path)
    try:
        sig_text = sig.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Verdict(shown, principal, "unsigned")
    except (OSError, UnicodeDecodeError):
        return Verdict(shown, principal, "malformed")
    envelope = read_envelope(sig_text)
    if envelope is None:
        return Verdict(shown, principal, "malformed")
    if envelope.namespace != NAMESPACE:
        return Verdict(shown, principal, "wrong-namespace", envelope.namespace)
    if data is None:
        data = Path(path).read_bytes()
    tool = ssh_keygen()
    moment = now or dt.datetime.now(tz=dt.UTC)
    listed = [k for k in signers.for_principal(principal) if _same_key(k.key, envelope.key)]
    if listed:
        # The usual case, one run: a key of this place, checked with its options and dates.
        if allowed is None:
            with allowed_signers_file(signers) as written:
                verified = _verify_run(tool, written, principal, sig, data, moment)
        else:
            verified = _verify_run(tool, allowed, principal, sig, data, moment)
        if verified.returncode == 0:
            return Verdict(shown, principal, "signed")
    # Not signed by this place: does the signature match these bytes at all (whoever made it)?
    checked = _run([tool, "-Y", "check-novalidate", "-n", NAMESPACE, "-s", str(sig)], data)
    if checked.returncode != 0:
        return Verdict(shown, principal, "changed")
    if any(k.allows_namespace() and not k.valid_at(moment) for k in listed):
        return Verdict(shown, principal, "expired")
    return Verdict(shown, principal, "wrong-key")


def _verify_run(
    tool: str, allowed: Path, principal: str, sig: Path, data: bytes, moment: dt.datetime
) -> subprocess.CompletedProcess[bytes]:
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%d%H%M%SZ")
    command = [tool, "-Y", "verify", "-f", str(allowed), "-I", principal, "-n", NAMESPACE, "-s", str(sig)]
    return _run([*command, "-O", f"verify-time={stamp}"], data)


@contextlib.contextmanager
def allowed_signers_file(signers: Signers) -> Iterator[Path]:
    """The signers as ssh-keygen reads them, in a temporary file (written afresh from what
    was read once, so ssh-keygen judges exactly the lines checked here)."""
    with tempfile.TemporaryDirectory(prefix="tlcriteria-") as tmp:
        allowed = Path(tmp) / "allowed_signers"
        allowed.write_text(_signers_text(signers), encoding="utf-8")
        yield allowed


def _same_key(one: str, other: str) -> bool:
    return one.split()[:2] == other.split()[:2]


def _signers_text(signers: Signers) -> str:
    """The signers as ssh-keygen reads them (written afresh: one file read once, by us)."""
    lines = []
    for key in signers.keys:
        options = []
        if key.namespaces is not None:
            options.append('namespaces="' + ",".join(key.namespaces) + '"')
        if key.valid_after:
            options.append(f'valid-after="{key.valid_after}"')
        if key.valid_before:
            options.append(f'valid-before="{key.valid_before}"')
        head = ",".join(key.principals)
        lines.append(" ".join([head, *([",".join(options)] if options else []), key.key]))
    return "\n".join(lines) + "\n"


def _run(command: list[str], data: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, input=data, capture_output=True, check=False)


# --------------------------------------------------------------------------- signing


class SigningFailed(RuntimeError):
    """A file could not be signed: `message` says why, `hint` what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UnusableKey(SigningFailed):
    """The key given signs no file: missing, unreadable, not an SSH key (told before ssh-keygen
    is asked, in the language of the messages)."""


#: More than any SSH key file holds: a big file given as the key is not read through.
_KEY_BYTES = 1 << 16


def key_problem(key: str | Path) -> tuple[str, str] | None:
    """Why the file `key` cannot sign, as (message, hint); None when it looks like an SSH key:
    a private key (`-----BEGIN … PRIVATE KEY-----`) or a public one (`ssh-ed25519 AAAA…`),
    whose private half ssh-agent holds."""
    from .errors import os_reason

    give = _("give your SSH private key, e.g. ~/.ssh/id_ed25519, or its .pub when ssh-agent holds it")
    try:
        with open(key, "rb") as file:
            head = file.read(_KEY_BYTES)
    except FileNotFoundError:
        return _("no such key file"), give
    except IsADirectoryError:
        return _("is a folder, not a key"), give
    except OSError as exc:
        return _("the key cannot be read: {reason}").format(reason=os_reason(exc)), _(
            "check the file's permissions, or give another key"
        )
    first = head.decode("utf-8", "replace").strip().split("\n", 1)[0].split()
    private = first[:1] == ["-----BEGIN"] and first[-1:] == ["KEY-----"] and "PRIVATE" in first
    public = len(first) >= 2 and _key_type_of(first[1]) == first[0]
    return None if private or public else (_("is not an SSH key"), give)


#: What ssh-keygen says when it refuses to sign (LC_ALL=C), and how to say it: (its words, message, hint).
_REFUSALS = (
    (
        "incorrect passphrase",
        N_("wrong passphrase for this key"),
        N_("type the key's passphrase again, or add the key to ssh-agent with ssh-add"),
    ),
    (
        "No private key found for public key",
        N_("ssh-agent does not hold the private key of this public key"),
        N_("add the key to ssh-agent with ssh-add, or give the private key"),
    ),
)


_OPENSSH_KEY = re.compile(
    r"-----BEGIN OPENSSH PRIVATE KEY-----\s*\n(?P<body>[A-Za-z0-9+/=\s]+?)\n-----END OPENSSH PRIVATE KEY-----"
)


def asks_passphrase(key: str | Path) -> bool:
    """Whether signing with `key` will make ssh-keygen ask for its passphrase on the terminal:
    a private key kept encrypted, which ssh-agent does not hold (read from the outside of the
    key file, as ssh-keygen reads it before it asks; nothing is decrypted)."""
    try:
        with open(key, "rb") as file:
            head = file.read(_KEY_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    public: str | None = None
    found = _OPENSSH_KEY.search(head)
    if found is not None:  # openssh-key-v1: cipher, kdf, kdf options, key count, then the public key
        try:
            raw = base64.b64decode("".join(found["body"].split()), validate=True)
            if not raw.startswith(b"openssh-key-v1\0"):
                return False
            cipher, at = _ssh_string(raw, len(b"openssh-key-v1\0"))
            _kdf, at = _ssh_string(raw, at)
            _options, at = _ssh_string(raw, at)
            blob, _end = _ssh_string(raw, at + 4)
        except ValueError:
            return False
        if cipher == b"none":
            return False
        public = base64.b64encode(blob).decode("ascii")
    elif not ("ENCRYPTED" in head and "PRIVATE KEY-----" in head):  # PEM: Proc-Type: 4,ENCRYPTED
        return False
    return not _agent_holds(public)


def _agent_holds(public: str | None) -> bool:
    """Whether ssh-agent holds this public key (base64 blob); False without an agent."""
    if public is None or not os.environ.get("SSH_AUTH_SOCK") or shutil.which("ssh-add") is None:
        return False
    try:
        listed = subprocess.run(["ssh-add", "-L"], capture_output=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    lines = listed.stdout.decode("ascii", "replace").splitlines()
    return any(line.split()[1:2] == [public] for line in lines)


#: ssh-keygen ignores a private key others may read ("Permissions 0644 for 'KEY' are too open"),
#: then says only that it found no private key: the reason is this line.
_TOO_OPEN = "are too open"


def _refusal(stderr: str) -> tuple[str, str]:
    """ssh-keygen's refusal as (message, hint): in our words when known, else its last line
    quoted (LC_ALL=C: English), after the passphrase prompt it may begin with."""
    for words, message, hint in _REFUSALS:
        if words in stderr:
            return _(message), _(hint)
    lines = stderr.strip().splitlines()
    last = re.sub(r"^Enter passphrase[^:]*:\s*", "", lines[-1].strip()) if lines else ""
    if not last:
        return _("ssh-keygen failed"), _("check the key and its passphrase")
    return _("ssh-keygen refused, saying “{reason}”").format(reason=last), _(
        "check the key and its passphrase"
    )


def sign(path: str | Path, key: str | Path) -> Path:
    """Sign `path` with the SSH key `key`; the signature is written atomically to `path.sig`.

    ssh-keygen asks for a passphrase on the terminal when the key has one, or
    uses ssh-agent when it holds the key. Returns the signature's path. `UnusableKey`
    when the key cannot sign at all, `SigningFailed` when ssh-keygen refuses (its own
    words, quoted: a wrong passphrase, a key ssh-agent does not hold…).
    """
    from .files import write_atomic

    source = Path(path)
    data = source.read_bytes()
    tool = ssh_keygen()
    problem = key_problem(key)
    if problem is not None:
        raise UnusableKey(*problem)
    with tempfile.TemporaryDirectory(prefix="tlcriteria-") as tmp:
        # A copy is signed, so that ssh-keygen never asks whether to overwrite an old .sig.
        copy = Path(tmp) / "file"
        copy.write_bytes(data)
        done = subprocess.run(
            [tool, "-Y", "sign", "-n", NAMESPACE, "-f", str(key), str(copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
        written = Path(f"{copy}.sig")
        if done.returncode != 0 or not written.exists():
            said = done.stderr.decode("utf-8", "replace")
            if _TOO_OPEN in said:  # the same for every file: the key is unusable as it is
                raise UnusableKey(
                    _("the key can be read by others"),
                    _("make it readable by you alone: chmod 600 {key}").format(key=shlex.quote(str(key))),
                )
            raise SigningFailed(*_refusal(said))
        signature = written.read_bytes()
    target = signature_path(source)
    write_atomic(target, signature)
    return target
